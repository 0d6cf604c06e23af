using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Summaries;

/// <summary>
/// A summary fed batch by batch (as the CSV reader hands them over, the customer count growing with its key map, each
/// batch's memory overwritten after its call) equals the <see cref="Summarizer"/>'s summary of all the rows, bit for bit,
/// and both agree with the slow reference.
/// </summary>
public class StreamingSummaryTests
{
    private static readonly DateOnly End = new(2024, 2, 29);

    [Property(MaxTest = 200)]
    public void Batch_by_batch_equals_the_summary_of_all_rows(int seed)
    {
        var rng = new Random(seed);
        Row[] rows = FirstSeenOrder(RandomTransactions.Generate(seed, maxRows: 1500, maxCustomers: 200));
        if (rng.Next(2) == 0)
        {
            // Each customer's rows in time order (the one-pass case), the customers interleaved as in an export.
            rows = FirstSeenOrder([.. rows.OrderBy(r => r.Time)]);
        }

        bool endFromData = rng.Next(2) == 0;
        bool margins = rng.Next(3) != 0;
        SummaryOptions options = OptionsFor(rng);
        var streaming = new StreamingSummary(options, endFromData, margins);
        int cut = 0;
        while (cut < rows.Length)
        {
            int n = Math.Min(rows.Length - cut, 1 + rng.Next(80));
            TransactionBatch batch = RandomTransactions.ToBatch(rows.AsSpan(cut, n), margins);
            int count = rows.AsSpan(0, cut + n).ToArray().Max(r => r.Customer) + 1;
            streaming.Add(batch, count + rng.Next(2)); // the map may already know a customer of the next batch
            Overwrite(batch);
            cut += n;
        }

        if (rows.Length == 0)
        {
            if (endFromData)
            {
                Assert.Throws<TransactionDataException>(() => streaming.ObservationEnd());
            }

            return;
        }

        DateOnly end = endFromData ? DateOnly.FromDateTime(rows.Max(r => r.Time)).AddDays(1) : options.ObservationEnd;
        Assert.Equal(end, streaming.ObservationEnd());
        SummaryOptions final = options with { ObservationEnd = end };
        CustomerSummaries whole = Summarizer.Summarize([RandomTransactions.ToBatch(rows, margins)], final, streaming.CustomerCount);

        // The rows handed back for the recount: all of them, or only those of the customers asked for.
        bool[]? wanted = streaming.CustomersToRecount();
        Row[] recount = rng.Next(2) == 0 ? rows : [.. rows.Where(r => wanted is not null && wanted[r.Customer])];
        CustomerSummaries streamed = streaming.Finish(recount.Length == 0 ? [] : [RandomTransactions.ToBatch(recount, margins)]);
        SummaryAssert.Identical(whole, streamed);
        SummaryAssert.MatchesReference(ReferenceSummary.Compute(margins ? rows : rows.Select(r => r with { Margin = 0 }), final), streamed);
        SummaryAssert.AccountsForEveryRow(rows.Length, streamed);
    }

    [Fact]
    public void Customers_in_time_order_need_no_recount_and_out_of_order_ones_are_named()
    {
        var t0 = new DateTime(2024, 1, 10);
        var s = new StreamingSummary(new SummaryOptions(End), endFromData: true, hasMargins: false);
        // Customer 0 in order, customer 1 out of order (a second-period row before the first), customer 2 in order with a
        // return in its repeat period (netted from the returns kept as they passed, without its rows).
        s.Add(new TransactionBatch([0, 1, 2], [t0, t0.AddDays(5), t0], [10.0, 20.0, 30.0]), 3);
        Assert.Null(s.CustomersToRecount());
        s.Add(new TransactionBatch([0, 1, 2, 2], [t0.AddDays(3), t0, t0.AddDays(2), t0.AddDays(4)], [1.0, 2.0, 3.0, -1.0]), 3);
        Assert.Equal([false, true, false], s.CustomersToRecount() ?? []);
        Assert.Equal(new DateOnly(2024, 1, 16), s.ObservationEnd());
        CustomerSummaries summaries = s.Finish([new TransactionBatch([1, 1], [t0.AddDays(5), t0], [20.0, 2.0])]);
        Assert.Equal([2, 2, 2], summaries.PurchasePeriods.ToArray());
        Assert.Equal(2.0, summaries.MonetaryRepeatMean[2]); // 3 - 1: the return nets the repeat day
        Assert.Equal(20.0, summaries.MonetaryRepeatMean[1]); // recounted: the first day is t0 (2), the repeat t0 + 5 days
    }

