using CustomerScoring.Csv;
using Xunit;
using Xunit.Abstractions;

namespace CustomerScoring.Tests.Csv;

/// <summary>
/// The whole UCI Online Retail file (shared data, 541,909 rows; see its README for origin and licence: Daqing Chen,
/// Sai Liang Sain and Kun Guo (2012), UCI Machine Learning Repository) read with column options only: no date format.
/// The expected figures were computed independently with Python's csv module (a plain state machine over the rows:
/// invoice groups, blank ids, reappearing invoices, the C prefix as -|quantity x price|).
/// </summary>
public class OnlineRetailTests(ITestOutputHelper output)
{
    private static string? FindSharedFile()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data", "online-retail", "online-retail-dataset.csv");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [Fact]
    public void Whole_file_reads_with_column_options_only_and_reports_rejected_revenue()
    {
        // The shared data sits beside the repository on every developer machine and in CI: a missing file fails, never passes unchecked.
        string? path = FindSharedFile();
        Assert.True(path is not null, "The shared Online Retail file was not found (shared/data/online-retail above the test folder).");

        var options = new CsvImportOptions
        {
            InvoiceColumn = "InvoiceNo",
            CustomerColumn = "CustomerID",
            TimestampColumn = "InvoiceDate",
            QuantityColumn = "Quantity",
            PriceColumn = "UnitPrice",
            CancellationPrefix = "C",
            CustomerIdFormat = CsvIdFormat.Number,
            OnError = CsvErrorHandling.Skip,
        };
        CsvImportResult result = TransactionCsvReader.ReadFile(path, options);
        CsvImportReport report = result.Report;
        output.WriteLine(report.ToString());

        Assert.Equal(541_909, report.LinesRead);
        Assert.Equal(22_190, report.Transactions);
        Assert.Equal(384_604, report.LinesMergedIntoInvoices);
        Assert.Equal(4_372, report.Customers);
        Assert.Equal(135_080, report.RejectionCounts[CsvRejectionReason.BlankCustomerId]);
        Assert.Equal(35, report.RejectionCounts[CsvRejectionReason.InvoiceReappears]);
        Assert.Equal(2, report.RejectionCounts.Count);
        Assert.Equal(1_447_682.12, report.RejectionTotals[CsvRejectionReason.BlankCustomerId].Amount, 0.01);
        Assert.Equal(798.99, report.RejectionTotals[CsvRejectionReason.InvoiceReappears].Amount, 0.01);
        Assert.Equal(8_299_266.82, report.AmountUsed, 0.01);
        Assert.Equal(0.1486, report.RejectedAmountShare, 4);
        Assert.Equal(697, report.InvoiceTimestampConflicts);
        Assert.Equal(8_905, report.CancelledLines);
        Assert.True(report.IsBalanced);
        Assert.True(result.Transactions.Customers.TryGetIndex("17850", out _));

        CsvSniffResult sniffed = CsvFormatSniffer.Sniff(path, options);
        Assert.Equal((CsvDelimiter.Comma, true, '.', CsvImportOptions.Iso8601), (sniffed.Delimiter, sniffed.HasHeader, sniffed.DecimalSeparator, sniffed.TimestampFormat));
    }
}
