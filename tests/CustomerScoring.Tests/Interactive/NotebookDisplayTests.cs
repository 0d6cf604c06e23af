using CustomerScoring.Charts;
using CustomerScoring.Interactive;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Charts;
using CustomerScoring.Tiers;
using Microsoft.DotNet.Interactive.Formatting;
using Xunit;

namespace CustomerScoring.Tests.Interactive;

/// <summary>
/// NotebookDisplay through the .NET Interactive formatter itself (the kernel's display path, without a kernel): results become
/// HTML tables, charts PNG images. .ci/notebook.sh checks the same in the real kernel on the executed tour notebook.
/// </summary>
public class NotebookDisplayTests(CdnowFixture cdnow) : IClassFixture<CdnowFixture>
{
    [Fact]
    public void Registered_results_prefer_html_tables_and_charts_prefer_png()
    {
        NotebookDisplay.Register();
        NotebookDisplay.Register(); // idempotent

        Assert.Equal("text/html", Formatter.GetPreferredMimeTypesFor(typeof(CustomerSummaries)).First());
        Assert.Equal("text/html", Formatter.GetPreferredMimeTypesFor(typeof(RfmResult)).First());
        Assert.Equal("text/html", Formatter.GetPreferredMimeTypesFor(typeof(TextTable)).First());
        Assert.Equal("image/png", Formatter.GetPreferredMimeTypesFor(typeof(Chart)).First());
    }

    [Fact]
    public void Summaries_rfm_and_concentration_display_as_html_tables_of_their_figures()
    {
        NotebookDisplay.Register();

        string summaries = cdnow.Summaries.ToDisplayString("text/html");
        Assert.StartsWith("<div class=\"customerscoring\">", summaries, StringComparison.Ordinal);
        Assert.Contains("<tr><td>customers</td><td>2,357</td></tr>", summaries, StringComparison.Ordinal);
        Assert.Contains("<td>1998-06-30</td>", summaries, StringComparison.Ordinal);

        string rfm = cdnow.Rfm.ToDisplayString("text/html");
        // 823 of 2,357 (34.9%) with ties shared, the default binning (the CLI's report on the same file prints the same count).
        Assert.Contains("<tr><td>Potential Loyalist</td><td style=\"text-align:right\">823</td><td style=\"text-align:right\">34.9%</td></tr>", rfm, StringComparison.Ordinal);

        string concentration = cdnow.Concentration.ToDisplayString("text/html");
        Assert.Contains("<tr><td>top 20% hold</td><td>67.4%</td></tr>", concentration, StringComparison.Ordinal);
        Assert.Contains("<th style=\"text-align:right\">poorest p</th>", concentration, StringComparison.Ordinal);

        Assert.Equal(CustomerTables.RfmSegments(cdnow.Rfm, cdnow.Summaries).ToHtml(), CustomerTables.RfmSegments(cdnow.Rfm, cdnow.Summaries).ToDisplayString("text/html"));
    }

    [Fact]
    public void Rule_explanations_display_html_encoded()
    {
        NotebookDisplay.Register();
        double[] clv = Enumerable.Range(0, cdnow.Calibration.Count).Select(i => (double)i).ToArray();
        TierScorecard tiers = TierScorecard.Create(cdnow.Calibration, clv: clv, pAlive: cdnow.PAlive, expectedPurchases: cdnow.PredictedHoldout);

        string html = tiers.ExplainTier(cdnow.Calibration.Count - 1).ToDisplayString("text/html");

        Assert.Contains("<th>matched</th>", html, StringComparison.Ordinal);
        Assert.Contains("&gt;=", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">= ", html, StringComparison.Ordinal);
        Assert.Contains("VIP", tiers.ToDisplayString("text/html"), StringComparison.Ordinal);
    }

    [Fact]
    public void Charts_display_as_base64_png_of_the_default_size()
    {
        NotebookDisplay.Register();
        using Chart chart = CustomerCharts.LorenzCurve(cdnow.Concentration);

        byte[] png = Convert.FromBase64String(chart.ToDisplayString("image/png"));

        Assert.Equal((Chart.DefaultWidth, Chart.DefaultHeight), PngImage.Size(png));
    }
}
