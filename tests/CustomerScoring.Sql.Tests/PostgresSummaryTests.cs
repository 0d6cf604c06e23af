using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using FsCheck;
using FsCheck.Xunit;
using Npgsql;
using Xunit;

namespace CustomerScoring.Sql.Tests;

/// <summary>Summaries computed by a real PostgreSQL server equal the in-memory Summarizer's.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresSummaryTests(PostgresServer server)
{
    private static readonly TransactionSource Sales = TransactionSource.FromTable("public", "sales");

    [Fact]
    public void Cdnow_summaries_equal_the_in_memory_summarizer_for_every_period_unit_and_holdout()
    {
        using NpgsqlConnection db = server.Open();
        Engines.LoadPostgres(db, TestData.Cdnow);
        CustomerTransactions<string> data = TestData.InMemory(TestData.Cdnow, withMargins: true);
        foreach (SummaryOptions options in TestData.OptionVariants(new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30)))
        {
            CustomerSummaries expected = Summarizer.Summarize(data, options);
            KeyedSummaries<string> actual = SqlSummaries.Read<string>(db, Sales with { MarginColumn = "margin" }, options, SqlSummaries.DialectOf(db));
            Assert.Equal(2357, actual.Summaries.Count);
            SummaryComparison.AssertEqual(expected, data.Customers, actual);
        }
    }

    [Property(MaxTest = 40)]
    public void Random_transaction_sets_equal_the_in_memory_summarizer(PositiveInt seed, bool weeklyPeriods, bool weekUnit, bool holdout, byte policy)
    {
        var end = new DateOnly(2026, 3, 1).AddDays(seed.Get % 7);
        Txn[] rows = TestData.Random(seed.Get, end, 1 + (seed.Get % 97));
        var options = new SummaryOptions(end)
        {
            Returns = TestData.Policy(policy),
            Period = weeklyPeriods ? TimeUnit.Week : TimeUnit.Day,
            TimeUnit = weekUnit ? TimeUnit.Week : TimeUnit.Day,
            HoldoutEnd = holdout ? end.AddDays(1 + (seed.Get % 13)) : null,
        };
        using NpgsqlConnection db = server.Open();
        Engines.LoadPostgres(db, rows);
        CustomerTransactions<string> data = TestData.InMemory(rows, withMargins: false);
        CustomerSummaries expected = Summarizer.Summarize(data, options);
        KeyedSummaries<string> actual = SqlSummaries.Read<string>(db, Sales, options, SqlDialect.PostgreSql);
        SummaryComparison.AssertEqual(expected, data.Customers, actual);
    }

    [Theory]
    [InlineData(ReturnsPolicy.Net)]
    [InlineData(ReturnsPolicy.Exclude)]
    [InlineData(ReturnsPolicy.Keep)]
    public void Online_retail_lines_with_cancellations_equal_the_in_memory_summarizer(ReturnsPolicy policy)
    {
        using NpgsqlConnection db = server.Open();
        Engines.LoadPostgres(db, TestData.OnlineRetail);
        CustomerTransactions<string> data = TestData.InMemory(TestData.OnlineRetail, withMargins: true);
        var options = new SummaryOptions(new DateOnly(2010, 12, 1)) { Returns = policy, HoldoutEnd = new DateOnly(2010, 12, 31) };
        CustomerSummaries expected = Summarizer.Summarize(data, options);
        KeyedSummaries<string> actual = SqlSummaries.Read<string>(db, Sales with { MarginColumn = "margin" }, options, SqlDialect.PostgreSql);
        Assert.True(policy == ReturnsPolicy.Keep || expected.ReturnTransactions > 0, "the excerpt has cancellations");
        SummaryComparison.AssertEqual(expected, data.Customers, actual);
    }

    [Fact]
    public void Rows_with_nulls_are_reported_not_dropped()
    {
        using NpgsqlConnection db = server.Open();
        Engines.LoadPostgres(db, TestData.Random(3, new DateOnly(2026, 3, 1), 10));
        Engines.Execute(db, "INSERT INTO sales VALUES (NULL, TIMESTAMP '2026-02-01 10:00:00', 5.0, 1.0)");
        var e = Assert.Throws<NullTransactionRowsException>(() => SqlSummaries.Read<string>(db, Sales, new SummaryOptions(new DateOnly(2026, 3, 1)) { Returns = ReturnsPolicy.Keep }, SqlDialect.PostgreSql));
        Assert.Contains("1 transaction rows have a NULL", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Rows);
        Assert.Equal(FailureKind.BadData, e.Kind);
    }
}
