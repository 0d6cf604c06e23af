using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using MathNet.Numerics.Distributions;
using Xunit;
using Xunit.Abstractions;

namespace CustomerScoring.Tests.Tracking;

/// <summary>Weekly tracking of repeat transactions on CDNOW (39 calibration + 39 holdout weeks).</summary>
public sealed class RepeatTransactionTrackingTests(ITestOutputHelper output)
{
    private static readonly DateOnly CalibrationEnd = new(1997, 9, 30);
    private static readonly DateOnly HoldoutEnd = new(1998, 6, 30);
    private static readonly Lazy<(CustomerTransactions<int> Data, CustomerSummaries Summaries)> Cdnow = new(() =>
    {
        var data = CdnowData.LoadSample();
        var s = Summarizer.Summarize(data, new SummaryOptions(CalibrationEnd) { Period = TimeUnit.Day, TimeUnit = TimeUnit.Week, HoldoutEnd = HoldoutEnd });
        return (data, s);
    });

    private static RepeatTransactionTracking Track(IPurchaseModel model) =>
        RepeatTransactionTracking.Compute(Cdnow.Value.Data, model, new TrackingOptions(CalibrationEnd) { HoldoutEnd = HoldoutEnd });

    [Theory]
    [InlineData(PurchaseModelKind.BgNbd)]
    [InlineData(PurchaseModelKind.ParetoNbd)]
    public void Totals_agree_with_the_summaries(PurchaseModelKind kind)
    {
        var s = Cdnow.Value.Summaries;
        IPurchaseModel model = ClvForecast.FitPurchases(s, kind);
        RepeatTransactionTracking t = Track(model);
        output.WriteLine(t.ToString());
        Assert.Equal(78, t.WeekEnds.Count);
        Assert.Equal(39, t.CalibrationWeeks);
        Assert.Equal(new DateOnly(1997, 1, 1), t.Start);
        Assert.Equal(CalibrationEnd, t.WeekEnds[38]);
        Assert.Equal(HoldoutEnd, t.WeekEnds[77]);
        Assert.Equal(s.Count, t.CustomerCount);

        double x = 0, holdout = 0, expected = 0;
        var e = new double[1];
        for (int i = 0; i < s.Count; i++)
        {
            x += s.Frequency[i];
            holdout += s.HoldoutPurchasePeriods[i];
            expected += model.ExpectedPurchasesNewCustomer(s.Age[i]);
        }

        // Actual: the calibration repeat purchase periods (Σ x) and the holdout purchase periods of the summaries.
        Assert.Equal(x, t.ActualCumulative[38]);
        Assert.Equal(x + holdout, t.ActualCumulative[77]);
        // Expected at the calibration end: Σ E[X(T_i)] with the summaries' T.
        Assert.Equal(expected, t.ExpectedCumulative[38], 1e-9 * expected);
        Assert.Equal(t.ExpectedCumulative[77], t.ExpectedIncremental.Sum(), 1e-9 * t.ExpectedCumulative[77]);
    }

