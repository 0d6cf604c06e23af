using CustomerScoring.Charts;

namespace CustomerScoring.QuickStart;

/// <summary>The charts of an analysis, written as PNG files.</summary>
public static class ChartFiles
{
    /// <summary>Writes lorenz.png, segments.png, rfm-heatmap.png and (with a CLV model) p-alive.png; returns their paths.</summary>
    public static IReadOnlyList<string> Write(PortfolioAnalysis analysis, string folder)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        void Save(Chart chart, string name)
        {
            using (chart)
            {
                written.Add(chart.SavePng(Path.Combine(folder, name)));
            }
        }

        Save(CustomerCharts.LorenzCurve(analysis.Concentration, analysis.Options.Measure), "lorenz.png");
        Save(CustomerCharts.RfmSegments(analysis.Rfm, analysis.Summaries), "segments.png");
        Save(CustomerCharts.RecencyFrequencyHeatmap(analysis.Rfm), "rfm-heatmap.png");
        if (analysis.Clv is { Forecast: var f })
        {
            var s = analysis.Summaries;
            Save(CustomerCharts.ProbabilityAlive(s.Frequency, s.Recency, f.ProbabilityAlive, s.TimeUnit), "p-alive.png");
        }

        return written;
    }
}
