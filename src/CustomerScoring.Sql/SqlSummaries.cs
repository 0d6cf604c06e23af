using System.Data.Common;
using System.Globalization;
using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using DuckDB.NET.Data;
using Npgsql;

namespace CustomerScoring.Sql;

/// <summary>
/// Runs the generated summary and histogram queries over an ADO.NET connection and reads the results into
/// <see cref="CustomerSummaries"/> and <see cref="ClvHistogram"/>: the transactions stay in the database, only one row
/// per customer (or per histogram cell) crosses the wire, read row by row.
/// </summary>
public static class SqlSummaries
{
    /// <summary>The dialect of a DuckDB.NET or Npgsql connection.</summary>
    /// <param name="connection">The connection.</param>
    /// <exception cref="ArgumentException">The connection is of another provider: give the dialect explicitly.</exception>
    public static SqlDialect DialectOf(DbConnection connection) => connection switch
    {
        DuckDBConnection => SqlDialect.DuckDb,
        NpgsqlConnection => SqlDialect.PostgreSql,
        null => throw new ArgumentNullException(nameof(connection)),
        _ => throw new ArgumentException($"Cannot tell the SQL dialect of a {connection.GetType().Name}; pass it explicitly.", nameof(connection)),
    };

    /// <summary>
    /// The usual default analysis date: the day after the source's last transaction (as
    /// <see cref="Summarizer.DayAfterLastTransaction(IReadOnlyList{TransactionBatch})"/> in memory), found by one MAX query.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="source">The transactions' table or query and column names.</param>
    /// <param name="dialect">The connection's SQL dialect.</param>
    /// <returns>The day after the last transaction's calendar day.</returns>
    /// <exception cref="InvalidDataException">The source has no transaction with a timestamp, or its last one is on 9999-12-31 (often a typo year), which has no day after it.</exception>
    public static DateOnly DayAfterLastTransaction(DbConnection connection, TransactionSource source, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using DbCommand command = SummarySql.LastDay(source, dialect).CreateCommand(connection);
        object? value = command.ExecuteScalar();
        DateOnly last = value switch
        {
            DateOnly d => d,
            DateTime t => DateOnly.FromDateTime(t),
            null or DBNull => throw new InvalidDataException("The source has no transactions with a timestamp: there is no default analysis date; give one."),
            _ => throw new InvalidDataException($"The last day came back as {value.GetType().Name}, not a date."),
        };
        if (last == DateOnly.MaxValue)
        {
            throw new InvalidDataException("The last transaction is on 9999-12-31 (often a typo year), which has no day after it: give the analysis date explicitly.");
        }

        return last.AddDays(1);
    }

    /// <summary>
    /// Computes the customer summaries in the database and reads them, with the customers' keys in a
    /// <see cref="CustomerKeyMap{TKey}"/> (dense indices in the order the rows arrive).
    /// </summary>
    /// <typeparam name="TKey">The customer key's .NET type as the provider reads it (e.g. <see cref="string"/>, <see cref="long"/>, <see cref="int"/>).</typeparam>
    /// <param name="connection">An open connection.</param>
    /// <param name="source">The transactions' table or query and column names.</param>
    /// <param name="options">The observation window and units.</param>
    /// <param name="dialect">The connection's SQL dialect.</param>
    /// <param name="comparer">The key comparer of the map (default equality when null).</param>
    /// <param name="cancellationToken">Checked between rows.</param>
    /// <returns>The summaries and keys.</returns>
    /// <exception cref="NullTransactionRowsException">The source has rows with a NULL customer key, timestamp, amount or margin.</exception>
    /// <exception cref="InvalidDataException">A NULL or repeated customer key in the result, or a row contradicting the definitions.</exception>
    public static KeyedSummaries<TKey> Read<TKey>(
        DbConnection connection,
        TransactionSource source,
        SummaryOptions options,
        SqlDialect dialect,
        IEqualityComparer<TKey>? comparer = null,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(connection);
        SqlQuery portfolioQuery = SummarySql.Portfolio(source, options, dialect);
        SqlQuery summaryQuery = SummarySql.Summary(source, options, dialect);
        long nullRows, excluded, withoutPurchases, holdoutOfNew;
        SummaryReturnCounts returns;
        using (DbCommand command = portfolioQuery.CreateCommand(connection))
        using (DbDataReader reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                throw new InvalidDataException("The portfolio query returned no row.");
            }

            nullRows = reader.GetInt64(0);
            excluded = reader.GetInt64(1);
            withoutPurchases = reader.GetInt64(2);
            holdoutOfNew = reader.GetInt64(3);
            returns = new SummaryReturnCounts
            {
                CustomersWithOnlyReturns = checked((int)reader.GetInt64(4)),
                ReturnsOfCustomersWithoutPurchases = reader.GetInt64(5),
                ReturnsValueOfCustomersWithoutPurchases = reader.GetDouble(6),
                HoldoutReturnTransactions = reader.GetInt64(7),
            };
        }

        if (nullRows > 0)
        {
            throw new NullTransactionRowsException(nullRows);
        }

