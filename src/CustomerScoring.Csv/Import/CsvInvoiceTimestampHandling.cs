namespace CustomerScoring.Csv;

/// <summary>What the reader does with a line of an invoice whose timestamp differs from the invoice's first line
/// (<see cref="CsvImportOptions.InvoiceTimestampConflicts"/>).</summary>
public enum CsvInvoiceTimestampHandling
{
    /// <summary>Merge the line into the invoice, which keeps its first line's timestamp, and count it in
    /// <see cref="CsvImportReport.InvoiceTimestampConflicts"/> (the report's text says so).</summary>
    UseFirst,

    /// <summary>Reject the line (<see cref="CsvRejectionReason.InvoiceTimestampConflict"/>).</summary>
    Reject,
}
