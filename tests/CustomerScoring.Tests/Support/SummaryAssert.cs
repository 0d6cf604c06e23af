using CustomerScoring.Summaries;
using Xunit;

namespace CustomerScoring.Tests.Support;

internal static class SummaryAssert
{
    private const double Tolerance = 1e-9;

    public static void Close(double expected, double actual, string what)
    {
        double scale = Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= Tolerance * scale, $"{what}: expected {expected}, got {actual}");
    }

    public static void MatchesReference(IReadOnlyList<ReferenceCustomer> expected, CustomerSummaries actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            ReferenceCustomer e = expected[i];
            string who = $"customer {e.Customer}";
            Assert.Equal(e.Customer, actual.CustomerIndex[i]);
            Assert.Equal(e.First, actual.FirstPurchase[i]);
            Assert.Equal(e.Last, actual.LastPurchase[i]);
            Assert.Equal(e.Transactions, actual.TransactionCount[i]);
            Assert.True(e.Periods == actual.PurchasePeriods[i], $"{who}: periods {e.Periods} vs {actual.PurchasePeriods[i]}");
            Close(e.Total, actual.TotalAmount[i], who + " total");
            Close(e.Margin, actual.TotalMargin[i], who + " margin");
            Close(e.Frequency, actual.Frequency[i], who + " x");
            Close(e.Recency, actual.Recency[i], who + " t_x");
            Close(e.Age, actual.Age[i], who + " T");
            Close(e.SinceLast, actual.TimeSinceLastPurchase[i], who + " since last");
            Close(e.RepeatMean, actual.MonetaryRepeatMean[i], who + " repeat mean");
            Close(e.LastGap, actual.GapBeforeLastPurchase[i], who + " gap before last purchase");
            if (actual.HasHoldout)
            {
                Assert.True(e.HoldoutPeriods == actual.HoldoutPurchasePeriods[i], $"{who}: holdout periods {e.HoldoutPeriods} vs {actual.HoldoutPurchasePeriods[i]}");
                Assert.Equal(e.HoldoutTransactions, actual.HoldoutTransactionCount[i]);
                Close(e.HoldoutAmount, actual.HoldoutAmount[i], who + " holdout amount");
            }
        }
    }

    /// <summary>Every column equal, bit for bit.</summary>
    public static void Identical(CustomerSummaries a, CustomerSummaries b)
    {
        Assert.Equal(a.Count, b.Count);
        Assert.True(a.CustomerIndex.SequenceEqual(b.CustomerIndex));
        Assert.True(a.FirstPurchase.SequenceEqual(b.FirstPurchase));
        Assert.True(a.LastPurchase.SequenceEqual(b.LastPurchase));
        Assert.True(a.TransactionCount.SequenceEqual(b.TransactionCount));
        Assert.True(a.PurchasePeriods.SequenceEqual(b.PurchasePeriods));
        Assert.True(a.TotalAmount.SequenceEqual(b.TotalAmount));
        Assert.True(a.MonetaryRepeatMean.SequenceEqual(b.MonetaryRepeatMean));
        Assert.True(a.GapBeforeLastPurchase.SequenceEqual(b.GapBeforeLastPurchase));
        Assert.True(a.HoldoutPurchasePeriods.SequenceEqual(b.HoldoutPurchasePeriods));
        Assert.True(a.HoldoutTransactionCount.SequenceEqual(b.HoldoutTransactionCount));
        Assert.True(a.HoldoutAmount.SequenceEqual(b.HoldoutAmount));
        Assert.True(a.TotalMargin.SequenceEqual(b.TotalMargin));
        Assert.True(a.Frequency.SequenceEqual(b.Frequency));
        Assert.True(a.Recency.SequenceEqual(b.Recency));
        Assert.True(a.Age.SequenceEqual(b.Age));
        Assert.True(a.TimeSinceLastPurchase.SequenceEqual(b.TimeSinceLastPurchase));
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(i, b.RowOf(b.CustomerIndex[i]));
        }

        Assert.Equal(a.Revenue, b.Revenue);
        Assert.Equal(a.CustomersWithoutPurchases, b.CustomersWithoutPurchases);
        Assert.Equal(a.HoldoutTransactionsOfNewCustomers, b.HoldoutTransactionsOfNewCustomers);
        Assert.Equal(a.TransactionsUsed, b.TransactionsUsed);
        Assert.Equal(a.ExcludedAfterEnd, b.ExcludedAfterEnd);
        Assert.Equal(a.HoldoutTransactionsUsed, b.HoldoutTransactionsUsed);
    }
}
