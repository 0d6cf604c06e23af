using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Rfm;

/// <summary>
/// One negative-value policy, <see cref="NegativeValues"/>, for RFM's monetary values and for concentration: each stage
/// applies the members it can and refuses the others by name.
/// </summary>
public class NegativeValuesTests
{
    /// <summary>ann 50; bo 10 and -40 kept as purchases (ReturnsPolicy.Keep): total -30; cy 20.</summary>
    private static (CustomerSummaries Summaries, CustomerKeyMap<string> Keys) Sample()
    {
        var b = new TransactionBatchBuilder<string>();
        b.Add("ann", new DateTime(2026, 1, 5), 50);
        b.Add("bo", new DateTime(2026, 1, 6), 10);
        b.Add("bo", new DateTime(2026, 1, 9), -40);
        b.Add("cy", new DateTime(2026, 1, 7), 20);
        CustomerTransactions<string> data = b.Build();
        return (Summarizer.Summarize(data, new SummaryOptions(new DateOnly(2026, 1, 31)) { Returns = ReturnsPolicy.Keep }), data.Customers);
    }

    [Fact]
    public void Rfm_keeps_clips_or_rejects_a_negative_monetary_value()
    {
        (CustomerSummaries s, _) = Sample();
        int bo = 1; // rows follow customer indices here: ann 0, bo 1, cy 2
        Assert.Equal(-30.0, s.TotalAmount[bo]);

        RfmValues kept = RfmValues.From(s);
        Assert.Equal([50.0, -30, 20], kept.Monetary);
        Assert.Equal(1, kept.NegativeCount);

        RfmValues clipped = RfmValues.From(s, new RfmValueOptions { Negatives = NegativeValues.ClipToZero });
        Assert.Equal([50.0, 0, 20], clipped.Monetary);
        Assert.Equal(1, clipped.NegativeCount);

        var e = Assert.Throws<ArgumentException>(() => RfmValues.From(s, new RfmValueOptions { Negatives = NegativeValues.Reject }));
        Assert.Contains("summary row 1 is negative (-30)", e.Message, StringComparison.Ordinal);

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => RfmScorer.Default.Score(s, new RfmValueOptions { Negatives = NegativeValues.Exclude }));
        Assert.Contains("cannot exclude", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concentration_takes_the_same_policy_and_refuses_to_keep_negatives()
    {
        (CustomerSummaries s, _) = Sample();
        ParetoAnalysis clipped = ParetoAnalysis.Analyze(s.TotalAmount, NegativeValues.ClipToZero);
        Assert.Equal(70.0, clipped.Total);
        Assert.Equal(1, clipped.NegativeCount);
        Assert.Equal(2, ParetoAnalysis.Analyze(s.TotalAmount, NegativeValues.Exclude).Count);
        Assert.Throws<ArgumentException>(() => ParetoAnalysis.Analyze(s.TotalAmount, NegativeValues.Reject));
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => ParetoAnalysis.Analyze(s.TotalAmount, NegativeValues.Keep));
        Assert.Contains("cannot keep", refused.Message, StringComparison.Ordinal);
    }
}
