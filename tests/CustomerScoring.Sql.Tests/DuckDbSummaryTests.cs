using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using DuckDB.NET.Data;
using FsCheck;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Sql.Tests;

/// <summary>Summaries computed by embedded DuckDB equal the in-memory Summarizer's.</summary>
public sealed class DuckDbSummaryTests
{
    private static readonly TransactionSource Sales = TransactionSource.FromTable("sales");

    [Fact]
    public void Cdnow_summaries_equal_the_in_memory_summarizer_for_every_period_unit_and_holdout()
    {
        using DuckDBConnection db = Engines.OpenDuckDb();
        Engines.LoadDuckDb(db, TestData.Cdnow);
        CustomerTransactions<string> data = TestData.InMemory(TestData.Cdnow, withMargins: false);
        foreach (SummaryOptions options in TestData.OptionVariants(new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30)))
        {
            CustomerSummaries expected = Summarizer.Summarize(data, options);
            KeyedSummaries<string> actual = SqlSummaries.Read<string>(db, Sales, options, SqlDialect.DuckDb);
            Assert.Equal(2357, actual.Summaries.Count);
            SummaryComparison.AssertEqual(expected, data.Customers, actual);
        }
    }

    [Fact]
    public void Margins_and_a_query_source_are_summarized_like_in_memory()
    {
        using DuckDBConnection db = Engines.OpenDuckDb();
        Engines.LoadDuckDb(db, TestData.Cdnow);
        CustomerTransactions<string> data = TestData.InMemory(TestData.Cdnow, withMargins: true);
        var options = new SummaryOptions(new DateOnly(1997, 6, 30)) { Returns = ReturnsPolicy.Keep, TimeUnit = TimeUnit.Week, HoldoutEnd = new DateOnly(1997, 12, 31) };
        TransactionSource source = TransactionSource.FromQuery("SELECT customer_id AS \"who\", \"timestamp\" AS \"when\", amount AS \"how much\", margin AS \"m\" FROM sales")
            with { CustomerColumn = "who", TimestampColumn = "when", AmountColumn = "how much", MarginColumn = "m" };
        CustomerSummaries expected = Summarizer.Summarize(data, options);
        KeyedSummaries<string> actual = SqlSummaries.Read<string>(db, source, options, SqlDialect.DuckDb);
        Assert.True(actual.Summaries.HasMargins);
        SummaryComparison.AssertEqual(expected, data.Customers, actual);
    }

    [Property(MaxTest = 80)]
    public void Random_transaction_sets_equal_the_in_memory_summarizer(PositiveInt seed, bool weeklyPeriods, bool weekUnit, bool holdout, bool margins, byte policy)
    {
        var end = new DateOnly(2026, 3, 1).AddDays(seed.Get % 7);   // every weekday as the observation end
        Txn[] rows = TestData.Random(seed.Get, end, 1 + (seed.Get % 97));
        var options = new SummaryOptions(end)
        {
            Returns = TestData.Policy(policy),
            Period = weeklyPeriods ? TimeUnit.Week : TimeUnit.Day,
            TimeUnit = weekUnit ? TimeUnit.Week : TimeUnit.Day,
            HoldoutEnd = holdout ? end.AddDays(1 + (seed.Get % 13)) : null,
        };
        using DuckDBConnection db = Engines.OpenDuckDb();
        Engines.LoadDuckDb(db, rows);
        CustomerTransactions<string> data = TestData.InMemory(rows, margins);
        CustomerSummaries expected = Summarizer.Summarize(data, options);
        TransactionSource source = margins ? Sales with { MarginColumn = "margin" } : Sales;
        KeyedSummaries<string> actual = SqlSummaries.Read<string>(db, source, options, SqlDialect.DuckDb);
        SummaryComparison.AssertEqual(expected, data.Customers, actual);
    }

    [Theory]
    [InlineData(ReturnsPolicy.Net)]
    [InlineData(ReturnsPolicy.Exclude)]
    [InlineData(ReturnsPolicy.Keep)]
    public void Online_retail_lines_with_cancellations_equal_the_in_memory_summarizer(ReturnsPolicy policy)
    {
        using DuckDBConnection db = Engines.OpenDuckDb();
        CustomerTransactions<string> data = TestData.InMemory(TestData.OnlineRetail, withMargins: false);
        var options = new SummaryOptions(new DateOnly(2010, 12, 1)) { Returns = policy };
        CustomerSummaries expected = Summarizer.Summarize(data, options);
        KeyedSummaries<string> actual = SqlSummaries.Read<string>(db, TransactionSource.FromQuery(TestData.OnlineRetailQuery), options, SqlDialect.DuckDb);
        Assert.True(policy == ReturnsPolicy.Keep || expected.ReturnTransactions > 0, "the excerpt has cancellations");
        SummaryComparison.AssertEqual(expected, data.Customers, actual);
    }

    [Fact]
    public void Returns_follow_the_policy_as_in_the_documented_example()
    {
        // docs/summaries.md, "Returns and cancellations": fay, gus and hal, by hand.
        using DuckDBConnection db = Engines.OpenDuckDb();
        Engines.LoadDuckDb(db,
        [
            new("fay", new DateTime(2026, 1, 5), 80.00, 0), new("fay", new DateTime(2026, 1, 19), 40.00, 0), new("fay", new DateTime(2026, 1, 30), -25.00, 0),
            new("gus", new DateTime(2026, 2, 2, 10, 0, 0), 500.00, 0), new("gus", new DateTime(2026, 2, 2, 16, 0, 0), -500.00, 0), new("gus", new DateTime(2026, 2, 10), 30.00, 0),
            new("hal", new DateTime(2026, 2, 9), -12.00, 0),
        ]);
        var end = new DateOnly(2026, 2, 16);
        {
            KeyedSummaries<string> net = SqlSummaries.Read<string>(db, Sales, new SummaryOptions(end) { Returns = ReturnsPolicy.Net }, SqlDialect.DuckDb);
            CustomerSummaries s = net.Summaries;
            int fay = s.RowOf(net.Customers.IndexOf("fay"));
            // fay's refund nets into her repeat period (m = 40 - 25); gus's cancellation into his first period (m = 30).
            Assert.Equal((2, 1.0, 95.0, 120.0, -25.0, 1, 15.0), (s.Count, s.Frequency[fay], s.TotalAmount[fay], s.GrossAmount[fay], s.ReturnsAmount[fay], s.ReturnCount[fay], s.MonetaryRepeatMean[fay]));
            Assert.Equal(30.0, s.MonetaryRepeatMean[s.RowOf(net.Customers.IndexOf("gus"))]);
            Assert.Equal((3L, -537.0, 1, 125.0, 650.0), (s.ReturnTransactions, s.ReturnsValue, s.CustomersWithOnlyReturns, s.Revenue, s.GrossRevenue));
            Assert.Equal(new DateTime(2026, 1, 19), s.LastPurchase[fay]);
        }

        {
            KeyedSummaries<string> exclude = SqlSummaries.Read<string>(db, Sales, new SummaryOptions(end) { Returns = ReturnsPolicy.Exclude }, SqlDialect.DuckDb);
            Assert.Equal((650.0, 650.0, 3L), (exclude.Summaries.Revenue, exclude.Summaries.GrossRevenue, exclude.Summaries.ReturnTransactions));
        }

        KeyedSummaries<string> keep = SqlSummaries.Read<string>(db, Sales, new SummaryOptions(end) { Returns = ReturnsPolicy.Keep }, SqlDialect.DuckDb);
        int fayKept = keep.Summaries.RowOf(keep.Customers.IndexOf("fay"));
        Assert.Equal((3, 2.0, 7.5, 113.0), (keep.Summaries.Count, keep.Summaries.Frequency[fayKept], keep.Summaries.MonetaryRepeatMean[fayKept], keep.Summaries.Revenue));
    }

    [Fact]
    public void Net_repeat_mean_takes_the_returns_of_the_repeat_periods_and_is_zero_when_they_cancel_the_spend()
    {
        // By hand. ivy: a return before her first purchase nets into the first period, one between the first and second
        // purchase period too, one in a later week after the second purchase into the repeat periods: weekly periods
        // (Mon 2026-01-05, 01-12, 01-19), m = (20 + 10 - 6) / 2 = 12. joe: his repeat purchase of 20 is returned (-25 after
        // it), m = 0 rather than negative; his total 100 + 20 - 25 = 95. ivy's total 80 - 17 = 63.
        using DuckDBConnection db = Engines.OpenDuckDb();
        Engines.LoadDuckDb(db,
        [
            new("ivy", new DateTime(2026, 1, 2), -7.00, 0), new("ivy", new DateTime(2026, 1, 5), 50.00, 0), new("ivy", new DateTime(2026, 1, 9), -4.00, 0),
            new("ivy", new DateTime(2026, 1, 12), 20.00, 0), new("ivy", new DateTime(2026, 1, 19), 10.00, 0), new("ivy", new DateTime(2026, 1, 28), -6.00, 0),
            new("joe", new DateTime(2026, 1, 6), 100.00, 0), new("joe", new DateTime(2026, 1, 14), 20.00, 0), new("joe", new DateTime(2026, 1, 27), -25.00, 0),
        ]);
        var options = new SummaryOptions(new DateOnly(2026, 1, 31)) { Returns = ReturnsPolicy.Net, Period = TimeUnit.Week };
        KeyedSummaries<string> net = SqlSummaries.Read<string>(db, Sales, options, SqlDialect.DuckDb);
        CustomerSummaries s = net.Summaries;
        int ivy = s.RowOf(net.Customers.IndexOf("ivy")), joe = s.RowOf(net.Customers.IndexOf("joe"));
        Assert.Equal((2.0, 63.0, 12.0), (s.Frequency[ivy], s.TotalAmount[ivy], s.MonetaryRepeatMean[ivy]));
        Assert.Equal((1.0, 95.0, 0.0), (s.Frequency[joe], s.TotalAmount[joe], s.MonetaryRepeatMean[joe]));
    }

    [Fact]
    public void Rows_with_a_null_customer_key_timestamp_or_amount_are_reported_not_dropped()
    {
        using DuckDBConnection db = Engines.OpenDuckDb();
        Engines.LoadDuckDb(db, TestData.Random(1, new DateOnly(2026, 3, 1), 20));
        Engines.Execute(db, "INSERT INTO sales VALUES (NULL, TIMESTAMP '2026-02-01 10:00:00', 5.0, 1.0), ('x', NULL, 5.0, 1.0), ('y', TIMESTAMP '2026-02-01 10:00:00', NULL, 1.0)");
        var e = Assert.Throws<NullTransactionRowsException>(() => SqlSummaries.Read<string>(db, Sales, new SummaryOptions(new DateOnly(2026, 3, 1)) { Returns = ReturnsPolicy.Keep }, SqlDialect.DuckDb));
        Assert.Contains("3 transaction rows have a NULL", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Rows);
        Assert.Equal(FailureKind.BadData, e.Kind);
    }

    [Fact]
    public void Integer_customer_keys_are_read_as_their_type()
    {
        using DuckDBConnection db = Engines.OpenDuckDb();
        Engines.Execute(db, "CREATE TABLE t (id BIGINT, ts DATE, amt INTEGER); INSERT INTO t VALUES (7, DATE '2026-01-05', 10), (7, DATE '2026-01-12', 20), (9, DATE '2026-01-06', 5)");
        TransactionSource source = TransactionSource.FromTable("t") with { CustomerColumn = "id", TimestampColumn = "ts", AmountColumn = "amt" };
        KeyedSummaries<long> s = SqlSummaries.Read<long>(db, source, new SummaryOptions(new DateOnly(2026, 1, 31)) { Returns = ReturnsPolicy.Keep }, SqlDialect.DuckDb);
        int row = s.Summaries.RowOf(s.Customers.IndexOf(7L));
        Assert.Equal(1.0, s.Summaries.Frequency[row]);
        Assert.Equal(7.0, s.Summaries.Recency[row]);
        Assert.Equal(20.0, s.Summaries.MonetaryRepeatMean[row]);
    }
}
