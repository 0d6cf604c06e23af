using System.Globalization;

namespace CustomerScoring.Profiles;

/// <summary>
/// A loyalty points program: an earning rule (one point per <see cref="SpendPerPoint"/> spent, rounded by
/// <see cref="Rounding"/>) and a redemption value (<see cref="PointsPerCurrencyUnit"/> points are worth one currency unit).
/// Immutable.
/// </summary>
/// <remarks>
/// Points are earned on each customer's total spend as summarized (refunds netted; a negative total earns 0). A program
/// that rounds each transaction separately earns at most one point per transaction less (Down) or more (Up): that needs
/// the transactions, not the summaries.
/// </remarks>
public sealed class LoyaltyProgram
{
    /// <summary>Creates a program.</summary>
    /// <param name="spendPerPoint">Amount spent per point earned, e.g. 10; positive and finite.</param>
    /// <param name="rounding">Rounding of fractional points.</param>
    /// <param name="pointsPerCurrencyUnit">Points redeemed for one currency unit, e.g. 100; positive and finite.</param>
    public LoyaltyProgram(double spendPerPoint = 10, PointsRounding rounding = PointsRounding.Down, double pointsPerCurrencyUnit = 100)
    {
        if (!double.IsFinite(spendPerPoint) || spendPerPoint <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(spendPerPoint), spendPerPoint, "The spend per point must be positive and finite.");
        }

        if (!double.IsFinite(pointsPerCurrencyUnit) || pointsPerCurrencyUnit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pointsPerCurrencyUnit), pointsPerCurrencyUnit, "The points per currency unit must be positive and finite.");
        }

        if (!Enum.IsDefined(rounding))
        {
            throw new ArgumentOutOfRangeException(nameof(rounding), rounding, "Unknown rounding mode.");
        }

        SpendPerPoint = spendPerPoint;
        Rounding = rounding;
        PointsPerCurrencyUnit = pointsPerCurrencyUnit;
    }

    /// <summary>Amount spent per point earned.</summary>
    public double SpendPerPoint { get; }

    /// <summary>Rounding of fractional points.</summary>
    public PointsRounding Rounding { get; }

    /// <summary>Points redeemed for one currency unit.</summary>
    public double PointsPerCurrencyUnit { get; }

    /// <summary>Points earned on an amount: amount / spend per point, rounded; 0 for a negative amount.</summary>
    /// <param name="spend">The amount spent.</param>
    /// <returns>Whole points.</returns>
    public double PointsFor(double spend)
    {
        if (!(spend > 0))
        {
            return 0;
        }

        double raw = spend / SpendPerPoint;
        // Tolerate representation error: 0.3 / 0.1 is 2.9999999999999996 and must earn 3 points rounded down.
        double nearest = Math.Round(raw, MidpointRounding.AwayFromZero);
        if (Math.Abs(raw - nearest) <= 1e-9 * Math.Max(1, raw))
        {
            raw = nearest;
        }

        return Rounding switch
        {
            PointsRounding.Down => Math.Floor(raw),
            PointsRounding.Up => Math.Ceiling(raw),
            _ => Math.Round(raw, MidpointRounding.AwayFromZero),
        };
    }

    /// <summary>The currency value of redeeming <paramref name="points"/>: points / points per currency unit.</summary>
    /// <param name="points">Points.</param>
    /// <returns>The value in currency units.</returns>
    public double RedemptionValue(double points) => points / PointsPerCurrencyUnit;

    /// <summary>"1 point per 10 spent (rounded down), 100 points = 1 currency unit".</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"1 point per {SpendPerPoint:0.####} spent (rounded {Rounding.ToString().ToLowerInvariant()}), {PointsPerCurrencyUnit:0.####} points = 1 currency unit");
}
