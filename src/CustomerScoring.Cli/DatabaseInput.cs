using System.Data.Common;
using System.Globalization;
using CustomerScoring.Scorecard;
using CustomerScoring.Sql;
using CustomerScoring.Summaries;
using DuckDB.NET.Data;
using Npgsql;

namespace CustomerScoring.Cli;

/// <summary>
/// Transactions that never pass through this process: a database (<c>--db</c>) or embedded DuckDB reading the
/// <c>--input</c> file (<c>--engine duckdb</c>) computes the customer summaries, and only one row per customer is read
/// back and scored (<see cref="CustomerScorecard.FromSummaries{TKey}"/>).
/// </summary>
internal static class DatabaseInput
{
    /// <summary>Whether the options ask for summaries computed by an engine.</summary>
    public static bool IsRequested(CliOptions o) => o.Database is not null || o.DuckDbEngine;

    /// <summary>Refuses contradictory or incomplete engine options, in the words of the flags.</summary>
    public static void CheckOptions(CliOptions o)
    {
        if (o.EngineMemory is not null && !o.DuckDbEngine && o.Database != SqlDialect.DuckDb)
        {
            throw new UsageException("--engine-memory sets DuckDB's memory limit: it needs --engine duckdb or --db duckdb.");
        }

        if (o.Database is null)
        {
            foreach (var (flag, given) in new[] { ("--connection", o.Connection is not null), ("--table", o.Table is not null), ("--query", o.Query is not null), ("--output-table", o.OutputTable is not null) })
            {
                if (given)
                {
                    throw new UsageException($"{flag} needs --db duckdb|postgres.");
                }
            }
        }
        else
        {
            if (o.Connection is null)
            {
                throw new UsageException("--db needs --connection STRING.");
            }

            if ((o.Table is null) == (o.Query is null))
            {
                throw new UsageException("--db needs either --table NAME or --query SQL as the transactions (exactly one of them).");
            }

            if (o.Input is not null || o.DuckDbEngine)
            {
                throw new UsageException("--db reads the transactions from the database; --input and --engine duckdb read a file: give one source.");
            }

            if (o.Table is { } table && table.Split('.').Any(string.IsNullOrWhiteSpace))
            {
                throw new UsageException($"--table '{table}' has an empty name part; give NAME or SCHEMA.NAME.");
            }

            if (o.OutputTable is { } output && output.Split('.').Any(string.IsNullOrWhiteSpace))
            {
                throw new UsageException($"--output-table '{output}' has an empty name part; give NAME or SCHEMA.NAME.");
            }

            if (o.Query is { } query && (string.IsNullOrWhiteSpace(query) || query.TrimEnd().EndsWith(';')))
            {
                throw new UsageException("--query must be a SELECT without a trailing semicolon (it runs as a sub-query).");
            }
        }

        if (o.DuckDbEngine && o.Input is null)
        {
            throw new UsageException("--engine duckdb needs --input FILE (.csv or .parquet).");
        }

        if (o.ShowSql && !IsRequested(o))
        {
            throw new UsageException("--show-sql needs --db or --engine duckdb: it prints the SQL the engine runs.");
        }

        if (!IsRequested(o))
        {
            return;
        }

        var defaults = new CliOptions();
        foreach (var (flag, given) in new[]
        {
            ("--quantity-column", o.QuantityColumn is not null), ("--price-column", o.PriceColumn is not null),
            ("--invoice-column", o.InvoiceColumn is not null), ("--cancel-prefix", o.CancelPrefix is not null),
            ("--date-format", o.DateFormats is not null), ("--delimiter", o.Delimiter != defaults.Delimiter),
            ("--decimal-separator", o.DecimalComma), ("--no-header", !o.HasHeader), ("--sniff", o.Sniff),
            ("--rejects", o.Rejects is not null), ("--on-error", o.OnError != defaults.OnError),
            ("--max-rejected-share", o.MaxRejectedShare is not null), ("--id-format", o.IdFormat != defaults.IdFormat),
            ("--invoice-timestamps", o.InvoiceTimestamps != defaults.InvoiceTimestamps),
        })
        {
            if (given)
            {
                throw new UsageException(o.Database is null
                    ? $"{flag} is an option of the CSV reader; with --engine duckdb, DuckDB reads the file (header line, ISO timestamps, decimal points)."
                    : $"{flag} is an option of the CSV reader; with --db the database reads the rows: shape them with --query.");
            }
        }
    }

