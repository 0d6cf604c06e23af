namespace CustomerScoring.Sql;

/// <summary>
/// Where the transactions are: a table (or view) or a query of yours, and the names of its customer, timestamp, amount
/// and optional margin columns.
/// </summary>
/// <remarks>
/// Table and column names are always quoted as identifiers in the generated SQL (so any name works, and none can inject
/// SQL). A <see cref="Query"/> is your own SQL text, placed as a sub-query unchanged: give only trusted text. The
/// timestamp column should be a TIMESTAMP without time zone (or a DATE): its calendar day is what counts, as in memory.
/// Amounts and margins are read as double precision.
/// </remarks>
public sealed record TransactionSource
{
    private TransactionSource(IReadOnlyList<string>? table, string? query)
    {
        Table = table;
        Query = query;
    }

    /// <summary>The table's name parts (e.g. schema, table), or null for a query source.</summary>
    public IReadOnlyList<string>? Table { get; }

    /// <summary>The query text, or null for a table source.</summary>
    public string? Query { get; }

    /// <summary>The customer key column; <c>customer_id</c> by default.</summary>
    public string CustomerColumn { get; init; } = "customer_id";

    /// <summary>The timestamp column; <c>timestamp</c> by default.</summary>
    public string TimestampColumn { get; init; } = "timestamp";

    /// <summary>The amount column; <c>amount</c> by default.</summary>
    public string AmountColumn { get; init; } = "amount";

    /// <summary>The margin column, or null (the default) for none.</summary>
    public string? MarginColumn { get; init; }

    /// <summary>
    /// Whether the customer key is cast to text in the engine (VARCHAR, TEXT or STRING), so that keys of any column type read
    /// as <see cref="string"/>; false (the default) reads them as the column's own type.
    /// </summary>
    public bool CustomerKeyAsText { get; init; }

    /// <summary>A table or view, by its name parts: <c>FromTable("sales")</c> or <c>FromTable("analytics", "sales")</c>.</summary>
    /// <param name="nameParts">The name, optionally qualified by schema (and catalog); each part is quoted separately.</param>
    /// <exception cref="ArgumentException">No part, or an empty part.</exception>
    public static TransactionSource FromTable(params string[] nameParts)
    {
        ArgumentNullException.ThrowIfNull(nameParts);
        if (nameParts.Length == 0 || nameParts.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A table name needs at least one part, and no part may be empty.", nameof(nameParts));
        }

        return new TransactionSource([.. nameParts], null);
    }

    /// <summary>A query of yours whose result holds the columns (trusted text, placed as a sub-query).</summary>
    /// <param name="sql">A SELECT statement without a trailing semicolon.</param>
    /// <exception cref="ArgumentException">The text is blank or ends with a semicolon.</exception>
    public static TransactionSource FromQuery(string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        if (sql.TrimEnd().EndsWith(';'))
        {
            throw new ArgumentException("The query is used as a sub-query: remove the trailing semicolon.", nameof(sql));
        }

        return new TransactionSource(null, sql);
    }

    /// <summary>The FROM item of the generated SQL.</summary>
    internal string FromItem(Dialect d) => Table is { } t ? d.QualifiedName(t) : "(\n" + Query + "\n) AS " + d.Identifier("source");
}
