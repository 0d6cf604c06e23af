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
        json.WriteEndObject();
    }
}
