using System.Globalization;
using System.Text;

namespace CustomerScoring.Csv;

/// <summary>
/// What happened to every line of an imported file: how many were read, used, merged into invoices,
/// rejected (by reason, with the first few in detail) or blank. No line is unaccounted for:
/// <see cref="LinesRead"/> = <see cref="Transactions"/> + <see cref="LinesMergedIntoInvoices"/> +
/// <see cref="LinesRejected"/> + <see cref="BlankLines"/> (see <see cref="IsBalanced"/>).
/// </summary>
/// <remarks>Immutable and thread-safe: a snapshot taken when it was created.</remarks>
public sealed class CsvImportReport
{
    internal CsvImportReport(
        long linesRead,
        long blankLines,
        long transactions,
        long linesMerged,
        IReadOnlyDictionary<CsvRejectionReason, long> rejectionCounts,
        IReadOnlyList<CsvRejection> rejections,
        int customers)
    {
        LinesRead = linesRead;
        BlankLines = blankLines;
        Transactions = transactions;
        LinesMergedIntoInvoices = linesMerged;
        RejectionCounts = rejectionCounts;
        Rejections = rejections;
        Customers = customers;
        long rejected = 0;
        foreach (long count in rejectionCounts.Values)
        {
            rejected += count;
        }

        LinesRejected = rejected;
    }

    /// <summary>The lines read, blank ones included, except the header line. A line the quoting rules reject counts as one line.</summary>
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

    /// <summary>The first rejected lines in detail, in file order, up to <see cref="CsvImportOptions.MaxRejectionDetails"/>.</summary>
    public IReadOnlyList<CsvRejection> Rejections { get; }

    /// <summary>The number of distinct customers in the transactions.</summary>
    public int Customers { get; }

    /// <summary>Whether every line read is accounted for: used, merged, rejected or blank. Always true for a
    /// report of a finished import; a check that callers and tests can make.</summary>
    public bool IsBalanced => LinesRead == Transactions + LinesMergedIntoInvoices + LinesRejected + BlankLines;

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
        foreach (KeyValuePair<CsvRejectionReason, long> pair in RejectionCounts.OrderByDescending(p => p.Value))
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {pair.Key}: {pair.Value:N0}");
        }

        return text.ToString();
    }
}
