using BenchmarkDotNet.Attributes;
using CustomerScoring.Benchmarks.Data;
using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Benchmarks.Pipeline;

/// <summary>
/// The whole in-memory job of issue 7: summarize the transactions, score RFM quintiles with segments, and compute the 80/20
/// figures, beside the same job written naively with LINQ.
/// </summary>
[MemoryDiagnoser]
public class EndToEndBenchmarks
{
    private TransactionBatch _batch = null!;
    private readonly ScoringWorkspace _workspace = new();
    private SummaryOptions _options = null!;

    /// <summary>Transactions; customers are a tenth of that.</summary>
    [ParamsSource(nameof(TransactionCounts))]
    public int Transactions { get; set; }

    /// <summary>10M rows (1M customers); 500k in quick mode (<see cref="BenchmarkSizes"/>).</summary>
    public static IEnumerable<int> TransactionCounts => BenchmarkSizes.Choose(full: [10_000_000], quick: [500_000]);

    /// <summary>Creates the data.</summary>
    /// <summary>Lets go of the workspace's buffers.</summary>
    [GlobalCleanup]
    public void Cleanup() => _workspace.Dispose();

    [GlobalSetup]
    public void Setup()
    {
        _batch = SyntheticTransactions.Generate(Transactions, Transactions / 10);
        _options = new SummaryOptions(DateOnly.FromDateTime(SyntheticTransactions.Start).AddDays(SyntheticTransactions.Days));
    }

    /// <summary>GroupBy per customer, OrderBy per RFM dimension (NTILE 5), OrderByDescending and a running sum for 80/20.</summary>
    [Benchmark(Baseline = true)]
    public double NaiveLinq()
    {
        int end = _options.ObservationEnd.DayNumber;
        var rows = new List<(int Customer, DateTime Time, double Amount)>(_batch.Count);
        for (int i = 0; i < _batch.Count; i++)
        {
            rows.Add((_batch.CustomerIndex[i], _batch.Timestamps[i], _batch.Amounts[i]));
        }

        var customers = rows
            .Where(r => DateOnly.FromDateTime(r.Time).DayNumber <= end)
            .GroupBy(r => r.Customer)
            .Select(g => new
            {
                g.Key,
                Recency = end - DateOnly.FromDateTime(g.Max(r => r.Time)).DayNumber,
                Frequency = g.Count(),
                Monetary = g.Sum(r => r.Amount),
            })
            .ToList();
        int n = customers.Count;
        var r = Ntile(customers.Select((c, i) => (Value: (double)-c.Recency, i)));
        var f = Ntile(customers.Select((c, i) => (Value: (double)c.Frequency, i)));
        var m = Ntile(customers.Select((c, i) => (Value: c.Monetary, i)));
        var champions = Enumerable.Range(0, n).Count(i => r[i] >= 4 && f[i] >= 4 && m[i] >= 4);

        double total = customers.Sum(c => c.Monetary);
        double running = 0;
        int top = 0;
        foreach (double v in customers.Select(c => c.Monetary).OrderByDescending(v => v))
        {
            running += v;
            top++;
            if (running >= 0.8 * total)
            {
                break;
            }
        }

        return champions + (double)top / n;
    }

    /// <summary>Summarizer (automatic threads) + RfmScorer.Default + ParetoAnalysis, with one workspace reused across runs.</summary>
    [Benchmark]
    public double Library() => Run(_options);

    /// <summary>The same on one thread.</summary>
    [Benchmark]
    public double Library1Thread() => Run(_options with { MaxDegreeOfParallelism = 1 });

    private double Run(SummaryOptions options)
    {
        CustomerSummaries s = Summarizer.Summarize(_batch, options, _workspace);
        RfmResult rfm = RfmScorer.Default.Score(s, workspace: _workspace);
        ParetoAnalysis pareto = ParetoAnalysis.Analyze(s.TotalAmount, NegativeValues.ClipToZero, workspace: _workspace);
        return rfm.SegmentCounts[0] + pareto.CustomerShareFor(0.8);
    }

    private static byte[] Ntile(IEnumerable<(double Value, int Index)> values)
    {
        var order = values.OrderBy(v => v.Value).ThenBy(v => v.Index).Select(v => v.Index).ToArray();
        var scores = new byte[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            scores[order[k]] = (byte)(1 + ((long)k * 5 / order.Length));
        }

        return scores;
    }
}
