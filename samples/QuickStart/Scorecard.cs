using CustomerScoring.Csv;
using CustomerScoring.Concentration;
using CustomerScoring.Summaries;

namespace CustomerScoring.QuickStart;

/// <summary>
/// The per-customer CSV: one row per customer with a purchase on or before the analysis date, in the
/// order customers first appear in the input. Column names are snake_case; times are in --time-unit.
/// </summary>
public static class Scorecard
{
    /// <summary>A scorecard column: its name, decimals and how to write row r.</summary>
    private sealed record Column(string Name, int? Decimals, Action<CsvTableWriter, int> Write);

    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> ColumnNames(PortfolioAnalysis analysis) => Columns(analysis).Select(c => c.Name).ToArray();

    /// <summary>Writes the scorecard to <paramref name="path"/>.</summary>
    public static void Write(PortfolioAnalysis analysis, string path)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        Column[] columns = Columns(analysis);
        using CsvTableWriter writer = CsvTableWriter.ToFile(path, columns.Select(c => new CsvTableColumn(c.Name, c.Decimals)).ToArray());
        for (int r = 0; r < analysis.Summaries.Count; r++)
        {
            foreach (Column column in columns)
            {
                column.Write(writer, r);
            }

            writer.EndRow();
        }
    }

    private static Column[] Columns(PortfolioAnalysis a)
    {
        CustomerSummaries s = a.Summaries;
        var columns = new List<Column>
        {
            new("customer_id", null, (w, r) => w.Write(a.Customers.KeyOf(s.CustomerIndex[r]))),
            new("first_purchase", null, (w, r) => w.Write(s.FirstPurchase[r])),
            new("last_purchase", null, (w, r) => w.Write(s.LastPurchase[r])),
            new("transactions", null, (w, r) => w.Write(s.TransactionCount[r])),
            new("frequency", null, (w, r) => w.Write((int)s.Frequency[r])),
            new("recency", 4, (w, r) => w.Write(s.Recency[r])),
            new("t", 4, (w, r) => w.Write(s.Age[r])),
            new("monetary_total", 2, (w, r) => w.Write(s.TotalAmount[r])),
            new("monetary_repeat_mean", 2, (w, r) => w.Write(s.MonetaryRepeatMean[r])),
        };
        if (s.HasMargins)
        {
            columns.Add(new("margin_total", 2, (w, r) => w.Write(s.TotalMargin[r])));
        }

        int unitDays = s.TimeUnit.Days();
        columns.Add(new("recency_days", null, (w, r) => w.Write((int)Math.Round(s.TimeSinceLastPurchase[r] * unitDays))));
        columns.Add(new("r_score", null, (w, r) => w.Write((int)a.Rfm.RecencyScores[r])));
        columns.Add(new("f_score", null, (w, r) => w.Write((int)a.Rfm.FrequencyScores[r])));
        columns.Add(new("m_score", null, (w, r) => w.Write((int)a.Rfm.MonetaryScores[r])));
        columns.Add(new("rfm_cell", null, (w, r) => w.Write(a.Rfm.CellLabel(r))));
        columns.Add(new("rfm_sum", null, (w, r) => w.Write(a.Rfm.Sum(r))));
        columns.Add(new("segment", null, (w, r) => w.Write(a.Rfm.SegmentOf(r))));
        columns.Add(new("abc_class", null, (w, r) => w.Write(a.Abc.Classes[r].ToString())));

        return columns.ToArray();
    }
}
