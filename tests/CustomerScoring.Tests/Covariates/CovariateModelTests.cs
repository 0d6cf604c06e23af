using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using MathNet.Numerics.Distributions;
using Xunit;
using Xunit.Abstractions;

namespace CustomerScoring.Tests.Covariates;

/// <summary>Pareto/NBD and BG/NBD with time-invariant covariates, against simulations with known coefficients.</summary>
public sealed class CovariateModelTests(ITestOutputHelper output)
{
    internal sealed record Population(double[] X, double[] Tx, double[] T, CustomerCovariates Z);

    // Truth: a binary and a numeric covariate acting on both processes.
    private static readonly double[] GammaTrans = [0.6, -0.3];
    private static readonly double[] GammaLife = [-0.5, 0.25];

    /// <summary>Simulates the generative process with each customer's individual parameters (model definitions, not our likelihood).</summary>
    internal static Population Simulate(PurchaseModelKind kind, double[] parameters, double[] gammaTrans, double[] gammaLife, int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n];
        var tx = new double[n];
        var ts = new double[n];
        var z1 = new double[n];
        var z2 = new double[n];
        for (int i = 0; i < n; i++)
        {
            z1[i] = rng.NextDouble() < 0.5 ? 1 : 0;
            z2[i] = Normal.Sample(rng, 0, 1);
            double trans = (gammaTrans[0] * z1[i]) + (gammaTrans[1] * z2[i]);
            double life = (gammaLife[0] * z1[i]) + (gammaLife[1] * z2[i]);
            double t = 30 + (30 * rng.NextDouble());
            double lambda = Gamma.Sample(rng, parameters[0], parameters[1] * Math.Exp(-trans));
            double now = 0, last = 0;
            int count = 0;
            if (kind == PurchaseModelKind.ParetoNbd)
            {
                double mu = Gamma.Sample(rng, parameters[2], parameters[3] * Math.Exp(-life));
                double end = Math.Min(t, Exponential.Sample(rng, mu));
                while ((now += Exponential.Sample(rng, lambda)) <= end)
                {
                    count++;
                    last = now;
                }
            }
            else
            {
                double p = Beta.Sample(rng, parameters[2] * Math.Exp(life), parameters[3] * Math.Exp(life));
                while ((now += Exponential.Sample(rng, lambda)) <= t)
                {
                    count++;
                    last = now;
                    if (rng.NextDouble() < p)
                    {
                        break;
                    }
                }
            }

            x[i] = count;
            tx[i] = last;
            ts[i] = t;
        }

