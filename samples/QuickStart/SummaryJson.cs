using System.Text.Json;
using CustomerScoring.Clv;
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

        WriteCounts(json, "tiers", analysis.Tiers.Tiers);
        WriteCounts(json, "lifecycle_stages", analysis.Tiers.Stages);

        if (analysis.Clv is { } clv)
        {
            WriteFit(json, "model", clv.Name, clv.Purchases.Diagnostics);
            WriteFit(json, "spend_model", "gammagamma", clv.Spend.Diagnostics);
            json.WriteStartObject("clv");
            json.WriteNumber("horizon", clv.Forecast.Options.Horizon);
            json.WriteString("horizon_unit", clv.Forecast.Options.HorizonUnit.ToName());
            json.WriteNumber("annual_discount_rate", clv.Forecast.Options.AnnualDiscountRate);
            json.WriteNumber("margin", clv.Forecast.Options.MarginRate);
            json.WriteNumber("total", clv.Forecast.Value.Sum());
            json.WriteNumber("expected_purchases", clv.Forecast.ExpectedPurchases.Sum());
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("model");
            json.WriteNull("spend_model");
        }

        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, string key, CustomerScoring.Rules.TierAssignment assignment)
    {
        json.WriteStartObject(key);
        for (int i = 0; i < assignment.TierNames.Count; i++)
        {
            json.WriteNumber(assignment.TierNames[i], assignment.Counts[i]);
        }

        json.WriteEndObject();
    }

    private static void WriteFit(Utf8JsonWriter json, string key, string name, ClvFitDiagnostics? fit)
    {
        json.WriteStartObject(key);
        json.WriteString("name", name);
        if (fit is not null)
        {
            json.WriteStartObject("parameters");
            for (int i = 0; i < fit.ParameterNames.Count; i++)
            {
                json.WriteNumber(fit.ParameterNames[i], fit.Estimates[i]);
            }

            json.WriteEndObject();
            json.WriteStartObject("standard_errors");
            for (int i = 0; i < fit.ParameterNames.Count; i++)
            {
                json.WriteNumber(fit.ParameterNames[i], fit.StandardErrors[i]);
            }

            json.WriteEndObject();
            json.WriteNumber("log_likelihood", fit.LogLikelihood);
            json.WriteBoolean("converged", fit.Converged);
            json.WriteNumber("iterations", fit.Iterations);
        }

        json.WriteEndObject();
    }
}
