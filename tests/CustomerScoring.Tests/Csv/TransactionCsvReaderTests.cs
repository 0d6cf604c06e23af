using System.Globalization;
using CustomerScoring.Csv;
using Xunit;

namespace CustomerScoring.Tests.Csv;

public class TransactionCsvReaderTests
{
    [Fact]
    public void Reads_default_columns_with_hand_computed_values()
    {
        CsvImportResult result = CsvText.Read(
            "customer_id,timestamp,amount\n" +
            "alice,2026-01-05,25.50\n" +
            "bob,2026-01-06 13:45:10,12.5\n" +
            "alice,2026-02-01,-5\n");

        var rows = CsvText.Rows(result.Transactions);
        Assert.Equal(3, rows.Count);
        Assert.Equal(("alice", new DateTime(2026, 1, 5), 25.5), (rows[0].Customer, rows[0].Time, rows[0].Amount));
        Assert.Equal(("bob", new DateTime(2026, 1, 6, 13, 45, 10), 12.5), (rows[1].Customer, rows[1].Time, rows[1].Amount));
        Assert.Equal(("alice", new DateTime(2026, 2, 1), -5.0), (rows[2].Customer, rows[2].Time, rows[2].Amount));
        Assert.Equal(["alice", "bob"], result.Transactions.Customers.Keys);
        Assert.Equal(0, result.Transactions.Batches[0].CustomerIndex[2]);
        Assert.Equal(3, result.Report.LinesRead);
        Assert.Equal(3, result.Report.Transactions);
        Assert.Equal(0, result.Report.LinesRejected);
        Assert.Equal(2, result.Report.Customers);
        Assert.True(result.Report.IsBalanced);
    }

    [Fact]
    public void Header_is_matched_ignoring_case_and_spaces_and_columns_may_be_in_any_order()
    {
        CsvImportResult result = CsvText.Read(" Amount ,extra,TIMESTAMP,Customer_ID\n3.25,x,2026-03-01,c1\n");
        var row = Assert.Single(CsvText.Rows(result.Transactions));
        Assert.Equal(("c1", new DateTime(2026, 3, 1), 3.25), (row.Customer, row.Time, row.Amount));
    }

    [Fact]
    public void Margin_column_is_read_when_configured()
    {
        CsvImportResult result = CsvText.Read("customer_id,timestamp,amount,margin\na,2026-01-01,10,2.5\n",
            new CsvImportOptions { MarginColumn = "margin" });
        var row = Assert.Single(CsvText.Rows(result.Transactions));
        Assert.Equal(2.5, row.Margin);
        Assert.True(result.Transactions.Batches[0].HasMargins);
    }

