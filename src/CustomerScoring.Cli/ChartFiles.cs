using CustomerScoring.Charts;

namespace CustomerScoring.Cli;

/// <summary>The charts of an analysis, written as PNG files.</summary>
internal static class ChartFiles
{
    /// <summary>Writes lorenz.png, segments.png, rfm-heatmap.png and (with a CLV model) p-alive.png; returns their paths.</summary>
    public static IReadOnlyList<string> Write(CliRun analysis, string folder)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        if (File.Exists(folder))
        {
            throw new CliOutputException($"--charts '{folder}' is a file; give a folder.");
        }

        Directory.CreateDirectory(folder);
        var written = new List<string>();
        void Save(Chart chart, string name)
        {
            using (chart)
            {
                written.Add(chart.SavePng(Path.Combine(folder, name)));
            }
        }

        Save(CustomerCharts.LorenzCurve(analysis.Card.Concentration, analysis.Options.MeasureName), "lorenz.png");
        Save(CustomerCharts.RfmSegments(analysis.Card.Rfm, analysis.Card.Summaries), "segments.png");
        Save(CustomerCharts.RecencyFrequencyHeatmap(analysis.Card.Rfm), "rfm-heatmap.png");
        if (analysis.Card.Clv is { Forecast: var f })
        {
            var s = analysis.Card.Summaries;
            Save(CustomerCharts.ProbabilityAlive(s.Frequency, s.Recency, f.ProbabilityAlive, s.TimeUnit), "p-alive.png");
        }

        return written;
    }
}
