using System.Globalization;
using System.Text;
using CustomerScoring.Csv;
using Xunit;

namespace CustomerScoring.Tests.Csv;

/// <summary>ISO 8601 timestamps, multi-line quoted fields, rejection totals and callbacks, numeric ids,
/// cancellations, and the guards against hostile input (issues 13 and 19).</summary>
public class CsvImportFeatureTests
{
    private const string Header = "customer_id,timestamp,amount\n";

    [Theory]
    [InlineData("2026-01-05", "2026-01-05T00:00:00.0000000")]
    [InlineData("2026-01-05T03:36:13", "2026-01-05T03:36:13.0000000")]
    [InlineData("2026-01-05 03:36:13", "2026-01-05T03:36:13.0000000")]
    [InlineData("2026-01-05T03:36", "2026-01-05T03:36:00.0000000")]
    [InlineData("2026-01-05T03:36:13.5", "2026-01-05T03:36:13.5000000")]
    [InlineData("2026-01-05T03:36:13,123456789", "2026-01-05T03:36:13.1234567")]
    [InlineData("2026-01-05T03:36:13Z", "2026-01-05T03:36:13.0000000")]
    [InlineData("2026-01-05T10:00:00+02:00", "2026-01-05T08:00:00.0000000")]
    [InlineData("2026-01-05T10:00:00-0530", "2026-01-05T15:30:00.0000000")]
    [InlineData("2026-01-05T01:00:00+03", "2026-01-04T22:00:00.0000000")]
    [InlineData("2024-02-29", "2024-02-29T00:00:00.0000000")]
    public void Iso_8601_timestamps_are_read_by_default_with_offsets_converted_to_utc(string text, string expected)
    {
        CsvImportResult result = CsvText.Read(Header + $"a,\"{text}\",1\n");
        var row = Assert.Single(CsvText.Rows(result.Transactions));
        Assert.Equal(DateTime.Parse(expected, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), row.Time);
        Assert.Equal(DateTimeKind.Unspecified, row.Time.Kind);
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2026-1-05")]
    [InlineData("2026-01-05T24:00:00")]
    [InlineData("2026-01-05T10:00:60")]
    [InlineData("2026-01-05T10")]
    [InlineData("2026-01-05T10:00:00.")]
    [InlineData("2026-01-05T10:00:00+2")]
    [InlineData("2026-01-05x")]
    [InlineData("05/01/2026")]
    [InlineData("20260105")]
    public void Non_iso_timestamps_are_rejected_by_default_naming_the_format(string text)
    {
        var e = Assert.Throws<CsvImportException>(() => CsvText.Read(Header + $"a,{text},1\n"));
        Assert.Equal(CsvRejectionReason.UnparsableTimestamp, e.Reason);
        Assert.Contains("ISO 8601", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A CRM-like export: notes with line breaks (LF and CRLF), quotes and commas inside quotes.</summary>
    [Fact]
    public void Multi_line_quoted_notes_are_read_and_line_numbers_are_where_records_start()
    {
        var random = new Random(7);
        var csv = new StringBuilder("customer_id,timestamp,amount,notes\n");
        int line = 2;
        var expected = new List<(string Customer, double Amount)>();
        var badLines = new List<long>();
        for (int i = 0; i < 500; i++)
        {
            int breaks = random.Next(4);
            string note = string.Join(random.Next(2) == 0 ? "\n" : "\r\n", Enumerable.Range(0, breaks + 1).Select(k => $"call {k}, said \"\"ok\"\""));
            bool bad = i % 97 == 5;
            string amount = bad ? "n/a" : (i + 0.25).ToString(CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"c{i % 37},2026-01-{1 + (i % 28):00},{amount},\"{note}\"\n");
            if (bad)
            {
                badLines.Add(line);
            }
            else
            {
                expected.Add(($"c{i % 37}", i + 0.25));
            }

            line += breaks + 1;
        }

        CsvImportResult result = CsvText.Read(csv.ToString(), new CsvImportOptions { OnError = CsvErrorHandling.Skip });
        Assert.Equal(500, result.Report.LinesRead);
        Assert.True(result.Report.IsBalanced);
        Assert.Equal(expected, CsvText.Rows(result.Transactions).Select(r => (r.Customer, r.Amount)));
        Assert.Equal(badLines, result.Report.Rejections.Select(r => r.LineNumber));
        Assert.All(result.Report.Rejections, r => Assert.Equal(CsvRejectionReason.UnparsableAmount, r.Reason));

        // Fail mode names the physical line where the first bad record starts.
        var e = Assert.Throws<CsvImportException>(() => CsvText.Read(csv.ToString()));
        Assert.Equal(badLines[0], e.LineNumber);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_at_its_line_with_the_lines_it_spans()
    {
        string csv = Header + "a,2026-01-01,1\nb,2026-01-02,\"2\nc,2026-01-03,3\nd,2026-01-04,4\n";
        CsvImportResult result = CsvText.Read(csv, CsvText.Skip);
        Assert.Equal(1, result.Report.Transactions);
        CsvRejection rejection = Assert.Single(result.Report.Rejections);
        Assert.Equal((3L, CsvRejectionReason.MalformedQuoting), (rejection.LineNumber, rejection.Reason));
        Assert.Contains("never closed", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("3 lines", rejection.Message, StringComparison.Ordinal);
        Assert.True(result.Report.IsBalanced);
    }

    [Fact]
    public void A_record_longer_than_the_limit_stops_the_import_at_its_line_without_reading_it_all()
    {
        var csv = new StringBuilder(Header + "a,2026-01-01,1\nb,2026-01-02,\"");
        csv.Append('x', 50 << 20);
        csv.Append("\"\nc,2026-01-03,3\n");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        csv.Clear();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<CsvImportException>(() => TransactionCsvReader.Read(stream, CsvText.Skip));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(3, e.LineNumber);
        Assert.Equal(CsvRejectionReason.RecordTooLong, e.Reason);
        Assert.True(allocated < 16 << 20, $"{allocated:N0} bytes allocated for a 50 MB record with the default 1 MiB limit");
        Assert.True(e.Message.Length < 2000);
    }

    [Fact]
    public void A_long_rejected_line_keeps_only_a_capped_text()
    {
        string huge = new('9', 3 << 20);
        string csv = Header + $"a,2026-01-01,{huge}x\nb,2026-01-02,2\n";
        CsvImportResult result = CsvText.Read(csv, CsvText.Skip with { MaxRecordBytes = 8 << 20 });
        CsvRejection rejection = Assert.Single(result.Report.Rejections);
        Assert.Equal(CsvRejectionReason.UnparsableAmount, rejection.Reason);
        Assert.True(rejection.RawLine.Length < 1100, $"{rejection.RawLine.Length} characters kept");
        Assert.True(rejection.FieldText!.Length < 1100);
        Assert.Contains("bytes in all", rejection.RawLine, StringComparison.Ordinal);
        Assert.True(rejection.Message.Length < 2400);
        Assert.Equal(1, result.Report.Transactions);
    }

    [Fact]
    public void Numeric_ids_are_normalized_when_asked_and_kept_as_written_by_default()
    {
        string csv = Header + "17850.0,2026-01-01,1\n17850,2026-01-02,2\n017850.00,2026-01-03,3\n-0,2026-01-04,4\n12.5,2026-01-05,5\nabc,2026-01-06,6\n";
        CsvImportResult asWritten = CsvText.Read(csv);
        Assert.Equal(["17850.0", "17850", "017850.00", "-0", "12.5", "abc"], asWritten.Transactions.Customers.Keys);

        CsvImportResult numbers = CsvText.Read(csv, CsvText.Skip with { CustomerIdFormat = CsvIdFormat.Number });
        Assert.Equal(["17850", "0"], numbers.Transactions.Customers.Keys);
        Assert.Equal([6L, 7], numbers.Report.Rejections.Select(r => r.LineNumber));
        Assert.All(numbers.Report.Rejections, r => Assert.Equal(CsvRejectionReason.InvalidCustomerId, r.Reason));

        var numberOptions = new CsvImportOptions { CustomerIdFormat = CsvIdFormat.Number };
        Assert.Equal(("17850", "-12", null, null), (numberOptions.NormalizeCustomerId(" 017850.00 "), numberOptions.NormalizeCustomerId("-12"), numberOptions.NormalizeCustomerId("12.5"), numberOptions.NormalizeCustomerId(" ")));
        Assert.Equal("17850.0", new CsvImportOptions().NormalizeCustomerId(" 17850.0"));
    }

    [Fact]
    public void Cancellation_prefix_makes_the_lines_of_cancelled_invoices_negative()
    {
        string csv = "invoice,customer_id,timestamp,quantity,price\n" +
            "1,a,2026-01-01,2,5\n1,a,2026-01-01,1,3\nC2,a,2026-01-02,-1,5\nC3,b,2026-01-03,2,4\n4,b,2026-01-04,-1,2\n";
        var options = new CsvImportOptions { InvoiceColumn = "invoice", QuantityColumn = "quantity", PriceColumn = "price", CancellationPrefix = "C" };
        CsvImportResult result = CsvText.Read(csv, options);
        Assert.Equal([13.0, -5, -8, -2], CsvText.Rows(result.Transactions).Select(r => r.Amount));
        Assert.Equal(2, result.Report.CancelledLines);
        Assert.Equal(-2.0, result.Report.AmountUsed);

        Assert.Throws<ArgumentException>(() => CsvText.Read(Header, new CsvImportOptions { CancellationPrefix = "C" }));
    }

    [Fact]
    public void Rejections_are_totalled_by_reason_with_amounts_first_lines_hints_and_the_share_of_the_amount()
    {
        string csv = Header + "a,2026-01-01,10\n,2026-01-02,30\n,2026-01-03,60\nb,01/04/2026,100\nc,2026-01-05,x\n";
        var seen = new List<CsvRejection>();
        CsvImportResult result = CsvText.Read(csv, CsvText.Skip with { OnRejection = seen.Add, MaxRejectionDetails = 1 });
        CsvImportReport report = result.Report;
        Assert.Equal([3L, 4, 5, 6], seen.Select(r => r.LineNumber));
        Assert.Single(report.Rejections);
        Assert.Equal((2L, 90.0, 2L), (report.RejectionTotals[CsvRejectionReason.BlankCustomerId].Count, report.RejectionTotals[CsvRejectionReason.BlankCustomerId].Amount, report.RejectionTotals[CsvRejectionReason.BlankCustomerId].LinesWithAmount));
        Assert.Equal(5L, report.RejectionTotals[CsvRejectionReason.UnparsableTimestamp].First!.LineNumber);
        Assert.Equal((0.0, 0L), (report.RejectionTotals[CsvRejectionReason.UnparsableAmount].Amount, report.RejectionTotals[CsvRejectionReason.UnparsableAmount].LinesWithAmount));
        Assert.Equal(10.0, report.AmountUsed);
        Assert.Equal(190.0, report.AmountRejected);
        Assert.Equal(0.95, report.RejectedAmountShare, 1e-12);
        string text = report.ToString();
        Assert.Contains("first: line 5:", text, StringComparison.Ordinal);
        Assert.Contains("hint: set TimestampFormats", text, StringComparison.Ordinal);
        Assert.Contains("(95.0%)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_writer_writes_every_rejected_line_quoted_and_defused()
    {
        string csv = Header + "a,2026-01-01,10\n,2026-01-02,30\n=cmd,2026-01-03,\"1,5\"\n";
        using var output = new StringWriter();
        using (var rejects = new CsvRejectsWriter(output, leaveOpen: true))
        {
            CsvText.Read(csv, CsvText.Skip with { OnRejection = rejects.Write });
            Assert.Equal(2, rejects.Count);
        }

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line,column,reason,field_text,message,raw_line", lines[0]);
        Assert.StartsWith("3,\"customer_id\",\"BlankCustomerId\",\"\",", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("4,\"amount\",\"UnparsableAmount\",\"1,5\",", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",\"'=cmd,2026-01-03,\"\"1,5\"\"\"", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_header_names_are_refused_when_a_column_is_read_by_that_name()
    {
        var e = Assert.Throws<CsvImportException>(() => CsvText.Read("customer_id,timestamp,amount,amount\na,2026-01-01,1,2\n"));
        Assert.Contains("two columns named 'amount'", e.Message, StringComparison.Ordinal);
        Assert.Contains("CsvColumn.At(2)", e.Message, StringComparison.Ordinal);

        // A duplicate among columns that are not read is harmless.
        Assert.Equal(1, CsvText.Read("customer_id,timestamp,amount,x,x\na,2026-01-01,1,2,3\n").Report.Transactions);
    }

    [Fact]
    public void Invoice_lines_with_another_timestamp_are_counted_or_rejected_never_merged_silently()
    {
        string csv = "invoice,customer_id,timestamp,amount\n1,a,2026-01-01 10:00:00,1\n1,a,2026-01-01 10:01:00,2\n2,a,2026-01-02,4\n";
        var options = new CsvImportOptions { InvoiceColumn = "invoice", OnError = CsvErrorHandling.Skip };
        CsvImportResult merged = CsvText.Read(csv, options);
        Assert.Equal([3.0, 4], CsvText.Rows(merged.Transactions).Select(r => r.Amount));
        Assert.Equal(1, merged.Report.InvoiceTimestampConflicts);
        Assert.Contains("another timestamp", merged.Report.ToString(), StringComparison.Ordinal);

        CsvImportResult rejected = CsvText.Read(csv, options with { InvoiceTimestampConflicts = CsvInvoiceTimestampHandling.Reject });
        Assert.Equal([1.0, 4], CsvText.Rows(rejected.Transactions).Select(r => r.Amount));
        Assert.Equal((3L, CsvRejectionReason.InvoiceTimestampConflict), (rejected.Report.Rejections[0].LineNumber, rejected.Report.Rejections[0].Reason));
    }

    [Fact]
    public void Amounts_whose_totals_would_overflow_are_rejected_at_import_with_the_line()
    {
        var e = Assert.Throws<CsvImportException>(() => CsvText.Read(Header + "a,2026-01-01,1e308\nb,2026-01-02,-1e308\na,2026-01-03,1e308\n"));
        Assert.Equal((3L, CsvRejectionReason.NonFiniteAmount), (e.LineNumber!.Value, e.Reason!.Value));
        Assert.Contains("overflow", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_rejected_share_fails_an_import_that_rejects_more()
    {
        string csv = Header + "a,2026-01-01,1\n,2026-01-02,2\n,2026-01-03,3\nb,2026-01-04,4\n\n";
        Assert.Equal(2, CsvText.Read(csv, CsvText.Skip with { MaxRejectedShare = 0.5 }).Report.LinesRejected);
        var e = Assert.Throws<CsvImportException>(() => CsvText.Read(csv, CsvText.Skip with { MaxRejectedShare = 0.4 }));
        Assert.Contains("2 of 4 lines were rejected (50.0%), more than MaxRejectedShare = 40.0%", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CsvText.Read(csv, CsvText.Skip with { MaxRejectedShare = 1.5 }));
    }

    /// <summary>Ids crafted to share their home slot under a fixed hash (the old fixed seed, 0) stay spread under the per-process seed.</summary>
    [Fact]
    public void Customer_ids_crafted_to_collide_under_a_fixed_seed_do_not_collide_under_the_random_seed()
    {
        var probe = new Utf8KeyTable(0);
        var colliding = new List<byte[]>();
        const int mask = (1 << 12) - 1; // the table has 4,096 slots for 1,200 keys
        for (long i = 0; colliding.Count < 1200; i++)
        {
            byte[] key = Encoding.ASCII.GetBytes("id" + i.ToString(CultureInfo.InvariantCulture));
            if (((int)probe.Start(key).Hash & mask) == 0)
            {
                colliding.Add(key);
            }
        }

        int Longest(Utf8KeyTable table)
        {
            for (int i = 0; i < colliding.Count; i++)
            {
                Assert.Equal(-1, table.Find(colliding[i], out ulong hash));
                table.Add(colliding[i], hash, i);
            }

            for (int i = 0; i < colliding.Count; i++)
            {
                Assert.Equal(i, table.Find(colliding[i], out _));
            }

            return table.LongestProbe();
        }

        Assert.True(Longest(new Utf8KeyTable(0)) >= 800);
        Assert.True(Longest(new Utf8KeyTable()) < 64);

        // And through the reader: every crafted id is its own customer.
        var csv = new StringBuilder(Header);
        foreach (byte[] key in colliding)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Encoding.ASCII.GetString(key)},2026-01-01,1\n");
        }

        Assert.Equal(colliding.Count, CsvText.Read(csv.ToString()).Transactions.Customers.Count);
    }
}
