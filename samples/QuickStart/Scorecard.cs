using CustomerScoring.Csv;

namespace CustomerScoring.QuickStart;

/// <summary>
/// The per-customer CSV: one row per customer with a purchase on or before the analysis date, in the
/// order customers first appear in the input (columns: see <see cref="ScorecardCsvWriter{TKey}"/> and the README).
/// </summary>
public static class Scorecard
{
    /// <summary>The scorecard writer with every column the analysis has.</summary>
    public static ScorecardCsvWriter<string> For(PortfolioAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return new ScorecardCsvWriter<string>(analysis.Summaries, analysis.Customers)
            .WithRfm(analysis.Rfm)
            .WithAbc(analysis.Abc);
    }

    /// <summary>Writes the scorecard to <paramref name="path"/>.</summary>
    public static void Write(PortfolioAnalysis analysis, string path) => For(analysis).WriteFile(path);
}
