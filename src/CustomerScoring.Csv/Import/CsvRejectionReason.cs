namespace CustomerScoring.Csv;

/// <summary>Why a line of a CSV file was not used.</summary>
public enum CsvRejectionReason
{
    /// <summary>The line has a different number of fields than the header (or, without a header, the first line).</summary>
    WrongFieldCount,

    /// <summary>The line breaks the quoting rules: a quote that is never closed, a stray quote inside an unquoted field, or text after a closing quote.</summary>
    MalformedQuoting,

    /// <summary>The customer id is empty or blank.</summary>
    BlankCustomerId,

    /// <summary>The customer id is not valid UTF-8.</summary>
    InvalidCustomerId,

    /// <summary>The timestamp does not match any of the timestamp formats, or is not a valid date.</summary>
    UnparsableTimestamp,

    /// <summary>The amount (or the quantity or price it is computed from) is not a number in the configured number format.</summary>
    UnparsableAmount,

    /// <summary>The amount (or quantity, price, their product or an invoice total) is NaN or infinite, or adding it would make the total of the absolute amounts read so far overflow a double (so no customer total can overflow later).</summary>
    NonFiniteAmount,

    /// <summary>The margin is not a number in the configured number format.</summary>
    UnparsableMargin,

    /// <summary>The margin (or an invoice's margin total) is NaN or infinite.</summary>
    NonFiniteMargin,

    /// <summary>The invoice id is empty or blank.</summary>
    BlankInvoiceId,

    /// <summary>A line of an invoice names another customer than the invoice's first line.</summary>
    InvoiceCustomerMismatch,

    /// <summary>An invoice id appears again after lines of other invoices: an invoice's lines must be consecutive.</summary>
    InvoiceReappears,

    /// <summary>The record is longer than <see cref="CsvImportOptions.MaxRecordBytes"/> (often a quote that is not closed until much later).</summary>
    RecordTooLong,

    /// <summary>A line of an invoice has another timestamp than the invoice's first line, and
    /// <see cref="CsvImportOptions.InvoiceTimestampConflicts"/> is <see cref="CsvInvoiceTimestampHandling.Reject"/>.</summary>
    InvoiceTimestampConflict,
}
