using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using Xunit;

namespace CustomerScoring.Tests.Clv;

/// <summary>Model comparison (LL, AIC, BIC, the "auto" pick), parameter intervals, bootstrap forecast intervals, notes.</summary>
public sealed class ModelComparisonAndIntervalTests
{
    private static readonly Lazy<CustomerSummaries> Calibration = new(() =>
        Summarizer.Summarize(CdnowData.LoadSample(), new SummaryOptions(new DateOnly(1997, 9, 30)) { Period = TimeUnit.Day, TimeUnit = TimeUnit.Week, HoldoutEnd = new DateOnly(1998, 6, 30) }));

    private static CustomerSummaries Cal => Calibration.Value;

    [Fact]
    public void Comparison_reports_each_models_own_fit_with_AIC_and_BIC_by_their_definitions_and_picks_the_lowest_BIC()
    {
        var comparison = PurchaseModelComparison.Fit(Cal);
        Assert.Equal(["BG/NBD", "MBG/NBD", "Pareto/NBD"], comparison.Candidates.Select(c => c.ModelName));
        int n = Cal.Count;
        foreach (var c in comparison.Candidates)
        {
            Assert.True(c.Converged);
            IPurchaseModel alone = ClvForecast.FitPurchases(Cal, c.Kind);
            Assert.Equal(alone.Diagnostics!.LogLikelihood, c.LogLikelihood!.Value, 6);
            Assert.Equal((2 * 4) - (2 * c.LogLikelihood.Value), c.Aic!.Value, 9);
            Assert.Equal((4 * Math.Log(n)) - (2 * c.LogLikelihood.Value), c.Bic!.Value, 9);

            // Holdout errors equal HoldoutReport on the model's own predictions.
            var predicted = new double[n];
            alone.ExpectedPurchases(Cal.Frequency, Cal.Recency, Cal.Age, Cal.HoldoutLength, predicted);
            double[] actual = Cal.HoldoutPurchasePeriods.ToArray().Select(v => (double)v).ToArray();
            Assert.Equal(HoldoutReport.Evaluate(Cal.Frequency, predicted, actual).MeanAbsoluteError, c.Holdout!.MeanAbsoluteError, 9);
        }

        // Published log-likelihoods: BG/NBD -9582.4, Pareto/NBD -9595.0; MBG/NBD (BTYDplus) -9582.1 is the highest.
        Assert.Equal(-9582.4, comparison.Candidates[0].LogLikelihood!.Value, 0.05);
        Assert.Equal(-9595.0, comparison.Candidates[2].LogLikelihood!.Value, 0.05);
        var best = comparison.Candidates.MinBy(c => c.Bic!.Value)!;
        Assert.Same(best, comparison.Best);
        Assert.Equal("MBG/NBD", comparison.Best!.ModelName);
        Assert.Contains("best by BIC: MBG/NBD", comparison.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_intervals_are_on_the_log_scale()
    {
        var d = ClvForecast.FitPurchases(Cal, PurchaseModelKind.BgNbd).Diagnostics!;
        for (int i = 0; i < d.ParameterCount; i++)
        {
            double seLog = d.StandardErrors[i] / d.Estimates[i];
            Assert.Equal(seLog * seLog, d.LogCovariance(i, i), 1e-12);
            var (lo, hi) = d.ConfidenceInterval95(i);
            Assert.Equal(d.Estimates[i] * Math.Exp(-1.959963984540054 * seLog), lo, 12);
            Assert.Equal(d.Estimates[i] * Math.Exp(1.959963984540054 * seLog), hi, 12);
            Assert.True(lo > 0 && lo < d.Estimates[i] && hi > d.Estimates[i]);
            Assert.Equal(d.Estimates[i], Math.Sqrt(lo * hi), 10);
        }
    }

    [Fact]
    public void Bootstrap_intervals_are_deterministic_for_a_seed_whatever_the_thread_count_and_match_the_delta_method()
    {
        IPurchaseModel model = ClvForecast.FitPurchases(Cal, PurchaseModelKind.BgNbd);
        GammaGammaModel spend = ClvForecast.FitSpend(Cal);
        var options = new ClvForecastOptions { Horizon = 52, MarginRate = 0.3 };
        var parallel = ClvForecastIntervals.Compute(Cal, model, spend, options, new ClvIntervalOptions { Draws = 200, Seed = 5, IncludeSpendUncertainty = false });
        var serial = ClvForecastIntervals.Compute(Cal, model, spend, options, new ClvIntervalOptions { Draws = 200, Seed = 5, IncludeSpendUncertainty = false, MaxDegreeOfParallelism = 1 });
        Assert.Equal(parallel.ValueLow, serial.ValueLow);
        Assert.Equal(parallel.ValueHigh, serial.ValueHigh);
        Assert.Equal(parallel.ProbabilityAliveLow, serial.ProbabilityAliveLow);
        Assert.Equal(parallel.TotalValueLow, serial.TotalValueLow);
        Assert.Equal(parallel.TotalValueHigh, serial.TotalValueHigh);
        Assert.Equal(200, parallel.UsedDraws);

        // Every number finite, ordered, and bracketing the point forecast (almost always for a percentile interval).
        int inside = 0;
        for (int i = 0; i < Cal.Count; i++)
        {
            Assert.True(double.IsFinite(parallel.ValueLow[i]) && parallel.ValueLow[i] <= parallel.ValueHigh[i]);
            Assert.True(parallel.ProbabilityAliveLow[i] >= 0 && parallel.ProbabilityAliveHigh[i] <= 1);
            double v = parallel.Forecast.Value[i];
            inside += v >= parallel.ValueLow[i] - 1e-9 && v <= parallel.ValueHigh[i] + 1e-9 ? 1 : 0;
        }

        Assert.True(inside >= 0.99 * Cal.Count, $"{inside} of {Cal.Count}");

        // Delta method, computed independently: sd(total) = sqrt(g' Σ g), g the derivative of the portfolio CLV in the
        // log-parameters by central differences. The bootstrap half-width should be 1.96 sd within sampling error.
        var d = model.Diagnostics!;
        double Total(double[] theta)
        {
            var m = new BgNbdModel(theta[0], theta[1], theta[2], theta[3], TimeUnit.Week);
            return ClvForecast.Compute(Cal, m, spend, options).Value.Sum();
        }

        double[] est = d.Estimates.ToArray();
        var g = new double[4];
        for (int i = 0; i < 4; i++)
        {
            double[] up = (double[])est.Clone(), down = (double[])est.Clone();
            up[i] *= Math.Exp(1e-4);
            down[i] *= Math.Exp(-1e-4);
            g[i] = (Total(up) - Total(down)) / 2e-4;
        }

        double variance = 0;
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                variance += g[i] * g[j] * d.LogCovariance(i, j);
            }
        }

        double halfWidth = (parallel.TotalValueHigh - parallel.TotalValueLow) / 2;
        Assert.InRange(halfWidth / (1.959963984540054 * Math.Sqrt(variance)), 0.8, 1.2);
        Assert.InRange(parallel.TotalValue, parallel.TotalValueLow, parallel.TotalValueHigh);
    }

