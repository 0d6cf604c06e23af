using CustomerScoring.Csv;
using CustomerScoring.Parquet;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Cli;

/// <summary>
/// Transactions from a <c>.parquet</c> file (chosen by the extension of <c>--input</c>): the columns named by the same flags as
/// for CSV (<c>--customer-column</c>, <c>--date-column</c>, <c>--amount-column</c>, <c>--margin-column</c>), read by
/// <see cref="TransactionParquetReader"/>; <c>--on-error skip</c> skips and counts bad rows. The file's schema gives the types,
/// so the flags that describe CSV text are refused rather than ignored.
/// </summary>
internal static class ParquetInput
{
    /// <summary>Whether <paramref name="path"/> names a Parquet file (input to read, or the scorecard to write with --output).</summary>
    public static bool Applies(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the file with the command's column flags.</summary>
    /// <exception cref="UsageException">A flag that only applies to CSV input was given.</exception>
    public static ParquetImportResult Read(string path, CliOptions o) => TransactionParquetReader.ReadFile(path, Options(path, o));

    /// <summary>
    /// Summarizes the file as it is read (<see cref="ParquetFileSummary"/>), with the command's column flags and the window of
    /// the scorecard's summarizing step: the same summaries as reading the file whole, without holding its rows.
    /// </summary>
    /// <exception cref="UsageException">A flag that only applies to CSV input was given.</exception>
    public static (CustomerSummaries? Summaries, CustomerKeyMap<string> Customers, ParquetImportReport Report) Summarize(string path, CliOptions o, SummaryOptions window) =>
        ParquetFileSummary.Summarize(path, Options(path, o), window, endFromData: o.AnalysisDate is null);

    private static ParquetImportOptions Options(string path, CliOptions o)
    {
        string? csvOnly =
            o.Sniff ? "--sniff"
            : o.Rejects is not null ? "--rejects"
            : o.QuantityColumn is not null ? "--quantity-column"
            : o.PriceColumn is not null ? "--price-column"
            : o.InvoiceColumn is not null ? "--invoice-column"
            : o.CancelPrefix is not null ? "--cancel-prefix"
            : o.DateFormats is not null ? "--date-format"
            : o.Delimiter != CsvDelimiter.Comma ? "--delimiter"
            : o.DecimalComma ? "--decimal-separator"
            : !o.HasHeader ? "--no-header"
            : o.MaxRejectedShare is not null ? "--max-rejected-share"
            : o.IdFormat != CsvIdFormat.AsWritten ? "--id-format"
            : o.InvoiceTimestamps != CsvInvoiceTimestampHandling.UseFirst ? "--invoice-timestamps"
            : null;
        if (csvOnly is not null)
        {
            throw new UsageException($"{csvOnly} applies to CSV input; '{path}' is read as Parquet (by its .parquet extension), whose schema gives the columns' types.");
        }

        return new ParquetImportOptions
        {
            CustomerColumn = o.CustomerColumn,
            TimestampColumn = o.DateColumn,
            AmountColumn = o.AmountColumn,
            MarginColumn = o.MarginColumn,
            OnError = o.OnError == CsvErrorHandling.Skip ? ParquetErrorHandling.Skip : ParquetErrorHandling.Fail,
        };
    }
}
