using CustomerScoring.Csv;
using Xunit;

namespace CustomerScoring.Tests.Csv;

public class RealFileTests
{
    /// <summary>Totals from the data README (/work/shared/data/README.md), checked there against the file.</summary>
    [Fact]
    public void Cdnow_sample_whitespace_aligned_gives_the_published_totals()
    {
        CsvImportResult result = TransactionCsvReader.ReadFile(CsvText.DataPath("CDNOW_sample.txt"), new CsvImportOptions
        {
            Delimiter = CsvDelimiter.Whitespace,
            HasHeader = false,
            CustomerColumn = 1,
            TimestampColumn = 2,
            AmountColumn = 4,
            TimestampFormats = ["yyyyMMdd"],
        });

        Assert.Equal(6919, result.Transactions.Count);
        Assert.Equal(2357, result.Transactions.Customers.Count);
        double total = result.Transactions.Batches.Sum(b => b.Amounts.ToArray().Sum());
        Assert.Equal(244091.94, total, 1e-6);
        var times = result.Transactions.Batches.SelectMany(b => b.Timestamps.ToArray()).ToList();
        Assert.Equal(new DateTime(1997, 1, 1), times.Min());
        Assert.Equal(new DateTime(1998, 6, 30), times.Max());
        Assert.Equal(8, result.Transactions.Batches.Sum(b => b.Amounts.ToArray().Count(a => a == 0)));
        Assert.Equal(6919, result.Report.LinesRead);
        Assert.Equal(0, result.Report.LinesRejected);
        Assert.Equal("0001", result.Transactions.Customers.KeyOf(0));
    }

    /// <summary>
    /// The expected figures were computed independently with Python's csv module over the excerpt:
    /// 205 data lines, 6 without CustomerID, 25 invoices of 16 customers, quantity × price total 8,798.65,
    /// invoice 536365 = 139.12 over 7 lines, cancellations C536379 = -27.50 and C536383 = -4.65.
    /// </summary>
    [Fact]
    public void Online_retail_excerpt_groups_invoices_and_rejects_missing_customers()
    {
        CsvImportResult result = TransactionCsvReader.ReadFile(CsvText.DataPath("online-retail-excerpt.csv"), new CsvImportOptions
        {
            InvoiceColumn = "InvoiceNo",
            CustomerColumn = "CustomerID",
            TimestampColumn = "InvoiceDate",
            QuantityColumn = "Quantity",
            PriceColumn = "UnitPrice",
            OnError = CsvErrorHandling.Skip,
        });

        CsvImportReport report = result.Report;
        Assert.Equal(205, report.LinesRead);
        Assert.Equal(25, report.Transactions);
        Assert.Equal(174, report.LinesMergedIntoInvoices);
        Assert.Equal(6, report.LinesRejected);
        Assert.Equal(6, report.RejectionCounts[CsvRejectionReason.BlankCustomerId]);
        Assert.Equal([201L, 202, 203, 204, 205, 206], report.Rejections.Select(r => r.LineNumber));
        Assert.True(report.IsBalanced);
        Assert.Equal(16, result.Transactions.Customers.Count);

        var rows = CsvText.Rows(result.Transactions);
        Assert.Equal(8798.65, rows.Sum(r => r.Amount), 1e-6);
        Assert.Equal(("17850.0", new DateTime(2010, 12, 1, 8, 26, 0)), (rows[0].Customer, rows[0].Time));
        Assert.Equal(139.12, rows[0].Amount, 1e-9);
        Assert.Equal([-27.5, -4.65], rows.Where(r => r.Amount < 0).Select(r => Math.Round(r.Amount, 2)));

        // Fail mode stops at the first line without a customer, naming it.
        var e = Assert.Throws<CsvImportException>(() => TransactionCsvReader.ReadFile(CsvText.DataPath("online-retail-excerpt.csv"),
            new CsvImportOptions { InvoiceColumn = "InvoiceNo", CustomerColumn = "CustomerID", TimestampColumn = "InvoiceDate", QuantityColumn = "Quantity", PriceColumn = "UnitPrice" }));
        Assert.Equal((201L, "CustomerID", CsvRejectionReason.BlankCustomerId), (e.LineNumber!.Value, e.Column, e.Reason!.Value));
    }
}
