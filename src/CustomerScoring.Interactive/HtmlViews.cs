using System.Globalization;
using System.Net;
using System.Text;
using CustomerScoring.Charts;
using CustomerScoring.Clv;
using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Rules;
using CustomerScoring.Summaries;
using CustomerScoring.Tiers;

namespace CustomerScoring.Interactive;

/// <summary>
/// The HTML of each result type: a caption (HTML-encoded) and <see cref="TextTable.ToHtml"/> tables, invariant culture.
/// Every view starts with <c>&lt;div class="customerscoring"&gt;</c> so a notebook's outputs can be told apart.
/// </summary>
internal static class HtmlViews
{
    public static string Summaries(CustomerSummaries s)
    {
        var facts = new TextTable("", "value")
            .AddRow("customers", s.Count)
            .AddRow("transactions", s.TransactionsUsed)
            .AddRow("revenue", s.Revenue)
            .AddRow("observation end", s.ObservationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .AddRow("period", s.Period.ToName())
            .AddRow("time unit", s.TimeUnit.ToName());
        if (s.ExcludedAfterEnd > 0)
        {
            facts.AddRow("transactions after the end (excluded)", s.ExcludedAfterEnd);
        }

        if (s.HasHoldout)
        {
            facts.AddRow("holdout transactions", s.HoldoutTransactionsUsed);
        }

        return Block("Customer summaries", facts);
    }

    public static string Rfm(RfmResult rfm)
    {
        var table = new TextTable("segment", "customers", "% customers");
        SegmentMap map = rfm.Scorer.Segments;
        for (int i = 0; i < rfm.SegmentCounts.Count; i++)
        {
            table.AddRow(map.SegmentName(i), rfm.SegmentCounts[i], Percent(rfm.Count == 0 ? 0 : (double)rfm.SegmentCounts[i] / rfm.Count));
        }

        string caption = string.Create(CultureInfo.InvariantCulture,
            $"RFM scores for {rfm.Count:N0} customers (R {rfm.Scorer.Recency}, F {rfm.Scorer.Frequency}, M {rfm.Scorer.Monetary})");
        return Block(caption, table);
    }

    public static string Concentration(ParetoAnalysis p)
    {
        var facts = new TextTable("", "value")
            .AddRow("customers", p.Count)
            .AddRow("total", p.Total)
            .AddRow("top 20% hold", Percent(p.TopShare()))
            .AddRow("customers making 80%", Percent(p.CustomerShareFor()))
            .AddRow("Gini", p.Gini.ToString("F3", CultureInfo.InvariantCulture))
            .AddRow("Herfindahl", p.Herfindahl.ToString("G3", CultureInfo.InvariantCulture))
            .AddRow("crossing rule", string.Create(CultureInfo.InvariantCulture, $"{100 * p.CrossingCustomerShare:F1}/{100 * p.CrossingValueShare:F1}"));
        var lorenz = new TextTable("poorest p", "they hold", "richest 1-p hold");
        foreach (LorenzPoint point in p.LorenzTable())
        {
            lorenz.AddRow(Percent(point.CustomerShare, "F0"), Percent(point.ValueShare), Percent(1 - point.ValueShare));
        }

        return Block("Concentration", facts, lorenz);
    }

    public static string Abc(AbcClassification abc)
    {
        var table = new TextTable("class", "customers", "% of value")
            .AddRow("A", abc.CountA, Percent(abc.ValueShareA))
            .AddRow("B", abc.CountB, Percent(abc.ValueShareB))
            .AddRow("C", abc.CountC, Percent(abc.ValueShareC));
        return Block("ABC classes", table);
    }

    public static string Fit(ClvFitDiagnostics d)
    {
        var table = new TextTable("parameter", "estimate", "std. error", "95% lower", "95% upper");
        for (int i = 0; i < d.Estimates.Count; i++)
        {
            (double lower, double upper) = d.ConfidenceInterval95(i);
            table.AddRow(d.ParameterNames[i], G(d.Estimates[i], "G6"), G(d.StandardErrors[i], "G4"), G(lower, "G4"), G(upper, "G4"));
        }

        string unit = d.TimeUnit is { } u ? ", time unit " + u.ToName() : string.Empty;
        string caption = string.Create(CultureInfo.InvariantCulture,
            $"{d.ModelName} fitted on {d.CustomerCount:N0} customers ({d.UniqueRowCount:N0} unique rows){unit}: log-likelihood {d.LogLikelihood:F4}, {d.Iterations} iterations, {(d.Converged ? "converged" : "NOT converged")}");
        return Block(caption, table);
    }

    public static string Model(ClvFitDiagnostics? diagnostics, string text) =>
        diagnostics is null ? "<div class=\"customerscoring\"><pre>" + WebUtility.HtmlEncode(text) + "</pre></div>" : Fit(diagnostics);

    public static string Holdout(HoldoutReport report)
    {
        var table = new TextTable("x", "customers", "predicted (mean)", "actual (mean)");
        foreach (FrequencyGroup g in report.Groups)
        {
            table.AddRow(g.Label, g.Customers, G(g.MeanPredicted, "F3"), G(g.MeanActual, "F3"));
        }

        string caption = string.Create(CultureInfo.InvariantCulture,
            $"Holdout: MAE {report.MeanAbsoluteError:F4}, RMSE {report.RootMeanSquaredError:F4}, total predicted {report.TotalPredicted:F1} vs actual {report.TotalActual:F1}");
        return Block(caption, table);
    }

    public static string Tiers(TierAssignment tiers)
    {
        var table = new TextTable("tier", "customers", "% customers");
        for (int t = 0; t < tiers.Counts.Count; t++)
        {
            table.AddRow(tiers.TierNames[t], tiers.Counts[t], Percent(tiers.Count == 0 ? 0 : (double)tiers.Counts[t] / tiers.Count));
        }

        return Block(string.Create(CultureInfo.InvariantCulture, $"{tiers.RuleSet.Name}: {tiers.Count:N0} customers"), table);
    }

    public static string Explanation(TierExplanation e)
    {
        var table = new TextTable("rule", "tier", "matched", "condition with the customer's values");
        foreach (RuleOutcome rule in e.Rules)
        {
            table.AddRow(rule.RuleName, rule.Tier, rule.Matched ? "yes" : "no", rule.Reason);
        }

        return Block(e.ToString(), table);
    }

    private static string Block(string caption, params TextTable[] tables)
    {
        var sb = new StringBuilder("<div class=\"customerscoring\">\n<p><b>");
        sb.Append(WebUtility.HtmlEncode(caption)).Append("</b></p>\n");
        foreach (TextTable table in tables)
        {
            sb.Append(table.ToHtml()).Append('\n');
        }

        return sb.Append("</div>").ToString();
    }

    private static string Percent(double share, string format = "F1") =>
        (100 * share).ToString(format, CultureInfo.InvariantCulture) + "%";

    private static string G(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
