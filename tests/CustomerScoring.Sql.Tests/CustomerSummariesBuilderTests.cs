using CustomerScoring.Summaries;
using Xunit;

namespace CustomerScoring.Sql.Tests;

/// <summary>The core's CustomerSummariesBuilder: rows that contradict the definitions are refused with the row named.</summary>
public sealed class CustomerSummariesBuilderTests
{
    private static readonly SummaryOptions Weeks = new(new DateOnly(2026, 2, 16)) { Returns = ReturnsPolicy.Keep, TimeUnit = TimeUnit.Week };
    private static readonly DateTime First = new(2026, 1, 5);
    private static readonly DateTime Last = new(2026, 1, 26);

    [Fact]
    public void A_valid_row_builds_and_the_portfolio_counts_are_kept()
    {
        var b = new CustomerSummariesBuilder(Weeks, hasMargins: false);
        b.Add(2, First, Last, 4, 3, 75.0, 75.0, 0.0, 0, 0.0, 3.0, 6.0, 3.0, 27.5, 2.0);
        CustomerSummaries s = b.Build(customersWithoutPurchases: 1, excludedAfterEnd: 3);
        Assert.Equal(1, s.Count);
        Assert.Equal(0, s.RowOf(2));
        Assert.Equal(-1, s.RowOf(0));
        Assert.Equal(2.0, s.Frequency[0]);
        Assert.Equal(4, s.TransactionsUsed);
        Assert.Equal(75.0, s.Revenue);
        Assert.Equal(1, s.CustomersWithoutPurchases);
        Assert.Equal(3, s.ExcludedAfterEnd);
        Assert.Throws<InvalidOperationException>(() => b.Build());
    }

    [Theory]
    [InlineData(1, 2.0, 6.0, 4.0, 0.0, 0.0, "t_x, gap and m are 0 exactly when x = 0")]   // x = 0 with t_x > 0
    [InlineData(3, 7.0, 6.0, 0.0, 27.5, 2.0, "<= T")]                                    // t_x > T
    [InlineData(3, 3.0, 6.0, 2.0, 27.5, 2.0, "is not T - t_x")]                           // since last wrong
    [InlineData(3, -1.0, 6.0, 7.0, 27.5, 2.0, "not a finite, non-negative time")]
    public void Contradicting_rows_are_refused_with_the_row_named(int periods, double tx, double t, double since, double m, double gap, string message)
    {
        var b = new CustomerSummariesBuilder(Weeks, hasMargins: false);
        b.Add(0, First, Last, 4, 3, 75.0, 75.0, 0.0, 0, 0.0, 3.0, 6.0, 3.0, 27.5, 2.0);
        var e = Assert.Throws<ArgumentException>(() => b.Add(1, First, Last, 4, periods, 75.0, 75.0, 0.0, 0, 0.0, tx, t, since, m, gap));
        Assert.StartsWith("Summary row 1: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_dates_margins_and_holdout_are_checked()
    {
        var b = new CustomerSummariesBuilder(Weeks, hasMargins: false);
        b.Add(5, First, Last, 1, 1, 10.0, 10.0, 0.0, 0, 0.0, 0.0, 6.0, 6.0, 0.0, 0.0);
        Assert.Contains("not larger than the previous", Assert.Throws<ArgumentException>(() => b.Add(5, First, Last, 1, 1, 10.0, 10.0, 0.0, 0, 0.0, 0.0, 6.0, 6.0, 0.0, 0.0)).Message, StringComparison.Ordinal);
        Assert.Contains("after the observation end", Assert.Throws<ArgumentException>(() => b.Add(6, First, new DateTime(2026, 2, 17), 1, 1, 10.0, 10.0, 0.0, 0, 0.0, 0.0, 6.0, 6.0, 0.0, 0.0)).Message, StringComparison.Ordinal);
        Assert.Contains("without margins", Assert.Throws<ArgumentException>(() => b.Add(6, First, First, 1, 1, 10.0, 10.0, 0.0, 0, 1.0, 0.0, 6.0, 6.0, 0.0, 0.0)).Message, StringComparison.Ordinal);
        Assert.Contains("holdout not set", Assert.Throws<ArgumentException>(() => b.Add(6, First, First, 1, 1, 10.0, 10.0, 0.0, 0, 0.0, 0.0, 6.0, 6.0, 0.0, 0.0, 1, 1, 5.0)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Build(holdoutTransactionsOfNewCustomers: 1));
    }

    [Fact]
    public void Returns_must_add_up_under_the_policy_and_the_portfolio_counts_them()
    {
        // fay of docs/summaries.md: purchases 80 + 40, a refund of 25; Net total 95, Exclude total 120.
        var net = new CustomerSummariesBuilder(Weeks with { Returns = ReturnsPolicy.Net }, hasMargins: false);
        Assert.Contains("is not gross + returns", Assert.Throws<ArgumentException>(() => net.Add(0, First, Last, 2, 2, 120.0, 120.0, -25.0, 1, 0.0, 3.0, 6.0, 3.0, 40.0, 3.0)).Message, StringComparison.Ordinal);
        Assert.Contains("zero or negative value", Assert.Throws<ArgumentException>(() => net.Add(0, First, Last, 2, 2, 145.0, 120.0, 25.0, 1, 0.0, 3.0, 6.0, 3.0, 40.0, 3.0)).Message, StringComparison.Ordinal);
        net.Add(0, First, Last, 2, 2, 95.0, 120.0, -25.0, 1, 0.0, 3.0, 6.0, 3.0, 40.0, 3.0);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Build(customersWithoutPurchases: 0, returns: new SummaryReturnCounts { CustomersWithOnlyReturns = 1, ReturnsOfCustomersWithoutPurchases = 1, ReturnsValueOfCustomersWithoutPurchases = -12.0 }));
        CustomerSummaries s = net.Build(customersWithoutPurchases: 1, returns: new SummaryReturnCounts { CustomersWithOnlyReturns = 1, ReturnsOfCustomersWithoutPurchases = 1, ReturnsValueOfCustomersWithoutPurchases = -12.0 });
        Assert.Equal((95.0, 120.0, 2L, -37.0, 1, 1L), (s.Revenue, s.GrossRevenue, s.ReturnTransactions, s.ReturnsValue, s.CustomersWithOnlyReturns, s.ReturnsOfCustomersWithoutPurchases));

        var exclude = new CustomerSummariesBuilder(Weeks with { Returns = ReturnsPolicy.Exclude }, hasMargins: false);
        Assert.Contains("is not gross", Assert.Throws<ArgumentException>(() => exclude.Add(0, First, Last, 2, 2, 95.0, 120.0, -25.0, 1, 0.0, 3.0, 6.0, 3.0, 40.0, 3.0)).Message, StringComparison.Ordinal);

        var keep = new CustomerSummariesBuilder(Weeks, hasMargins: false);
        Assert.Contains("ReturnsPolicy.Keep", Assert.Throws<ArgumentException>(() => keep.Add(0, First, Last, 2, 2, 95.0, 120.0, -25.0, 1, 0.0, 3.0, 6.0, 3.0, 40.0, 3.0)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => keep.Build(customersWithoutPurchases: 1, returns: new SummaryReturnCounts { CustomersWithOnlyReturns = 1, ReturnsOfCustomersWithoutPurchases = 1 }));
    }
}
