using System.Text;
using CustomerScoring.Csv;
using Xunit;

namespace CustomerScoring.Tests.Csv;

public class CsvFormatSnifferTests
{
    private static CsvSniffResult Sniff(string text, CsvImportOptions? options = null) =>
        CsvFormatSniffer.Sniff(new MemoryStream(Encoding.UTF8.GetBytes(text)), options);

    [Fact]
    public void Detects_comma_header_point_and_iso()
    {
        CsvSniffResult format = Sniff("customer_id,timestamp,amount\na,2026-01-05T10:00:00Z,1.5\nb,2026-01-06,2\n");
        Assert.Equal((CsvDelimiter.Comma, true, '.', CsvImportOptions.Iso8601), (format.Delimiter, format.HasHeader, format.DecimalSeparator, format.TimestampFormat));
        Assert.Equal(["customer_id", "timestamp", "amount"], format.Header);
    }

    [Fact]
    public void Detects_semicolon_decimal_comma_and_day_first_dates_and_the_options_read_the_file()
    {
        string text = "Kunde;Datum;Betrag\nk1;05.01.2026 10:15;12,50\nk2;24.01.2026 08:00;3,25\nk1;03.02.2026 17:45;-1,5\n";
        var start = new CsvImportOptions { CustomerColumn = "Kunde", TimestampColumn = "Datum", AmountColumn = "Betrag" };
        CsvSniffResult format = Sniff(text, start);
        Assert.Equal((CsvDelimiter.Semicolon, true, ',', "d.M.yyyy H:mm"), (format.Delimiter, format.HasHeader, format.DecimalSeparator, format.TimestampFormat));
        var rows = CsvText.Rows(CsvText.Read(text, format.Options).Transactions);
        Assert.Equal([12.5, 3.25, -1.5], rows.Select(r => r.Amount));
        Assert.Equal(new DateTime(2026, 1, 24, 8, 0, 0), rows[1].Time);
    }

    [Fact]
    public void Detects_month_first_dates_without_a_header()
    {
        CsvSniffResult format = Sniff("a,12/31/2010 8:26,3.5\nb,1/2/2011 9:00,4\n", new CsvImportOptions { HasHeader = false, CustomerColumn = 0, TimestampColumn = 1, AmountColumn = 2 });
        Assert.Equal((false, "M/d/yyyy H:mm"), (format.HasHeader, format.TimestampFormat));
    }

    [Fact]
    public void Ambiguous_day_month_order_is_an_error_naming_both_readings_and_the_option()
    {
        var e = Assert.Throws<CsvImportException>(() => Sniff("customer_id,timestamp,amount\na,03/04/2026,1\nb,05/06/2026,2\n"));
        Assert.Contains("3 April 2026 with day first (d/M/yyyy)", e.Message, StringComparison.Ordinal);
        Assert.Contains("4 March 2026 with month first (M/d/yyyy)", e.Message, StringComparison.Ordinal);
        Assert.Contains("TimestampFormats", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detects_whitespace_aligned_files_and_compact_dates()
    {
        CsvSniffResult format = Sniff(" 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n 00012 0012 19970101  1   11.77\n",
            new CsvImportOptions { HasHeader = false, CustomerColumn = 1, TimestampColumn = 2, AmountColumn = 4 });
        Assert.Equal((CsvDelimiter.Whitespace, false, "yyyyMMdd"), (format.Delimiter, format.HasHeader, format.TimestampFormat));
    }
}
