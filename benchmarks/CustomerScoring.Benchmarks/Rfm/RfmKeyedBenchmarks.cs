using BenchmarkDotNet.Attributes;
using CustomerScoring.Benchmarks.Data;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Benchmarks.Rfm;

/// <summary>
/// RFM quintiles from summaries, ties broken by the user's string ids (the README's keyed call) against ties by dense index
/// (the baseline): the keyed path must cost at most 1.5x the indexed one (speed-up floor 0.67). The key map comes from
/// string ids added row by row in first-seen order, as an import gives it; the key order is sorted once per map and kept
/// with it, so what is measured is the scoring a service repeats.
/// </summary>
[MemoryDiagnoser]
public class RfmKeyedBenchmarks
{
    private CustomerSummaries _summaries = null!;
    private CustomerKeyMap<string> _customers = null!;

    /// <summary>Number of customers (five transactions each on average).</summary>
    [ParamsSource(nameof(CustomerCounts))]
    public int Customers { get; set; }

    /// <summary>1M customers; 200k in quick mode (<see cref="BenchmarkSizes"/>).</summary>
    public static IEnumerable<int> CustomerCounts => BenchmarkSizes.Choose(full: [1_000_000], quick: [200_000]);

    /// <summary>Imports synthetic rows with string ids (scrambled numbers, so first-seen order is not key order) and summarizes them.</summary>
    [GlobalSetup]
    public void Setup()
    {
        TransactionBatch batch = SyntheticTransactions.Generate(5 * Customers, Customers);
        var builder = new TransactionBatchBuilder<string>();
        for (int i = 0; i < batch.Count; i++)
        {
            long id = (batch.CustomerIndex[i] * 2_654_435_761L) % 4_294_967_291L;
            builder.Add(id.ToString(System.Globalization.CultureInfo.InvariantCulture), batch.Timestamps[i], batch.Amounts[i]);
        }

        CustomerTransactions<string> data = builder.Build();
        _customers = data.Customers;
        _summaries = Summarizer.Summarize(data, new SummaryOptions(DateOnly.FromDateTime(SyntheticTransactions.Start).AddDays(SyntheticTransactions.Days)));
    }

    /// <summary>Ties by dense customer index.</summary>
    [Benchmark(Baseline = true)]
    public int Indexed()
    {
        RfmResult result = RfmScorer.Default.Score(_summaries);
        return result.SegmentCounts[0];
    }

    /// <summary>Ties by the customers' string ids (ordinal): the call the README shows.</summary>
    [Benchmark]
    public int Keyed()
    {
        RfmResult result = RfmScorer.Default.Score(_summaries, _customers);
        return result.SegmentCounts[0];
    }
}
