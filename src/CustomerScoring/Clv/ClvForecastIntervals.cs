using System.Globalization;
using CustomerScoring.Summaries;
using MathNet.Numerics.LinearAlgebra;

namespace CustomerScoring.Clv;

/// <summary>
/// A <see cref="ClvForecast"/> with intervals: per customer and for the portfolio, the central
/// <see cref="ClvIntervalOptions.Level"/> interval of expected purchases, P(alive) and CLV under the uncertainty of the
/// fitted parameters, by parametric bootstrap. Immutable.
/// </summary>
/// <remarks>
/// <para>Each draw takes the log-parameters ln θ* ~ Normal(ln θ̂, Σ), Σ the inverse Hessian of the negative
/// log-likelihood in the log-parameters (the fit's asymptotic distribution; <see cref="ClvFitDiagnostics.LogCovariance"/>),
/// for the purchase model and, unless <see cref="ClvIntervalOptions.IncludeSpendUncertainty"/> is false, independently
/// for the Gamma-Gamma model; then it recomputes every customer's forecast with θ* = exp(ln θ*). The interval
/// bounds are the empirical quantiles (linear interpolation between order statistics) of the draws, per customer
/// and for the portfolio totals (the sums over customers within each draw). The point values are the forecast
/// with the estimates, as <see cref="ClvForecast.Compute(Summaries.CustomerSummaries, IPurchaseModel, GammaGammaModel, ClvForecastOptions?, CancellationToken)"/> gives them.</para>
/// <para>The draws come from one seeded generator before any computation, and customers are processed in fixed
/// blocks whose partial sums are added in block order: the result is the same for a seed whatever the thread count.
/// A draw whose Gamma-Gamma q is at most 1 (infinite mean spend) or whose forecast is not finite is discarded and
/// counted in <see cref="DiscardedDraws"/>. The cost is about <see cref="ClvIntervalOptions.Draws"/> forecasts.</para>
/// </remarks>
public sealed class ClvForecastIntervals
{
    private const int Block = 1024;

    private ClvForecastIntervals(ClvForecast forecast, ClvIntervalOptions options, double[][] bounds, double[] totals, int used, int discarded)
    {
        Forecast = forecast;
        Options = options;
        ExpectedPurchasesLow = bounds[0];
        ExpectedPurchasesHigh = bounds[1];
        ProbabilityAliveLow = bounds[2];
        ProbabilityAliveHigh = bounds[3];
        ValueLow = bounds[4];
        ValueHigh = bounds[5];
        TotalExpectedPurchasesLow = totals[0];
        TotalExpectedPurchasesHigh = totals[1];
        TotalValueLow = totals[2];
        TotalValueHigh = totals[3];
        UsedDraws = used;
        DiscardedDraws = discarded;
        double total = 0.0, purchases = 0.0;
        foreach (double v in forecast.Value)
        {
            total += v;
        }

        foreach (double v in forecast.ExpectedPurchases)
        {
            purchases += v;
        }

        TotalValue = total;
        TotalExpectedPurchases = purchases;
    }

    /// <summary>The point forecast (with the fitted parameters).</summary>
    public ClvForecast Forecast { get; }

    /// <summary>The bootstrap options used.</summary>
    public ClvIntervalOptions Options { get; }

    /// <summary>The interval level, e.g. 0.95.</summary>
    public double Level => Options.Level;

    /// <summary>Lower bound of each customer's expected purchases over the horizon.</summary>
    public double[] ExpectedPurchasesLow { get; }

    /// <summary>Upper bound of each customer's expected purchases over the horizon.</summary>
    public double[] ExpectedPurchasesHigh { get; }

    /// <summary>Lower bound of each customer's P(alive).</summary>
    public double[] ProbabilityAliveLow { get; }

    /// <summary>Upper bound of each customer's P(alive).</summary>
    public double[] ProbabilityAliveHigh { get; }

