using BenchmarkDotNet.Attributes;
using CustomerScoring.Benchmarks.Data;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Benchmarks.Summaries;

/// <summary>Summarizing transactions: the library beside a naive LINQ GroupBy.</summary>
[MemoryDiagnoser]
public class SummarizeBenchmarks
{
    private TransactionBatch _batch = null!;
    private readonly ScoringWorkspace _workspace = new();
    private SummaryOptions _options = null!;

    /// <summary>Transactions; customers are a tenth of that.</summary>
    [ParamsSource(nameof(TransactionCounts))]
    public int Transactions { get; set; }

    /// <summary>1M and 10M rows; 500k in quick mode (<see cref="BenchmarkSizes"/>).</summary>
    public static IEnumerable<int> TransactionCounts => BenchmarkSizes.Choose(full: [1_000_000, 10_000_000], quick: [500_000]);

    /// <summary>Lets go of the workspace's buffers.</summary>
    [GlobalCleanup]
    public void Cleanup() => _workspace.Dispose();

    [GlobalSetup]
    public void Setup()
    {
        _batch = SyntheticTransactions.Generate(Transactions, Transactions / 10);
        _options = new SummaryOptions(DateOnly.FromDateTime(SyntheticTransactions.Start).AddDays(SyntheticTransactions.Days));
    }

    [Benchmark(Baseline = true)]
    public int NaiveLinq()
    {
        // What a straightforward implementation does: group rows into objects, then aggregate each group.
        int end = _options.ObservationEnd.DayNumber;
        var rows = new List<(int Customer, DateTime Time, double Amount)>(_batch.Count);
        for (int i = 0; i < _batch.Count; i++)
        {
            rows.Add((_batch.CustomerIndex[i], _batch.Timestamps[i], _batch.Amounts[i]));
        }

        return rows
            .Where(r => DateOnly.FromDateTime(r.Time).DayNumber <= end)
            .GroupBy(r => r.Customer)
            .Select(g => new
            {
                g.Key,
                Count = g.Count(),
                Total = g.Sum(r => r.Amount),
                Periods = g.Select(r => r.Time.Date).Distinct().Count(),
                First = g.Min(r => r.Time),
                Last = g.Max(r => r.Time),
            })
            .Count();
    }

    [Benchmark]
    public int Summarize1Thread()
    {
        CustomerSummaries s = Summarizer.Summarize(_batch, _options with { MaxDegreeOfParallelism = 1 }, _workspace);
        return s.Count;
    }

    [Benchmark]
    public int Summarize()
    {
        CustomerSummaries s = Summarizer.Summarize(_batch, _options, _workspace);
        return s.Count;
    }
}