    [Fact]
    public void The_index_space_grows_past_several_reallocations_without_losing_a_customer()
    {
        // 300,000 customers in batches of 4,096 rows: the accumulators are reallocated (65,536 -> 262,144 -> 1,048,576)
        // while customers already seen keep buying.
        const int customers = 300_000;
        var index = new List<int>();
        var time = new List<DateTime>();
        var amount = new List<double>();
        var rng = new Random(5);
        for (int c = 0; c < customers; c++)
        {
            index.Add(c);
            time.Add(new DateTime(2024, 1, 1).AddMinutes(c));
            amount.Add(1 + (c % 97));
            if (c > 0 && rng.Next(3) == 0)
            {
                int earlier = rng.Next(c);
                index.Add(earlier);
                time.Add(new DateTime(2024, 1, 1).AddMinutes(c).AddDays(3));
                amount.Add(0.25 * (1 + rng.Next(40)));
            }
        }

        var options = new SummaryOptions(new DateOnly(2024, 12, 31)) { Period = TimeUnit.Week };
        var s = new StreamingSummary(options, endFromData: false, hasMargins: false);
        int seen = 0;
        for (int start = 0; start < index.Count; start += 4096)
        {
            int n = Math.Min(4096, index.Count - start);
            int[] part = [.. index.GetRange(start, n)];
            seen = Math.Max(seen, part.Max() + 1);
            s.Add(new TransactionBatch(part, [.. time.GetRange(start, n)], [.. amount.GetRange(start, n)]), seen);
        }

        Assert.Equal(customers, s.CustomerCount);
        CustomerSummaries whole = Summarizer.Summarize([new TransactionBatch([.. index], [.. time], [.. amount])], options, customers);
        SummaryAssert.Identical(whole, s.Finish([]));
    }

    [Fact]
    public void Bad_batches_and_dates_are_refused()
    {
        var t = new DateTime(2024, 1, 1);
        var noMargins = new StreamingSummary(new SummaryOptions(End), endFromData: false, hasMargins: false);
        Assert.Throws<ArgumentException>(() => noMargins.Add(new TransactionBatch([0], [t], [1.0], [0.5]), 1));
        Assert.Throws<ArgumentException>(() => noMargins.Add(new TransactionBatch([3], [t], [1.0]), 3));
        Assert.Throws<ArgumentException>(() => new StreamingSummary(new SummaryOptions(End) { HoldoutEnd = End.AddDays(9) }, false, false));

        var lastDay = new StreamingSummary(new SummaryOptions(End), endFromData: true, hasMargins: false);
        lastDay.Add(new TransactionBatch([0, 0], [t, DateTime.MaxValue], [1.0, 2.0]), 1);
        var e = Assert.Throws<TransactionDataException>(() => lastDay.ObservationEnd());
        Assert.Contains("9999-12-31", e.Message, StringComparison.Ordinal);
        Assert.Throws<TransactionDataException>(() => lastDay.Finish([]));
    }

    /// <summary>The rows with customers renumbered in order of first appearance, as a reader's key map numbers them.</summary>
    private static Row[] FirstSeenOrder(Row[] rows)
    {
        var number = new Dictionary<int, int>();
        return [.. rows.Select(r => r with { Customer = number.TryGetValue(r.Customer, out int n) ? n : number[r.Customer] = number.Count })];
    }

    /// <summary>Options without a holdout (a streaming summary has none).</summary>
    private static SummaryOptions OptionsFor(Random rng) => new(End.AddDays(-rng.Next(0, 40)))
    {
        Period = rng.Next(2) == 0 ? TimeUnit.Day : TimeUnit.Week,
        TimeUnit = rng.Next(2) == 0 ? TimeUnit.Day : TimeUnit.Week,
        Returns = (ReturnsPolicy)rng.Next(3),
    };

    /// <summary>Overwrites a batch's memory, as the reader does with the next batch: nothing may have been kept.</summary>
    private static void Overwrite(TransactionBatch batch)
    {
        System.Runtime.InteropServices.MemoryMarshal.AsMemory(batch.CustomerIndexMemory).Span.Clear();
        System.Runtime.InteropServices.MemoryMarshal.AsMemory(batch.TimestampMemory).Span.Fill(DateTime.MinValue);
        System.Runtime.InteropServices.MemoryMarshal.AsMemory(batch.AmountMemory).Span.Fill(-1e300);
    }
}