        var keys = new CustomerKeyMap<TKey>(comparer);
        var builder = new CustomerSummariesBuilder(options, source.MarginColumn is not null);
        bool holdout = options.HoldoutEnd.HasValue;
        using (DbCommand command = summaryQuery.CreateCommand(connection))
        using (DbDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reader.IsDBNull(0))
                {
                    throw new InvalidDataException("The summary has a row with a NULL customer key.");
                }

                TKey key = reader.GetFieldValue<TKey>(0);
                int index = keys.Count;
                if (keys.GetOrAdd(key) != index)
                {
                    throw new InvalidDataException($"The customer key '{key}' appears in two summary rows: the key column's type or comparer does not match the database's grouping.");
                }

                try
                {
                    builder.Add(
                        index,
                        firstPurchase: reader.GetDateTime(8),
                        lastPurchase: reader.GetDateTime(9),
                        transactions: checked((int)reader.GetInt64(1)),
                        purchasePeriods: checked((int)reader.GetInt64(2)),
                        totalAmount: reader.GetDouble(10),
                        grossAmount: reader.GetDouble(11),
                        returnsAmount: reader.GetDouble(12),
                        returnCount: checked((int)reader.GetInt64(13)),
                        totalMargin: reader.GetDouble(14),
                        recency: reader.GetDouble(4),
                        age: reader.GetDouble(5),
                        timeSinceLastPurchase: reader.GetDouble(6),
                        monetaryRepeatMean: reader.GetDouble(16),
                        gapBeforeLastPurchase: reader.GetDouble(7),
                        holdoutPurchasePeriods: holdout ? checked((int)reader.GetInt64(17)) : 0,
                        holdoutTransactions: holdout ? checked((int)reader.GetInt64(18)) : 0,
                        holdoutAmount: holdout ? reader.GetDouble(19) : 0.0);
                }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException($"The summary row of customer '{key}' contradicts the definitions: {e.Message}", e);
                }
            }
        }

        CustomerSummaries summaries;
        try
        {
            summaries = builder.Build(checked((int)withoutPurchases), excluded, holdoutOfNew, returns);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException($"The portfolio counts contradict the definitions: {e.Message}", e);
        }

        return new KeyedSummaries<TKey>(summaries, keys, summaryQuery);
    }

    /// <summary>
    /// Computes the (x, t_x, T) histogram in the database and reads it (a few thousand rows whatever the number of
    /// customers); fit BG/NBD, MBG/NBD or Pareto/NBD on it.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="source">The transactions' table or query and column names.</param>
    /// <param name="options">The observation window and units.</param>
    /// <param name="dialect">The connection's SQL dialect.</param>
    /// <param name="cancellationToken">Checked between rows.</param>
    /// <exception cref="InvalidDataException">A histogram row breaks the rules of the models' input.</exception>
    public static ClvHistogram ReadHistogram(DbConnection connection, TransactionSource source, SummaryOptions options, SqlDialect dialect, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var (x, tx, t, n) = ReadRows(connection, SummarySql.Histogram(source, options, dialect), 3, cancellationToken);
        try
        {
            return new ClvHistogram(x.ToArray(), tx.ToArray(), t.ToArray(), n.ToArray(), options.TimeUnit);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The histogram contradicts the definitions: {e.Message}", e);
        }
    }

    /// <summary>
    /// Computes the repeat buyers' (x, m) histogram in the database and reads it as the per-customer spans that
    /// <see cref="GammaGammaModel.Fit"/> takes (one entry per repeat buyer, rebuilt from the counts).
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="source">The transactions' table or query and column names.</param>
    /// <param name="options">The observation window and units.</param>
    /// <param name="dialect">The connection's SQL dialect.</param>
    /// <param name="cancellationToken">Checked between rows.</param>
    /// <returns>x and m of every repeat buyer, ordered by x and m.</returns>
    public static (double[] Frequency, double[] Monetary) ReadSpendHistogram(DbConnection connection, TransactionSource source, SummaryOptions options, SqlDialect dialect, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var (x, m, _, n) = ReadRows(connection, SummarySql.SpendHistogram(source, options, dialect), 2, cancellationToken);
        var fx = new List<double>();
        var fm = new List<double>();
        for (int i = 0; i < x.Count; i++)
        {
            for (int k = 0; k < (int)n[i]; k++)
            {
                fx.Add(x[i]);
                fm.Add(m[i]);
            }
        }

        return (fx.ToArray(), fm.ToArray());
    }

    private static (List<double> A, List<double> B, List<double> C, List<double> Count) ReadRows(DbConnection connection, SqlQuery query, int values, CancellationToken cancellationToken)
    {
        var a = new List<double>();
        var b = new List<double>();
        var c = new List<double>();
        var n = new List<double>();
        using DbCommand command = query.CreateCommand(connection);
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            a.Add(ReadNumber(reader, 0));
            b.Add(ReadNumber(reader, 1));
            c.Add(values == 3 ? reader.GetDouble(2) : 0.0);
            n.Add(reader.GetInt64(values));
        }

        return (a, b, c, n);
    }

    /// <summary>x arrives as BIGINT, the times and means as DOUBLE.</summary>
    private static double ReadNumber(DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(double) ? reader.GetDouble(ordinal) : reader.GetInt64(ordinal);
}
