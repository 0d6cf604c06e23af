using System.Globalization;

namespace CustomerScoring.Concentration;

/// <summary>A point of the Lorenz curve: the poorest share <paramref name="CustomerShare"/> of customers holds <paramref name="ValueShare"/> of the total.</summary>
/// <param name="CustomerShare">Share of customers, 0 to 1, counted from the smallest values.</param>
/// <param name="ValueShare">Share of the total value they hold, 0 to 1.</param>
public readonly record struct LorenzPoint(double CustomerShare, double ValueShare)
{
    /// <summary>"(0.200, 0.043)".</summary>
    /// <returns>The point as text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({CustomerShare:F3}, {ValueShare:F3})");
}
