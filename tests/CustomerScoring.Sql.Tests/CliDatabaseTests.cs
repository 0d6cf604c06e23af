using System.Globalization;
using System.Text;
using CustomerScoring.Cli;
using DuckDB.NET.Data;
using Npgsql;
using Xunit;

namespace CustomerScoring.Sql.Tests;

/// <summary>
/// The command with --db duckdb|postgres and --engine duckdb: the scorecard CSV equals the one the command writes from
/// the same transactions in a CSV file (the in-memory path), on a DuckDB file, a real PostgreSQL server and files read by
/// embedded DuckDB.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class CliDatabaseTests(PostgresServer server) : IDisposable
{
    private static readonly string[] Window = ["--analysis-date", "1997-09-30", "--time-unit", "week"];

    private readonly string _folder = Directory.CreateTempSubdirectory("cli-db-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_duckdb_file_table_scores_like_the_csv_file()
    {
        string expected = InMemoryScorecard(TestData.Cdnow, Window);
        string file = Path.Combine(_folder, "shop.duckdb");
        using (var db = new DuckDBConnection("DataSource=" + file))
        {
            db.Open();
            Engines.LoadDuckDb(db, TestData.Cdnow);
        }

        string output = Path.Combine(_folder, "db.csv");
        var (code, stdout, stderr) = Run(["--db", "duckdb", "--connection", file, "--table", "sales", "--output", output, .. Window]);
        Assert.True(code == 0, stderr);
        Assert.Contains("Summarized by: DuckDB table sales", stdout, StringComparison.Ordinal);
        AssertSameScorecard(expected, File.ReadAllText(output));
    }

    [Fact]
    public void A_postgres_table_and_query_score_like_the_csv_file()
    {
        string expected = InMemoryScorecard(TestData.Cdnow, Window);
        using (NpgsqlConnection db = server.Open())
        {
            Engines.LoadPostgres(db, TestData.Cdnow, "cli_sales");
        }

        string table = Path.Combine(_folder, "table.csv");
        var (code, _, stderr) = Run(["--db", "postgres", "--connection", server.ConnectionString, "--table", "public.cli_sales", "--output", table, .. Window]);
        Assert.True(code == 0, stderr);
        AssertSameScorecard(expected, File.ReadAllText(table));

        // A query source with its own column names, named by the column flags.
        string query = Path.Combine(_folder, "query.csv");
        (code, _, stderr) = Run(["--db", "postgres", "--connection", server.ConnectionString, "--output", query,
            "--query", "SELECT customer_id AS who, \"timestamp\" AS at, amount AS value FROM cli_sales",
            "--customer-column", "who", "--date-column", "at", "--amount-column", "value", .. Window]);
        Assert.True(code == 0, stderr);
        AssertSameScorecard(expected, File.ReadAllText(query));
    }

    [Fact]
    public void Csv_and_parquet_files_summarized_by_embedded_duckdb_score_like_the_in_memory_path()
    {
        // Online Retail lines with cancellations (returns), without the lines that have no customer id; the default analysis date.
        Txn[] rows = TestData.OnlineRetail;
        string expected = InMemoryScorecard(rows, []);
        string csv = WriteCsv(rows);
        string fromCsv = Path.Combine(_folder, "duck-csv.csv");
        var (code, stdout, stderr) = Run(["--engine", "duckdb", "--input", csv, "--output", fromCsv]);
        Assert.True(code == 0, stderr);
        Assert.Contains("(summarized by embedded DuckDB)", stdout, StringComparison.Ordinal);
        AssertSameScorecard(expected, File.ReadAllText(fromCsv));

        string parquet = Path.Combine(_folder, "sales.parquet");
        using (DuckDBConnection db = Engines.OpenDuckDb())
        {
            Engines.LoadDuckDb(db, rows);
            Engines.Execute(db, $"COPY sales TO '{parquet}' (FORMAT PARQUET)");
        }

        string fromParquet = Path.Combine(_folder, "duck-parquet.csv");
        (code, _, stderr) = Run(["--engine", "duckdb", "--input", parquet, "--output", fromParquet]);
        Assert.True(code == 0, stderr);
        AssertSameScorecard(expected, File.ReadAllText(fromParquet));
    }

    [Fact]
    public void A_file_with_null_rows_is_refused_by_the_engine_with_the_commands_ways_round_them()
    {
        // Online Retail lines with two lines whose customer id is empty (NULL to DuckDB's reader): the engine refuses the
        // file in one line; the in-memory reader with --on-error skip and the advised --db query both score the other lines
        // as the file without them scores.
        Txn[] rows = TestData.OnlineRetail;
        string expected = InMemoryScorecard(rows, []);
        string csv = WriteCsv(rows);
        string[] lines = File.ReadAllLines(csv);
        File.WriteAllLines(csv, [lines[0], ",2011-01-05 10:00:00,12.5", .. lines[1..], ",2011-02-05 10:00:00,3"]);

        var (code, _, stderr) = Run(["--engine", "duckdb", "--input", csv, "--output", Path.Combine(_folder, "refused.csv")]);
        Assert.Equal(1, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("2 rows have a NULL customer_id, timestamp or amount", stderr, StringComparison.Ordinal);
        Assert.Contains("--on-error skip", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "refused.csv")));

        string skipped = Path.Combine(_folder, "skipped.csv");
        (code, string stdout, stderr) = Run(["--input", csv, "--on-error", "skip", "--output", skipped]);
        Assert.True(code == 0, stderr);
        Assert.Contains("rejected: 2", stdout, StringComparison.Ordinal);
        AssertSameScorecard(expected, File.ReadAllText(skipped));

        string filtered = Path.Combine(_folder, "filtered.csv");
        string query = AdvisedQuery(Run(["--engine", "duckdb", "--input", csv]).Stderr);
        (code, _, stderr) = Run(["--db", "duckdb", "--connection", "DataSource=:memory:", "--query", query, "--output", filtered]);
        Assert.True(code == 0, stderr);
        AssertSameScorecard(expected, File.ReadAllText(filtered));
    }

    /// <summary>The SQL of the --query "..." that an error message advises, unescaped as a POSIX shell reads it.</summary>
    private static string AdvisedQuery(string message)
    {
        int start = message.IndexOf("--query \"", StringComparison.Ordinal);
        Assert.True(start >= 0, message);
        start += "--query \"".Length;
        var sql = new StringBuilder();
        for (int i = start; i < message.Length; i++)
        {
            if (message[i] == '\\' && i + 1 < message.Length && message[i + 1] is '"' or '\\' or '$' or '`')
            {
                sql.Append(message[++i]);
            }
            else if (message[i] == '"')
            {
                return sql.ToString();
            }
            else
            {
                sql.Append(message[i]);
            }
        }

        throw new InvalidOperationException("The advised --query is not closed: " + message);
    }

    [Fact]
    public void Engine_memory_reaches_duckdb_and_a_bounded_engine_gives_the_same_scorecard()
    {
        Txn[] rows = TestData.OnlineRetail;
        string expected = InMemoryScorecard(rows, []);
        string csv = WriteCsv(rows);

        // A limit too small for any block: DuckDB refuses, so the setting is in force (exit 1, DuckDB's own words).
        var (code, _, stderr) = Run(["--engine", "duckdb", "--input", csv, "--engine-memory", "1MB"]);
        Assert.Equal(1, code);
        Assert.Contains("Out of Memory", stderr, StringComparison.Ordinal);

        // A bounded engine (its CSV reader alone needs a 30.5 MiB buffer): the scorecard is the in-memory one.
        string bounded = Path.Combine(_folder, "bounded.csv");
        (code, _, stderr) = Run(["--engine", "duckdb", "--input", csv, "--engine-memory", "128MB", "--output", bounded]);
        Assert.True(code == 0, stderr);
        AssertSameScorecard(expected, File.ReadAllText(bounded));
    }

    [Fact]
    public void Show_sql_prints_the_statements_and_parameters_without_scoring()
    {
        string csv = WriteCsv(TestData.OnlineRetail);
        var (code, stdout, stderr) = Run(["--engine", "duckdb", "--input", csv, "--show-sql", "--returns", "exclude"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("SELECT MAX(day) AS \"last_day\"", stdout, StringComparison.Ordinal);
        Assert.Contains("-- result: the analysis date (observation_end) is the day after it, 2010-12-02", stdout, StringComparison.Ordinal);
        Assert.Contains("-- Portfolio counts that go with the customer summaries.", stdout, StringComparison.Ordinal);
        Assert.Contains("(ReturnsPolicy.Exclude)", stdout, StringComparison.Ordinal);
        Assert.Contains("read_csv(", stdout, StringComparison.Ordinal);
        Assert.Contains("-- parameter observation_end = 2010-12-02", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Customers:", stdout, StringComparison.Ordinal);

        (code, stdout, _) = Run(["--db", "postgres", "--connection", server.ConnectionString, "--table", "s.t", "--show-sql", "--analysis-date", "2026-01-31"]);
        Assert.Equal(0, code);
        Assert.Contains("FROM \"s\".\"t\"", stdout, StringComparison.Ordinal);
        Assert.Contains("@observation_end", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("last_day", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_tables_in_duckdb_and_postgres_read_back_equal_to_the_scorecard_csv()
    {
        string file = Path.Combine(_folder, "write.duckdb");
        using (var db = new DuckDBConnection("DataSource=" + file))
        {
            db.Open();
            Engines.LoadDuckDb(db, TestData.Cdnow);
            Engines.Execute(db, "CREATE SCHEMA out");
        }

        string csv = Path.Combine(_folder, "duck-card.csv");
        var (code, stdout, stderr) = Run(["--db", "duckdb", "--connection", file, "--table", "sales", "--output", csv, "--raw-text", "--output-table", "out.scores", .. Window]);
        Assert.True(code == 0, stderr);
        Assert.Contains("Score table: 2,357 customers written to out.scores", stdout, StringComparison.Ordinal);
        using (var db = new DuckDBConnection("DataSource=" + file))
        {
            db.Open();
            AssertTableEqualsCsv(db, "SELECT * FROM \"out\".\"scores\"", File.ReadAllText(csv));
        }

        using (NpgsqlConnection db = server.Open())
        {
            Engines.LoadPostgres(db, TestData.OnlineRetail, "retail");
        }

        csv = Path.Combine(_folder, "pg-card.csv");
        (code, _, stderr) = Run(["--db", "postgres", "--connection", server.ConnectionString, "--table", "retail", "--output", csv, "--raw-text", "--output-table", "retail_scores"]);
        Assert.True(code == 0, stderr);
        using (NpgsqlConnection db = server.Open())
        {
            AssertTableEqualsCsv(db, "SELECT * FROM retail_scores", File.ReadAllText(csv));
        }

        // Written again, the table is replaced, not appended to.
        (code, _, stderr) = Run(["--db", "postgres", "--connection", server.ConnectionString, "--table", "retail", "--output-table", "retail_scores"]);
        Assert.True(code == 0, stderr);
        using (NpgsqlConnection db = server.Open())
        {
            AssertTableEqualsCsv(db, "SELECT * FROM retail_scores", File.ReadAllText(csv));
        }
    }

    [Theory]
    [InlineData("--table|sales", "--table needs --db duckdb|postgres.")]
    [InlineData("--db|duckdb|--table|sales", "--db needs --connection STRING.")]
    [InlineData("--db|duckdb|--connection|x.duckdb", "--db needs either --table NAME or --query SQL")]
    [InlineData("--db|postgres|--connection|Host=x|--table|a|--query|SELECT 1", "--db needs either --table NAME or --query SQL")]
    [InlineData("--db|postgres|--connection|Host=x|--table|a|--invoice-column|inv", "--invoice-column is an option of the CSV reader; with --db the database reads the rows")]
    [InlineData("--db|postgres|--connection|Host=x|--query|SELECT 1;", "--query must be a SELECT without a trailing semicolon")]
    [InlineData("--engine|duckdb", "--engine duckdb needs --input FILE")]
    [InlineData("--show-sql|--input|a.csv", "--show-sql needs --db or --engine duckdb")]
    [InlineData("--db|sqlite", "--db must be duckdb or postgres, not 'sqlite'.")]
    [InlineData("--engine-memory|4GB|--input|a.csv", "--engine-memory sets DuckDB's memory limit: it needs --engine duckdb or --db duckdb.")]
    [InlineData("--engine|duckdb|--input|a.csv|--engine-memory|4GB;DROP", "--engine-memory must be a size such as 4GB or 512MB")]
    [InlineData("--engine|duckdb|--input|a.csv|--engine-memory|0GB", "--engine-memory must be a size such as 4GB or 512MB")]
    public void Contradictory_engine_options_are_usage_mistakes(string args, string message)
    {
        var (code, _, stderr) = Run(args.Split('|'));
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_with_nulls_and_a_missing_table_are_bad_data_in_one_line()
    {
        string file = Path.Combine(_folder, "nulls.duckdb");
        using (var db = new DuckDBConnection("DataSource=" + file))
        {
            db.Open();
            Engines.LoadDuckDb(db, TestData.Random(5, new DateOnly(2026, 3, 1), 30));
            Engines.Execute(db, "INSERT INTO sales VALUES (NULL, TIMESTAMP '2026-02-01 10:00:00', 5.0, 1.0)");
        }

        var (code, _, stderr) = Run(["--db", "duckdb", "--connection", file, "--table", "sales"]);
        Assert.Equal(1, code);
        Assert.Contains("1 rows have a NULL customer_id, timestamp or amount, and an engine does not skip rows", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));

        // The advice's --query runs as given (its text unescaped as a shell would) and scores the other rows.
        string query = AdvisedQuery(stderr);
        Assert.Equal("SELECT * FROM sales WHERE \"customer_id\" IS NOT NULL AND \"timestamp\" IS NOT NULL AND \"amount\" IS NOT NULL", query);
        (code, _, stderr) = Run(["--db", "duckdb", "--connection", file, "--query", query, "--output", Path.Combine(_folder, "filtered.csv")]);
        Assert.True(code == 0, stderr);

        (code, _, stderr) = Run(["--db", "duckdb", "--connection", file, "--table", "no_such_table"]);
        Assert.Equal(1, code);
        Assert.StartsWith("error: --db duckdb: ", stderr, StringComparison.Ordinal);
        Assert.Contains("no_such_table", stderr, StringComparison.Ordinal);

        (code, _, stderr) = Run(["--db", "duckdb", "--connection", Path.Combine(_folder, "missing.duckdb"), "--table", "sales"]);
        Assert.Equal(1, code);
        Assert.Contains("was not found", stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// The table read back has the CSV's columns in its order and, customer by customer, its cells: text equal, whole
    /// numbers equal, numbers equal to the CSV's rounded figure (half a unit of its last decimal), timestamps equal, NULL
    /// where the CSV cell is empty.
    /// </summary>
    private static void AssertTableEqualsCsv(System.Data.Common.DbConnection db, string select, string csvText)
    {
        string[] lines = csvText.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        string[] header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], StringComparer.Ordinal);
        using System.Data.Common.DbCommand command = db.CreateCommand();
        command.CommandText = select;
        using System.Data.Common.DbDataReader reader = command.ExecuteReader();
        Assert.Equal(header, Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
        int read = 0;
        while (reader.Read())
        {
            string[] cells = rows[reader.GetString(0)];
            for (int i = 0; i < header.Length; i++)
            {
                string cell = cells[i];
                string where = $"customer {cells[0]}, column {header[i]}";
                if (cell.Length == 0)
                {
                    Assert.True(reader.IsDBNull(i), $"{where}: NULL expected");
                    continue;
                }

                object value = reader.GetValue(i);
                switch (value)
                {
                    case string text:
                        Assert.Equal(cell, text);
                        break;
                    case long or int:
                        Assert.Equal(cell, Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                    case double number:
                        int dot = cell.IndexOf('.', StringComparison.Ordinal);
                        double half = dot < 0 ? 0.5 : 0.5 * Math.Pow(10, -(cell.Length - dot - 1));
                        Assert.True(Math.Abs(double.Parse(cell, CultureInfo.InvariantCulture) - number) <= half * 1.000001, $"{where}: {cell} written, {number:R} in the table");
                        break;
                    case DateTime time:
                        Assert.Equal(DateTime.Parse(cell, CultureInfo.InvariantCulture), time);
                        break;
                    default:
                        Assert.Fail($"{where}: unexpected {value.GetType().Name}");
                        break;
                }
            }

            read++;
        }

        Assert.Equal(rows.Count, read);
    }

    /// <summary>The scorecard CSV of the in-memory path: the rows written to a CSV file and read by the command's CSV reader.</summary>
    private string InMemoryScorecard(Txn[] rows, string[] window)
    {
        string output = Path.Combine(_folder, "memory.csv");
        var (code, _, stderr) = Run(["--input", WriteCsv(rows), "--output", output, .. window]);
        Assert.True(code == 0, stderr);
        return File.ReadAllText(output);
    }

    private string WriteCsv(Txn[] rows)
    {
        string path = Path.Combine(_folder, "transactions.csv");
        var text = new StringBuilder("customer_id,timestamp,amount\n");
        foreach (Txn t in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{t.Customer},{t.Timestamp:yyyy-MM-dd HH:mm:ss},{t.Amount:R}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Equal scorecard CSVs: the same header, the same rows (the in-memory card lists customers in first-seen order, an
    /// engine's by key, so rows are compared by customer), every cell equal as text, or as numbers to 1e-9 relative or one
    /// unit of the last written decimal. The summaries agree bit for bit (exact sums in the engines), but the engine's rows
    /// come in key order and the in-memory ones in first-seen order, and portfolio figures (revenue) and model fits may add
    /// over the customers in row order, so a derived figure may differ in its last bits and a value on a rounding half (22.345) can
    /// then be written 22.34 or 22.35.
    /// </summary>
    internal static void AssertSameScorecard(string expected, string actual)
    {
        static string[] Lines(string text)
        {
            string[] lines = text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
            Array.Sort(lines, 1, lines.Length - 1, StringComparer.Ordinal);
            return lines;
        }

        string[] e = Lines(expected);
        string[] a = Lines(actual);
        Assert.Equal(e[0], a[0]);
        Assert.Equal(e.Length, a.Length);
        for (int i = 1; i < e.Length; i++)
        {
            string[] ec = e[i].Split(',');
            string[] ac = a[i].Split(',');
            Assert.Equal(ec.Length, ac.Length);
            for (int j = 0; j < ec.Length; j++)
            {
                if (ec[j] == ac[j])
                {
                    continue;
                }

                bool numbers = double.TryParse(ec[j], NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
                    & double.TryParse(ac[j], NumberStyles.Float, CultureInfo.InvariantCulture, out double y);
                int dot = ec[j].IndexOf('.', StringComparison.Ordinal);
                double lastUnit = dot < 0 ? 0.0 : Math.Pow(10, -(ec[j].Length - dot - 1)) * 1.001;
                Assert.True(numbers && Math.Abs(x - y) <= Math.Max(1e-9 * Math.Max(1.0, Math.Abs(x)), lastUnit),
                    $"line {i + 1}, column {e[0].Split(',')[j]}: expected '{ec[j]}', got '{ac[j]}'");
            }
        }
    }
}