    /// <summary>
    /// Computes the summaries in the engine and scores them; with <c>--show-sql</c> prints the SQL instead and returns null.
    /// </summary>
    public static DatabaseRun? Score(CliOptions o, ScorecardOptions scorecardOptions, TextWriter output)
    {
        SqlDialect dialect = o.Database ?? SqlDialect.DuckDb;
        TransactionSource source = Source(o);
        string label = Label(o);
        try
        {
            using DbConnection connection = Open(o);
            DateOnly end = o.AnalysisDate ?? SqlSummaries.DayAfterLastTransaction(connection, source, dialect);
            var summaryOptions = new SummaryOptions(end) { Period = o.Period, TimeUnit = o.TimeUnit, Returns = o.Returns };
            if (o.ShowSql)
            {
                if (o.AnalysisDate is null)
                {
                    output.WriteLine(SummarySql.LastDay(source, dialect));
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"-- result: the analysis date (observation_end) is the day after it, {end:yyyy-MM-dd}"));
                    output.WriteLine();
                }

                output.WriteLine(SummarySql.Portfolio(source, summaryOptions, dialect));
                output.WriteLine();
                output.WriteLine(SummarySql.Summary(source, summaryOptions, dialect));
                return null;
            }

            KeyedSummaries<string> keyed = SqlSummaries.Read<string>(connection, source, summaryOptions, dialect, StringComparer.Ordinal);
            if (keyed.Summaries.Count == 0)
            {
                throw new CliDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{label} holds no purchase on or before {end:yyyy-MM-dd} ({keyed.Summaries.ExcludedAfterEnd:N0} transactions fall after it)."));
            }

            CustomerScorecard<string> card = CustomerScorecard.FromSummaries(keyed.Summaries, keyed.Customers, scorecardOptions with { AnalysisDate = end });
            long? written = null;
            if (o.OutputTable is { } table)
            {
                try
                {
                    // The scorecard CSV's columns (ScorecardColumns), values as they are: text is never formula-neutralized in a table.
                    written = ScoreTableWriter.Write(connection, table.Split('.'), card);
                }
                catch (DbException e)
                {
                    throw new CliOutputException($"--output-table {table}: {OneLine(e.Message)}");
                }
            }

