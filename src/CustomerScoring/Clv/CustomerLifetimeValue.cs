using System.Buffers;

namespace CustomerScoring.Clv;

/// <summary>
/// Model-based customer lifetime value over spans: a purchase model for the number of purchases, Gamma-Gamma for their value.
/// The same routine as <see cref="ClvForecast"/> (which takes its periods from <see cref="ClvForecastOptions"/>: months and an
/// annual rate), here with periods of any length and a rate per period.
/// </summary>
public static class CustomerLifetimeValue
{
    /// <summary>
    /// Discounted expected margin over a horizon of <paramref name="periods"/> periods of <paramref name="periodLength"/>
    /// model time units each (so the horizon is <paramref name="periods"/> × <paramref name="periodLength"/> in
    /// <see cref="IPurchaseModel.TimeUnit"/>):
    /// CLV = margin × E[spend] × Σₖ₌₁..ₙ (E[Y(k·L)] − E[Y((k−1)·L)]) / (1 + d)ᵏ,
    /// where E[Y(t)] is the conditional expected number of purchases in (T, T+t], L the period length and d the discount
    /// rate per period. Convention: purchases expected during period k are discounted by k whole periods, i.e. as if
    /// paid at the end of the period (the convention of lifetimes' customer_lifetime_value). With d = 0 the sum is
    /// E[Y(n·L)] exactly.
    /// </summary>
    /// <param name="purchases">The fitted purchase model; recency and age are in its time unit.</param>
    /// <param name="spend">The fitted spend model.</param>
    /// <param name="frequency">Repeat purchase periods x.</param>
    /// <param name="recency">t_x in the purchase model's time unit.</param>
    /// <param name="age">T in the purchase model's time unit.</param>
    /// <param name="monetary">Mean repeat spend m (ignored for x = 0).</param>
    /// <param name="periods">Number of discounting periods n ≥ 1.</param>
    /// <param name="periodLength">Length L of one period in the model's time unit (e.g. 1 week, or 30/7 weeks for months).</param>
    /// <param name="discountRatePerPeriod">Discount rate d ≥ 0 per period (e.g. 0.01 per month).</param>
    /// <param name="marginRate">Profit margin as a fraction of spend (1 = revenue CLV).</param>
    /// <param name="destination">Receives one value per customer.</param>
    /// <param name="cancellationToken">Stops the computation, checked between blocks of customers.</param>
    /// <exception cref="ArgumentException">Invalid input, naming the customer position and value; among them a customer with
    /// repeat purchases whose mean spend is not positive (<see cref="ClvForecast"/> gives such customers the population mean
    /// spend and counts them; here they are an error).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static void Compute(
        IPurchaseModel purchases,
        GammaGammaModel spend,
        ReadOnlySpan<double> frequency,
        ReadOnlySpan<double> recency,
        ReadOnlySpan<double> age,
        ReadOnlySpan<double> monetary,
        int periods,
        double periodLength,
        double discountRatePerPeriod,
        double marginRate,
        Span<double> destination,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(spend);
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
        if (!(periodLength > 0.0) || !double.IsFinite(periodLength))
        {
            throw new ArgumentOutOfRangeException(nameof(periodLength), periodLength, "The period length must be a finite positive number of model time units.");
        }

        if (!(discountRatePerPeriod >= 0.0) || !double.IsFinite(discountRatePerPeriod))
        {
            throw new ArgumentOutOfRangeException(nameof(discountRatePerPeriod), discountRatePerPeriod, "The discount rate per period must be a finite number >= 0.");
        }

        if (!double.IsFinite(marginRate))
        {
            throw new ArgumentOutOfRangeException(nameof(marginRate), marginRate, "The margin rate must be finite.");
        }

        int n = frequency.Length;
        ClvInput.CheckDestination(n, destination.Length, nameof(destination));
        ClvInput.Validate(frequency, recency, age, forFitting: false);
        GammaGammaModel.Validate(frequency, monetary); // a repeat buyer without positive spend is an error here, not a fallback
        double[] factors = new double[periods];
        double[] horizons = new double[periods];
        for (int k = 0; k < periods; k++)
        {
            factors[k] = Math.Pow(1.0 + discountRatePerPeriod, -(k + 1));
            horizons[k] = (k + 1) * periodLength;
        }

        double[] spendPer = ArrayPool<double>.Shared.Rent(Math.Max(n, 1));
        try
        {
            ClvForecast.Evaluate(
                purchases, spend, frequency, recency, age, monetary, horizons, factors, marginRate, expected: default, alive: default, spendPer.AsSpan(0, n), destination, cancellationToken);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(spendPer);
        }
    }
}
