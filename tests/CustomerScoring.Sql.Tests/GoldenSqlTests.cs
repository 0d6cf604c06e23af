using System.Runtime.CompilerServices;
using CustomerScoring.Summaries;
using DuckDB.NET.Data;
using FsCheck;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Sql.Tests;

/// <summary>
/// The generated SQL text against checked-in golden files (Spark cannot run here, so its text is checked this way), and
/// the Spark text's logic run through DuckDB after a fixed, token-level translation of Spark's syntax.
/// </summary>
public sealed class GoldenSqlTests
{
    private static readonly TransactionSource Source = TransactionSource.FromTable("shop", "sales") with { MarginColumn = "margin" };

    private static readonly SummaryOptions WeeklyWithHoldout = new(new DateOnly(1997, 9, 30))
    {
        Returns = ReturnsPolicy.Keep,
        Period = TimeUnit.Week,
        TimeUnit = TimeUnit.Week,
        HoldoutEnd = new DateOnly(1998, 6, 30),
    };

    private static readonly SummaryOptions Daily = new(new DateOnly(1997, 9, 30)) { Returns = ReturnsPolicy.Keep, TimeUnit = TimeUnit.Week };

    public static TheoryData<string> Files =>
    [
        "duckdb-summary-weekly-holdout.sql",
        "postgresql-summary-weekly-holdout.sql",
        "spark-summary-weekly-holdout.sql",
        "spark-summary-daily.sql",
        "spark-portfolio-weekly-holdout.sql",
        "spark-histogram-daily.sql",
        "spark-spend-histogram-daily.sql",
        "duckdb-summary-weekly-holdout-net.sql",
        "postgresql-summary-weekly-holdout-net.sql",
        "spark-summary-weekly-holdout-net.sql",
        "spark-portfolio-weekly-holdout-net.sql",
        "duckdb-summary-daily-exclude.sql",
        "postgresql-portfolio-daily-exclude.sql",
        "spark-summary-daily-exclude.sql",
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public void Generated_sql_equals_the_golden_file(string file)
    {
        string generated = Generate(file).ToString() + "\n";
        string path = Path.Combine(AppContext.BaseDirectory, "golden", file);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceDirectory(), "golden", file), generated);
        }

        Assert.True(File.Exists(path), $"golden file {file} is missing; run the tests once with UPDATE_GOLDEN=1 and review the files");
        Assert.Equal(File.ReadAllText(path), generated);
    }

    [Fact]
    public void Names_are_quoted_and_dates_are_parameters_in_every_dialect()
    {
        TransactionSource odd = TransactionSource.FromTable("we\"ird`table") with { CustomerColumn = "c\"1`" };
        string duck = SummarySql.Summary(odd, Daily, SqlDialect.DuckDb).Text;
        string spark = SummarySql.Summary(odd, Daily, SqlDialect.Spark).Text;
        Assert.Contains("\"we\"\"ird`table\"", duck, StringComparison.Ordinal);
        Assert.Contains("\"c\"\"1`\" AS customer_key", duck, StringComparison.Ordinal);
        Assert.Contains("`we\"ird``table`", spark, StringComparison.Ordinal);
        Assert.DoesNotContain("1997", duck, StringComparison.Ordinal);
        Assert.DoesNotContain("1997", spark, StringComparison.Ordinal);
        SqlQuery q = SummarySql.Summary(odd, WeeklyWithHoldout, SqlDialect.PostgreSql);
        Assert.Equal([new("observation_end", new DateOnly(1997, 9, 30)), new KeyValuePair<string, object>("holdout_end", new DateOnly(1998, 6, 30))], q.Parameters);
        Assert.Throws<ArgumentException>(() => TransactionSource.FromQuery("SELECT 1;"));
        Assert.Throws<ArgumentException>(() => SummarySql.Summary(Source, new SummaryOptions(new DateOnly(2026, 1, 2)) { Returns = ReturnsPolicy.Keep, HoldoutEnd = new DateOnly(2026, 1, 2) }, SqlDialect.Spark));
        Assert.Throws<ArgumentOutOfRangeException>(() => SummarySql.Summary(Source, Daily, (SqlDialect)9));
    }

    /// <summary>
    /// The Spark summary text, translated token by token (backticks to double quotes, :name to $name, Spark's
    /// datediff(end, start) and bround(x, 0) (half to even) to DuckDB macros of the same meaning), run by DuckDB: equal to
    /// the in-memory Summarizer, amounts bit for bit (the exact DECIMAL(38, 0) sums of 2^-64 units).
    /// </summary>
    [Property(MaxTest = 25)]
    public void Spark_text_computes_the_in_memory_summaries(PositiveInt seed, bool weeklyPeriods, bool holdout, byte policy)
    {
        var end = new DateOnly(2026, 3, 1).AddDays(seed.Get % 7);
        Txn[] rows = TestData.Random(seed.Get, end, 1 + (seed.Get % 97));
        var options = new SummaryOptions(end)
        {
            Returns = TestData.Policy(policy),
            Period = weeklyPeriods ? TimeUnit.Week : TimeUnit.Day,
            TimeUnit = TimeUnit.Week,
            HoldoutEnd = holdout ? end.AddDays(1 + (seed.Get % 13)) : null,
        };
        using DuckDBConnection db = Engines.OpenDuckDb();
        Engines.LoadDuckDb(db, rows);
        Engines.Execute(db, "CREATE MACRO spark_datediff(end_day, start_day) AS date_diff('day', start_day, end_day)");
        Engines.Execute(db, "CREATE MACRO bround(x, s) AS round_even(x, s)");
        TransactionSource source = TransactionSource.FromTable("sales");
        var expected = Summarizer.Summarize(TestData.InMemory(rows, false), options);
        var keys = TestData.InMemory(rows, false).Customers;
        string sql = SummarySql.Summary(source, options, SqlDialect.Spark).Text
            .Replace('`', '"')
            .Replace(":observation_end", "$observation_end", StringComparison.Ordinal)
            .Replace(":holdout_end", "$holdout_end", StringComparison.Ordinal)
            .Replace("datediff(", "spark_datediff(", StringComparison.Ordinal);
        var actual = new Dictionary<string, (long X, double Tx, double T, double M, double Total, long Returns)>();
        using (var command = db.CreateCommand())
        {
            command.CommandText = sql;
            command.Parameters.Add(new DuckDBParameter("observation_end", options.ObservationEnd));
            if (options.HoldoutEnd is { } h)
            {
                command.Parameters.Add(new DuckDBParameter("holdout_end", h));
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                actual.Add(reader.GetString(0), (reader.GetInt64(3), reader.GetDouble(4), reader.GetDouble(5),
                    reader.GetDouble(reader.GetOrdinal("monetary_repeat_mean")), reader.GetDouble(reader.GetOrdinal("total_amount")), reader.GetInt64(reader.GetOrdinal("return_count"))));
            }
        }

        Assert.Equal(expected.Count, actual.Count);
        for (int r = 0; r < expected.Count; r++)
        {
            var a = actual[keys.KeyOf(expected.CustomerIndex[r])];
            Assert.Equal(expected.Frequency[r], a.X);
            SummaryComparison.Same(expected.Recency[r], a.Tx, "t_x", keys.KeyOf(expected.CustomerIndex[r]));
            SummaryComparison.Same(expected.Age[r], a.T, "T", keys.KeyOf(expected.CustomerIndex[r]));
            SummaryComparison.Same(expected.MonetaryRepeatMean[r], a.M, "m", keys.KeyOf(expected.CustomerIndex[r]));
            SummaryComparison.Same(expected.TotalAmount[r], a.Total, "total", keys.KeyOf(expected.CustomerIndex[r]));
            Assert.Equal(expected.ReturnCount[r], a.Returns);
        }
    }

    private static SqlQuery Generate(string file) => file switch
    {
        "duckdb-summary-weekly-holdout.sql" => SummarySql.Summary(Source, WeeklyWithHoldout, SqlDialect.DuckDb),
        "postgresql-summary-weekly-holdout.sql" => SummarySql.Summary(Source, WeeklyWithHoldout, SqlDialect.PostgreSql),
        "spark-summary-weekly-holdout.sql" => SummarySql.Summary(Source, WeeklyWithHoldout, SqlDialect.Spark),
        "spark-summary-daily.sql" => SummarySql.Summary(Source, Daily, SqlDialect.Spark),
        "spark-portfolio-weekly-holdout.sql" => SummarySql.Portfolio(Source, WeeklyWithHoldout, SqlDialect.Spark),
        "spark-histogram-daily.sql" => SummarySql.Histogram(Source, Daily, SqlDialect.Spark),
        "spark-spend-histogram-daily.sql" => SummarySql.SpendHistogram(Source, Daily, SqlDialect.Spark),
        "duckdb-summary-weekly-holdout-net.sql" => SummarySql.Summary(Source, WeeklyWithHoldout with { Returns = ReturnsPolicy.Net }, SqlDialect.DuckDb),
        "postgresql-summary-weekly-holdout-net.sql" => SummarySql.Summary(Source, WeeklyWithHoldout with { Returns = ReturnsPolicy.Net }, SqlDialect.PostgreSql),
        "spark-summary-weekly-holdout-net.sql" => SummarySql.Summary(Source, WeeklyWithHoldout with { Returns = ReturnsPolicy.Net }, SqlDialect.Spark),
        "spark-portfolio-weekly-holdout-net.sql" => SummarySql.Portfolio(Source, WeeklyWithHoldout with { Returns = ReturnsPolicy.Net }, SqlDialect.Spark),
        "duckdb-summary-daily-exclude.sql" => SummarySql.Summary(Source, Daily with { Returns = ReturnsPolicy.Exclude }, SqlDialect.DuckDb),
        "postgresql-portfolio-daily-exclude.sql" => SummarySql.Portfolio(Source, Daily with { Returns = ReturnsPolicy.Exclude }, SqlDialect.PostgreSql),
        "spark-summary-daily-exclude.sql" => SummarySql.Summary(Source, Daily with { Returns = ReturnsPolicy.Exclude }, SqlDialect.Spark),
        _ => throw new ArgumentException(file, nameof(file)),
    };

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

}
