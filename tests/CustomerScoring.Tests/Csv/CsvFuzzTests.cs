using System.Text;
using CustomerScoring.Csv;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Csv;

/// <summary>Any CSV text: the reader accounts for every record (used, merged, rejected or blank) or fails with a
/// <see cref="CsvImportException"/> that names a line; never another exception.</summary>
public class CsvFuzzTests
{
    private static readonly string[] Tokens =
    [
        "a", "b", "17850.0", "C1", "1", "2", "-3.5", "1e308", "NaN", "x", ",", ",", ",", "\"", "\"\"", "\n", "\n", "\r\n", "\r",
        " ", "\t", "2026-01-01", "2026-01-02T10:00:00Z", "2026-02-30", ";", "é", "\uFFFD", "\0",
    ];

    private static string Text(byte[] picks, bool header)
    {
        var text = new StringBuilder(header ? "invoice,customer_id,timestamp,amount\n" : "");
        foreach (byte pick in picks)
        {
            text.Append(Tokens[pick % Tokens.Length]);
        }

        return text.ToString();
    }

    private static void Check(string text, CsvImportOptions options)
    {
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
            CsvImportResult result = TransactionCsvReader.Read(stream, options);
            CsvImportReport report = result.Report;
            Assert.True(report.IsBalanced, report.ToString());
            Assert.Equal(report.Transactions, result.Transactions.Count);
            Assert.Equal(report.Customers, result.Transactions.Customers.Count);
            Assert.True(report.LinesRead <= text.Count(c => c == '\n') + text.Count(c => c == '\r') + 1);
            foreach (TransactionsBatchCheck check in CheckBatches(result))
            {
                Assert.True(check.Finite);
            }
        }
        catch (CsvImportException e)
        {
            Assert.True(e.LineNumber is > 0 || e.Message.Contains("empty", StringComparison.Ordinal) || e.Message.Contains("MaxRejectedShare", StringComparison.Ordinal), e.Message);
        }
    }

    private static IEnumerable<TransactionsBatchCheck> CheckBatches(CsvImportResult result) =>
        result.Transactions.Batches.Select(b => new TransactionsBatchCheck(b.Amounts.ToArray().All(double.IsFinite)));

    [Property(MaxTest = 300)]
    public void Any_text_is_accounted_for_or_fails_with_a_line_number(byte[] picks, bool header, bool skip, bool invoices)
    {
        var options = new CsvImportOptions
        {
            HasHeader = header,
            CustomerColumn = header ? "customer_id" : 1,
            TimestampColumn = header ? "timestamp" : 2,
            AmountColumn = header ? "amount" : 3,
            InvoiceColumn = invoices ? (header ? "invoice" : 0) : null,
            CancellationPrefix = invoices ? "C" : null,
            OnError = skip ? CsvErrorHandling.Skip : CsvErrorHandling.Fail,
            MaxRecordBytes = 256,
            BatchSize = 3,
        };
        Check(Text(picks, header), options);
    }

    [Property(MaxTest = 100)]
    public void Any_text_with_well_formed_lines_mixed_in_is_accounted_for(byte[] picks, byte[] goodEvery)
    {
        var text = new StringBuilder("invoice,customer_id,timestamp,amount\n");
        for (int i = 0; i < picks.Length; i++)
        {
            text.Append(Tokens[picks[i] % Tokens.Length]);
            if (goodEvery.Length > 0 && i % (1 + (goodEvery[i % goodEvery.Length] % 5)) == 0)
            {
                text.Append("\n1,a,2026-01-01,2\n");
            }
        }

        Check(text.ToString(), new CsvImportOptions { OnError = CsvErrorHandling.Skip, InvoiceColumn = "invoice", CustomerIdFormat = CsvIdFormat.Number });
    }

    private readonly record struct TransactionsBatchCheck(bool Finite);
}