            return new DatabaseRun(card, label, written);
        }
        catch (DbException e)
        {
            throw new CliDataException($"{Flag(o)}: {OneLine(e.Message)}");
        }
        catch (NullTransactionRowsException e)
        {
            throw new CliDataException($"{label}: {NullRowsAdvice(o, e.Rows)}");
        }
        catch (InvalidDataException e)
        {
            throw new CliDataException($"{label}: {OneLine(e.Message)}");
        }
    }

    /// <summary>What the report names as its input.</summary>
    public static string Label(CliOptions o) => o.Database switch
    {
        null => $"{o.Input} (summarized by embedded DuckDB)",
        SqlDialect.PostgreSql => o.Table is { } t ? $"PostgreSQL table {t}" : "PostgreSQL query (--query)",
        _ => o.Table is { } t ? $"DuckDB table {t}" : "DuckDB query (--query)",
    };

    /// <summary>
    /// What the command says of rows with a NULL customer id, timestamp, amount or margin, which an engine does not skip:
    /// the command's own ways round them (the in-memory reader's --on-error skip for a file; --query with a filter that
    /// runs as given).
    /// </summary>
    internal static string NullRowsAdvice(CliOptions o, long rows)
    {
        string[] columns = o.MarginColumn is { } m ? [o.CustomerColumn, o.DateColumn, o.AmountColumn, m] : [o.CustomerColumn, o.DateColumn, o.AmountColumn];
        string notNull = string.Join(" AND ", columns.Select(c => $"{SqlName(c)} IS NOT NULL"));
        string what = string.Create(CultureInfo.InvariantCulture,
            $"{rows:N0} rows have a NULL {string.Join(", ", columns.Take(columns.Length - 1))} or {columns[^1]}, and an engine does not skip rows (they are never dropped silently)");
        return o.Database is null
            ? $"{what}. Read the file without --engine duckdb and with --on-error skip (such rows are skipped and reported), or filter them: --db duckdb --connection 'DataSource=:memory:' --query \"{FileQuery(o.Input!)} WHERE {notNull}\""
            : o.Table is { } table
                ? $"{what}. Filter them with --query \"SELECT * FROM {table} WHERE {notNull}\" in place of --table, or fix them."
                : $"{what}. Filter them in the query (WHERE {notNull}) or fix them.";
    }

    /// <summary>A column name as a quoted SQL identifier inside the advice's double-quoted shell argument (any engine's
    /// keywords, such as timestamp, stay names): \"name\", its own double quotes doubled.</summary>
    private static string SqlName(string name) => "\\\"" + name.Replace("\"", "\\\"\\\"", StringComparison.Ordinal) + "\\\"";

    private static string Flag(CliOptions o) => o.Database is null ? "--engine duckdb" : o.Database == SqlDialect.PostgreSql ? "--db postgres" : "--db duckdb";

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>The transactions as the engine sees them, the column flags naming the columns; keys always read as text.</summary>
    internal static TransactionSource Source(CliOptions o)
    {
        TransactionSource source = o.Database is null
            ? TransactionSource.FromQuery(FileQuery(o.Input!))
            : o.Table is { } table ? TransactionSource.FromTable(table.Split('.')) : TransactionSource.FromQuery(o.Query!);
        return source with
        {
            CustomerColumn = o.CustomerColumn,
            TimestampColumn = o.DateColumn,
            AmountColumn = o.AmountColumn,
            MarginColumn = o.MarginColumn,
            CustomerKeyAsText = true,
        };
    }

    /// <summary>
    /// DuckDB's reader of the file: read_parquet by the .parquet extension, otherwise read_csv with a header line and every
    /// column as text (ids exactly as written, as the in-memory CSV reader keeps them; the summary SQL casts timestamps and
    /// amounts). The path is the one literal in the text, its quotes doubled.
    /// </summary>
    internal static string FileQuery(string path)
    {
        string literal = "'" + Path.GetFullPath(path).Replace("'", "''", StringComparison.Ordinal) + "'";
        return path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? $"SELECT * FROM read_parquet({literal})"
            : $"SELECT * FROM read_csv({literal}, header = true, all_varchar = true)";
    }

    private static DbConnection Open(CliOptions o)
    {
        DbConnection connection;
        if (o.Database is null)
        {
            if (!File.Exists(o.Input))
            {
                throw new CliDataException($"input file '{o.Input}' was not found.");
            }

            connection = new DuckDBConnection("DataSource=:memory:");
        }
        else if (o.Database == SqlDialect.PostgreSql)
        {
            connection = new NpgsqlConnection(o.Connection);
        }
        else
        {
            string text = o.Connection!;
            if (!text.Contains('=', StringComparison.Ordinal))
            {
                if (!File.Exists(text))
                {
                    throw new CliDataException($"--connection: the DuckDB database file '{text}' was not found.");
                }

                text = "DataSource=" + text;
            }

            connection = new DuckDBConnection(text);
        }

        try
        {
            connection.Open();
            if (o.EngineMemory is { } limit)
            {
                // The size was checked by the option's parser (digits and a unit), so it is safe as a literal.
                using DbCommand memory = connection.CreateCommand();
                memory.CommandText = $"SET memory_limit = '{limit}';";
                memory.ExecuteNonQuery();
            }

            if (o.Database is null)
            {
                // Aggregations larger than memory spill to disk; row order is not needed (the results are order-independent).
                using DbCommand settings = connection.CreateCommand();
                string spill = Path.Combine(Path.GetTempPath(), "customer-scoring-duckdb").Replace("'", "''", StringComparison.Ordinal);
                settings.CommandText = $"SET temp_directory = '{spill}'; SET preserve_insertion_order = false;";
                settings.ExecuteNonQuery();
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}

/// <summary>A scorecard computed from engine summaries, and what the report calls its input.</summary>
/// <param name="Card">The scorecard.</param>
/// <param name="Label">The input's description.</param>
/// <param name="TableRows">The rows written by <c>--output-table</c>, or null without it.</param>
internal sealed record DatabaseRun(CustomerScorecard<string> Card, string Label, long? TableRows);
