using System.Globalization;
using System.Text;
using CustomerScoring.Csv;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Csv;

public class InvoiceGroupingTests
{
    private static readonly CsvImportOptions InvoiceOptions = new()
    {
        InvoiceColumn = "invoice",
        QuantityColumn = "qty",
        PriceColumn = "price",
        OnError = CsvErrorHandling.Skip,
    };

    private const string Header = "invoice,customer_id,timestamp,qty,price\n";

    [Fact]
    public void Consecutive_lines_of_an_invoice_form_one_transaction_with_the_first_lines_time()
    {
        CsvImportResult result = CsvText.Read(Header +
            "1,a,2026-01-01 10:00:00,2,1.5\n" +
            "1,a,2026-01-01 10:05:00,1,4\n" +
            "2,b,2026-01-02,1,10\n" +
            "C3,a,2026-01-03,-1,4\n", InvoiceOptions);

        Assert.Equal(
            [("a", new DateTime(2026, 1, 1, 10, 0, 0), 7.0), ("b", new DateTime(2026, 1, 2), 10.0), ("a", new DateTime(2026, 1, 3), -4.0)],
            CsvText.Rows(result.Transactions).Select(r => (r.Customer, r.Time, r.Amount)));
        Assert.Equal(4, result.Report.LinesRead);
        Assert.Equal(3, result.Report.Transactions);
        Assert.Equal(1, result.Report.LinesMergedIntoInvoices);
        Assert.Equal(4, result.Report.LinesUsed);
        Assert.True(result.Report.IsBalanced);
    }

    [Fact]
    public void Another_customer_within_an_invoice_is_rejected_and_the_invoice_keeps_its_customer()
    {
        CsvImportResult result = CsvText.Read(Header + "1,a,2026-01-01,1,1\n1,b,2026-01-01,1,2\n1,a,2026-01-01,1,3\n", InvoiceOptions);
        Assert.Equal([("a", 4.0)], CsvText.Rows(result.Transactions).Select(r => (r.Customer, r.Amount)));
        CsvRejection rejection = Assert.Single(result.Report.Rejections);
        Assert.Equal((3L, CsvRejectionReason.InvoiceCustomerMismatch, "customer_id", "b"), (rejection.LineNumber, rejection.Reason, rejection.Column, rejection.FieldText));
        Assert.Equal(["a"], result.Transactions.Customers.Keys);
        Assert.True(result.Report.IsBalanced);
    }

    [Fact]
    public void An_invoice_that_reappears_after_another_is_rejected()
    {
        CsvImportResult result = CsvText.Read(Header + "1,a,2026-01-01,1,1\n2,a,2026-01-01,1,2\n1,a,2026-01-01,1,3\n2,a,2026-01-02,1,5\n", InvoiceOptions);
        Assert.Equal([1.0, 2.0], CsvText.Rows(result.Transactions).Select(r => r.Amount));
        Assert.Equal([(4L, "1"), (5L, "2")], result.Report.Rejections.Select(r => (r.LineNumber, r.FieldText!)));
        Assert.All(result.Report.Rejections, r => Assert.Equal(CsvRejectionReason.InvoiceReappears, r.Reason));

        var e = Assert.Throws<CsvImportException>(() => CsvText.Read(Header + "1,a,2026-01-01,1,1\n2,a,2026-01-01,1,2\n1,a,2026-01-01,1,3\n",
            InvoiceOptions with { OnError = CsvErrorHandling.Fail }));
        Assert.Equal((CsvRejectionReason.InvoiceReappears, 4L, "invoice"), (e.Reason!.Value, e.LineNumber!.Value, e.Column));
    }

    [Fact]
    public void Escaped_quotes_in_invoice_and_customer_ids_are_kept_apart()
    {
        CsvImportResult result = CsvText.Read(Header +
            "\"I\"\"1\",\"Bob \"\"B\"\"\",2026-01-01,1,1\n" +
            "\"I\"\"1\",\"Bob \"\"B\"\"\",2026-01-01,1,2\n" +
            "\"I\"\"2\",\"Al \"\"A\"\"\",2026-01-01,1,4\n", InvoiceOptions);
        Assert.Equal([("Bob \"B\"", 3.0), ("Al \"A\"", 4.0)], CsvText.Rows(result.Transactions).Select(r => (r.Customer, r.Amount)));
        Assert.Equal(0, result.Report.LinesRejected);
    }

    [Fact]
    public void A_bad_line_within_an_invoice_is_rejected_alone()
    {
        CsvImportResult result = CsvText.Read(Header + "1,a,2026-01-01,1,1\n1,a,2026-01-01,x,1\n1,a,2026-01-01,1,2\n,a,2026-01-01,1,2\n", InvoiceOptions);
        Assert.Equal([3.0], CsvText.Rows(result.Transactions).Select(r => r.Amount));
        Assert.Equal([CsvRejectionReason.UnparsableAmount, CsvRejectionReason.BlankInvoiceId], result.Report.Rejections.Select(r => r.Reason));
        Assert.True(result.Report.IsBalanced);
    }

    /// <summary>
    /// Random invoice files against a slow reference written from the documented rules: an invoice closes
    /// when a line with another invoice id is read; a closed invoice that reappears is rejected; a line with
    /// another customer than its invoice's first line is rejected; the rest are summed.
    /// </summary>
    [Property(MaxTest = 200)]
    public void Grouping_matches_a_slow_reference(byte[] invoices, byte[] customers, int[] quantities, byte batchSize)
    {
        int n = Math.Min(invoices.Length, Math.Min(customers.Length, quantities.Length));
        var csv = new StringBuilder(Header);
        var lines = new List<(string Invoice, string Customer, double Amount)>();
        for (int i = 0; i < n; i++)
        {
            string invoice = (invoices[i] % 5).ToString(CultureInfo.InvariantCulture);
            string customer = "c" + (customers[i] % 3).ToString(CultureInfo.InvariantCulture);
            double price = 0.25 * (i % 7);
            csv.Append(CultureInfo.InvariantCulture, $"{invoice},{customer},2026-01-01,{quantities[i] % 100},{price}\n");
            lines.Add((invoice, customer, (quantities[i] % 100) * price));
        }

        // Reference.
        var expected = new List<(string Customer, double Amount)>();
        var closed = new HashSet<string>();
        string? open = null;
        string openCustomer = "";
        double openAmount = 0;
        int rejected = 0, merged = 0;
        foreach (var (invoice, customer, amount) in lines)
        {
            if (open is not null && invoice != open)
            {
                expected.Add((openCustomer, openAmount));
                closed.Add(open);
                open = null;
            }

            if (open is null)
            {
                if (closed.Contains(invoice))
                {
                    rejected++;
                    continue;
                }

                (open, openCustomer, openAmount) = (invoice, customer, amount);
            }
            else if (customer != openCustomer)
            {
                rejected++;
            }
            else
            {
                openAmount += amount;
                merged++;
            }
        }

        if (open is not null)
        {
            expected.Add((openCustomer, openAmount));
        }

        CsvImportResult result = CsvText.Read(csv.ToString(), InvoiceOptions with { BatchSize = 1 + (batchSize % 4) });
        Assert.Equal(expected, CsvText.Rows(result.Transactions).Select(r => (r.Customer, r.Amount)));
        Assert.Equal(rejected, result.Report.LinesRejected);
        Assert.Equal(merged, result.Report.LinesMergedIntoInvoices);
        Assert.Equal(n, result.Report.LinesRead);
        Assert.True(result.Report.IsBalanced);
    }
}
