using System.Globalization;

namespace CustomerScoring.Csv;

/// <summary>
/// How <see cref="TransactionCsvReader"/> reads a transaction file: which columns hold what, the delimiter,
/// number and date formats, invoice grouping and what to do with bad lines. Every setting has a documented
/// default, so <c>new CsvImportOptions()</c> reads a comma-separated file with the header
/// <c>customer_id,timestamp,amount</c>, invariant numbers and ISO dates, and fails on the first bad line.
/// </summary>
/// <example>
/// A retail line-item export, one transaction per invoice, bad lines reported instead of thrown:
/// <code>
/// var options = new CsvImportOptions
/// {
///     CustomerColumn = "CustomerID",
///     TimestampColumn = "InvoiceDate",
///     QuantityColumn = "Quantity",
///     PriceColumn = "UnitPrice",
///     InvoiceColumn = "InvoiceNo",
///     TimestampFormats = ["M/d/yyyy H:mm"],
///     OnError = CsvErrorHandling.Skip,
/// };
/// </code>
/// </example>
/// <remarks>Immutable and thread-safe (as long as the <see cref="NumberFormat"/> given is read-only).</remarks>
public sealed record CsvImportOptions
{
    /// <summary>The default number of transactions per batch: 65,536.</summary>
    public const int DefaultBatchSize = 1 << 16;

    /// <summary>The default number of rejected lines kept in detail: 1,000.</summary>
    public const int DefaultMaxRejectionDetails = 1000;

    /// <summary>Whether the first line is a header naming the columns. Default: true. Without a header,
    /// every column must be given by position (<see cref="CsvColumn.At"/>).</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>The field delimiter. Default: <see cref="CsvDelimiter.Comma"/>.</summary>
    public CsvDelimiter Delimiter { get; init; } = CsvDelimiter.Comma;

    /// <summary>The column of the customer id. Default: <c>customer_id</c>. The id is the field's text with
    /// surrounding spaces removed, compared exactly (ordinal).</summary>
    public CsvColumn CustomerColumn { get; init; } = CsvColumn.Named("customer_id");

    /// <summary>The column of the timestamp. Default: <c>timestamp</c>.</summary>
    public CsvColumn TimestampColumn { get; init; } = CsvColumn.Named("timestamp");

    /// <summary>The column of the amount. Default: <c>amount</c>. Ignored when <see cref="QuantityColumn"/>
    /// and <see cref="PriceColumn"/> are set.</summary>
    public CsvColumn AmountColumn { get; init; } = CsvColumn.Named("amount");

    /// <summary>The column of the margin, or null (the default) for transactions without margins.</summary>
    public CsvColumn? MarginColumn { get; init; }

    /// <summary>The quantity column. When it and <see cref="PriceColumn"/> are set, the amount of a line is
    /// quantity × price (as retail line-item exports have it) and <see cref="AmountColumn"/> is not read.
    /// Negative quantities (returns, cancellations) give negative amounts. Default: null.</summary>
    public CsvColumn? QuantityColumn { get; init; }

    /// <summary>The unit price column; see <see cref="QuantityColumn"/>. Default: null.</summary>
    public CsvColumn? PriceColumn { get; init; }

    /// <summary>
    /// The invoice (order) id column, or null (the default) when every line is one transaction. When set,
    /// consecutive lines with the same invoice id form one transaction: amounts (and margins) are summed,
    /// and the timestamp and customer are those of the invoice's first line. A line of an invoice with a
    /// different customer is rejected (<see cref="CsvRejectionReason.InvoiceCustomerMismatch"/>); an
    /// invoice id that appears again after another invoice is rejected
    /// (<see cref="CsvRejectionReason.InvoiceReappears"/>). An invoice closes as soon as a line with another
    /// non-blank invoice id is read, whether or not that line is used. Closed invoice ids are remembered as
    /// 64-bit hashes (8 bytes each, not their text): two different ids with the same hash, which has a chance
    /// of about n²/2⁶⁵ among n invoices, would reject the second as reappearing.
    /// </summary>
    public CsvColumn? InvoiceColumn { get; init; }

