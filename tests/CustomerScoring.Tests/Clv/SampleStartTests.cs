using CustomerScoring.Clv;
using CustomerScoring.Numerics.Optimization;
using CustomerScoring.Summaries;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Clv;

/// <summary>
/// Issue 12 ("fits scale"): a fit on many distinct rows starts from the estimate on a sample of them (FitSample) and takes
/// Newton steps on the whole likelihood from there. Held against the fit without the sample (BFGS from the same default
/// start, as before): the same estimates and log-likelihood to far below the fit's own tolerance, and the same standard
/// errors; and the sample is a function of the sorted rows alone (the fit of a permuted population gives the same bits).
/// </summary>
public sealed class SampleStartTests
{
    /// <summary>Simulated customers with T and t_x in whole days over a long span: tens of thousands of distinct rows.</summary>
    private static ClvSimulator.Customers WholeDays(ClvSimulator.Customers c)
    {
        for (int i = 0; i < c.X.Length; i++)
        {
            c.T[i] = Math.Ceiling(c.T[i]);
            c.Tx[i] = c.X[i] == 0 ? 0 : Math.Min(c.T[i], Math.Max(1, Math.Round(c.Tx[i])));
        }

        return c;
    }

    [Property(MaxTest = 200)]
    public void A_sample_keeps_the_weight_to_within_a_step_in_the_rows_order(int seed)
    {
        var rng = new Random(seed);
        var weight = new double[rng.Next(0, 3000)];
        for (int i = 0; i < weight.Length; i++)
        {
            weight[i] = rng.Next(3) == 0 ? rng.Next(1, 500) : 1;
        }

        int step = rng.Next(1, 40);
        int[] kept = FitSample.Select(weight, step, out double[] sampled);
        Assert.Equal(kept.Length, sampled.Length);
        Assert.True(kept.Zip(kept.Skip(1)).All(p => p.First < p.Second), "kept rows in order");
        Assert.All(sampled, w => Assert.True(w > 0 && w % step == 0, $"weight {w} (step {step})"));
        Assert.InRange(weight.Sum() - sampled.Sum(), 0, step - 1);
        for (int j = 0; j < kept.Length; j++)
        {
            // A row keeps its own weight but for less than a step either way.
            Assert.InRange(sampled[j], weight[kept[j]] - step + 1, weight[kept[j]] + step - 1);
        }

        Assert.True(weight.Select((w, i) => (w, i)).Where(p => p.w >= step).All(p => kept.Contains(p.i)), "every row of a step's weight or more is kept");
    }

    [Fact]
    public void Few_distinct_rows_take_no_sample()
    {
        Assert.Equal(0, FitSample.Step((FitSample.TargetRows * FitSample.MinimumStep) - 1));
        Assert.Equal(FitSample.MinimumStep, FitSample.Step(FitSample.TargetRows * FitSample.MinimumStep));
        ClvSimulator.Customers cdnowSized = ClvSimulator.BetaGeometric(false, 0.24, 4.4, 0.79, 2.4, 2357, 1, minT: 27, maxT: 39);
        Assert.Null(ClvInput.Compress(cdnowSized.X, cdnowSized.Tx, cdnowSized.T).FitSample());
    }

