using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Summaries;

/// <summary>The summary of the CDNOW sample against the published calibration summaries.</summary>
public class CdnowSummaryTests
{
    private static readonly SummaryOptions Calibration = new(new DateOnly(1997, 9, 30)) { Period = TimeUnit.Day, TimeUnit = TimeUnit.Week };

    [Fact]
    public void Reproduces_published_frequency_recency_and_age_for_all_2357_customers()
    {
        CustomerTransactions<int> data = CdnowData.LoadSample();
        CustomerSummaries s = Summarizer.Summarize(data, Calibration);
        Dictionary<int, double[]> published = CdnowData.LoadSummary("cdnow_customers_summary.csv");

        Assert.Equal(2357, published.Count);
        Assert.Equal(2357, s.Count);
        foreach (var (id, row) in published)
        {
            int r = s.RowOf(data.Customers.IndexOf(id));
            Assert.True(r >= 0, $"customer {id} has no summary row");
            Assert.Equal(row[0], s.Frequency[r]);
            // The published file rounds t_x and T to 2 decimals.
            Assert.True(Math.Abs(row[1] - s.Recency[r]) <= 0.005 + 1e-9, $"customer {id}: recency {s.Recency[r]} vs {row[1]}");
            Assert.True(Math.Abs(row[2] - s.Age[r]) <= 0.005 + 1e-9, $"customer {id}: T {s.Age[r]} vs {row[2]}");
        }
    }

    [Fact]
    public void Reproduces_published_mean_repeat_spend()
    {
        CustomerTransactions<int> data = CdnowData.LoadSample();
        CustomerSummaries s = Summarizer.Summarize(data, Calibration);
        Dictionary<int, double[]> published = CdnowData.LoadSummary("cdnow_customers_summary_with_transactions.csv");

        Assert.Equal(2357, published.Count);
        foreach (var (id, row) in published)
        {
            int r = s.RowOf(data.Customers.IndexOf(id));
            Assert.Equal(row[0], s.Frequency[r]);
            Assert.True(Math.Abs(row[3] - s.MonetaryRepeatMean[r]) <= 0.005 + 1e-9, $"customer {id}: zbar {s.MonetaryRepeatMean[r]} vs {row[3]}");
        }
    }

    [Fact]
    public void Counts_match_the_dataset_documentation()
    {
        // Figures from the dataset's README: 4,960 calibration rows and 4,814 distinct customer-days;
        // the holdout (1997-10-01 .. 1998-06-30) has 1,959 rows, 1,882 distinct customer-days and 684 active
        // customers; the repeat frequencies sum to 2,457 with 1,411 customers at 0; total $244,091.94.
        CustomerTransactions<int> data = CdnowData.LoadSample();
        CustomerSummaries s = Summarizer.Summarize(data, Calibration with { HoldoutEnd = new DateOnly(1998, 6, 30) });

        Assert.Equal(6919, data.Count);
        Assert.Equal(4960, s.TransactionsUsed);
        Assert.Equal(4814, s.PurchasePeriods.ToArray().Sum());
        Assert.Equal(1959, s.HoldoutTransactionsUsed);
        Assert.Equal(0, s.HoldoutTransactionsOfNewCustomers);
        Assert.Equal(0, s.ExcludedAfterEnd);
        Assert.Equal(1882, s.HoldoutPurchasePeriods.ToArray().Sum());
        Assert.Equal(684, s.HoldoutTransactionCount.ToArray().Count(c => c > 0));
        Assert.Equal(2457, s.Frequency.ToArray().Sum());
        Assert.Equal(1411, s.Frequency.ToArray().Count(x => x == 0));
        Assert.Equal(244091.94, s.Revenue + s.HoldoutAmount.ToArray().Sum(), 6);
        Assert.Equal(39.0, s.HoldoutLength, 12);
    }

    [Fact]
    public void Without_holdout_later_rows_are_excluded_and_counted()
    {
        CustomerTransactions<int> data = CdnowData.LoadSample();
        CustomerSummaries s = Summarizer.Summarize(data, Calibration);
        Assert.Equal(1959, s.ExcludedAfterEnd);
        Assert.Equal(data.Count, s.TransactionsUsed + s.ExcludedAfterEnd);
    }
}