    [Theory]
    [InlineData(PurchaseModelKind.BgNbd)]
    [InlineData(PurchaseModelKind.ParetoNbd)]
    public void Expectation_agrees_with_a_simulation_of_the_fitted_model(PurchaseModelKind kind)
    {
        // Route 1: Σ over customers of E[X(t)] (the model's closed form). Route 2: simulate each customer's purchases
        // from the fitted model's generative process, from the customer's own acquisition day, and count them by week.
        var s = Cdnow.Value.Summaries;
        IPurchaseModel model = ClvForecast.FitPurchases(s, kind);
        RepeatTransactionTracking t = Track(model);
        int weeks = t.WeekEnds.Count;
        var acquisitionDays = new int[s.Count];
        for (int i = 0; i < s.Count; i++)
        {
            acquisitionDays[i] = DateOnly.FromDateTime(s.FirstPurchase[i]).DayNumber;
        }

        const int replications = 200;
        var rng = new Random(2026);
        var sum = new double[weeks];
        var sumSquares = new double[weeks];
        var counts = new double[weeks];
        double horizonEnd = t.WeekEnds[^1].DayNumber;
        for (int rep = 0; rep < replications; rep++)
        {
            Array.Clear(counts);
            foreach (int day in acquisitionDays)
            {
                double horizon = (horizonEnd - day) / 7.0;   // weeks, the model's unit
                foreach (double tau in SimulatePurchaseTimes(model, horizon, rng))
                {
                    // Counted by the first week whose last day d satisfies (d - acquisition) / 7 >= tau.
                    double dayOfPurchase = day + (7.0 * tau);
                    int w = Math.Max(0, (int)Math.Ceiling((dayOfPurchase - t.Start.DayNumber - 6) / 7.0));
                    counts[Math.Min(w, weeks - 1)]++;
                }
            }

            double cumulative = 0;
            for (int w = 0; w < weeks; w++)
            {
                cumulative += counts[w];
                sum[w] += cumulative;
                sumSquares[w] += cumulative * cumulative;
            }
        }

        double worst = 0;
        for (int w = 0; w < weeks; w++)
        {
            double mean = sum[w] / replications;
            double se = Math.Sqrt(Math.Max(0, (sumSquares[w] / replications) - (mean * mean)) / replications);
            double z = Math.Abs(mean - t.ExpectedCumulative[w]) / Math.Max(se, 1e-9);
            worst = Math.Max(worst, z);
            if (w % 13 == 12)
            {
                output.WriteLine($"week {w + 1}: expected {t.ExpectedCumulative[w]:F1}, simulated {mean:F1} ± {se:F1} (z {z:F2})");
            }

            // Stated tolerance: 4.5 standard errors of the simulation mean (78 correlated weeks, a fixed seed).
            Assert.True(z < 4.5, $"week {w + 1}: expected {t.ExpectedCumulative[w]}, simulated {mean} ± {se}");
        }

        double last = sum[weeks - 1] / replications;
        output.WriteLine($"worst |z| {worst:F2}; relative difference at week {weeks}: {(last - t.ExpectedCumulative[^1]) / t.ExpectedCumulative[^1]:P2}");
        Assert.True(Math.Abs(last - t.ExpectedCumulative[^1]) < 0.02 * t.ExpectedCumulative[^1]);
    }

    [Fact]
    public void Hand_computed_small_case()
    {
        // A model with E[X(t)] = t (a stand-in: the tracking only sums it) and two customers.
        var b = new TransactionBatchBuilder<string>();
        b.Add("a", new DateTime(2026, 1, 1), 10);
        b.Add("a", new DateTime(2026, 1, 1, 15, 0, 0), 10);  // same day: not a repeat
        b.Add("a", new DateTime(2026, 1, 9), 10);            // week 2
        b.Add("b", new DateTime(2026, 1, 4), 10);            // acquired in week 1
        b.Add("b", new DateTime(2026, 1, 20), 10);           // week 3, holdout
        b.Add("c", new DateTime(2026, 1, 16), 10);           // acquired after the observation end: not tracked
        b.Add("c", new DateTime(2026, 1, 17), 10);
        var t = RepeatTransactionTracking.Compute(b.Build(), new LinearModel(), new TrackingOptions(new DateOnly(2026, 1, 14)) { HoldoutEnd = new DateOnly(2026, 1, 21) });
        Assert.Equal([new DateOnly(2026, 1, 7), new DateOnly(2026, 1, 14), new DateOnly(2026, 1, 21)], t.WeekEnds);
        Assert.Equal(2, t.CalibrationWeeks);
        Assert.Equal(2, t.CustomerCount);
        Assert.Equal([0.0, 1.0, 1.0], t.ActualIncremental);
        // Week ends Jan 7, 14, 21: a (Jan 1) 6, 13, 20 days; b (Jan 4) 3, 10, 17 days; E[X] = days.
        Assert.Equal([9.0, 23.0, 37.0], t.ExpectedCumulative);
        Assert.Equal([9.0, 14.0, 14.0], t.ExpectedIncremental);
    }

