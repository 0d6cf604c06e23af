using System.Globalization;

namespace CustomerScoring.Concentration;

/// <summary>A customer and its value, as listed by <see cref="ParetoAnalysis.TopCustomers"/>.</summary>
/// <param name="Customer">Dense customer index.</param>
/// <param name="Value">The customer's value (after clipping, if negatives were clipped).</param>
public readonly record struct RankedCustomer(int Customer, double Value)
{
    /// <summary>"#17: 1234.5".</summary>
    /// <returns>The entry as text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"#{Customer}: {Value:G6}");
}