    [Fact]
    public void Spend_uncertainty_widens_the_CLV_interval_and_a_model_without_covariance_is_refused()
    {
        IPurchaseModel model = ClvForecast.FitPurchases(Cal, PurchaseModelKind.ParetoNbd);
        GammaGammaModel spend = ClvForecast.FitSpend(Cal);
        var both = ClvForecastIntervals.Compute(Cal, model, spend, null, new ClvIntervalOptions { Draws = 100 });
        var purchasesOnly = ClvForecastIntervals.Compute(Cal, model, spend, null, new ClvIntervalOptions { Draws = 100, IncludeSpendUncertainty = false });
        Assert.True(both.TotalValueHigh - both.TotalValueLow > purchasesOnly.TotalValueHigh - purchasesOnly.TotalValueLow);
        Assert.Equal(both.TotalExpectedPurchases, purchasesOnly.TotalExpectedPurchases);
        Assert.Throws<ArgumentException>(() => ClvForecastIntervals.Compute(Cal, new BgNbdModel(0.243, 4.414, 0.793, 2.426, TimeUnit.Week), spend));
    }

    [Fact]
    public void BgNbd_forecast_notes_that_one_time_buyers_are_alive_by_assumption_and_names_MbgNbd()
    {
        GammaGammaModel spend = ClvForecast.FitSpend(Cal);
        var bg = ClvForecast.Compute(Cal, ClvForecast.FitPurchases(Cal, PurchaseModelKind.BgNbd), spend);
        int oneTime = 0;
        for (int i = 0; i < Cal.Count; i++)
        {
            if (Cal.Frequency[i] == 0)
            {
                oneTime++;
                Assert.Equal(1.0, bg.ProbabilityAlive[i]);
            }
        }

        Assert.Equal(oneTime, bg.OneTimeBuyersAssumedAlive);
        Assert.Single(bg.Notes);
        Assert.Contains("MBG/NBD", bg.Notes[0], StringComparison.Ordinal);
        var mbg = ClvForecast.Compute(Cal, ClvForecast.FitPurchases(Cal, PurchaseModelKind.MbgNbd), spend);
        Assert.Equal(0, mbg.OneTimeBuyersAssumedAlive);
        Assert.Empty(mbg.Notes);
    }
}
