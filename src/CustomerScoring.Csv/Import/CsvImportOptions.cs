using System.Globalization;

namespace CustomerScoring.Csv;

/// <summary>
/// How <see cref="TransactionCsvReader"/> reads a transaction file: which columns hold what, the delimiter,
/// number and date formats, invoice grouping and what to do with bad lines. Every setting has a documented
/// default, so <c>new CsvImportOptions()</c> reads a comma-separated file with the header
/// <c>customer_id,timestamp,amount</c>, invariant numbers and ISO 8601 timestamps, and fails on the first bad line.
/// <see cref="CsvFormatSniffer"/> detects the delimiter, header, decimal separator and timestamp format of a file.
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

    /// <summary>The default longest record: 1 MiB of UTF-8.</summary>
    public const int DefaultMaxRecordBytes = 1 << 20;

    /// <summary>The default longest text kept of a rejected line or field: 1,000 characters.</summary>
    public const int DefaultMaxRejectedTextChars = 1000;

    /// <summary>
    /// The name of the ISO 8601 timestamp format, the default of <see cref="TimestampFormats"/>:
    /// <c>yyyy-MM-dd</c>, optionally followed by <c>T</c> or a space and <c>HH:mm</c>, <c>HH:mm:ss</c> or
    /// <c>HH:mm:ss.fffffff</c> (1 to 9 fraction digits after '.' or ','; ticks are 100 ns, so digits past the
    /// seventh are truncated), optionally followed by <c>Z</c> or an offset <c>+hh:mm</c>, <c>+hhmm</c> or <c>+hh</c>.
    /// <b>The rule for zones:</b> a timestamp with <c>Z</c> or an offset is converted to UTC (the written time minus
    /// the offset: <c>2026-01-05T10:00:00+02:00</c> reads as 08:00); a timestamp without one is kept as written.
    /// A file that mixes both therefore mixes UTC and local times: give every value an offset, or none.
    /// </summary>
    public const string Iso8601 = "ISO 8601";

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
    /// The timestamp formats, tried in order: <see cref="Iso8601"/> (the default), or .NET custom date and
    /// time format strings (invariant culture). Examples: <c>yyyyMMdd</c>,
    /// <c>M/d/yyyy H:mm</c>, <c>yyyy-MM-ddTHH:mm:ss.fff</c>. Each format must contain a year, a month and a day.
    /// Formats made of the digits specifiers yyyy, M, MM, d, dd, H, HH, m, mm, s, ss, f..fffffff and
    /// literal characters are parsed directly from the UTF-8 bytes; others (month names, AM/PM, time zones)
    /// go through <see cref="DateTime.TryParseExact(ReadOnlySpan{char}, ReadOnlySpan{char}, IFormatProvider, DateTimeStyles, out DateTime)"/>,
    /// with times that carry an offset converted to UTC. Timestamps are wall-clock values (kind Unspecified).
    /// </summary>
    public IReadOnlyList<string> TimestampFormats { get; init; } = [Iso8601];

    /// <summary>What to do with a bad line. Default: <see cref="CsvErrorHandling.Fail"/>. A missing column
    /// is always an exception, whatever this says.</summary>
    public CsvErrorHandling OnError { get; init; } = CsvErrorHandling.Fail;

    /// <summary>How many rejected lines the report keeps in detail (all of them are counted). Default: 1,000.</summary>
    public int MaxRejectionDetails { get; init; } = DefaultMaxRejectionDetails;

    /// <summary>
    /// How customer ids are compared. Default: <see cref="CsvIdFormat.AsWritten"/> (the trimmed text, ordinal).
    /// <see cref="CsvIdFormat.Number"/> reads ids as whole numbers, so <c>17850.0</c>, <c>17850</c> and
    /// <c>017850</c> are the one customer <c>17850</c> (as spreadsheets and Spark write numeric ids); an id that
    /// is not a whole number is rejected (<see cref="CsvRejectionReason.InvalidCustomerId"/>).
    /// </summary>
    public CsvIdFormat CustomerIdFormat { get; init; } = CsvIdFormat.AsWritten;

    /// <summary>
    /// An invoice id prefix that marks cancellations (<c>C</c> in the Online Retail data), or null (the
    /// default). Requires <see cref="InvoiceColumn"/>. The lines of an invoice whose id starts with it
    /// (ordinal) get negative amounts and margins (minus their absolute value), whatever their sign in the
    /// file: a negative amount in a batch means a return, which the summaries' returns policy handles. Other
    /// negative amounts (a refund line without the prefix) are passed through as they are.
    /// </summary>
    public string? CancellationPrefix { get; init; }

    /// <summary>
    /// What to do with a line of an invoice whose timestamp differs from the invoice's first line. Default:
    /// <see cref="CsvInvoiceTimestampHandling.UseFirst"/>: the line is merged and counted in
    /// <see cref="CsvImportReport.InvoiceTimestampConflicts"/> (never silently).
    /// </summary>
    public CsvInvoiceTimestampHandling InvoiceTimestampConflicts { get; init; } = CsvInvoiceTimestampHandling.UseFirst;

    /// <summary>
    /// Called with every rejected line, in file order, when <see cref="OnError"/> is
    /// <see cref="CsvErrorHandling.Skip"/> (for example to write a file of rejects with
    /// <see cref="CsvRejectsWriter"/>). The report keeps only the first <see cref="MaxRejectionDetails"/>;
    /// this sees all of them. Default: null. Called on the reading thread.
    /// </summary>
    public Action<CsvRejection>? OnRejection { get; init; }

    /// <summary>
    /// The largest share of the data lines (blank lines not counted) that may be rejected, from 0 to 1, or
    /// null (the default) for no limit. When more are rejected, the import throws a
    /// <see cref="CsvImportException"/> at the end of the input, with the report's counts in its message, so a
    /// file that is mostly unreadable does not pass as a small one.
    /// </summary>
    public double? MaxRejectedShare { get; init; }

    /// <summary>
    /// The longest record, in bytes of UTF-8, including the line breaks inside its quoted fields.
    /// Default: 1 MiB. A longer record is rejected (<see cref="CsvRejectionReason.RecordTooLong"/>); one that
    /// does not fit in the read buffer stops the import with a <see cref="CsvImportException"/> naming its line
    /// (a quote that is never closed would otherwise make the rest of the file one record).
    /// </summary>
    public int MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;

    /// <summary>The longest text kept of a rejected line or field, in characters; longer text is cut and
    /// marked with its full length. Default: 1,000.</summary>
    public int MaxRejectedTextChars { get; init; } = DefaultMaxRejectedTextChars;

    /// <summary>The largest number of transactions per <see cref="Transactions.TransactionBatch"/>. Default: 65,536.
    /// Memory while reading is these batches (about 20 bytes per transaction, 28 with margins) plus the customer map.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>
    /// The number of threads that parse records: 1 (the default) reads on the calling thread alone; null means one per
    /// processor (<see cref="Environment.ProcessorCount"/>). With 2 or more, CsvHelper's parallel reading splits the input into
    /// batches that worker threads parse from UTF-8, each with its own table of customer ids; the calling thread puts
    /// their results together in file order. The result is the same whatever the number: the same customers in the
    /// same order (first use in the file), the same rows in the same order, the same report (line numbers, reasons,
    /// totals, details) and the same <see cref="OnRejection"/> calls, in file order, on the calling thread.
    /// The default is 1 because on a loaded 2-core machine parallel reading measured slower than one thread and used
    /// about 1.5 times the processor time (issue 12); measure on yours before choosing more. Options that need the lines in order while they are parsed read on the
    /// calling thread alone too, whatever this says: <see cref="InvoiceColumn"/> (an invoice's lines are grouped across
    /// batches) and <see cref="HasHeader"/> false (the first line sets the field count).
    /// Two exceptions to "the same result", both on input no real file has: a record longer than
    /// <see cref="MaxRecordBytes"/> stops the import when it is not complete where CsvHelper's read buffer ends, and the
    /// buffers end at other places in parallel reading, so such a record can stop one read and be rejected by another;
    /// and a line parsed before the running total of the amounts came within 2^960 of overflowing a double
    /// (1.8e308) stops a parallel read with an exception that says to read with 1, instead of being rejected.
    /// </summary>
    public int? MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>
    /// The customer key that an id written as <paramref name="id"/> gets under <see cref="CustomerIdFormat"/>
    /// (surrounding spaces and tabs removed; with <see cref="CsvIdFormat.Number"/>, <c>17850.0</c> gives
    /// <c>17850</c>), or null when such an id would be rejected. Use it to look a customer up by an id typed by a
    /// user (a command line's <c>--explain 17850.0</c>) exactly as the reader keyed the file's ids.
    /// </summary>
    public string? NormalizeCustomerId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        string trimmed = id.Trim(' ', '\t');
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (CustomerIdFormat == CsvIdFormat.AsWritten)
        {
            return trimmed;
        }

        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(trimmed);
        var buffer = new byte[utf8.Length + 1];
        int length = NumericId.Normalize(utf8, buffer);
        return length < 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>The number of parallel workers to read with, or 0 to read on the calling thread alone.</summary>
    internal int ParallelWorkers =>
        InvoiceColumn is not null || !HasHeader ? 0
        : ParallelWorkersForTests ?? ((MaxDegreeOfParallelism ?? Environment.ProcessorCount) is var n and > 1 ? n : 0);

    /// <summary>For tests: the number of parallel workers whatever <see cref="MaxDegreeOfParallelism"/> says (1: one worker thread).</summary>
    internal int? ParallelWorkersForTests { get; init; }

    /// <summary>For tests: whether the sequential reader parses one batch ahead while a second thread looks up the customers
    /// of the batch before (by default when there is more than one processor).</summary>
    internal bool? LookAheadForTests { get; init; }

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

        if (MaxRecordBytes < 256)
        {
            throw new ArgumentException($"MaxRecordBytes must be at least 256; it is {MaxRecordBytes}.");
        }

        if (MaxRejectedTextChars < 16)
        {
            throw new ArgumentException($"MaxRejectedTextChars must be at least 16; it is {MaxRejectedTextChars}.");
        }

        if (MaxDegreeOfParallelism is < 1)
        {
            throw new ArgumentException($"MaxDegreeOfParallelism must be at least 1, or null for one thread per processor; it is {MaxDegreeOfParallelism}.");
        }

        if (MaxRejectedShare is { } share && !(share >= 0 && share <= 1))
        {
            throw new ArgumentException($"MaxRejectedShare must be between 0 and 1 (a share of the lines, 0.05 for 5%); it is {share}.");
        }

        if (CancellationPrefix is not null && (CancellationPrefix.Length == 0 || InvoiceColumn is null))
        {
            throw new ArgumentException(CancellationPrefix.Length == 0
                ? "CancellationPrefix is empty: give the prefix of cancelled invoices, such as \"C\", or null."
                : "CancellationPrefix marks cancelled invoices by their id: set InvoiceColumn too.");
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
