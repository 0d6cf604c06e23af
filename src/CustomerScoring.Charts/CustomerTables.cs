using CustomerScoring.Rfm;
using CustomerScoring.Summaries;

namespace CustomerScoring.Charts;

/// <summary>Result tables to print or export: the same figures the charts draw, as <see cref="TextTable"/>s.</summary>
public static class CustomerTables
{
    /// <summary>
    /// One row per non-empty RFM segment, most customers first: customers, their share, revenue
    /// (<see cref="CustomerSummaries.TotalAmount"/>), its share of the total and revenue per customer.
    /// </summary>
    /// <param name="rfm">Scores of the summary rows.</param>
    /// <param name="summaries">The summaries the scores were computed from, in the same row order.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentException">The scores and the summaries have different customer counts.</exception>
    public static TextTable RfmSegments(RfmResult rfm, CustomerSummaries summaries)
    {
        ArgumentNullException.ThrowIfNull(rfm);
        ArgumentNullException.ThrowIfNull(summaries);
        var table = new TextTable("segment", "customers", "% customers", "revenue", "% revenue", "revenue per customer");
        foreach (SegmentShare s in SegmentShare.From(rfm, summaries.TotalAmount, nameof(summaries)))
        {
            table.AddRow(s.Name, s.Customers, ChartStyle.Percent(s.CustomerShare), s.Value, ChartStyle.Percent(s.ValueShare), s.Value / s.Customers);
        }

        return table;
    }
}
