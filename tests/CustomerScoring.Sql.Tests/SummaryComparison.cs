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
        // The portfolio sums are the core's CustomerSummariesBuilder adding the customers' (exact) totals in double
        // precision; in memory they are summed exactly, so they agree to rounding only.
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
            // Times are the same double arithmetic on whole days, and amounts are summed exactly in the engine (whole
            // numbers of 2^-64 units, rounded once) as in memory: both agree to the last bit.
            Same(expected.Recency[r], a.Recency[s], "t_x", key);
            Same(expected.Age[r], a.Age[s], "T", key);
            Same(expected.TimeSinceLastPurchase[r], a.TimeSinceLastPurchase[s], "time since last", key);
            Same(expected.GapBeforeLastPurchase[r], a.GapBeforeLastPurchase[s], "gap", key);
            Assert.Equal(expected.ReturnCount[r], a.ReturnCount[s]);
            Assert.Equal(expected.DaysSinceLastPurchase[r], a.DaysSinceLastPurchase[s]);
            Same(expected.TotalAmount[r], a.TotalAmount[s], "total", key);
            Same(expected.GrossAmount[r], a.GrossAmount[s], "gross", key);
            Same(expected.ReturnsAmount[r], a.ReturnsAmount[s], "returns", key);
            Same(expected.TotalMargin[r], a.TotalMargin[s], "margin", key);
            Same(expected.MonetaryRepeatMean[r], a.MonetaryRepeatMean[s], "m", key);
            if (expected.HasHoldout)
            {
                Assert.Equal(expected.HoldoutPurchasePeriods[r], a.HoldoutPurchasePeriods[s]);
                Assert.Equal(expected.HoldoutTransactionCount[r], a.HoldoutTransactionCount[s]);
                Same(expected.HoldoutAmount[r], a.HoldoutAmount[s], "holdout amount", key);
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

    /// <summary>The same double, bit for bit (so 0.0 and -0.0 differ).</summary>
    public static void Same(double expected, double actual, string what, string key) =>
        Assert.True(
            BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"{what} of customer {key}: expected {expected:R}, engine {actual:R}");

    private static void Close(double expected, double actual, string what, string key, double scale = 0.0)
    {
        double tolerance = Relative * Math.Max(Math.Max(Math.Abs(expected), scale), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what} of customer {key}: expected {expected:R}, engine {actual:R}");
    }
}