    /// <summary>The number format of amounts, quantities, prices and margins. Default: the invariant
    /// format (decimal point '.'). For a decimal comma pass, for example,
    /// <c>CultureInfo.GetCultureInfo("de-DE").NumberFormat</c>. Numbers may have a sign, decimals and an
    /// exponent; group separators are not accepted, so that "1,5" can never silently read as 15.</summary>
    public NumberFormatInfo NumberFormat { get; init; } = NumberFormatInfo.InvariantInfo;

    /// <summary>
    /// The timestamp formats (.NET custom date and time format strings, invariant culture), tried in order.
    /// Default: <c>yyyy-MM-dd</c> and <c>yyyy-MM-dd HH:mm:ss</c>. Other examples: <c>yyyyMMdd</c>,
    /// <c>M/d/yyyy H:mm</c>, <c>yyyy-MM-ddTHH:mm:ss.fff</c>. Each format must contain a year, a month and a day.
    /// Formats made of the digits specifiers yyyy, M, MM, d, dd, H, HH, m, mm, s, ss, f..fffffff and
    /// literal characters are parsed directly from the UTF-8 bytes; others (month names, AM/PM, time zones)
    /// go through <see cref="DateTime.TryParseExact(ReadOnlySpan{char}, ReadOnlySpan{char}, IFormatProvider, DateTimeStyles, out DateTime)"/>,
    /// with times that carry an offset converted to UTC. Timestamps are wall-clock values (kind Unspecified).
    /// </summary>
    public IReadOnlyList<string> TimestampFormats { get; init; } = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>What to do with a bad line. Default: <see cref="CsvErrorHandling.Fail"/>. A missing column
    /// is always an exception, whatever this says.</summary>
    public CsvErrorHandling OnError { get; init; } = CsvErrorHandling.Fail;

    /// <summary>How many rejected lines the report keeps in detail (all of them are counted). Default: 1,000.</summary>
    public int MaxRejectionDetails { get; init; } = DefaultMaxRejectionDetails;

    /// <summary>The largest number of transactions per <see cref="Transactions.TransactionBatch"/>. Default: 65,536.
    /// Memory while reading is these batches (about 20 bytes per transaction, 28 with margins) plus the customer map.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Whether amounts are quantity × price.</summary>
    internal bool UsesQuantityTimesPrice => QuantityColumn is not null && PriceColumn is not null;

    /// <summary>Checks that the settings fit together.</summary>
    /// <exception cref="ArgumentException">They do not; the message says which setting to change.</exception>
    internal void Validate()
    {
        if ((QuantityColumn is null) != (PriceColumn is null))
        {
            throw new ArgumentException(
                $"Set both QuantityColumn and PriceColumn (amount = quantity × price) or neither; only {(QuantityColumn is null ? "PriceColumn" : "QuantityColumn")} is set.");
        }

        ArgumentNullException.ThrowIfNull(NumberFormat, nameof(NumberFormat));
        ArgumentNullException.ThrowIfNull(TimestampFormats, nameof(TimestampFormats));
        if (TimestampFormats.Count == 0)
        {
            throw new ArgumentException("TimestampFormats is empty: give at least one format, such as yyyy-MM-dd.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"BatchSize must be at least 1; it is {BatchSize}.");
        }

        if (MaxRejectionDetails < 0)
        {
            throw new ArgumentException($"MaxRejectionDetails must not be negative; it is {MaxRejectionDetails}.");
        }

        if (!HasHeader)
        {
            foreach ((string role, CsvColumn? column) in Columns())
            {
                if (column is { IsNamed: true } c)
                {
                    throw new ArgumentException(
                        $"HasHeader is false, so {role} must be a position such as CsvColumn.At(0); it is the name {c}.");
                }
            }
        }
    }

    /// <summary>The columns that are read, with the name of their setting.</summary>
    internal IEnumerable<(string Role, CsvColumn? Column)> Columns()
    {
        if (InvoiceColumn is not null)
        {
            yield return (nameof(InvoiceColumn), InvoiceColumn);
        }

        yield return (nameof(CustomerColumn), CustomerColumn);
        yield return (nameof(TimestampColumn), TimestampColumn);
        if (UsesQuantityTimesPrice)
        {
            yield return (nameof(QuantityColumn), QuantityColumn);
            yield return (nameof(PriceColumn), PriceColumn);
        }
        else
        {
            yield return (nameof(AmountColumn), AmountColumn);
        }

        if (MarginColumn is not null)
        {
            yield return (nameof(MarginColumn), MarginColumn);
        }
    }
}
