using BenchmarkDotNet.Attributes;
using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace CustomerScoring.Benchmarks.Clv;

/// <summary>
/// BG/NBD maximum-likelihood fit on a CDNOW-sized sample (2,357 customers, 1/100-week resolution) and on 1,000,000
/// customers recorded at whole weeks, against a plain scalar fit: the same BFGS and analytic gradient, but one
/// likelihood term per customer with its Γ/ψ values recomputed every time (no row compression, no per-x caching).
/// </summary>
[MemoryDiagnoser]
public class BgNbdFitBenchmarks
{
    private double[] x = [];
    private double[] tx = [];
    private double[] t = [];

    /// <summary>Number of customers.</summary>
    [ParamsSource(nameof(CustomerCounts))]
    public int Customers { get; set; }

    /// <summary>CDNOW-sized and 1M; CDNOW-sized and 20k (whole weeks) in quick mode (<see cref="BenchmarkSizes"/>).</summary>
    public static IEnumerable<int> CustomerCounts => BenchmarkSizes.Choose(full: [2_357, 1_000_000], quick: [2_357, 20_000]);

    /// <summary>Generates the customers (seeded).</summary>
    [GlobalSetup]
    public void Setup() => (x, tx, t) = ClvBenchmarkData.BgNbd(Customers, wholeWeeks: Customers > 10_000);

    /// <summary>Plain per-customer likelihood and gradient, BFGS over log-parameters.</summary>
    [Benchmark(Baseline = true)]
    public double PlainScalarFit()
    {
        double[] xs = x, txs = tx, ts = t;
        int n = xs.Length;
        var objective = ObjectiveFunction.Gradient(v =>
        {
            double r = Math.Exp(v[0]), alpha = Math.Exp(v[1]), a = Math.Exp(v[2]), b = Math.Exp(v[3]);
            double ll = 0, gr = 0, gal = 0, ga = 0, gb = 0;
            for (int i = 0; i < n; i++)
            {
                double xi = xs[i];
                double lnA1 = SpecialFunctions.BetaLn(a, b + xi) - SpecialFunctions.BetaLn(a, b) + SpecialFunctions.GammaLn(r + xi) - SpecialFunctions.GammaLn(r)
                    + (r * Math.Log(alpha)) - ((r + xi) * Math.Log(alpha + ts[i]));
                double lnA2 = xi > 0
                    ? SpecialFunctions.BetaLn(a + 1, b + xi - 1) - SpecialFunctions.BetaLn(a, b) + SpecialFunctions.GammaLn(r + xi) - SpecialFunctions.GammaLn(r)
                      + (r * Math.Log(alpha)) - ((r + xi) * Math.Log(alpha + txs[i]))
                    : double.NegativeInfinity;
                double m = Math.Max(lnA1, lnA2);
                double e1 = Math.Exp(lnA1 - m), e2 = Math.Exp(lnA2 - m), s = e1 + e2;
                ll += m + Math.Log(s);
                double w1 = e1 / s, w2 = e2 / s;
                double common = SpecialFunctions.DiGamma(r + xi) - SpecialFunctions.DiGamma(r) + Math.Log(alpha);
                gr += common - (w1 * Math.Log(alpha + ts[i])) - (w2 * Math.Log(alpha + txs[i]));
                gal += (r / alpha) - ((r + xi) * ((w1 / (alpha + ts[i])) + (w2 / (alpha + txs[i]))));
                double dab = SpecialFunctions.DiGamma(a + b);
                ga += w1 * (SpecialFunctions.DiGamma(a) - SpecialFunctions.DiGamma(a + b + xi) - SpecialFunctions.DiGamma(a) + dab)
                    + w2 * (SpecialFunctions.DiGamma(a + 1) - SpecialFunctions.DiGamma(a + b + xi) - SpecialFunctions.DiGamma(a) + dab);
                gb += w1 * (SpecialFunctions.DiGamma(b + xi) - SpecialFunctions.DiGamma(a + b + xi) - SpecialFunctions.DiGamma(b) + dab)
                    + w2 * (xi > 0 ? SpecialFunctions.DiGamma(b + xi - 1) - SpecialFunctions.DiGamma(a + b + xi) - SpecialFunctions.DiGamma(b) + dab : 0);
            }

            var g = Vector<double>.Build.Dense([-gr * r / n, -gal * alpha / n, -ga * a / n, -gb * b / n]);
            return (-ll / n, g);
        });
        var result = new BfgsMinimizer(1e-7, 1e-12, 1e-15, 500).FindMinimum(objective, Vector<double>.Build.Dense([0.0, Math.Log(10), 0.0, 0.0]));
        return result.MinimizingPoint[0];
    }

    /// <summary>The library fit: compressed weighted rows, per-x caching, Newton polish and covariance.</summary>
    [Benchmark]
    public double LibraryFit() => BgNbdModel.Fit(x, tx, t, TimeUnit.Week).R;
}
