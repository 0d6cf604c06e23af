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
            Close(e.Gross, actual.GrossAmount[i], who + " gross");
            Close(e.ReturnsAmount, actual.ReturnsAmount[i], who + " returns amount");
            Assert.True(e.ReturnCount == actual.ReturnCount[i], $"{who}: returns {e.ReturnCount} vs {actual.ReturnCount[i]}");
            Assert.True(e.DaysSinceLast == actual.DaysSinceLastPurchase[i], $"{who}: days since last {e.DaysSinceLast} vs {actual.DaysSinceLastPurchase[i]}");
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

    /// <summary>Every column equal, bit for bit (doubles compared by their bits, so 0.0 and -0.0 differ).</summary>
    public static void Identical(CustomerSummaries a, CustomerSummaries b)
    {
        Assert.Equal(a.Count, b.Count);
        Assert.True(a.CustomerIndex.SequenceEqual(b.CustomerIndex));
        Assert.True(a.FirstPurchase.SequenceEqual(b.FirstPurchase));
        Assert.True(a.LastPurchase.SequenceEqual(b.LastPurchase));
        Assert.True(a.TransactionCount.SequenceEqual(b.TransactionCount));
        Assert.True(a.PurchasePeriods.SequenceEqual(b.PurchasePeriods));
        Assert.True(a.ReturnCount.SequenceEqual(b.ReturnCount));
        Assert.True(a.DaysSinceLastPurchase.SequenceEqual(b.DaysSinceLastPurchase));
        Assert.True(a.HoldoutPurchasePeriods.SequenceEqual(b.HoldoutPurchasePeriods));
        Assert.True(a.HoldoutTransactionCount.SequenceEqual(b.HoldoutTransactionCount));
        SameBits(a.TotalAmount, b.TotalAmount, "TotalAmount");
        SameBits(a.GrossAmount, b.GrossAmount, "GrossAmount");
        SameBits(a.ReturnsAmount, b.ReturnsAmount, "ReturnsAmount");
        SameBits(a.MonetaryRepeatMean, b.MonetaryRepeatMean, "MonetaryRepeatMean");
        SameBits(a.GapBeforeLastPurchase, b.GapBeforeLastPurchase, "GapBeforeLastPurchase");
        SameBits(a.HoldoutAmount, b.HoldoutAmount, "HoldoutAmount");
        SameBits(a.TotalMargin, b.TotalMargin, "TotalMargin");
        SameBits(a.Frequency, b.Frequency, "Frequency");
        SameBits(a.Recency, b.Recency, "Recency");
        SameBits(a.Age, b.Age, "Age");
        SameBits(a.TimeSinceLastPurchase, b.TimeSinceLastPurchase, "TimeSinceLastPurchase");
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(i, b.RowOf(b.CustomerIndex[i]));
        }

        SameBits([a.Revenue, a.GrossRevenue, a.ReturnsValue], [b.Revenue, b.GrossRevenue, b.ReturnsValue], "Revenue, GrossRevenue, ReturnsValue");
        Assert.Equal(a.CustomersWithoutPurchases, b.CustomersWithoutPurchases);
        Assert.Equal(a.CustomersWithOnlyReturns, b.CustomersWithOnlyReturns);
        Assert.Equal(a.ReturnTransactions, b.ReturnTransactions);
        Assert.Equal(a.HoldoutReturnTransactions, b.HoldoutReturnTransactions);
        Assert.Equal(a.ReturnsOfCustomersWithoutPurchases, b.ReturnsOfCustomersWithoutPurchases);
        Assert.Equal(a.HoldoutTransactionsOfNewCustomers, b.HoldoutTransactionsOfNewCustomers);
        Assert.Equal(a.TransactionsUsed, b.TransactionsUsed);
        Assert.Equal(a.ExcludedAfterEnd, b.ExcludedAfterEnd);
        Assert.Equal(a.HoldoutTransactionsUsed, b.HoldoutTransactionsUsed);
    }

    /// <summary>Two columns with the same bits in every position.</summary>
    public static void SameBits(ReadOnlySpan<double> a, ReadOnlySpan<double> b, string what)
    {
        Assert.True(a.Length == b.Length, $"{what}: lengths {a.Length} vs {b.Length}");
        for (int i = 0; i < a.Length; i++)
        {
            long x = BitConverter.DoubleToInt64Bits(a[i]);
            long y = BitConverter.DoubleToInt64Bits(b[i]);
            Assert.True(x == y, $"{what}[{i}]: {a[i]:R} (0x{x:X16}) vs {b[i]:R} (0x{y:X16})");
        }
    }

    /// <summary>Rows of every input row: purchases, returns, holdout, holdout of new customers and excluded add up.</summary>
    public static void AccountsForEveryRow(long rows, CustomerSummaries s) =>
        Assert.Equal(rows, s.TransactionsUsed + s.ReturnTransactions + s.HoldoutTransactionsUsed + s.HoldoutTransactionsOfNewCustomers
            + s.HoldoutReturnTransactions + s.ExcludedAfterEnd);
}
