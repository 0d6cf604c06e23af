using CustomerScoring.Csv;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Summaries;

/// <summary>Issue 19: recency_days with weekly periods counted whole weeks between period starts (532 instead of 536 days).</summary>
public class RecencyDaysTests
{
    [Fact]
    public void Recency_in_days_counts_calendar_days_whatever_the_period()
    {
        var builder = new TransactionBatchBuilder<string>();
        builder.Add("a", new DateTime(2020, 1, 1), 10);  // a Wednesday
        builder.Add("b", new DateTime(2021, 6, 1), 20);
        CustomerTransactions<string> data = builder.Build();
        var end = new DateOnly(2021, 6, 20); // a Sunday, 536 days after 2020-01-01
        var options = new SummaryOptions(end) { Period = TimeUnit.Week };
        CustomerSummaries s = Summarizer.Summarize(data, options);
        Assert.Equal(536, s.DaysSinceLastPurchase[0]);
        Assert.Equal(532.0, s.TimeSinceLastPurchase[0]); // 76 whole weeks between the Mondays of the periods (what recency_days showed)
        Assert.Equal(19, s.DaysSinceLastPurchase[1]);

        RfmResult rfm = RfmScorer.Default.Score(s, data.Customers);
        var text = new StringWriter();
        new ScorecardCsvWriter<string>(s, data.Customers).WithRfm(rfm).Write(text);
        string[] lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int column = Array.IndexOf(lines[0].TrimEnd('\r').Split(','), "recency_days");
        Assert.Equal("536", lines[1].TrimEnd('\r').Split(',')[column]);
    }
}
