using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>
/// Options of a <see cref="ClvForecast"/>. The horizon carries its unit, so "12 months" cannot silently
/// become 12 weeks; discounting is monthly at an annual rate.
/// </summary>
public sealed record ClvForecastOptions
{
    /// <summary>Average days per month (365.25 / 12): the discounting period.</summary>
    public const double DaysPerMonth = 365.25 / 12;

    /// <summary>The horizon length, in <see cref="HorizonUnit"/>; 52 weeks by default.</summary>
    public double Horizon { get; init; } = 52;

    /// <summary>The unit of <see cref="Horizon"/>; weeks by default.</summary>
    public TimeUnit HorizonUnit { get; init; } = TimeUnit.Week;

    /// <summary>The annual discount rate, e.g. 0.10 for 10% a year (the default). Applied monthly: (1 + rate)^(1/12) - 1 per month.</summary>
    public double AnnualDiscountRate { get; init; } = 0.10;

    /// <summary>The share of spend that is margin (1 by default: CLV in revenue terms).</summary>
    public double MarginRate { get; init; } = 1.0;

    internal void Validate()
    {
        if (!(Horizon > 0) || !double.IsFinite(Horizon))
        {
            throw new ArgumentOutOfRangeException(nameof(Horizon), Horizon, "The horizon must be a finite positive length.");
        }

        if (!(AnnualDiscountRate >= 0) || !double.IsFinite(AnnualDiscountRate))
        {
            throw new ArgumentOutOfRangeException(nameof(AnnualDiscountRate), AnnualDiscountRate, "The annual discount rate must be a finite number >= 0.");
        }

        if (!double.IsFinite(MarginRate))
        {
            throw new ArgumentOutOfRangeException(nameof(MarginRate), MarginRate, "The margin rate must be finite.");
        }
    }
}
