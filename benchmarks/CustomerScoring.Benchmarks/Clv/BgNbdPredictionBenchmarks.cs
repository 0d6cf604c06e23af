using BenchmarkDotNet.Attributes;
using CustomerScoring.Clv;
using CustomerScoring.Summaries;

namespace CustomerScoring.Benchmarks.Clv;

/// <summary>
/// BG/NBD predictions and 12-period CLV for 1,000,000 customers (100,000 in quick mode): the library's span API against a plain scalar loop
/// over the paper's formula (FHL 2005 eq. 10 with a direct 2F1 power series), and beside the library the scalar
/// references of its vectorized kernels (the per-customer code the kernels replaced), so one run shows both speed-ups.
/// </summary>
[MemoryDiagnoser]
public class BgNbdPredictionBenchmarks
{
    private const int Periods = 12;
    private readonly BgNbdModel model = new(0.243, 4.414, 0.793, 2.426, TimeUnit.Week);
    private readonly GammaGammaModel spend = new(6.25, 3.74, 15.44);
    private double[] x = [];
    private double[] tx = [];
    private double[] t = [];
    private double[] m = [];
    private double[] destination = [];
    private double[] factors = [];
    private double[] horizons = [];

    /// <summary>Number of customers.</summary>
    [ParamsSource(nameof(CustomerCounts))]
    public int Customers { get; set; }

    /// <summary>1M customers; 100k in quick mode (<see cref="BenchmarkSizes"/>).</summary>
    public static IEnumerable<int> CustomerCounts => BenchmarkSizes.Choose(full: [1_000_000], quick: [100_000]);

    /// <summary>Generates the customers (seeded).</summary>
    [GlobalSetup]
    public void Setup()
    {
        (x, tx, t) = ClvBenchmarkData.BgNbd(Customers, wholeWeeks: false);
        var rng = new Random(7);
        m = x.Select(v => v > 0 ? 10 + (40 * rng.NextDouble()) : 0.0).ToArray();
        destination = new double[x.Length];
        factors = Enumerable.Range(1, Periods).Select(k => Math.Pow(1.01, -k)).ToArray();
        horizons = Enumerable.Range(1, Periods).Select(k => (double)k).ToArray();
    }

    /// <summary>Scalar baseline: per customer and period, the paper's formula with a direct 2F1 series.</summary>
    [Benchmark(Baseline = true)]
    public double PlainScalarClv()
    {
        double r = model.R, alpha = model.Alpha, a = model.A, b = model.B, total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double value = 0, previous = 0;
            for (int k = 1; k <= Periods; k++)
            {
                double e = Expected(r, alpha, a, b, x[i], tx[i], t[i], k);
                value += (e - previous) / Math.Pow(1.01, k);
                previous = e;
            }

            double expectedSpend = (spend.Gamma + (m[i] * x[i])) * spend.P / ((spend.P * x[i]) + spend.Q - 1);
            destination[i] = 0.3 * expectedSpend * value;
            total += destination[i];
        }

        return total;
    }

    /// <summary>The library: <see cref="CustomerLifetimeValue.Compute"/> over spans.</summary>
    [Benchmark]
    public double LibraryClv()
    {
        CustomerLifetimeValue.Compute(model, spend, x, tx, t, m, Periods, 1.0, 0.01, 0.3, destination);
        return destination[0];
    }

    /// <summary>The library's conditional expectation for one 12-week horizon.</summary>
    [Benchmark]
    public double LibraryExpectedPurchases()
    {
        model.ExpectedPurchases(x, tx, t, Periods, destination);
        return destination[0];
    }

    /// <summary>The scalar reference of the discounted-sum kernel behind <see cref="LibraryClv"/> (purchases only, no spend).</summary>
    [Benchmark]
    public double ScalarReferenceDiscountedSum()
    {
        BetaGeometricExpectationKernel.DiscountedSumReference(Parameters, x, tx, t, horizons, factors, destination, default);
        return destination[0];
    }

    /// <summary>The discounted-sum kernel behind <see cref="LibraryClv"/> (purchases only, no spend).</summary>
    [Benchmark]
    public double KernelDiscountedSum()
    {
        BetaGeometricExpectationKernel.DiscountedSum(Parameters, x, tx, t, horizons, factors, destination, default);
        return destination[0];
    }

    /// <summary>The scalar reference of the kernel behind <see cref="LibraryExpectedPurchases"/>.</summary>
    [Benchmark]
    public double ScalarReferenceExpectedPurchases()
    {
        BetaGeometricExpectationKernel.ExpectedPurchasesReference(Parameters, x, tx, t, Periods, destination);
        return destination[0];
    }

    private BetaGeometricParameters Parameters => new(false, model.R, model.Alpha, model.A, model.B);

    private static double Expected(double r, double alpha, double a, double b, double x, double tx, double age, double horizon)
    {
        double z = horizon / (alpha + age + horizon);
        double term = 1, hyper = 1;
        double p = r + x, q = b + x, c = a + b + x - 1;
        for (int n = 0; n < 10_000 && Math.Abs(term) > 1e-16 * Math.Abs(hyper); n++)
        {
            term *= (p + n) * (q + n) / ((c + n) * (n + 1)) * z;
            hyper += term;
        }

        double numerator = (a + b + x - 1) / (a - 1) * (1 - (Math.Pow((alpha + age) / (alpha + age + horizon), r + x) * hyper));
        double denominator = 1 + (x > 0 ? a / (b + x - 1) * Math.Pow((alpha + age) / (alpha + tx), r + x) : 0);
        return numerator / denominator;
    }
}
