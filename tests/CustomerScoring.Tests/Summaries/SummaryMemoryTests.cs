using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Summaries;

/// <summary>
/// Summaries rent their columns from a shared pool and give them back on Dispose: reuse must never leak one summary's
/// numbers into another, and a disposed summary must refuse to be read.
/// </summary>
public class SummaryMemoryTests
{
    private static readonly SummaryOptions Options = new(new DateOnly(2024, 3, 15)) { HoldoutEnd = new DateOnly(2024, 3, 31) };

    [Fact]
    public void A_disposed_summary_refuses_to_be_read()
    {
        Row[] rows = RandomTransactions.Generate(7, maxRows: 200);
        CustomerSummaries s = Summarizer.Summarize(RandomTransactions.ToBatch(rows), Options);
        Assert.True(s.Count > 0);
        s.Dispose();
        s.Dispose(); // twice is harmless

        Assert.Throws<ObjectDisposedException>(() => s.TotalAmount.Length);
        Assert.Throws<ObjectDisposedException>(() => s.CustomerIndex.Length);
        Assert.Throws<ObjectDisposedException>(() => s.HoldoutAmount.Length);
        Assert.Throws<ObjectDisposedException>(() => s.RowOf(0));
        SummaryAssert.AccountsForEveryRow(rows.Length, s);
    }

    [Fact]
    public void Reused_memory_gives_the_same_result_as_fresh_memory()
    {
        // Larger data first, so that the smaller summaries afterwards get longer rented arrays holding stale numbers.
        Row[] large = RandomTransactions.Generate(11, maxRows: 5000, maxCustomers: 400, days: 120);
        Row[] small = RandomTransactions.Generate(12, maxRows: 300, maxCustomers: 60, days: 120);
        List<ReferenceCustomer> expected = ReferenceSummary.Compute(small, Options);

        CustomerSummaries first = Summarizer.Summarize(RandomTransactions.ToBatch(small), Options);
        SummaryAssert.MatchesReference(expected, first);
        for (int round = 0; round < 3; round++)
        {
            Summarizer.Summarize(RandomTransactions.ToBatch(large), Options).Dispose();
            using CustomerSummaries again = Summarizer.Summarize(RandomTransactions.ToBatch(small), Options);
            SummaryAssert.MatchesReference(expected, again);
            SummaryAssert.Identical(first, again);
        }
    }

    [Fact]
    public void Partial_summaries_are_unaffected_by_disposing_their_results()
    {
        Row[] rows = RandomTransactions.Generate(21, maxRows: 400, maxCustomers: 50);
        PartialSummary partial = PartialSummary.Create(RandomTransactions.ToBatch(rows), Options);
        partial.ToSummaries().Dispose();
        using CustomerSummaries again = partial.ToSummaries();
        SummaryAssert.MatchesReference(ReferenceSummary.Compute(rows, Options), again);
    }
}
