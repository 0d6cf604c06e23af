using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Sql.Tests;

/// <summary>Compares summaries from an engine with the in-memory Summarizer's, customer by customer through the keys.</summary>
internal static class SummaryComparison
{
    private const double Relative = 1e-9;

    public static void AssertEqual(CustomerSummaries expected, CustomerKeyMap<string> expectedKeys, KeyedSummaries<string> actual)
    {
        CustomerSummaries a = actual.Summaries;
        Assert.Equal(expected.Count, a.Count);
        Assert.Equal(expected.TransactionsUsed, a.TransactionsUsed);
        Assert.Equal(expected.ExcludedAfterEnd, a.ExcludedAfterEnd);
        Assert.Equal(expected.CustomersWithoutPurchases, a.CustomersWithoutPurchases);
        Assert.Equal(expected.HasHoldout, a.HasHoldout);
        Assert.Equal(expected.HasMargins, a.HasMargins);
        Assert.Equal(expected.HoldoutTransactionsUsed, a.HoldoutTransactionsUsed);
        Assert.Equal(expected.HoldoutTransactionsOfNewCustomers, a.HoldoutTransactionsOfNewCustomers);
        Assert.Equal(expected.HoldoutLength, a.HoldoutLength);
        Assert.Equal(expected.Returns, a.Returns);
        Assert.Equal(expected.ReturnTransactions, a.ReturnTransactions);
        Assert.Equal(expected.CustomersWithOnlyReturns, a.CustomersWithOnlyReturns);
        Assert.Equal(expected.ReturnsOfCustomersWithoutPurchases, a.ReturnsOfCustomersWithoutPurchases);
        Assert.Equal(expected.HoldoutReturnTransactions, a.HoldoutReturnTransactions);
        Close(expected.Revenue, a.Revenue, "revenue", "all", Scale(expected.GrossAmount) + Scale(expected.ReturnsAmount));
        Close(expected.GrossRevenue, a.GrossRevenue, "gross revenue", "all", Scale(expected.GrossAmount));
        Close(expected.ReturnsValue, a.ReturnsValue, "returns value", "all", Math.Abs(expected.ReturnsValue) + 1.0);
        for (int r = 0; r < expected.Count; r++)
        {
            string key = expectedKeys.KeyOf(expected.CustomerIndex[r]);
            Assert.True(actual.Customers.TryGetIndex(key, out int index), $"customer {key} is missing from the engine's summary");
            int s = a.RowOf(index);
            Assert.True(s >= 0, $"customer {key} has no row");
            Assert.Equal(expected.TransactionCount[r], a.TransactionCount[s]);
            Assert.Equal(expected.PurchasePeriods[r], a.PurchasePeriods[s]);
            Assert.Equal(expected.Frequency[r], a.Frequency[s]);
            Assert.Equal(expected.FirstPurchase[r], a.FirstPurchase[s]);
            Assert.Equal(expected.LastPurchase[r], a.LastPurchase[s]);
            Close(expected.Recency[r], a.Recency[s], "t_x", key);
            Close(expected.Age[r], a.Age[s], "T", key);
            Close(expected.TimeSinceLastPurchase[r], a.TimeSinceLastPurchase[s], "time since last", key);
            Close(expected.GapBeforeLastPurchase[r], a.GapBeforeLastPurchase[s], "gap", key);
            Assert.Equal(expected.ReturnCount[r], a.ReturnCount[s]);
            Assert.Equal(expected.DaysSinceLastPurchase[r], a.DaysSinceLastPurchase[s]);
            double amounts = Math.Abs(expected.GrossAmount[r]) + Math.Abs(expected.ReturnsAmount[r]) + 1.0;
            Close(expected.TotalAmount[r], a.TotalAmount[s], "total", key, amounts);
            Close(expected.GrossAmount[r], a.GrossAmount[s], "gross", key, amounts);
            Close(expected.ReturnsAmount[r], a.ReturnsAmount[s], "returns", key, amounts);
            Close(expected.TotalMargin[r], a.TotalMargin[s], "margin", key, 1.0);

            // Amounts: 1e-9 relative to the customer's gross plus returns (at least 1 currency unit: netting can cancel a sum
            // to ~0, where the order of the additions decides the last bits); m = (gross - first period) / x likewise.
            Close(expected.MonetaryRepeatMean[r], a.MonetaryRepeatMean[s], "m", key, amounts + Math.Abs(expected.MonetaryRepeatMean[r]));
            if (expected.HasHoldout)
            {
                Assert.Equal(expected.HoldoutPurchasePeriods[r], a.HoldoutPurchasePeriods[s]);
                Assert.Equal(expected.HoldoutTransactionCount[r], a.HoldoutTransactionCount[s]);
                Close(expected.HoldoutAmount[r], a.HoldoutAmount[s], "holdout amount", key, Math.Abs(expected.HoldoutAmount[r]) + 1.0);
            }
        }
    }

    private static double Scale(ReadOnlySpan<double> values)
    {
        double s = 0.0;
        foreach (double v in values)
        {
            s += Math.Abs(v);
        }

        return s;
    }

    private static void Close(double expected, double actual, string what, string key, double scale = 0.0)
    {
        double tolerance = Relative * Math.Max(Math.Max(Math.Abs(expected), scale), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what} of customer {key}: expected {expected:R}, engine {actual:R}");
    }
}
