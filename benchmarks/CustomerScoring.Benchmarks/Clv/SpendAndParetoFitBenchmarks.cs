using BenchmarkDotNet.Attributes;
using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace CustomerScoring.Benchmarks.Clv;

/// <summary>
/// Gamma-Gamma maximum-likelihood fit (issue 12) against a plain scalar fit: the same BFGS over log-parameters, but one
/// likelihood and gradient term per customer with its Γ/ψ values recomputed (<see cref="GammaGammaModel.LogLikelihood"/>
/// on unmerged customers), where the library merges (x, m) rows, takes Γ/ψ once per distinct x and vectorizes the rest.
/// </summary>
[MemoryDiagnoser]
public class GammaGammaFitBenchmarks
{
    private double[] x = [];
    private double[] m = [];

    /// <summary>Number of customers with repeat purchases.</summary>
    [ParamsSource(nameof(CustomerCounts))]
    public int Customers { get; set; }

    /// <summary>20k quick, 1M full (<see cref="BenchmarkSizes"/>).</summary>
    public static IEnumerable<int> CustomerCounts => BenchmarkSizes.Choose(full: [1_000_000], quick: [20_000]);

    /// <summary>Seeded customers: x ≥ 1 repeat purchases, mean spend in cents from Gamma-Gamma (p 6.25, q 3.74, γ 15.44).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        x = new double[Customers];
        m = new double[Customers];
        for (int i = 0; i < Customers; i++)
        {
            int count = 1 + Poisson.Sample(rng, 3.0);
            double nu = Gamma.Sample(rng, 3.74, 15.44);
            double sum = 0;
            for (int k = 0; k < count; k++)
            {
                sum += Gamma.Sample(rng, 6.25, nu);
            }

            x[i] = count;
            m[i] = Math.Max(0.01, Math.Round(sum / count, 2));
        }
    }

    /// <summary>Per-customer likelihood and gradient, BFGS over log-parameters.</summary>
    [Benchmark(Baseline = true)]
    public double PlainScalarFit()
    {
        double[] w = new double[x.Length];
        Array.Fill(w, 1.0);
        var grad = new double[3];
        int n = x.Length;
        var objective = ObjectiveFunction.Gradient(v =>
        {
            double p = Math.Exp(v[0]), q = Math.Exp(v[1]), g = Math.Exp(v[2]);
            double ll = GammaGammaModel.LogLikelihood(x, m, w, p, q, g, grad);
            return (-ll / n, Vector<double>.Build.Dense([-grad[0] * p / n, -grad[1] * q / n, -grad[2] * g / n]));
        });
        var result = new BfgsMinimizer(1e-7, 1e-12, 1e-15, 500).FindMinimum(objective, Vector<double>.Build.Dense([Math.Log(2.0), Math.Log(3.0), Math.Log(m.Average())]));
        return result.MinimizingPoint[0];
    }

    /// <summary>The library fit: merged rows, Γ/ψ per distinct x, vectorized logarithms, Newton polish and covariance.</summary>
    [Benchmark]
    public double LibraryFit() => GammaGammaModel.Fit(x, m).P;
}

/// <summary>
/// Pareto/NBD maximum-likelihood fit (issue 12) on customers recorded at whole weeks against a plain scalar fit: the same
/// BFGS, one likelihood and gradient term per customer with its two hypergeometric series, where the library merges
/// (x, t_x, T) rows and sums each series once per distinct (x, t_x) and (x, T).
/// </summary>
[MemoryDiagnoser]
public class ParetoNbdFitBenchmarks
{
    private double[] x = [];
    private double[] tx = [];
    private double[] t = [];

    /// <summary>Number of customers.</summary>
    [ParamsSource(nameof(CustomerCounts))]
    public int Customers { get; set; }

    /// <summary>5k quick, 100k full (<see cref="BenchmarkSizes"/>).</summary>
    public static IEnumerable<int> CustomerCounts => BenchmarkSizes.Choose(full: [100_000], quick: [5_000]);

    /// <summary>BG/NBD-simulated customers at whole weeks (<see cref="ClvBenchmarkData.BgNbd"/>).</summary>
    [GlobalSetup]
    public void Setup() => (x, tx, t) = ClvBenchmarkData.BgNbd(Customers, wholeWeeks: true);

    /// <summary>Per-customer likelihood and gradient, BFGS over log-parameters.</summary>
    [Benchmark(Baseline = true)]
    public double PlainScalarFit()
    {
        int n = x.Length;
        var g = new double[4];
        var objective = ObjectiveFunction.Gradient(v =>
        {
            double r = Math.Exp(v[0]), alpha = Math.Exp(v[1]), s = Math.Exp(v[2]), beta = Math.Exp(v[3]);
            double ll = 0, gr = 0, ga = 0, gs = 0, gb = 0;
            for (int i = 0; i < n; i++)
            {
                ll += MathNet.Numerics.SpecialFunctions.GammaLn(r + x[i]) - MathNet.Numerics.SpecialFunctions.GammaLn(r) + (r * Math.Log(alpha)) + (s * Math.Log(beta))
                    + ParetoNbdLikelihood.LogQ(r, alpha, s, beta, x[i], tx[i], t[i], g);
                gr += g[0] + MathNet.Numerics.SpecialFunctions.DiGamma(r + x[i]) - MathNet.Numerics.SpecialFunctions.DiGamma(r) + Math.Log(alpha);
                ga += g[1] + (r / alpha);
                gs += g[2] + Math.Log(beta);
                gb += g[3] + (s / beta);
            }

            return (-ll / n, Vector<double>.Build.Dense([-gr * r / n, -ga * alpha / n, -gs * s / n, -gb * beta / n]));
        });
        var result = new BfgsMinimizer(1e-7, 1e-12, 1e-15, 500).FindMinimum(objective, Vector<double>.Build.Dense([0.0, Math.Log(10), 0.0, Math.Log(26)]));
        return result.MinimizingPoint[0];
    }

    /// <summary>The library fit: merged rows, one series per distinct (x, y), Newton polish and covariance.</summary>
    [Benchmark]
    public double LibraryFit() => ParetoNbdModel.Fit(x, tx, t, TimeUnit.Week).R;
}