    [Fact]
    public void Empty_file_with_header_expected_throws_naming_the_columns()
    {
        var e = Assert.Throws<CsvImportException>(() => CsvText.Read(""));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
        Assert.Contains("'customer_id'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_without_header_gives_no_transactions()
    {
        CsvImportResult result = CsvText.Read("", new CsvImportOptions { HasHeader = false, CustomerColumn = 0, TimestampColumn = 1, AmountColumn = 2 });
        Assert.Equal(0, result.Transactions.Count);
        Assert.Empty(result.Transactions.Batches);
        Assert.Equal(0, result.Report.LinesRead);
        Assert.True(result.Report.IsBalanced);
    }

    [Fact]
    public void Header_only_gives_no_transactions_and_an_empty_report()
    {
        CsvImportResult result = CsvText.Read("customer_id,timestamp,amount\r\n");
        Assert.Equal(0, result.Transactions.Count);
        Assert.Equal(0, result.Transactions.Customers.Count);
        Assert.Equal(0, result.Report.LinesRead);
        Assert.True(result.Report.IsBalanced);
    }

    [Theory]
    [InlineData(CsvErrorHandling.Fail)]
    [InlineData(CsvErrorHandling.Skip)]
    public void Missing_column_always_throws_naming_the_column_and_listing_the_header(CsvErrorHandling onError)
    {
        var e = Assert.Throws<CsvImportException>(() =>
            CsvText.Read("customer_id,date,amount\na,2026-01-01,1\n", new CsvImportOptions { OnError = onError }));
        Assert.Equal("timestamp", e.Column);
        Assert.Equal(["customer_id", "date", "amount"], e.Header);
        Assert.Contains("'timestamp'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'customer_id', 'date', 'amount'", e.Message, StringComparison.Ordinal);
        Assert.Null(e.Reason);
    }

    [Fact]
    public void A_malformed_header_throws_even_when_skipping()
    {
        var e = Assert.Throws<CsvImportException>(() => CsvText.Read("customer_id,\"timestamp,amount\na,2026-01-01,1\n", CsvText.Skip));
        Assert.Equal((1L, CsvRejectionReason.MalformedQuoting), (e.LineNumber!.Value, e.Reason!.Value));
    }

    [Fact]
    public void Named_columns_without_a_header_are_refused_up_front()
    {
        var e = Assert.Throws<ArgumentException>(() => CsvText.Read("a,2026-01-01,1\n", new CsvImportOptions { HasHeader = false }));
        Assert.Contains("CustomerColumn", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quantity_without_price_is_refused_up_front()
    {
        Assert.Throws<ArgumentException>(() => CsvText.Read("a\n", new CsvImportOptions { QuantityColumn = "q" }));
    }

    public static TheoryData<string, CsvRejectionReason, string?, string?> BadLines => new()
    {
        { "a,2026-13-01,1", CsvRejectionReason.UnparsableTimestamp, "timestamp", "2026-13-01" },
        { "a,2026-02-30,1", CsvRejectionReason.UnparsableTimestamp, "timestamp", "2026-02-30" },
        { "a,01/02/2026,1", CsvRejectionReason.UnparsableTimestamp, "timestamp", "01/02/2026" },
        { "a,2026-01-01,abc", CsvRejectionReason.UnparsableAmount, "amount", "abc" },
        { "a,2026-01-01,", CsvRejectionReason.UnparsableAmount, "amount", "" },
        { "a,2026-01-01,\"1,5\"", CsvRejectionReason.UnparsableAmount, "amount", "1,5" },
        { "a,2026-01-01,NaN", CsvRejectionReason.NonFiniteAmount, "amount", "NaN" },
        { "a,2026-01-01,Infinity", CsvRejectionReason.NonFiniteAmount, "amount", "Infinity" },
        { "a,2026-01-01,-1e400", CsvRejectionReason.NonFiniteAmount, "amount", "-1e400" },
        { " ,2026-01-01,1", CsvRejectionReason.BlankCustomerId, "customer_id", "" },
        { "a,2026-01-01", CsvRejectionReason.WrongFieldCount, null, null },
        { "a,2026-01-01,1,extra", CsvRejectionReason.WrongFieldCount, null, null },
        { "a,\"2026-01-01\"x,1", CsvRejectionReason.MalformedQuoting, null, null },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Bad_line_fails_naming_line_column_text_and_reason(string line, CsvRejectionReason reason, string? column, string? text)
    {
        string csv = "customer_id,timestamp,amount\nok,2026-01-01,1\n" + line + "\nok,2026-01-02,2\n";
        var e = Assert.Throws<CsvImportException>(() => CsvText.Read(csv));
        Assert.Equal(reason, e.Reason);
        Assert.Equal(3, e.LineNumber);
        Assert.Equal(column, e.Column);
        Assert.Equal(text, e.FieldText);
        Assert.Equal(line, e.RawLine);
        Assert.Contains("Line 3", e.Message, StringComparison.Ordinal);
        if (column is not null)
        {
            Assert.Contains($"'{column}'", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Bad_line_is_skipped_and_reported_when_asked(string line, CsvRejectionReason reason, string? column, string? text)
    {
        string csv = "customer_id,timestamp,amount\nok,2026-01-01,1\n" + line + "\nok,2026-01-02,2\n";
        CsvImportResult result = CsvText.Read(csv, CsvText.Skip);

        Assert.Equal([1.0, 2.0], CsvText.Rows(result.Transactions).Select(r => r.Amount));
        CsvImportReport report = result.Report;
        Assert.Equal(3, report.LinesRead);
        Assert.Equal(2, report.Transactions);
        Assert.Equal(1, report.LinesRejected);
        Assert.Equal(1, report.RejectionCounts[reason]);
        CsvRejection rejection = Assert.Single(report.Rejections);
        Assert.Equal((3L, reason, column, text, line), (rejection.LineNumber, rejection.Reason, rejection.Column, rejection.FieldText, rejection.RawLine));
        Assert.True(report.IsBalanced);
    }

    [Fact]
    public void A_rejected_line_does_not_add_its_customer()
    {
        CsvImportResult result = CsvText.Read("customer_id,timestamp,amount\nghost,2026-01-01,x\nreal,2026-01-01,1\n", CsvText.Skip);
        Assert.Equal(["real"], result.Transactions.Customers.Keys);
    }

    [Fact]
    public void Rejections_are_all_counted_but_only_the_first_n_kept_in_detail()
    {
        string csv = "customer_id,timestamp,amount\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"c{i},bad,1\nc{i},2026-01-01,x\n"));
        CsvImportResult result = CsvText.Read(csv, CsvText.Skip with { MaxRejectionDetails = 7 });
        Assert.Equal(100, result.Report.LinesRejected);
        Assert.Equal(50, result.Report.RejectionCounts[CsvRejectionReason.UnparsableTimestamp]);
        Assert.Equal(50, result.Report.RejectionCounts[CsvRejectionReason.UnparsableAmount]);
        Assert.Equal([2L, 3, 4, 5, 6, 7, 8], result.Report.Rejections.Select(r => r.LineNumber));
        Assert.Equal(0, result.Transactions.Count);
        Assert.True(result.Report.IsBalanced);
    }

    [Fact]
    public void Blank_lines_are_counted_not_rejected_and_line_numbers_count_them()
    {
        CsvImportResult result = CsvText.Read("customer_id,timestamp,amount\r\n\r\na,2026-01-01,1\r\n   \r\nb,2026-01-01,bad\r\n", CsvText.Skip);
        Assert.Equal(4, result.Report.LinesRead);
        Assert.Equal(2, result.Report.BlankLines);
        Assert.Equal(1, result.Report.Transactions);
        Assert.Equal(5, Assert.Single(result.Report.Rejections).LineNumber);
        Assert.True(result.Report.IsBalanced);
    }

    [Fact]
    public void Semicolon_delimiter_with_decimal_comma_number_format()
    {
        var germanNumbers = new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };
        CsvImportResult result = CsvText.Read("customer_id;timestamp;amount\nk1;2026-01-05;1234,56\nk2;2026-01-06;-0,5\n",
            new CsvImportOptions { Delimiter = CsvDelimiter.Semicolon, NumberFormat = germanNumbers });
        Assert.Equal([1234.56, -0.5], CsvText.Rows(result.Transactions).Select(r => r.Amount));

        // A group separator is not accepted: "1.234,56" must not silently read as something else.
        var e = Assert.Throws<CsvImportException>(() => CsvText.Read("customer_id;timestamp;amount\nk1;2026-01-05;1.234,56\n",
            new CsvImportOptions { Delimiter = CsvDelimiter.Semicolon, NumberFormat = germanNumbers }));
        Assert.Equal(CsvRejectionReason.UnparsableAmount, e.Reason);
    }

    [Fact]
    public void Tab_delimiter_and_positional_columns_without_header()
    {
        CsvImportResult result = CsvText.Read("2026-01-05\tx\t7.5\t c9 \n",
            new CsvImportOptions { Delimiter = CsvDelimiter.Tab, HasHeader = false, CustomerColumn = 3, TimestampColumn = 0, AmountColumn = 2 });
        var row = Assert.Single(CsvText.Rows(result.Transactions));
        Assert.Equal(("c9", new DateTime(2026, 1, 5), 7.5), (row.Customer, row.Time, row.Amount));
    }

    [Fact]
    public void Without_header_a_first_line_too_short_for_the_columns_throws()
    {
        var e = Assert.Throws<CsvImportException>(() => CsvText.Read("a,2026-01-01\n",
            new CsvImportOptions { HasHeader = false, CustomerColumn = 0, TimestampColumn = 1, AmountColumn = 2 }));
        Assert.Equal(1, e.LineNumber);
    }

    [Fact]
    public void Whitespace_aligned_lines_with_leading_spaces_and_crlf()
    {
        CsvImportResult result = CsvText.Read(" 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n   00018  0002   19970102 1 13.97  \r\n",
            new CsvImportOptions
            {
                Delimiter = CsvDelimiter.Whitespace,
                HasHeader = false,
                CustomerColumn = 1,
                TimestampColumn = 2,
                AmountColumn = 4,
                TimestampFormats = ["yyyyMMdd"],
            });
        var rows = CsvText.Rows(result.Transactions);
        Assert.Equal(
            [("0001", new DateTime(1997, 1, 1), 29.33), ("0001", new DateTime(1997, 1, 18), 29.73), ("0002", new DateTime(1997, 1, 2), 13.97)],
            rows.Select(r => (r.Customer, r.Time, r.Amount)));
    }

    [Fact]
    public void Whitespace_aligned_with_header_and_a_short_line()
    {
        CsvImportResult result = CsvText.Read("customer_id   timestamp   amount\n  a   2026-01-01   3\n  b   2026-01-02\n",
            new CsvImportOptions { Delimiter = CsvDelimiter.Whitespace, OnError = CsvErrorHandling.Skip });
        Assert.Equal(1, result.Report.Transactions);
        Assert.Equal(CsvRejectionReason.WrongFieldCount, Assert.Single(result.Report.Rejections).Reason);
    }

    [Fact]
    public void Custom_timestamp_formats_are_tried_in_order()
    {
        CsvImportResult result = CsvText.Read("customer_id,timestamp,amount\na,12/1/2010 8:26,1\nb,12/13/2010 18:05,2\nc,2010-12-14,3\n",
            new CsvImportOptions { TimestampFormats = ["M/d/yyyy H:mm", "yyyy-MM-dd"] });
        Assert.Equal(
            [new DateTime(2010, 12, 1, 8, 26, 0), new DateTime(2010, 12, 13, 18, 5, 0), new DateTime(2010, 12, 14)],
            CsvText.Rows(result.Transactions).Select(r => r.Time));
    }

    [Fact]
    public void Timestamp_format_without_a_day_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CsvText.Read("customer_id,timestamp,amount\n", new CsvImportOptions { TimestampFormats = ["yyyy-MM"] }));
    }

    [Fact]
    public void Quantity_times_price_gives_the_amount_and_bad_factors_are_rejected()
    {
        CsvImportResult result = CsvText.Read(
            "cust,ts,qty,price\na,2026-01-01,3,2.5\na,2026-01-02,-2,1.25\nb,2026-01-03,x,1\nb,2026-01-03,1,NaN\nb,2026-01-03,1e200,1e200\n",
            new CsvImportOptions { CustomerColumn = "cust", TimestampColumn = "ts", QuantityColumn = "qty", PriceColumn = "price", OnError = CsvErrorHandling.Skip });
        Assert.Equal([7.5, -2.5], CsvText.Rows(result.Transactions).Select(r => r.Amount));
        Assert.Equal(
            [(CsvRejectionReason.UnparsableAmount, "qty"), (CsvRejectionReason.NonFiniteAmount, "price"), (CsvRejectionReason.NonFiniteAmount, "price")],
            result.Report.Rejections.Select(r => (r.Reason, r.Column!)));
    }

    [Fact]
    public void Quoted_customer_ids_keep_their_delimiters_and_non_ascii_text()
    {
        CsvImportResult result = CsvText.Read("customer_id,timestamp,amount\n\"Müller, Jörg\",2026-01-01,1\n\"Müller, Jörg\",2026-01-02,2\n");
        Assert.Equal(["Müller, Jörg"], result.Transactions.Customers.Keys);
        Assert.Equal(2, result.Transactions.Count);
    }

    [Fact]
    public void Batches_are_bounded_and_streamed_in_order()
    {
        string csv = "customer_id,timestamp,amount\n" + string.Concat(Enumerable.Range(0, 25).Select(i => $"c{i % 4},2026-01-01,{i}\n"));
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
        using TransactionCsvReader reader = TransactionCsvReader.Open(stream, new CsvImportOptions { BatchSize = 10 });
        var sizes = new List<int>();
        var amounts = new List<double>();
        foreach (var batch in reader.ReadBatches())
        {
            sizes.Add(batch.Count);
            amounts.AddRange(batch.Amounts.ToArray());
            Assert.True(batch.MaxCustomerIndex < reader.Customers.Count);
        }

        Assert.Equal([10, 10, 5], sizes);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (double)i), amounts);
        Assert.Throws<InvalidOperationException>(() => reader.ReadBatches());
        Assert.Equal(25, reader.Report.Transactions);
    }

    [Fact]
    public void Cancellation_stops_between_batches()
    {
        string csv = "customer_id,timestamp,amount\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"c,2026-01-01,{i}\n"));
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
        using TransactionCsvReader reader = TransactionCsvReader.Open(stream, new CsvImportOptions { BatchSize = 10 });
        using var cts = new CancellationTokenSource();
        int seen = 0;
        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var batch in reader.ReadBatches(cts.Token))
            {
                seen += batch.Count;
                cts.Cancel();
            }
        });
        Assert.Equal(10, seen);
    }
}
