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
        var card = new ScorecardCsvWriter<string>(analysis.Summaries, analysis.Customers)
            .WithRfm(analysis.Rfm)
            .WithAbc(analysis.Abc);
        if (analysis.Clv is { Forecast: var f })
        {
            card.WithColumn("expected_purchases", r => f.ExpectedPurchases[r], 4)
                .WithColumn("p_alive", r => f.ProbabilityAlive[r], 4)
                .WithColumn("expected_spend", r => f.ExpectedSpend[r], 2)
                .WithColumn("clv", r => f.Value[r], 2);
        }
        else
        {
            foreach (string name in (string[])["expected_purchases", "p_alive", "expected_spend", "clv"])
            {
                card.WithColumn(name, _ => (string?)null);
            }
        }

        card.WithColumn("tier", r => analysis.Tiers.TierOf(r))
            .WithColumn("lifecycle_stage", r => analysis.Tiers.StageOf(r));
        return card;
    }

    /// <summary>Writes the scorecard to <paramref name="path"/>.</summary>
    public static void Write(PortfolioAnalysis analysis, string path) => For(analysis).WriteFile(path);
}
