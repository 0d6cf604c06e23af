using CustomerScoring.Charts;
using CustomerScoring.Clv;
using CustomerScoring.Tests.Retention;
using ScottPlot;
using ScottPlot.Plottables;
using Xunit;

namespace CustomerScoring.Tests.Charts;

/// <summary>The retention chart draws the cohort's survivors, the fitted curve and its projection, and the retention rates.</summary>
public class RetentionChartTests
{
    private static Coordinates[] Points(Chart chart, string legend) =>
        [.. chart.Plot.GetPlottables().OfType<Scatter>().Single(s => s.LegendText == legend).Data.GetScatterPoints()];

    [Fact]
    public void Series_are_the_survivors_the_model_curve_and_the_retention_rates()
    {
        // The high-end cohort of Fader & Hardie (2007): fitted on years 0..7, projected to year 12.
        var data = RetentionData.FromSurvivors(RetentionTests.HighEnd.AsSpan(0, 8));
        var model = ShiftedBetaGeometricModel.Fit(data);
        double[] curve = model.SurvivalCurve(12);
        using Chart chart = RetentionCharts.SurvivalAndRetention(data, curve, "sBG");

        Coordinates[] actual = Points(chart, "survival, actual");
        Assert.Equal(8, actual.Length);
        for (int t = 0; t <= 7; t++)
        {
            Assert.Equal(t, actual[t].X);
            Assert.Equal(RetentionTests.HighEnd[t] / 1000, actual[t].Y, 1e-12); // one cohort: survivors[t] / survivors[0]
        }

        // The model: solid over years 0..7, dashed from 7 to 12, each point S(t) of the model.
        Coordinates[] fitted = Points(chart, "survival, sBG"), projected = Points(chart, "survival, sBG projection");
        Assert.Equal(Enumerable.Range(0, 8).Select(t => (double)t), fitted.Select(p => p.X));
        Assert.Equal(Enumerable.Range(7, 6).Select(t => (double)t), projected.Select(p => p.X));
        Assert.All(fitted.Concat(projected), p => Assert.Equal(model.Survival((int)p.X), p.Y, 1e-15));
        Assert.Equal(LinePattern.Dashed, chart.Plot.GetPlottables().OfType<Scatter>().Single(s => s.LegendText == "survival, sBG projection").LinePattern);

        // Retention by period: actual 1 - left / at risk, model (beta + t - 1) / (alpha + beta + t - 1).
        Coordinates[] actualRetention = Points(chart, "retention, actual");
        Assert.Equal(7, actualRetention.Length);
        for (int t = 1; t <= 7; t++)
        {
            Assert.Equal(RetentionTests.HighEnd[t] / RetentionTests.HighEnd[t - 1], actualRetention[t - 1].Y, 1e-12);
        }

        Coordinates[] retention = [.. Points(chart, "retention, sBG"), .. Points(chart, "retention, sBG projection").Skip(1)];
        Assert.Equal(Enumerable.Range(1, 12).Select(t => (double)t), retention.Select(p => p.X));
        Assert.All(retention, p => Assert.Equal(model.RetentionRate((int)p.X), p.Y, 1e-12));

        VerticalLine line = Assert.Single(chart.Plot.GetPlottables().OfType<VerticalLine>());
        Assert.Equal(7, line.X);
        Assert.Equal(new AxisLimits(0, 12, 0, 1.02), chart.Plot.Axes.GetLimits());
        PngImage.AssertSize(chart.ToPng(900, 600), 900, 600);
    }

    [Fact]
    public void Without_a_projection_there_is_no_dashed_curve_and_bad_curves_are_refused()
    {
        var data = RetentionData.FromDurations([1, 2, 3, 3, 2], [true, true, false, true, false]);
        double[] curve = new ShiftedBetaGeometricModel(1.2, 2.5).SurvivalCurve(3);
        using Chart chart = RetentionCharts.SurvivalAndRetention(data, curve);
        Assert.DoesNotContain(chart.Plot.GetPlottables().OfType<Scatter>(), s => s.LegendText.Contains("projection", StringComparison.Ordinal));
        Assert.Empty(chart.Plot.GetPlottables().OfType<VerticalLine>());

        // Product-limit survival: 5 at risk in period 1 (1 left), 4 in period 2 (1 left, 1 censored), 2 in period 3 (1 left).
        Assert.Equal([1.0, 0.8, 0.6, 0.3], Points(chart, "survival, actual").Select(p => Math.Round(p.Y, 12)));
        Assert.Equal(new AxisLimits(0, 3, 0, 1.02), chart.Plot.Axes.GetLimits());

        Assert.Throws<ArgumentException>(() => RetentionCharts.SurvivalAndRetention(data, [1.0]));
        Assert.Throws<ArgumentException>(() => RetentionCharts.SurvivalAndRetention(data, [0.9, 0.5]));
        Assert.Throws<ArgumentException>(() => RetentionCharts.SurvivalAndRetention(data, [1.0, double.NaN]));
    }
}