    /// <summary>Lower bound of each customer's CLV.</summary>
    public double[] ValueLow { get; }

    /// <summary>Upper bound of each customer's CLV.</summary>
    public double[] ValueHigh { get; }

    /// <summary>Portfolio CLV: the sum of <see cref="ClvForecast.Value"/>.</summary>
    public double TotalValue { get; }

    /// <summary>Lower bound of the portfolio CLV (a quantile of the per-draw sums, not the sum of the customers' bounds).</summary>
    public double TotalValueLow { get; }

    /// <summary>Upper bound of the portfolio CLV.</summary>
    public double TotalValueHigh { get; }

    /// <summary>Portfolio expected purchases over the horizon: the sum of <see cref="ClvForecast.ExpectedPurchases"/>.</summary>
    public double TotalExpectedPurchases { get; }

    /// <summary>Lower bound of the portfolio expected purchases.</summary>
    public double TotalExpectedPurchasesLow { get; }

    /// <summary>Upper bound of the portfolio expected purchases.</summary>
    public double TotalExpectedPurchasesHigh { get; }

    /// <summary>Draws that entered the intervals.</summary>
    public int UsedDraws { get; }

    /// <summary>Draws discarded (Gamma-Gamma q ≤ 1, or a forecast that was not finite).</summary>
    public int DiscardedDraws { get; }