    private static IEnumerable<double> SimulatePurchaseTimes(IPurchaseModel model, double horizon, Random rng)
    {
        switch (model)
        {
            case BgNbdModel m:
            {
                // λ ~ Gamma(r, rate α), p ~ Beta(a, b); after each purchase the customer leaves with probability p.
                double lambda = Gamma.Sample(rng, m.R, m.Alpha), p = Beta.Sample(rng, m.A, m.B), now = 0;
                while (true)
                {
                    now += Exponential.Sample(rng, lambda);
                    if (now > horizon)
                    {
                        yield break;
                    }

                    yield return now;
                    if (rng.NextDouble() < p)
                    {
                        yield break;
                    }
                }
            }

            case ParetoNbdModel m:
            {
                // λ ~ Gamma(r, rate α), μ ~ Gamma(s, rate β), lifetime ~ Exponential(μ), Poisson(λ) purchases while alive.
                double lambda = Gamma.Sample(rng, m.R, m.Alpha), mu = Gamma.Sample(rng, m.S, m.Beta);
                double end = Math.Min(horizon, Exponential.Sample(rng, mu)), now = 0;
                while (true)
                {
                    now += Exponential.Sample(rng, lambda);
                    if (now > end)
                    {
                        yield break;
                    }

                    yield return now;
                }
            }

            default:
                throw new NotSupportedException(model.GetType().Name);
        }
    }

    private sealed class LinearModel : IPurchaseModel
    {
        public TimeUnit TimeUnit => TimeUnit.Day;

        public ClvFitDiagnostics? Diagnostics => null;

        public double ExpectedPurchasesNewCustomer(double horizon) => horizon;

        public void ExpectedPurchases(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, double horizon, Span<double> destination) => throw new NotSupportedException();

        public void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination) => throw new NotSupportedException();

        public double LogLikelihood(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age) => throw new NotSupportedException();
    }

    [Fact]
    public void Model_comparison_with_a_holdout_gives_the_tracking_error_by_week_of_each_model()
    {
        var (data, s) = Cdnow.Value;
        PurchaseModelComparison comparison = PurchaseModelComparison.Fit(s, data.Batches);
        output.WriteLine(comparison.ToString());
        double holdoutActual = 0;
        for (int i = 0; i < s.Count; i++)
        {
            holdoutActual += s.HoldoutPurchasePeriods[i];
        }

        foreach (PurchaseModelCandidate c in comparison.Candidates)
        {
            Assert.True(c.Converged, c.Failure);
            RepeatTransactionTracking t = c.Tracking!;
            Assert.Equal(39, t.HoldoutWeeks);
            Assert.Equal(CalibrationEnd, t.WeekEnds[t.CalibrationWeeks - 1]); // weeks end on the calibration end

            // Actual holdout repeat transactions are the summaries' holdout purchase periods; expected ones are
            // Σ E[X(T_i + 39 weeks)] − E[X(T_i)] over customers, by the new-customer expectation at each customer's own age.
            Assert.Equal(holdoutActual, t.HoldoutActual);
            double expected = 0;
            for (int i = 0; i < s.Count; i++)
            {
                expected += c.Model!.ExpectedPurchasesNewCustomer(s.Age[i] + s.HoldoutLength) - c.Model.ExpectedPurchasesNewCustomer(s.Age[i]);
            }

            Assert.Equal(expected, t.HoldoutExpected, 1e-9 * expected);

            // The weekly error: the mean of |actual − expected| over the 39 holdout weeks, against the direct tracking call.
            RepeatTransactionTracking direct = Track(c.Model!);
            double sum = 0;
            for (int w = 39; w < 78; w++)
            {
                sum += Math.Abs(direct.ActualIncremental[w] - direct.ExpectedIncremental[w]);
            }

            Assert.Equal(sum / 39, t.HoldoutMeanAbsoluteWeeklyError!.Value, 1e-9);
            Assert.InRange(t.HoldoutMeanAbsoluteWeeklyError.Value, Math.Abs(t.HoldoutActual - t.HoldoutExpected) / 39, double.MaxValue);
        }

        Assert.Contains("week MAE", comparison.ToString(), StringComparison.Ordinal);

        // Without the transactions (or without a holdout) there is no tracking.
        Assert.All(PurchaseModelComparison.Fit(s).Candidates, c => Assert.Null(c.Tracking));
    }
}
