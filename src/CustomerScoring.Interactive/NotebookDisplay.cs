using CustomerScoring.Charts;
using CustomerScoring.Clv;
using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Rules;
using CustomerScoring.Summaries;
using CustomerScoring.Tiers;
using Microsoft.DotNet.Interactive.Formatting;

namespace CustomerScoring.Interactive;

/// <summary>
/// Rich notebook display for CustomerScoring results in a .NET Interactive kernel (Jupyter, Polyglot Notebooks). After
/// <see cref="Register"/>, <c>display(x)</c> or a cell ending in <c>x</c> shows customer summaries, RFM results, tables,
/// concentration, CLV model fits, holdout reports, tier assignments, scorecards and rule explanations as HTML tables, and
/// charts as inline PNG images (<see cref="Chart.DefaultWidth"/> x <see cref="Chart.DefaultHeight"/> pixels). Text output
/// (<c>Console.WriteLine</c>, <c>ToString()</c>) is unchanged. Registration is global to the kernel process and idempotent.
/// </summary>
public static class NotebookDisplay
{
    /// <summary>The MIME type of the HTML tables.</summary>
    public const string HtmlMimeType = "text/html";

    /// <summary>The MIME type of the chart images.</summary>
    public const string PngMimeType = "image/png";

    private static readonly Lock Gate = new();
    private static bool registered;

    /// <summary>Registers the HTML and PNG formatters with the kernel's formatter; later calls do nothing.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            Html<CustomerSummaries>(HtmlViews.Summaries);
            Html<RfmResult>(HtmlViews.Rfm);
            Html<TextTable>(t => t.ToHtml());
            Html<ParetoAnalysis>(HtmlViews.Concentration);
            Html<AbcClassification>(HtmlViews.Abc);
            Html<ClvFitDiagnostics>(HtmlViews.Fit);
            Html<BgNbdModel>(m => HtmlViews.Model(m.Diagnostics, m.ToString()));
            Html<MbgNbdModel>(m => HtmlViews.Model(m.Diagnostics, m.ToString()));
            Html<ParetoNbdModel>(m => HtmlViews.Model(m.Diagnostics, m.ToString()));
            Html<BgBbModel>(m => HtmlViews.Model(m.Diagnostics, m.ToString()));
            Html<GammaGammaModel>(m => HtmlViews.Model(m.Diagnostics, m.ToString()));
            Html<HoldoutReport>(HtmlViews.Holdout);
            Html<TierAssignment>(HtmlViews.Tiers);
            Html<TierScorecard>(s => HtmlViews.Tiers(s.Tiers) + "\n" + HtmlViews.Tiers(s.Stages));
            Html<TierExplanation>(HtmlViews.Explanation);

            Formatter.Register<Chart>((chart, writer) => writer.Write(Convert.ToBase64String(chart.ToPng())), PngMimeType);
            Formatter.SetPreferredMimeTypesFor(typeof(Chart), PngMimeType);
            registered = true;
        }
    }

    private static void Html<T>(Func<T, string> html)
    {
        Formatter.Register<T>((value, writer) => writer.Write(html(value)), HtmlMimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlMimeType);
    }
}
