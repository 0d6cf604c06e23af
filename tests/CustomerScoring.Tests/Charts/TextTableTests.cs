using CustomerScoring.Charts;
using Xunit;

namespace CustomerScoring.Tests.Charts;

public class TextTableTests(CdnowFixture cdnow) : IClassFixture<CdnowFixture>
{
    private static TextTable Sample() => new TextTable("segment", "customers", "share")
        .AddRow("Champions", 1234, "10.5%")
        .AddRow("At Risk, \"old\"", 7, null)
        .AddRow("<b>", 12345.678, "1.0%");

    [Fact]
    public void Text_aligns_text_left_and_numbers_right()
    {
        string expected = string.Join('\n',
            "segment         customers  share",
            "--------------  ---------  -----",
            "Champions           1,234  10.5%",
            "At Risk, \"old\"          7",
            "<b>             12,345.68   1.0%");
        Assert.Equal(expected, Sample().ToText());
        Assert.Equal(expected, Sample().ToString());
    }

    [Fact]
    public void Csv_quotes_fields_with_commas_and_quotes()
    {
        Assert.Equal(
            "segment,customers,share\r\nChampions,\"1,234\",10.5%\r\n\"At Risk, \"\"old\"\"\",7,\r\n<b>,\"12,345.68\",1.0%\r\n",
            Sample().ToCsv());
    }

    [Fact]
    public void Html_encodes_text_and_right_aligns_numeric_columns()
    {
        string html = Sample().ToHtml();
        Assert.StartsWith("<table>\n<thead><tr><th>segment</th><th style=\"text-align:right\">customers</th>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>&lt;b&gt;</td><td style=\"text-align:right\">12,345.68</td><td style=\"text-align:right\">1.0%</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<td>At Risk, &quot;old&quot;</td>", html, StringComparison.Ordinal);
        Assert.EndsWith("</tbody>\n</table>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_must_have_one_cell_per_column()
    {
        var table = new TextTable("a", "b");
        Assert.Throws<ArgumentException>(() => table.AddRow(1));
        Assert.Equal(0, table.RowCount);
        Assert.Throws<ArgumentException>(() => new TextTable());
    }

    [Fact]
    public void Segment_table_lists_each_non_empty_segment_with_its_count_largest_first()
    {
        TextTable table = CustomerTables.RfmSegments(cdnow.Rfm, cdnow.Summaries);
        string[] lines = table.ToText().Split('\n');

        int nonEmpty = cdnow.Rfm.SegmentCounts.Count(c => c > 0);
        Assert.Equal(nonEmpty, table.RowCount);
        int largest = cdnow.Rfm.SegmentCounts.Max();
        string largestName = cdnow.Rfm.Scorer.Segments.SegmentName(cdnow.Rfm.SegmentCounts.ToList().IndexOf(largest));
        Assert.StartsWith(largestName, lines[2], StringComparison.Ordinal);
        Assert.Contains(largest.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), lines[2], StringComparison.Ordinal);
        Assert.Equal(["segment", "customers", "% customers", "revenue", "% revenue", "revenue per customer"], table.Headers);
    }
}
