using System.Text.Json;
using CustomerScoring.Summaries;

namespace CustomerScoring.QuickStart;

/// <summary>The portfolio figures as one JSON object with snake_case keys (see the README for the contract).</summary>
public static class SummaryJson
{
    /// <summary>Writes the JSON object to <paramref name="path"/>.</summary>
    public static void Write(PortfolioAnalysis analysis, string path)
    {
        using FileStream stream = File.Create(path);
        Write(analysis, stream);
    }

    /// <summary>Writes the JSON object to <paramref name="stream"/>.</summary>
    public static void Write(PortfolioAnalysis analysis, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        CustomerSummaries s = analysis.Summaries;
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("input", analysis.InputPath);
        json.WriteNumber("customers", s.Count);
        json.WriteNumber("transactions", s.TransactionsUsed);
        json.WriteNumber("lines_read", analysis.Import.LinesRead);
        json.WriteNumber("rejected_rows", analysis.Import.LinesRejected);
        json.WriteNumber("excluded_after_end", s.ExcludedAfterEnd);
        json.WriteNumber("revenue", Math.Round(s.Revenue, 2));
        json.WriteString("observation_end", s.ObservationEnd.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("period", s.Period.ToName());
        json.WriteString("time_unit", s.TimeUnit.ToName());

        json.WriteStartObject("segments");
        for (int i = 0; i < analysis.Rfm.SegmentCounts.Count; i++)
        {
            json.WriteNumber(analysis.Rfm.Scorer.Segments.SegmentName(i), analysis.Rfm.SegmentCounts[i]);
        }

        json.WriteEndObject();

        var c = analysis.Concentration;
        json.WriteStartObject("concentration");
        json.WriteString("measure", analysis.Options.Measure);
        json.WriteNumber("top_20_share", c.TopShare(0.2));
        json.WriteNumber("customers_for_80_share", c.CustomerShareFor(0.8));
        json.WriteNumber("customers_for_80_count", c.CustomersForShare(0.8));
        json.WriteNumber("gini", c.Gini);
        json.WriteNumber("hhi", c.Herfindahl);
        json.WriteNumber("negative_customers", c.NegativeCount);
        json.WriteStartObject("abc_counts");
        json.WriteNumber("A", analysis.Abc.CountA);
        json.WriteNumber("B", analysis.Abc.CountB);
        json.WriteNumber("C", analysis.Abc.CountC);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
