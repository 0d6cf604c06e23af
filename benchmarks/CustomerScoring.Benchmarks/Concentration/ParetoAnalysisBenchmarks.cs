using BenchmarkDotNet.Attributes;
using CustomerScoring.Concentration;

namespace CustomerScoring.Benchmarks.Concentration;

/// <summary>80/20 figures and Gini for 1,000,000 customers' revenue, against a LINQ OrderBy baseline.</summary>
[MemoryDiagnoser]
public class ParetoAnalysisBenchmarks
{
    private double[] _revenue = [];

    /// <summary>Number of customers.</summary>
    [ParamsSource(nameof(CustomerCounts))]
    public int Customers { get; set; }

    /// <summary>1M customers; 200k in quick mode (<see cref="BenchmarkSizes"/>).</summary>
    public static IEnumerable<int> CustomerCounts => BenchmarkSizes.Choose(full: [1_000_000], quick: [200_000]);

    /// <summary>Creates the data (lognormal revenue).</summary>
    [GlobalSetup]
    public void Setup() => _revenue = BenchmarkData.Customers(Customers).Monetary;

    /// <summary>The straightforward way: LINQ sort descending, running sums for the top 20% share, the 80% count and Gini.</summary>
    [Benchmark(Baseline = true)]
    public double LinqOrderBy()
    {
        double[] desc = _revenue.OrderByDescending(v => v).ToArray();
        double total = desc.Sum();
        int n = desc.Length;
        double top20 = desc.Take(n / 5).Sum() / total;
        double cumulative = 0;
        int k = 0;
        while (cumulative < 0.8 * total)
        {
            cumulative += desc[k++];
        }

        double weighted = desc.Select((v, j) => (double)(n - j) * v).Sum();
        double gini = ((2 * weighted / total) - (n + 1)) / n;
        return top20 + k + gini;
    }

    /// <summary>ParetoAnalysis.Analyze plus the same three figures.</summary>
    [Benchmark]
    public double ParetoAnalysisAnalyze()
    {
        ParetoAnalysis a = ParetoAnalysis.Analyze(_revenue);
        return a.TopShare() + a.CustomersForShare() + a.Gini;
    }
}
