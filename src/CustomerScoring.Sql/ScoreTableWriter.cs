using System.Data.Common;
using System.Globalization;
using System.Text;
using CustomerScoring.Scorecard;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;

namespace CustomerScoring.Sql;

/// <summary>
/// Writes a table of scores (one row per customer, e.g. the scorecard's columns) back into the database with the
/// engine's bulk path: the DuckDB appender or PostgreSQL's binary COPY. Rows stream from the enumerable; nothing is
/// built as SQL text except the quoted names.
/// </summary>
public static class ScoreTableWriter
{
    /// <summary>
    /// Creates the table (dropping an existing one of that name when <paramref name="replace"/> is true) and writes the
    /// rows into it.
    /// </summary>
    /// <param name="connection">An open DuckDB.NET or Npgsql connection.</param>
    /// <param name="table">The table's name parts (e.g. <c>["analytics", "scores"]</c>), each quoted as an identifier.</param>
    /// <param name="columns">The columns, in the order of each row's values.</param>
    /// <param name="rows">The rows; each holds one value per column of the column's .NET type, or null for NULL.</param>
    /// <param name="replace">Drop an existing table of that name first (true), or fail when it exists (false).</param>
    /// <param name="cancellationToken">Checked between rows.</param>
    /// <returns>The number of rows written.</returns>
    /// <exception cref="ArgumentException">No columns, a repeated or empty column name, a row of the wrong length, or a value of the wrong type (named by row and column).</exception>
    /// <exception cref="NotSupportedException">The connection is neither DuckDB.NET's nor Npgsql's.</exception>
    public static long Write(
        DbConnection connection,
        IReadOnlyList<string> table,
        IReadOnlyList<ScoreColumn> columns,
        IEnumerable<object?[]> rows,
        bool replace = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (table.Count == 0 || table.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A table name needs at least one part, and no part may be empty.", nameof(table));
        }

        if (columns.Count == 0)
        {
            throw new ArgumentException("A score table needs at least one column.", nameof(columns));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ScoreColumn c in columns)
        {
            ArgumentNullException.ThrowIfNull(c, nameof(columns));
            if (string.IsNullOrEmpty(c.Name) || !seen.Add(c.Name))
            {
                throw new ArgumentException($"Column name '{c.Name}' is empty or repeated.", nameof(columns));
            }

            _ = TypeName(SqlDialect.DuckDb, c.Type);
        }

        SqlDialect dialect = connection switch
        {
            DuckDBConnection => SqlDialect.DuckDb,
            NpgsqlConnection => SqlDialect.PostgreSql,
            _ => throw new NotSupportedException($"Score tables are written through DuckDB.NET or Npgsql, not {connection.GetType().Name}."),
        };
        var d = Dialect.Of(dialect);
        string name = d.QualifiedName(table);
        Execute(connection, CreateTableSql(d, name, columns, replace));
        return connection switch
        {
            DuckDBConnection duck => WriteDuckDb(duck, table, columns, rows, cancellationToken),
            _ => WritePostgres((NpgsqlConnection)connection, name, d, columns, rows, cancellationToken),
        };
    }

    /// <summary>
    /// Writes the scorecard into a table with the same columns, in the same order, as the scorecard CSV and Parquet files
    /// (<see cref="ScorecardColumns.Of{T}"/>): one row per customer, missing values as NULL.
    /// </summary>
    /// <typeparam name="TKey">The customer key type.</typeparam>
    /// <param name="connection">An open DuckDB.NET or Npgsql connection.</param>
    /// <param name="table">The table's name parts, each quoted as an identifier.</param>
    /// <param name="scorecard">The scorecard.</param>
    /// <param name="replace">Drop an existing table of that name first (true), or fail when it exists (false).</param>
    /// <param name="cancellationToken">Checked between rows.</param>
    /// <returns>The number of rows written.</returns>
    public static long Write<TKey>(
        DbConnection connection,
        IReadOnlyList<string> table,
        CustomerScorecard<TKey> scorecard,
        bool replace = true,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        return Write(connection, table, ScorecardColumns.Of(scorecard), scorecard.Count, replace, cancellationToken);
    }

    /// <summary>
    /// Writes scorecard columns (all of <see cref="ScorecardColumns"/>, a part such as the summary columns, or your own)
    /// into a table: column types mapped from <see cref="ScorecardColumnType"/>, missing values as NULL.
    /// </summary>
    /// <param name="connection">An open DuckDB.NET or Npgsql connection.</param>
    /// <param name="table">The table's name parts, each quoted as an identifier.</param>
    /// <param name="columns">The columns, each with a value per summary row.</param>
    /// <param name="rowCount">The number of summary rows.</param>
    /// <param name="replace">Drop an existing table of that name first (true), or fail when it exists (false).</param>
    /// <param name="cancellationToken">Checked between rows.</param>
    /// <returns>The number of rows written.</returns>
    public static long Write(
        DbConnection connection,
        IReadOnlyList<string> table,
        IReadOnlyList<ScorecardColumn> columns,
        int rowCount,
        bool replace = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ScoreColumn[] scoreColumns = columns.Select(c => new ScoreColumn(c.Name, c.Type switch
        {
            ScorecardColumnType.Text => ScoreColumnType.Text,
            ScorecardColumnType.WholeNumber => ScoreColumnType.WholeNumber,
            ScorecardColumnType.Number => ScoreColumnType.Number,
            _ => ScoreColumnType.Timestamp,
        })).ToArray();
        return Write(connection, table, scoreColumns, Rows(columns, rowCount), replace, cancellationToken);
    }

