using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Summaries;

/// <summary>
/// Summaries are ordinary objects; a <see cref="ScoringWorkspace"/> keeps the accumulators between repeated summaries. Reuse
/// must never leak one summary's numbers into another, and a summary must not depend on the workspace it was made with.
/// </summary>
public class SummaryMemoryTests
{
    private static readonly SummaryOptions Options = new(new DateOnly(2024, 3, 15)) { HoldoutEnd = new DateOnly(2024, 3, 31) };

    [Fact]
    public void A_summary_outlives_its_workspace_and_a_disposed_workspace_is_refused()
    {
        Row[] rows = RandomTransactions.Generate(7, maxRows: 200);
        var workspace = new ScoringWorkspace();
        CustomerSummaries s = Summarizer.Summarize(RandomTransactions.ToBatch(rows), Options, workspace);
        Assert.True(s.Count > 0);
        Assert.True(workspace.RetainedBytes > 0);
        workspace.Dispose();
        workspace.Dispose(); // twice is harmless

        SummaryAssert.MatchesReference(ReferenceSummary.Compute(rows, Options), s);
        SummaryAssert.AccountsForEveryRow(rows.Length, s);
        Assert.Throws<ObjectDisposedException>(() => Summarizer.Summarize(RandomTransactions.ToBatch(rows), Options, workspace));
    }

    [Fact]
    public void A_reused_workspace_gives_the_same_result_as_fresh_memory()
    {
        // Larger data first, so that the smaller summaries afterwards get longer accumulator arrays holding stale sums.
        Row[] large = RandomTransactions.Generate(11, maxRows: 5000, maxCustomers: 400, days: 120);
        Row[] small = RandomTransactions.Generate(12, maxRows: 300, maxCustomers: 60, days: 120);
        List<ReferenceCustomer> expected = ReferenceSummary.Compute(small, Options);

        CustomerSummaries first = Summarizer.Summarize(RandomTransactions.ToBatch(small), Options);
        SummaryAssert.MatchesReference(expected, first);
        using var workspace = new ScoringWorkspace();
        long retained = 0;
        for (int round = 0; round < 3; round++)
        {
            CustomerSummaries big = Summarizer.Summarize(RandomTransactions.ToBatch(large), Options, workspace);
            CustomerSummaries again = Summarizer.Summarize(RandomTransactions.ToBatch(small), Options, workspace);
            SummaryAssert.MatchesReference(expected, again);
            SummaryAssert.Identical(first, again);
            SummaryAssert.MatchesReference(ReferenceSummary.Compute(large, Options), big);

            // The second round on takes its buffers from the workspace: it holds no more than after the first.
            Assert.True(round == 0 || workspace.RetainedBytes == retained, $"round {round}: {workspace.RetainedBytes} bytes, first round {retained}");
            retained = workspace.RetainedBytes;
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void A_reused_workspace_holding_stale_sums_gives_fresh_results_on_several_threads(int threads)
    {
        // Rented accumulators are not cleared when rented: each summarizing thread clears the customers it accumulates.
        // Stale sums of a larger summary must not reach any customer of a smaller one, whatever the thread split.
        Row[] large = RandomTransactions.Generate(31, maxRows: 6000, maxCustomers: 500, days: 120);
        Row[] small = RandomTransactions.Generate(32, maxRows: 400, maxCustomers: 70, days: 120);
        SummaryOptions options = Options with { MaxDegreeOfParallelism = threads };
        CustomerSummaries fresh = Summarizer.Summarize(RandomTransactions.ToBatch(small), Options with { MaxDegreeOfParallelism = 1 });
        SummaryAssert.MatchesReference(ReferenceSummary.Compute(small, Options), fresh);
        using var workspace = new ScoringWorkspace();
        for (int round = 0; round < 2; round++)
        {
            CustomerSummaries big = Summarizer.Summarize(RandomTransactions.ToBatch(large), options, workspace);
            SummaryAssert.MatchesReference(ReferenceSummary.Compute(large, Options), big);
            CustomerSummaries again = Summarizer.Summarize(RandomTransactions.ToBatch(small), options, workspace);
            SummaryAssert.Identical(fresh, again);
        }
    }

    [Fact]
    public void Results_are_independent_of_each_other()
    {
        // No result shares memory with another: a later summary of other data leaves an earlier one as it was.
        Row[] rows = RandomTransactions.Generate(21, maxRows: 400, maxCustomers: 50);
        PartialSummary partial = PartialSummary.Create(RandomTransactions.ToBatch(rows), Options);
        CustomerSummaries one = partial.ToSummaries();
        double[] totals = one.TotalAmount.ToArray();
        _ = Summarizer.Summarize(RandomTransactions.ToBatch(RandomTransactions.Generate(22, maxRows: 900, maxCustomers: 90)), Options);
        SummaryAssert.MatchesReference(ReferenceSummary.Compute(rows, Options), one);
        Assert.Equal(totals, one.TotalAmount.ToArray());
    }
}
