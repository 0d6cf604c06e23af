using System.Data.Common;
using CustomerScoring.Scorecard;
using CustomerScoring.Summaries;
using DuckDB.NET.Data;
using Npgsql;
using Xunit;

namespace CustomerScoring.Sql.Tests;

/// <summary>Score tables written with the DuckDB appender and PostgreSQL binary COPY read back equal to the rows written.</summary>
[Collection(PostgresGroup.Name)]
public sealed class ScoreTableWriterTests(PostgresServer server)
{
    private static readonly ScoreColumn[] Columns =
    [
        new("customer id", ScoreColumnType.Text),
        new("x", ScoreColumnType.WholeNumber),
        new("T \"weeks\"", ScoreColumnType.Number),
        new("last_purchase", ScoreColumnType.Timestamp),
        new("first_day", ScoreColumnType.Date),
    ];

    [Fact]
    public void DuckDb_appender_table_reads_back_equal()
    {
        using DuckDBConnection db = Engines.OpenDuckDb();
        Engines.Execute(db, "CREATE SCHEMA out");
        CheckRoundTrip(db, ["out", "scores"]);
    }

    [Fact]
    public void PostgreSql_binary_copy_table_reads_back_equal()
    {
        using NpgsqlConnection db = server.Open();
        Engines.Execute(db, "CREATE SCHEMA IF NOT EXISTS out");
        CheckRoundTrip(db, ["out", "scores"]);
    }

    [Fact]
    public void Wrong_row_length_and_wrong_value_type_are_named()
    {
        using DuckDBConnection db = Engines.OpenDuckDb();
        var e = Assert.Throws<ArgumentException>(() => ScoreTableWriter.Write(db, ["s"], Columns, [["a", 1L, 2.0, DateTime.MinValue]]));
        Assert.Contains("Row 0 has 4 values; the table has 5 columns", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => ScoreTableWriter.Write(db, ["s"], Columns, [["a", 1L, "2.0", DateTime.MinValue, DateOnly.MinValue]]));
        Assert.Contains("column 'T \"weeks\"' (Number): a String value '2.0'", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => ScoreTableWriter.Write(db, ["s"], [new ScoreColumn("a", ScoreColumnType.Text), new ScoreColumn("a", ScoreColumnType.Number)], []));
        Assert.Contains("repeated", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Scores of the CDNOW customers (from the in-memory summaries) plus a row of NULLs, written twice (replace), read back by name.</summary>
    private static void CheckRoundTrip(DbConnection db, string[] table)
    {
        CustomerSummaries s = Summarizer.Summarize(TestData.InMemory(TestData.Cdnow, false), new SummaryOptions(new DateOnly(1997, 9, 30)) { Returns = ReturnsPolicy.Keep, TimeUnit = TimeUnit.Week });
        var keys = TestData.InMemory(TestData.Cdnow, false).Customers;
        var rows = new List<object?[]>();
        for (int r = 0; r < s.Count; r++)
        {
            rows.Add([keys.KeyOf(s.CustomerIndex[r]), (long)s.Frequency[r], s.Age[r], s.LastPurchase[r], DateOnly.FromDateTime(s.FirstPurchase[r])]);
        }

        rows.Add(["nobody", null, null, null, null]);
        ScoreTableWriter.Write(db, table, Columns, rows.Take(10));
        Assert.Equal(rows.Count, ScoreTableWriter.Write(db, table, Columns, rows, replace: true));

        var byKey = rows.ToDictionary(r => (string)r[0]!);
        using DbCommand command = db.CreateCommand();
        command.CommandText = "SELECT \"customer id\", \"x\", \"T \"\"weeks\"\"\", \"last_purchase\", \"first_day\" FROM \"out\".\"scores\"";
        using DbDataReader reader = command.ExecuteReader();
        int read = 0;
        while (reader.Read())
        {
            object?[] expected = byKey[reader.GetString(0)];
            for (int i = 1; i < 5; i++)
            {
                if (expected[i] is null)
                {
                    Assert.True(reader.IsDBNull(i));
                    continue;
                }

                switch (i)
                {
                    case 1: Assert.Equal((long)expected[i]!, reader.GetInt64(i)); break;
                    case 2: Assert.Equal((double)expected[i]!, reader.GetDouble(i)); break;
                    case 3: Assert.Equal((DateTime)expected[i]!, reader.GetDateTime(i)); break;
                    default: Assert.Equal((DateOnly)expected[i]!, reader.GetFieldValue<DateOnly>(i)); break;
                }
            }

            read++;
        }

        Assert.Equal(rows.Count, read);
    }

    [Fact]
    public void DuckDb_scorecard_table_reads_back_equal_to_the_scorecard_columns()
    {
        using DuckDBConnection db = Engines.OpenDuckDb();
        CheckScorecard(db);
    }

    [Fact]
    public void PostgreSql_scorecard_table_reads_back_equal_to_the_scorecard_columns()
    {
        using NpgsqlConnection db = server.Open();
        CheckScorecard(db);
    }

    /// <summary>The CDNOW scorecard (BG/NBD fitted) written back: the same column names in the same order as the CSV and
    /// Parquet files, and every cell equal to the column table's value (NULL where it has none).</summary>
    private static void CheckScorecard(DbConnection db)
    {
        CustomerScorecard<string> card = CustomerScorecard.Build(TestData.InMemory(TestData.Cdnow, false),
            new ScorecardOptions { AnalysisDate = new DateOnly(1997, 9, 30), TimeUnit = TimeUnit.Week });
        IReadOnlyList<ScorecardColumn> columns = ScorecardColumns.Of(card);
        Assert.Equal(card.Count, ScoreTableWriter.Write(db, ["scorecard"], card));

        using DbCommand command = db.CreateCommand();
        command.CommandText = "SELECT * FROM \"scorecard\"";
        using DbDataReader reader = command.ExecuteReader();
        Assert.Equal(columns.Select(c => c.Name), Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
        int read = 0;
        while (reader.Read())
        {
            int row = card.RowOf(reader.GetString(0));
            Assert.True(row >= 0);
            for (int i = 0; i < columns.Count; i++)
            {
                object? expected = columns[i].ValueAt(row);
                if (expected is null)
                {
                    Assert.True(reader.IsDBNull(i), $"{columns[i].Name} of row {row} should be NULL");
                    continue;
                }

                object actual = columns[i].Type switch
                {
                    ScorecardColumnType.Text => reader.GetString(i),
                    ScorecardColumnType.WholeNumber => (int)reader.GetInt64(i),
                    ScorecardColumnType.Number => reader.GetDouble(i),
                    _ => reader.GetDateTime(i),
                };
                Assert.Equal(expected, actual);
            }

            read++;
        }

        Assert.Equal(card.Count, read);
    }
}
