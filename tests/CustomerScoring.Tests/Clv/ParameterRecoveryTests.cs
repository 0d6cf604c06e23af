using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using Xunit;
using Xunit.Abstractions;

namespace CustomerScoring.Tests.Clv;

/// <summary>
/// Fits on data simulated from each model's generative process with known parameters: every estimate should lie in
/// its reported 95% Wald interval. Over 3 seeds × k parameters we allow at most 2 misses (each check misses with
/// probability 5% if the standard errors are right: P(≥ 3 misses in 12) ≈ 2%), and every miss must still be within 4 se.
/// Jointly, the likelihood-ratio statistic 2·(LL(estimate) − LL(truth)) must stay below the 99.9% point of χ²ₖ
/// (16.27 for k = 3, 18.47 for k = 4). Observed: MBG/NBD seed 22 is a 1%-tail draw (a and b 3.9 and 3.6 se low,
/// but strongly correlated; LR statistic 13.0), the other fits are within 2.3 se.
/// </summary>
public sealed class ParameterRecoveryTests(ITestOutputHelper output)
{
    private const int Customers = 20_000;
    private static readonly int[] Seeds = [11, 22, 33];

    private void AssertRecovered(double[] truth, Func<int, (ClvFitDiagnostics Fit, double LogLikelihoodAtTruth)> fit)
    {
        int misses = 0;
        foreach (int seed in Seeds)
        {
            var (d, llTruth) = fit(seed);
            output.WriteLine(d.ToString());
            Assert.True(d.Converged);
            double likelihoodRatio = 2 * (d.LogLikelihood - llTruth);
            output.WriteLine($"seed {seed}: likelihood-ratio statistic {likelihoodRatio:F2}");
            Assert.True(likelihoodRatio >= -1e-6, "the fit must not be worse than the truth");
            Assert.True(likelihoodRatio <= (truth.Length == 3 ? 16.27 : 18.47), $"LR statistic {likelihoodRatio}");
            for (int i = 0; i < truth.Length; i++)
            {
                var (lo, hi) = d.ConfidenceInterval95(i);
                if (truth[i] < lo || truth[i] > hi)
                {
                    misses++;
                    output.WriteLine($"seed {seed}: {d.ParameterNames[i]} = {truth[i]} outside [{lo}, {hi}]");
                    Assert.True(Math.Abs(d.Estimates[i] - truth[i]) <= 4 * d.StandardErrors[i]);
                }
            }
        }

        Assert.True(misses <= 2, $"{misses} misses");
    }

    [Fact]
    public void BgNbd_recovers_its_parameters()
    {
        double[] truth = [0.5, 8.0, 0.8, 2.5];
        AssertRecovered(truth, seed =>
        {
            var c = ClvSimulator.BetaGeometric(false, truth[0], truth[1], truth[2], truth[3], Customers, seed);
            var model = BgNbdModel.Fit(c.X, c.Tx, c.T, TimeUnit.Week);
            return (model.Diagnostics!, new BgNbdModel(truth[0], truth[1], truth[2], truth[3], TimeUnit.Week).LogLikelihood(c.X, c.Tx, c.T));
        });
    }

    [Fact]
    public void MbgNbd_recovers_its_parameters()
    {
        // Busier customers than in the BG/NBD case: with rare purchases, dropout at time 0 and a low purchase rate
        // are hard to tell apart (both give x = 0) and the likelihood is far from quadratic.
        double[] truth = [1.0, 5.0, 0.8, 2.5];
        AssertRecovered(truth, seed =>
        {
            var c = ClvSimulator.BetaGeometric(true, truth[0], truth[1], truth[2], truth[3], Customers, seed);
            var model = MbgNbdModel.Fit(c.X, c.Tx, c.T, TimeUnit.Week);
            return (model.Diagnostics!, new MbgNbdModel(truth[0], truth[1], truth[2], truth[3], TimeUnit.Week).LogLikelihood(c.X, c.Tx, c.T));
        });
    }

    [Fact]
    public void ParetoNbd_recovers_its_parameters()
    {
        double[] truth = [0.6, 10.0, 0.8, 15.0];
        AssertRecovered(truth, seed =>
        {
            var c = ClvSimulator.ParetoNbd(truth[0], truth[1], truth[2], truth[3], Customers, seed);
            var model = ParetoNbdModel.Fit(c.X, c.Tx, c.T, TimeUnit.Week);
            return (model.Diagnostics!, new ParetoNbdModel(truth[0], truth[1], truth[2], truth[3], TimeUnit.Week).LogLikelihood(c.X, c.Tx, c.T));
        });
    }

    [Fact]
    public void GammaGamma_recovers_its_parameters()
    {
        double[] truth = [6.0, 4.0, 15.0];
        AssertRecovered(truth, seed =>
        {
            var (x, m) = ClvSimulator.GammaGamma(truth[0], truth[1], truth[2], Customers, seed);
            var d = GammaGammaModel.Fit(x, m).Diagnostics!;
            return (d, GammaGammaModel.LogLikelihood(x, m, x.Select(_ => 1.0).ToArray(), truth[0], truth[1], truth[2], default));
        });
    }
}
