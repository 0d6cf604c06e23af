namespace CustomerScoring.Parquet;

/// <summary>
/// How <see cref="TransactionParquetReader"/> reads a Parquet file, and which columns
/// <see cref="ArrowTransactions"/> takes from an Arrow record batch. <c>new ParquetImportOptions()</c> reads the
/// columns <c>customer_id</c>, <c>timestamp</c> and <c>amount</c> and fails on the first bad row.
/// </summary>
/// <remarks>
/// <para>Column types are taken from the file's schema; what is accepted:</para>
/// <list type="bullet">
/// <item><description>customer id: string (UTF-8), int32 or int64 (also int8/int16 and unsigned). Ids are keyed as text, like
/// the CSV reader: a string id with surrounding white space removed, compared ordinally; an integer as its invariant decimal
/// text (<c>17850</c>), so that a file's integer ids and the same ids in a CSV file give the same customer keys.</description></item>
/// <item><description>timestamp: a Parquet TIMESTAMP (millis, micros or nanos; INT96 too) or DATE. The rule is UTC: a
/// timestamp marked <c>isAdjustedToUTC</c> (an instant; Spark's and pandas' tz-aware timestamps) is taken as its UTC
/// time; one without (a local or naive timestamp) is taken as written; a DATE is that day at midnight. Timestamps are
/// wall-clock values in <see cref="Transactions.TransactionBatch"/> (kind Unspecified), as the CSV reader produces
/// them when it converts offsets to UTC.</description></item>
/// <item><description>amount and margin: double, float, decimal (converted to the nearest double), or an integer type.</description></item>
/// </list>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed record ParquetImportOptions
{
    /// <summary>The default number of rejected rows kept in detail: 1,000.</summary>
    public const int DefaultMaxRejectionDetails = 1000;

    /// <summary>The column of the customer id. Default: <c>customer_id</c>. Names are compared exactly (ordinal).</summary>
    public string CustomerColumn { get; init; } = "customer_id";

    /// <summary>The column of the timestamp. Default: <c>timestamp</c>.</summary>
    public string TimestampColumn { get; init; } = "timestamp";

    /// <summary>The column of the amount. Default: <c>amount</c>.</summary>
    public string AmountColumn { get; init; } = "amount";

    /// <summary>The column of the margin, or null (the default) for transactions without margins.</summary>
    public string? MarginColumn { get; init; }

    /// <summary>What to do with a bad row (a null, a blank id, a non-finite amount). Default: <see cref="ParquetErrorHandling.Fail"/>.
    /// A missing column, or one of a type that cannot be mapped, is always an exception.</summary>
    public ParquetErrorHandling OnError { get; init; } = ParquetErrorHandling.Fail;

    /// <summary>How many rejected rows the report keeps in detail (all of them are counted). Default: 1,000.</summary>
    public int MaxRejectionDetails { get; init; } = DefaultMaxRejectionDetails;

    /// <summary>Checks that the settings fit together.</summary>
    /// <exception cref="ArgumentException">They do not; the message says which setting to change.</exception>
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(CustomerColumn, nameof(CustomerColumn));
        ArgumentException.ThrowIfNullOrEmpty(TimestampColumn, nameof(TimestampColumn));
        ArgumentException.ThrowIfNullOrEmpty(AmountColumn, nameof(AmountColumn));
        if (MarginColumn is { Length: 0 })
        {
            throw new ArgumentException("MarginColumn is empty: give a column name, or null for no margins.");
        }

        if (MaxRejectionDetails < 0)
        {
            throw new ArgumentException($"MaxRejectionDetails must not be negative; it is {MaxRejectionDetails}.");
        }
    }
}
