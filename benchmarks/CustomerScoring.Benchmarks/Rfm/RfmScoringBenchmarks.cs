using BenchmarkDotNet.Attributes;
using CustomerScoring.Rfm;

namespace CustomerScoring.Benchmarks.Rfm;

/// <summary>RFM quintiles (Ntile 5 on three dimensions) and segments for 1,000,000 customers, against a LINQ OrderBy baseline.</summary>
[MemoryDiagnoser]
public class RfmScoringBenchmarks
{
    private double[] _recency = [];
    private double[] _frequency = [];
    private double[] _monetary = [];

    /// <summary>Number of customers.</summary>
    [ParamsSource(nameof(CustomerCounts))]
    public int Customers { get; set; }

    /// <summary>1M customers; 200k in quick mode (<see cref="BenchmarkSizes"/>).</summary>
    public static IEnumerable<int> CustomerCounts => BenchmarkSizes.Choose(full: [1_000_000], quick: [200_000]);

    /// <summary>Creates the data.</summary>
    [GlobalSetup]
    public void Setup() => (_recency, _frequency, _monetary) = BenchmarkData.Customers(Customers);

    /// <summary>The straightforward way: sort indices with LINQ per dimension, cut into NTILE groups.</summary>
    [Benchmark(Baseline = true)]
    public byte[] LinqOrderBy()
    {
        byte[] r = LinqNtile(_recency, descending: true);
        byte[] f = LinqNtile(_frequency, descending: false);
        byte[] m = LinqNtile(_monetary, descending: false);
        return [r[0], f[0], m[0]];
    }

    /// <summary>RfmScorer.Default: three radix sorts over pooled buffers, then the segment lookup; the result is disposed, so its memory is reused.</summary>
    [Benchmark]
    public int RfmScorerDefault()
    {
        RfmResult result = RfmScorer.Default.Score(_recency, _frequency, _monetary);
        return result.SegmentCounts[0];
    }

    private static byte[] LinqNtile(double[] values, bool descending)
    {
        int n = values.Length;
        int[] order = descending
            ? Enumerable.Range(0, n).OrderByDescending(i => values[i]).ThenBy(i => i).ToArray()
            : Enumerable.Range(0, n).OrderBy(i => values[i]).ThenBy(i => i).ToArray();
        byte[] scores = new byte[n];
        int q = n / 5;
        int extra = n % 5;
        int pos = 0;
        for (int g = 0; g < 5; g++)
        {
            int end = pos + q + (g < extra ? 1 : 0);
            for (; pos < end; pos++)
            {
                scores[order[pos]] = (byte)(g + 1);
            }
        }

        return scores;
    }
}
