using System.Globalization;
using System.Text;

namespace CustomerScoring.Csv;

/// <summary>
/// What happened to every record of an imported file: how many were read, used, merged into invoices,
/// rejected (by reason, with their amounts, the first of each reason and the first few in detail) or blank.
/// No record is unaccounted for: <see cref="LinesRead"/> = <see cref="Transactions"/> +
/// <see cref="LinesMergedIntoInvoices"/> + <see cref="LinesRejected"/> + <see cref="BlankLines"/> (see
/// <see cref="IsBalanced"/>). A record is one line of the file unless a quoted field holds line breaks.
/// </summary>
/// <remarks>Immutable and thread-safe: a snapshot taken when it was created.</remarks>
public sealed class CsvImportReport
{
    internal CsvImportReport(
        long linesRead,
        long blankLines,
        long transactions,
        long linesMerged,
        IReadOnlyDictionary<CsvRejectionReason, CsvRejectionTotal> rejectionTotals,
        IReadOnlyList<CsvRejection> rejections,
        int customers,
        double amountUsed,
        long invoiceTimestampConflicts,
        long cancelledLines)
    {
        LinesRead = linesRead;
        BlankLines = blankLines;
        Transactions = transactions;
        LinesMergedIntoInvoices = linesMerged;
        RejectionTotals = rejectionTotals;
        RejectionCounts = rejectionTotals.ToDictionary(p => p.Key, p => p.Value.Count);
        Rejections = rejections;
        Customers = customers;
        AmountUsed = amountUsed;
        InvoiceTimestampConflicts = invoiceTimestampConflicts;
        CancelledLines = cancelledLines;
        long rejected = 0;
        double rejectedAmount = 0;
        foreach (CsvRejectionTotal total in rejectionTotals.Values)
        {
            rejected += total.Count;
            rejectedAmount += total.Amount;
        }

        LinesRejected = rejected;
        AmountRejected = rejectedAmount;
    }

    /// <summary>The records read, blank lines included, except the header. A record the quoting rules reject counts as one.</summary>
    public long LinesRead { get; }

    /// <summary>Lines that were empty or held only spaces and tabs; they are skipped, not rejected.</summary>
    public long BlankLines { get; }

    /// <summary>The transactions produced: one per used line, or one per invoice with <see cref="CsvImportOptions.InvoiceColumn"/>.</summary>
    public long Transactions { get; }

    /// <summary>Used lines that were added to the transaction of an earlier line of the same invoice.</summary>
    public long LinesMergedIntoInvoices { get; }

    /// <summary>The lines that were used: <see cref="Transactions"/> + <see cref="LinesMergedIntoInvoices"/>.</summary>
    public long LinesUsed => Transactions + LinesMergedIntoInvoices;

    /// <summary>The lines that were rejected (all of them, including those beyond the details kept).</summary>
    public long LinesRejected { get; }

    /// <summary>The number of rejected lines for each reason that occurred.</summary>
    public IReadOnlyDictionary<CsvRejectionReason, long> RejectionCounts { get; }

    /// <summary>For each reason that occurred: the count, the sum of the amounts that parse, and the first line.</summary>
    public IReadOnlyDictionary<CsvRejectionReason, CsvRejectionTotal> RejectionTotals { get; }

    /// <summary>The first rejected lines in detail, in file order, up to <see cref="CsvImportOptions.MaxRejectionDetails"/>.</summary>
    public IReadOnlyList<CsvRejection> Rejections { get; }

    /// <summary>The number of distinct customers in the transactions.</summary>
    public int Customers { get; }

    /// <summary>The sum of the amounts of the used lines (negative amounts included).</summary>
    public double AmountUsed { get; }

    /// <summary>The sum of the amounts of the rejected lines whose amount parses.</summary>
    public double AmountRejected { get; }

    /// <summary>
    /// The share of the amount in rejected lines: <see cref="AmountRejected"/> / (<see cref="AmountUsed"/> +
    /// <see cref="AmountRejected"/>), 0 when that sum is 0. Lines whose amount does not parse are not in it.
    /// </summary>
    public double RejectedAmountShare => AmountUsed + AmountRejected is var all && all != 0 ? AmountRejected / all : 0;