    private static IEnumerable<object?[]> Rows(IReadOnlyList<ScorecardColumn> columns, int rowCount)
    {
        for (int r = 0; r < rowCount; r++)
        {
            var row = new object?[columns.Count];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = columns[i].ValueAt(r);
            }

            yield return row;
        }
    }

    internal static string CreateTableSql(Dialect d, string name, IReadOnlyList<ScoreColumn> columns, bool replace)
    {
        var sb = new StringBuilder();
        if (replace)
        {
            sb.Append(CultureInfo.InvariantCulture, $"DROP TABLE IF EXISTS {name};\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"CREATE TABLE {name} (\n");
        for (int i = 0; i < columns.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    {d.Identifier(columns[i].Name)} {TypeName(d.Kind, columns[i].Type)}{(i + 1 < columns.Count ? "," : string.Empty)}\n");
        }

        return sb.Append(')').ToString();
    }

    private static long WriteDuckDb(DuckDBConnection connection, IReadOnlyList<string> table, IReadOnlyList<ScoreColumn> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        long n = 0;
        using DuckDBAppender appender = table.Count switch
        {
            1 => connection.CreateAppender(table[0]),
            2 => connection.CreateAppender(table[0], table[1]),
            3 => connection.CreateAppender(table[0], table[1], table[2]),
            _ => throw new ArgumentException("A DuckDB table name has at most three parts (catalog, schema, table).", nameof(table)),
        };
        foreach (object?[] row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CheckRow(row, columns, n);
            IDuckDBAppenderRow r = appender.CreateRow();
            for (int i = 0; i < columns.Count; i++)
            {
                object? v = row[i];
                r = v is null ? r.AppendNullValue() : columns[i].Type switch
                {
                    ScoreColumnType.Text => r.AppendValue((string)v),
                    ScoreColumnType.WholeNumber => r.AppendValue(AsLong(v)),
                    ScoreColumnType.Number => r.AppendValue((double)v),
                    ScoreColumnType.Date => r.AppendValue((DateOnly)v),
                    _ => r.AppendValue((DateTime)v),
                };
            }

            r.EndRow();
            n++;
        }

        return n;
    }

    private static long WritePostgres(NpgsqlConnection connection, string name, Dialect d, IReadOnlyList<ScoreColumn> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        string list = string.Join(", ", columns.Select(c => d.Identifier(c.Name)));
        long n = 0;
        using NpgsqlBinaryImporter importer = connection.BeginBinaryImport($"COPY {name} ({list}) FROM STDIN (FORMAT BINARY)");
        foreach (object?[] row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CheckRow(row, columns, n);
            importer.StartRow();
            for (int i = 0; i < columns.Count; i++)
            {
                object? v = row[i];
                if (v is null)
                {
                    importer.WriteNull();
                    continue;
                }

                switch (columns[i].Type)
                {
                    case ScoreColumnType.Text: importer.Write((string)v, NpgsqlDbType.Text); break;
                    case ScoreColumnType.WholeNumber: importer.Write(AsLong(v), NpgsqlDbType.Bigint); break;
                    case ScoreColumnType.Number: importer.Write((double)v, NpgsqlDbType.Double); break;
                    case ScoreColumnType.Date: importer.Write((DateOnly)v, NpgsqlDbType.Date); break;
                    default: importer.Write((DateTime)v, NpgsqlDbType.Timestamp); break;
                }
            }

            n++;
        }

        importer.Complete();
        return n;
    }

    private static void CheckRow(object?[] row, IReadOnlyList<ScoreColumn> columns, long index, string parameter = "rows")
    {
        if (row is null || row.Length != columns.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {index} has {row?.Length ?? 0} values; the table has {columns.Count} columns."), parameter);
        }

        for (int i = 0; i < row.Length; i++)
        {
            object? v = row[i];
            bool ok = v is null || columns[i].Type switch
            {
                ScoreColumnType.Text => v is string,
                ScoreColumnType.WholeNumber => v is long or int,
                ScoreColumnType.Number => v is double,
                ScoreColumnType.Date => v is DateOnly,
                _ => v is DateTime,
            };
            if (!ok)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Row {index}, column '{columns[i].Name}' ({columns[i].Type}): a {v!.GetType().Name} value '{v}' is not of the column's type."), parameter);
            }
        }
    }

    private static long AsLong(object v) => v is int i ? i : (long)v;

    private static string TypeName(SqlDialect dialect, ScoreColumnType type) => type switch
    {
        ScoreColumnType.Text => dialect == SqlDialect.PostgreSql ? "TEXT" : "VARCHAR",
        ScoreColumnType.WholeNumber => "BIGINT",
        ScoreColumnType.Number => dialect == SqlDialect.PostgreSql ? "DOUBLE PRECISION" : "DOUBLE",
        ScoreColumnType.Date => "DATE",
        ScoreColumnType.Timestamp => "TIMESTAMP",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown score column type."),
    };

    private static void Execute(DbConnection connection, string sql)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