        return new Population(x, tx, ts, CustomerCovariates.FromColumns(["vip", "score"], [z1, z2]));
    }

    private static double[] Truth(PurchaseModelKind kind) => kind == PurchaseModelKind.ParetoNbd ? [0.8, 6.0, 0.7, 12.0] : [0.8, 6.0, 0.9, 2.5];

    [Theory]
    [InlineData(PurchaseModelKind.ParetoNbd)]
    [InlineData(PurchaseModelKind.BgNbd)]
    public void Gradient_matches_finite_differences(PurchaseModelKind kind)
    {
        var pop = Simulate(kind, Truth(kind), GammaTrans, GammaLife, 300, 1);
        var ll = new CovariateLikelihood(kind, pop.X, pop.Tx, pop.T, pop.Z);
        double[] theta = [.. Truth(kind), Math.Exp(0.3), Math.Exp(-0.2), Math.Exp(-0.4), Math.Exp(0.1)];
        var grad = new double[theta.Length];
        ll.Evaluate(theta, grad);
        for (int i = 0; i < theta.Length; i++)
        {
            double h = 1e-6 * theta[i];
            double[] up = (double[])theta.Clone(), down = (double[])theta.Clone();
            up[i] += h;
            down[i] -= h;
            double fd = (ll.Evaluate(up, default) - ll.Evaluate(down, default)) / (2 * h);
            Assert.True(Math.Abs(fd - grad[i]) <= 1e-5 * Math.Max(1, Math.Abs(fd)), $"parameter {i}: analytic {grad[i]}, finite difference {fd}");
        }
    }

    [Theory]
    [InlineData(PurchaseModelKind.ParetoNbd)]
    [InlineData(PurchaseModelKind.BgNbd)]
    public void All_zero_covariates_give_the_plain_fit(PurchaseModelKind kind)
    {
        var pop = Simulate(kind, Truth(kind), [0, 0], [0, 0], 1500, 2);
        var zeros = CustomerCovariates.FromColumns(["zero"], [new double[pop.X.Length]]);
        var withZeros = CovariatePurchaseModel.Fit(kind, pop.X, pop.Tx, pop.T, zeros, TimeUnit.Week, new ClvFitOptions { ThrowOnNonConvergence = false });
        IPurchaseModel plain = kind == PurchaseModelKind.ParetoNbd
            ? ParetoNbdModel.Fit(pop.X, pop.Tx, pop.T, TimeUnit.Week)
            : BgNbdModel.Fit(pop.X, pop.Tx, pop.T, TimeUnit.Week);
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(plain.Diagnostics!.Estimates[j], withZeros.Parameters[j], 1e-6 * plain.Diagnostics.Estimates[j]);
        }

        Assert.Equal(plain.Diagnostics!.LogLikelihood, withZeros.Diagnostics!.LogLikelihood, 1e-6);
        Assert.Equal(plain.LogLikelihood(pop.X, pop.Tx, pop.T), withZeros.LogLikelihood(pop.X, pop.Tx, pop.T, zeros), 1e-8);

        // And a customer's model is the plain model with the individual parameters.
        var expected = new double[pop.X.Length];
        var actual = new double[pop.X.Length];
        plain.ExpectedPurchases(pop.X, pop.Tx, pop.T, 10, expected);
        withZeros.ExpectedPurchases(pop.X, pop.Tx, pop.T, zeros, 10, actual);
        for (int i = 0; i < actual.Length; i += 37)
        {
            Assert.Equal(expected[i], actual[i], 1e-6 * Math.Max(1, expected[i]));
        }
    }

    [Theory]
    [InlineData(PurchaseModelKind.ParetoNbd, 2500)]
    [InlineData(PurchaseModelKind.BgNbd, 2500)]
    public void Coefficients_are_recovered_on_one_large_population(PurchaseModelKind kind, int n)
    {
        var pop = Simulate(kind, Truth(kind), GammaTrans, GammaLife, n, 7);
        var model = CovariatePurchaseModel.Fit(kind, pop.X, pop.Tx, pop.T, pop.Z, TimeUnit.Week);
        output.WriteLine(model.ToString());
        var d = model.Diagnostics!;
        Assert.True(d.Converged);
        Assert.Equal(["r", "alpha", kind == PurchaseModelKind.ParetoNbd ? "s" : "a", kind == PurchaseModelKind.ParetoNbd ? "beta" : "b", "trans:vip", "trans:score", "life:vip", "life:score"], d.ParameterNames);
        double[] truth = [.. Truth(kind), .. GammaTrans, .. GammaLife];
        for (int j = 0; j < truth.Length; j++)
        {
            // 4 standard errors: a fixed seed must not fail by chance; coverage is measured separately.
            Assert.True(Math.Abs(d.Estimates[j] - truth[j]) < 4 * d.StandardErrors[j], $"{d.ParameterNames[j]}: {d.Estimates[j]} ± {d.StandardErrors[j]}, truth {truth[j]}");
        }
    }

    [Theory]
    [InlineData(PurchaseModelKind.BgNbd, 100, 800)]
    [InlineData(PurchaseModelKind.ParetoNbd, 100, 800)]
    [Trait("Category", "Slow")]
    public void Confidence_intervals_cover_the_truth_in_most_replications(PurchaseModelKind kind, int replications, int n)
    {
        double[] truth = [.. GammaTrans, .. GammaLife];
        var covered = new int[4];
        int fits = 0;
        for (int rep = 0; rep < replications; rep++)
        {
            var pop = Simulate(kind, Truth(kind), GammaTrans, GammaLife, n, 1000 + rep);
            var model = CovariatePurchaseModel.Fit(kind, pop.X, pop.Tx, pop.T, pop.Z, TimeUnit.Week, new ClvFitOptions { ThrowOnNonConvergence = false });
            if (!model.Diagnostics!.Converged)
            {
                continue;
            }

            fits++;
            for (int j = 0; j < 4; j++)
            {
                var (lo, hi) = model.Diagnostics.ConfidenceInterval95(4 + j);
                covered[j] += lo <= truth[j] && truth[j] <= hi ? 1 : 0;
            }
        }

        output.WriteLine($"{kind}: {fits}/{replications} converged; 95% intervals covered the truth in {string.Join(", ", covered.Select((c, j) => $"{(j < 2 ? "trans" : "life")}[{j % 2}] {c}/{fits}"))}");
        Assert.True(fits >= 0.95 * replications);
        foreach (int c in covered)
        {
            // Nominal 95% over 100 replications: at least 85 (the binomial(100, 0.95) probability of fewer is below 1e-4).
            Assert.True(c >= 0.85 * fits, $"coverage {c}/{fits}");
        }
    }

    [Fact]
    public void Categorical_columns_become_indicators_against_the_reference_level()
    {
        var z = CustomerCovariates.FromColumns(["age"], [[30, 40, 50, 60]]).WithCategorical("channel", ["web", "shop", "web", "app"], referenceLevel: "web");
        Assert.Equal(["age", "channel=app", "channel=shop"], z.Names);
        Assert.Equal([0.0, 0.0, 0.0, 1.0], Enumerable.Range(0, 4).Select(i => z[i, 1]));
        Assert.Equal([0.0, 1.0, 0.0, 0.0], Enumerable.Range(0, 4).Select(i => z[i, 2]));
        var e = Assert.Throws<ArgumentException>(() => CustomerCovariates.Categorical("channel", ["web"], "shop"));
        Assert.Contains("shop", e.Message);
        var model = new CovariatePurchaseModel(PurchaseModelKind.ParetoNbd, [0.5, 10, 0.6, 12], ["vip"], [0.4], [-0.2], TimeUnit.Week);
        var vip = (ParetoNbdModel)model.ForCustomer([1.0]);
        Assert.Equal(10 * Math.Exp(-0.4), vip.Alpha, 1e-12);
        Assert.Equal(12 * Math.Exp(0.2), vip.Beta, 1e-12);
    }
}