    /// <summary>Lines merged into an invoice although their timestamp differs from the invoice's first line
    /// (see <see cref="CsvImportOptions.InvoiceTimestampConflicts"/>).</summary>
    public long InvoiceTimestampConflicts { get; }

    /// <summary>Used lines of cancelled invoices (<see cref="CsvImportOptions.CancellationPrefix"/>), made negative.</summary>
    public long CancelledLines { get; }

    /// <summary>Whether every line read is accounted for: used, merged, rejected or blank. Always true for a
    /// report of a finished import; a check that callers and tests can make.</summary>
    public bool IsBalanced => LinesRead == Transactions + LinesMergedIntoInvoices + LinesRejected + BlankLines;

    /// <summary>A short hint at the option that fixes lines rejected for <paramref name="reason"/>.</summary>
    public static string Hint(CsvRejectionReason reason) => reason switch
    {
        CsvRejectionReason.WrongFieldCount => "check the Delimiter; fields that contain it must be quoted.",
        CsvRejectionReason.MalformedQuoting => "quote a field with \" and double every quote inside it.",
        CsvRejectionReason.BlankCustomerId => "lines without a customer id cannot be attributed to a customer.",
        CsvRejectionReason.InvalidCustomerId => "ids must be UTF-8 (and whole numbers with CustomerIdFormat = Number).",
        CsvRejectionReason.UnparsableTimestamp => "set TimestampFormats (such as \"d/M/yyyy H:mm\"), or detect it with CsvFormatSniffer.",
        CsvRejectionReason.UnparsableAmount or CsvRejectionReason.UnparsableMargin => "set NumberFormat for a decimal comma; remove group separators and currency signs.",
        CsvRejectionReason.NonFiniteAmount or CsvRejectionReason.NonFiniteMargin => "amounts must be finite and their totals within the range of a double.",
        CsvRejectionReason.BlankInvoiceId => "every line needs an invoice id when InvoiceColumn is set.",
        CsvRejectionReason.InvoiceCustomerMismatch => "an invoice belongs to one customer; check InvoiceColumn and CustomerColumn.",
        CsvRejectionReason.InvoiceReappears => "sort the file by invoice so that an invoice's lines are consecutive.",
        CsvRejectionReason.RecordTooLong => "a quote is probably not closed; raise MaxRecordBytes only for genuinely long records.",
        CsvRejectionReason.InvoiceTimestampConflict => "set InvoiceTimestampConflicts = UseFirst to keep the first line's timestamp.",
        _ => "",
    };

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{LinesRead:N0} lines read: {Transactions:N0} transactions of {Customers:N0} customers");
        if (LinesMergedIntoInvoices > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {LinesMergedIntoInvoices:N0} lines merged into invoices");
        }

        text.Append(CultureInfo.InvariantCulture, $", {LinesRejected:N0} rejected, {BlankLines:N0} blank");
        if (LinesRejected > 0)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{Environment.NewLine}Rejected lines carry {AmountRejected:N2} of {AmountUsed + AmountRejected:N2} in amounts ({100 * RejectedAmountShare:0.0}%).");
        }

        if (CancelledLines > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}{CancelledLines:N0} lines of cancelled invoices read as returns (negative amounts).");
        }

        if (InvoiceTimestampConflicts > 0)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{Environment.NewLine}{InvoiceTimestampConflicts:N0} invoice lines had another timestamp than their invoice's first line; the first line's timestamp was used.");
        }

        foreach (KeyValuePair<CsvRejectionReason, CsvRejectionTotal> pair in RejectionTotals.OrderByDescending(p => p.Value.Count))
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {pair.Key}: {pair.Value.Count:N0}, amount {pair.Value.Amount:N2}");
            if (pair.Value.First is { } first)
            {
                text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}    first: {first}");
            }

            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}    hint: {Hint(pair.Key)}");
        }

        return text.ToString();
    }
}