    /// <summary>Computes the forecast and its intervals for every summary row.</summary>
    /// <param name="summaries">The customer summaries.</param>
    /// <param name="purchases">A fitted BG/NBD, MBG/NBD or Pareto/NBD model (with a covariance), in the summaries' time unit.</param>
    /// <param name="spend">The spend model; its parameters are drawn too when it was fitted and <see cref="ClvIntervalOptions.IncludeSpendUncertainty"/> holds.</param>
    /// <param name="options">Horizon, discounting and margin; the defaults when null.</param>
    /// <param name="intervals">Draws, seed and level; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the computation between blocks of customers.</param>
    /// <returns>The forecast with intervals.</returns>
    /// <exception cref="ArgumentException">The purchase model was not fitted, has no covariance (see
    /// <see cref="ClvFitDiagnostics.HasCovariance"/>), is of another kind, or in another time unit.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ClvForecastIntervals Compute(CustomerSummaries summaries, IPurchaseModel purchases, GammaGammaModel spend, ClvForecastOptions? options = null, ClvIntervalOptions? intervals = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(spend);
        options ??= new ClvForecastOptions();
        intervals ??= new ClvIntervalOptions();
        intervals.Validate();
        ClvForecast point = ClvForecast.Compute(summaries, purchases, spend, options, cancellationToken);
        var result = Bootstrap(purchases, spend, summaries.Frequency, summaries.Recency, summaries.Age, summaries.MonetaryRepeatMean, summaries.TimeUnit, options, intervals, cancellationToken, ClvForecast.SpendNothing(summaries, out _));
        return new ClvForecastIntervals(point, intervals, result.Bounds, result.Totals, result.Used, intervals.Draws - result.Used);
    }

    /// <summary>The bootstrap over spans: per-customer bounds (purchases, P(alive), CLV; low and high) and portfolio totals.</summary>
    internal static (double[][] Bounds, double[] Totals, int Used) Bootstrap(
        IPurchaseModel purchases,
        GammaGammaModel spend,
        ReadOnlySpan<double> frequency,
        ReadOnlySpan<double> recency,
        ReadOnlySpan<double> ageSpan,
        ReadOnlySpan<double> monetary,
        TimeUnit unit,
        ClvForecastOptions options,
        ClvIntervalOptions intervals,
        CancellationToken cancellationToken,
        bool[]? spendNothing = null)
    {
        if (purchases.Diagnostics is not { HasCovariance: true } pd)
        {
            throw new ArgumentException(
                "Intervals need a fitted purchase model whose Hessian is positive definite (ClvFitDiagnostics.HasCovariance); a model built from given parameters has no sampling distribution.",
                nameof(purchases));
        }

        Func<double[], IPurchaseModel> rebuild = purchases switch
        {
            BgNbdModel => t => new BgNbdModel(t[0], t[1], t[2], t[3], purchases.TimeUnit),
            MbgNbdModel => t => new MbgNbdModel(t[0], t[1], t[2], t[3], purchases.TimeUnit),
            ParetoNbdModel => t => new ParetoNbdModel(t[0], t[1], t[2], t[3], purchases.TimeUnit),
            _ => throw new ArgumentException("Intervals are available for BG/NBD, MBG/NBD and Pareto/NBD models.", nameof(purchases)),
        };

        ClvFitDiagnostics? sd = intervals.IncludeSpendUncertainty && spend.Diagnostics is { HasCovariance: true } s ? s : null;
        int draws = intervals.Draws;
        var rng = new Random(intervals.Seed);
        double[][] purchaseDraws = Draw(pd, draws, rng);
        double[][]? spendDraws = sd is null ? null : Draw(sd, draws, rng);
        var models = new IPurchaseModel?[draws];
        var spends = new GammaGammaModel?[draws];
        for (int d = 0; d < draws; d++)
        {
            try
            {
                models[d] = rebuild(purchaseDraws[d]);
                spends[d] = spendDraws is null ? spend : new GammaGammaModel(spendDraws[d][0], spendDraws[d][1], spendDraws[d][2]);
                if (!(spends[d]!.Q > 1.0))
                {
                    models[d] = null;
                }
            }
            catch (ArgumentOutOfRangeException)
            {
                models[d] = null; // a drawn parameter overflowed to infinity or underflowed to 0
            }
        }

        int n = frequency.Length;
        var (horizons, discounts) = ClvForecast.Schedule(options, unit);
        int blocks = (n + Block - 1) / Block;
        var partialPurchases = new double[blocks, draws];
        var partialValue = new double[blocks, draws];
        var failed = new bool[blocks, draws];
        double[][] bounds = [new double[n], new double[n], new double[n], new double[n], new double[n], new double[n]];
        double alpha = (1.0 - intervals.Level) / 2.0;
        double[] x = frequency.ToArray(), tx = recency.ToArray(), age = ageSpan.ToArray(), m = monetary.ToArray();
        Parallel.For(0, blocks, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = intervals.MaxDegreeOfParallelism }, b =>
        {
            int start = b * Block, length = Math.Min(Block, n - start);
            var e = new double[length * draws];
            var p = new double[length * draws];
            var v = new double[length * draws];
            var spendPer = new double[length];
            var ok = new bool[draws];
            for (int d = 0; d < draws; d++)
            {
                if (models[d] is not { } model)
                {
                    continue;
                }

                Span<double> ed = e.AsSpan(d * length, length), pd2 = p.AsSpan(d * length, length), vd = v.AsSpan(d * length, length);
                try
                {
                    ClvForecast.Evaluate(model, spends[d]!, x.AsSpan(start, length), tx.AsSpan(start, length), age.AsSpan(start, length), m.AsSpan(start, length), horizons, discounts, 1.0, ed, pd2, spendPer, vd, cancellationToken, spendNothing is null ? default : spendNothing.AsSpan(start, length));
                }
                catch (InvalidOperationException)
                {
                    failed[b, d] = true;
                    continue;
                }

                double se = 0.0, sv = 0.0;
                bool finite = true;
                for (int i = 0; i < length; i++)
                {
                    se += ed[i];
                    sv += vd[i];
                    finite &= double.IsFinite(vd[i]) && double.IsFinite(pd2[i]);
                }

                if (!finite || !double.IsFinite(se) || !double.IsFinite(sv))
                {
                    failed[b, d] = true;
                    continue;
                }

                ok[d] = true;
                partialPurchases[b, d] = se;
                partialValue[b, d] = sv;
            }

            var column = new double[draws];
            for (int i = 0; i < length; i++)
            {
                int count = 0;
                foreach (var (source, low, high) in (ReadOnlySpan<(double[], double[], double[])>)[(e, bounds[0], bounds[1]), (p, bounds[2], bounds[3]), (v, bounds[4], bounds[5])])
                {
                    count = 0;
                    for (int d = 0; d < draws; d++)
                    {
                        if (ok[d])
                        {
                            column[count++] = source[(d * length) + i];
                        }
                    }

                    (low[start + i], high[start + i]) = Interval(column.AsSpan(0, count), alpha);
                }
            }
        });

        var totalPurchases = new List<double>(draws);
        var totalValue = new List<double>(draws);
        for (int d = 0; d < draws; d++)
        {
            bool ok = models[d] is not null;
            double sp = 0.0, sv = 0.0;
            for (int b = 0; b < blocks && ok; b++)
            {
                ok = !failed[b, d];
                sp += partialPurchases[b, d];
                sv += partialValue[b, d];
            }

            if (ok)
            {
                totalPurchases.Add(sp);
                totalValue.Add(sv);
            }
        }

        if (totalValue.Count < Math.Max(20, draws / 2))
        {
            throw new ClvFitException(
                string.Create(CultureInfo.InvariantCulture, $"Only {totalValue.Count} of {draws} parameter draws gave a finite forecast: the fitted parameters are too uncertain for intervals (standard errors of the log-parameters up to {Enumerable.Range(0, pd.ParameterCount).Max(i => Math.Sqrt(pd.LogCovariance(i, i))):G3}). Use more customers or a longer calibration window, or a small ClvFitOptions.Penalizer."),
                ClvFitProblem.SingularHessian);
        }

        var (pl, ph) = Interval(totalPurchases.ToArray(), alpha);
        var (vl, vh) = Interval(totalValue.ToArray(), alpha);
        return (bounds, [pl, ph, vl, vh], totalValue.Count);
    }

    /// <summary>The portfolio CLV with its interval, e.g. "CLV total 12,345.67 (95% interval 11,000.00 .. 13,500.00, 300 draws)".</summary>
    /// <returns>One line of text.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"CLV total {TotalValue:N2} ({100 * Level:0.#}% interval {TotalValueLow:N2} .. {TotalValueHigh:N2}); expected purchases {TotalExpectedPurchases:N1} ({TotalExpectedPurchasesLow:N1} .. {TotalExpectedPurchasesHigh:N1}); {UsedDraws} draws, {DiscardedDraws} discarded");

    /// <summary>Draws exp(ln θ̂ + L z), L the Cholesky factor of the log-parameter covariance, z standard normal (Box-Muller).</summary>
    internal static double[][] Draw(ClvFitDiagnostics fit, int draws, Random rng)
    {
        int k = fit.ParameterCount;
        var covariance = Matrix<double>.Build.Dense(k, k, (i, j) => fit.LogCovariance(i, j));
        Matrix<double> l = covariance.Cholesky().Factor;
        var result = new double[draws][];
        var z = new double[k];
        for (int d = 0; d < draws; d++)
        {
            for (int i = 0; i < k; i++)
            {
                z[i] = StandardNormal(rng);
            }

            var theta = new double[k];
            for (int i = 0; i < k; i++)
            {
                double shift = 0.0;
                for (int j = 0; j <= i; j++)
                {
                    shift += l[i, j] * z[j];
                }

                theta[i] = fit.Estimates[i] * Math.Exp(shift);
            }

            result[d] = theta;
        }

        return result;
    }

    private static double StandardNormal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>The alpha and 1 − alpha quantiles (type 7: linear between order statistics); sorts <paramref name="values"/>.</summary>
    internal static (double Low, double High) Interval(Span<double> values, double alpha)
    {
        if (values.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        values.Sort();
        return (Quantile(values, alpha), Quantile(values, 1.0 - alpha));
    }

    private static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