    [Theory]
    [InlineData("bgnbd")]
    [InlineData("mbgnbd")]
    [InlineData("paretonbd")]
    public void A_purchase_model_fitted_from_a_sample_has_the_whole_fits_estimates(string model)
    {
        ClvSimulator.Customers c = WholeDays(model == "paretonbd"
            ? ClvSimulator.ParetoNbd(0.5, 20.0, 0.6, 40.0, 150_000, 11, minT: 5, maxT: 2000)
            : ClvSimulator.BetaGeometric(model == "mbgnbd", 0.5, 20.0, 0.8, 2.5, 150_000, 11, minT: 5, maxT: 2000));
        CompressedRows rows = ClvInput.Compress(c.X, c.Tx, c.T);
        Assert.True(FitSample.Step(rows.Count) >= FitSample.MinimumStep, $"{rows.Count} distinct rows");
        double rate = ModelFitting.RateScale(rows);
        double[] start = model == "paretonbd" ? [1.0, rate, 1.0, Math.Max(ModelFitting.MeanAge(rows), 1e-3)] : [1.0, rate, 1.0, 1.0];
        ClvFitDiagnostics Fit(ClvFitOptions? o) => model switch
        {
            "bgnbd" => BgNbdModel.Fit(c.X, c.Tx, c.T, TimeUnit.Day, o).Diagnostics!,
            "mbgnbd" => MbgNbdModel.Fit(c.X, c.Tx, c.T, TimeUnit.Day, o).Diagnostics!,
            _ => ParetoNbdModel.Fit(c.X, c.Tx, c.T, TimeUnit.Day, o).Diagnostics!,
        };

        ClvFitDiagnostics sampled = Fit(null);
        ClvFitDiagnostics whole = Fit(new ClvFitOptions { InitialParameters = start }); // a start of the caller's: no sample
        Assert.Contains("sample", sampled.ExitReason, StringComparison.Ordinal);
        Assert.DoesNotContain("sample", whole.ExitReason, StringComparison.Ordinal);
        AssertSameFit(whole, sampled);

        // The sample depends on the sorted rows only: a permuted population gives the same bits.
        int[] order = [.. Enumerable.Range(0, c.X.Length).OrderBy(i => (i * 7919L) % c.X.Length)];
        var x = order.Select(i => c.X[i]).ToArray();
        var tx = order.Select(i => c.Tx[i]).ToArray();
        var t = order.Select(i => c.T[i]).ToArray();
        ClvFitDiagnostics permuted = model switch
        {
            "bgnbd" => BgNbdModel.Fit(x, tx, t, TimeUnit.Day).Diagnostics!,
            "mbgnbd" => MbgNbdModel.Fit(x, tx, t, TimeUnit.Day).Diagnostics!,
            _ => ParetoNbdModel.Fit(x, tx, t, TimeUnit.Day).Diagnostics!,
        };
        Assert.Equal(sampled.Estimates, permuted.Estimates);
    }

    [Fact]
    public void Gamma_gamma_fitted_from_a_sample_has_the_whole_fits_estimates()
    {
        (double[] x, double[] m) = ClvSimulator.GammaGamma(2.1, 30.0, 700.0, 150_000, 5);
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = Math.Round(m[i], 2); // cents: many customers share an (x, m) row, as real spend does
        }

        GammaGammaLikelihood rows = GammaGammaLikelihood.Compress(x, m, out int customers, out double spendSum);
        Assert.True(FitSample.Step(rows.Count) >= FitSample.MinimumStep, $"{rows.Count} distinct rows");
        ClvFitDiagnostics sampled = GammaGammaModel.Fit(x, m).Diagnostics!;
        ClvFitDiagnostics whole = GammaGammaModel.Fit(x, m, new ClvFitOptions { InitialParameters = [2.0, 3.0, spendSum / customers] }).Diagnostics!;
        Assert.Contains("sample", sampled.ExitReason, StringComparison.Ordinal);
        AssertSameFit(whole, sampled);
    }

    /// <summary>
    /// Both converged, with estimates and log-likelihoods as close as two fits to the same maximum can be (the tolerance is
    /// on the gradient, 1e-6: the estimates agree far closer), and standard errors to 1e-4 (each fit takes its Hessian by
    /// finite differences at its own end point).
    /// </summary>
    private static void AssertSameFit(ClvFitDiagnostics whole, ClvFitDiagnostics sampled)
    {
        Assert.True(whole.Converged && sampled.Converged, $"{whole.ExitReason} / {sampled.ExitReason}");
        Assert.True(Math.Abs(whole.LogLikelihood - sampled.LogLikelihood) <= 1e-11 * Math.Abs(whole.LogLikelihood),
            $"log-likelihood {whole.LogLikelihood:R} vs {sampled.LogLikelihood:R}");
        for (int i = 0; i < whole.Estimates.Count; i++)
        {
            Assert.True(Math.Abs(whole.Estimates[i] - sampled.Estimates[i]) <= 1e-6 * whole.Estimates[i],
                $"{whole.ParameterNames[i]}: {whole.Estimates[i]:R} vs {sampled.Estimates[i]:R}");
            Assert.True(Math.Abs(whole.StandardErrors[i] - sampled.StandardErrors[i]) <= 1e-4 * whole.StandardErrors[i],
                $"s.e. of {whole.ParameterNames[i]}: {whole.StandardErrors[i]:R} vs {sampled.StandardErrors[i]:R}");
        }
    }
}
