using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Concentration;

/// <summary>
/// Row, customer index and key are three different numbers once some customers have no summary row. The documented way
/// from a ranked row to a key, <c>keys.KeyOf(summaries.CustomerIndex[row])</c>, must give the right customer; reading the
/// row as a customer index must not (or the test could not tell the two apart).
/// </summary>
public class RowsAndKeysTests
{
    private static readonly DateOnly End = new(2026, 2, 28);

    /// <summary>
    /// Customers in order of first appearance: zoe and yan buy only after the analysis date (customer indices 0 and 2, no
    /// summary row); ann (index 1) 20 + 15 = 35, bob (index 3) 70, cy (index 4) 5.
    /// </summary>
    private static CustomerTransactions<string> Sales()
    {
        var b = new TransactionBatchBuilder<string>();
        b.Add("zoe", new DateTime(2026, 3, 5), 400);
        b.Add("ann", new DateTime(2026, 1, 10), 20);
        b.Add("yan", new DateTime(2026, 3, 9), 900);
        b.Add("bob", new DateTime(2026, 1, 12), 70);
        b.Add("ann", new DateTime(2026, 2, 1), 15);
        b.Add("cy", new DateTime(2026, 2, 20), 5);
        return b.Build();
    }

    [Fact]
    public void A_ranked_row_leads_to_its_key_through_the_summary_customer_index()
    {
        CustomerTransactions<string> data = Sales();
        CustomerSummaries s = Summarizer.Summarize(data, new SummaryOptions(End));
        Assert.Equal(3, s.Count);
        Assert.Equal(2, s.CustomersWithoutPurchases);

        ParetoAnalysis p = ParetoAnalysis.Analyze(s.TotalAmount);
        string[] byDocs = [.. p.TopCustomers(p.Count).Select(c => data.Customers.KeyOf(s.CustomerIndex[c.Row]))];
        Assert.Equal(["bob", "ann", "cy"], byDocs);
        Assert.Equal([70.0, 35, 5], p.ValuesDescending.ToArray());
        Assert.Equal([.. p.RowsByValue], p.TopCustomers(p.Count).Select(c => c.Row));

        // Reading the row as a customer index names other customers: bob's row 1 is ann's index, ann's row 0 is zoe's.
        string[] misread = [.. p.RowsByValue.ToArray().Select(row => data.Customers.KeyOf(row))];
        Assert.Equal(["ann", "zoe", "yan"], misread);

        // ABC classes are by row too. Bob alone holds 70 / 110 = 64%, short of 80%: A = {bob, ann} (105 / 110 = 95.5%), C = {cy}.
        AbcClassification abc = p.ClassifyAbc();
        Assert.Equal(AbcClass.A, abc.Classes[s.RowOf(data.Customers.IndexOf("bob"))]);
        Assert.Equal(AbcClass.A, abc.Classes[s.RowOf(data.Customers.IndexOf("ann"))]);
        Assert.Equal(AbcClass.C, abc.Classes[s.RowOf(data.Customers.IndexOf("cy"))]);
        Assert.Equal(-1, s.RowOf(data.Customers.IndexOf("zoe")));
    }

    [Fact]
    public void Rfm_scores_are_by_row_and_reach_the_key_the_same_way()
    {
        CustomerTransactions<string> data = Sales();
        CustomerSummaries s = Summarizer.Summarize(data, new SummaryOptions(End));
        RfmResult rfm = new RfmScorer(
            DimensionBinning.Ntile(3, ScoreDirection.LowerIsBetter), DimensionBinning.Ntile(3), DimensionBinning.Ntile(3)).Score(s, data.Customers);

        // Monetary by hand: cy 5 < ann 35 < bob 70, three bins of one: cy 1, ann 2, bob 3.
        var monetaryByKey = new Dictionary<string, byte>();
        for (int row = 0; row < rfm.Count; row++)
        {
            monetaryByKey[data.Customers.KeyOf(s.CustomerIndex[row])] = rfm.MonetaryScores[row];
        }

        Assert.Equal(new Dictionary<string, byte> { ["cy"] = 1, ["ann"] = 2, ["bob"] = 3 }, monetaryByKey);
    }
}
