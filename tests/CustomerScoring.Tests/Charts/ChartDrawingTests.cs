using CustomerScoring.Charts;
using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using ScottPlot;
using ScottPlot.Plottables;
using Xunit;

namespace CustomerScoring.Tests.Charts;

/// <summary>
/// What each chart draws: the data series, cells and axis ranges of the ScottPlot objects, against the inputs and against
/// independent computations (hand binning, the BG/NBD closed forms with the paper's parameters in <see cref="BgNbdReference"/>).
/// </summary>
public class ChartDrawingTests(CdnowFixture cdnow) : IClassFixture<CdnowFixture>
{
    private static readonly BgNbdModel Published = new(0.243, 4.414, 0.793, 2.426, TimeUnit.Week);

    private static AxisLimits Limits(Chart chart) => chart.Plot.Axes.GetLimits();

    [Fact]
    public void Lorenz_curve_is_the_analysis_curve_on_unit_axes_with_sans_serif_annotations()
    {
        using Chart chart = CustomerCharts.LorenzCurve(cdnow.Concentration);
        Scatter curve = Assert.Single(chart.Plot.GetPlottables().OfType<Scatter>());
        var points = curve.Data.GetScatterPoints();
        Assert.Equal(0, points[0].X);
        Assert.Equal(0, points[0].Y);
        Assert.Equal(1, points[^1].X, 12);
        Assert.Equal(1, points[^1].Y, 12);
        // Independent: at every vertex after k whole customers, the k smallest values over the total (negatives count as 0).
        double[] sorted = [.. cdnow.Summaries.TotalAmount.ToArray().Select(v => Math.Max(0, v)).Order()];
        double total = sorted.Sum();
        int n = sorted.Length, checkedVertices = 0;
        foreach (var p in points)
        {
            double k = p.X * n;
            if (Math.Abs(k - Math.Round(k)) < 1e-6)
            {
                Assert.Equal(sorted.Take((int)Math.Round(k)).Sum() / total, p.Y, 9);
                checkedVertices++;
            }
        }

        Assert.True(checkedVertices > 10, $"only {checkedVertices} vertices at whole customers");

        Assert.Equal(new AxisLimits(0, 1, 0, 1), Limits(chart));
        Text[] labels = [.. chart.Plot.GetPlottables().OfType<Text>()];
        Assert.Equal(2, labels.Length);
        Assert.All(labels, t => Assert.False(t.LabelBold));
        Assert.All(labels, t => Assert.Equal(chart.Plot.Axes.Bottom.Label.FontName, t.LabelFontName));
    }

    [Fact]
    public void Segment_bars_are_the_segment_shares_in_percent()
    {
        using Chart chart = CustomerCharts.RfmSegments(cdnow.Rfm, cdnow.Summaries);
        BarPlot[] bars = [.. chart.Plot.GetPlottables().OfType<BarPlot>()];
        Assert.Equal(2, bars.Length);
        double customers = bars.Single(b => b.LegendText == "customers").Bars.Sum(b => b.Value);
        Assert.Equal(100, customers, 9);
        double[] want = [.. cdnow.Rfm.SegmentCounts.Where(c => c > 0).OrderByDescending(c => c).Select(c => 100.0 * c / cdnow.Rfm.Count)];
        double[] got = [.. bars.Single(b => b.LegendText == "customers").Bars.OrderByDescending(b => b.Position).Select(b => b.Value)];
        Assert.Equal(want.Length, got.Length);
        for (int i = 0; i < want.Length; i++)
        {
            Assert.Equal(want[i], got[i], 9);
        }
    }

    [Fact]
    public void Probability_alive_heatmap_draws_the_grid_means_with_a_zero_to_one_colour_scale_and_six_ticks()
    {
        using Chart chart = CustomerCharts.ProbabilityAlive(cdnow.Calibration.Frequency, cdnow.Calibration.Recency, cdnow.PAlive, TimeUnit.Week);
        Heatmap heatmap = Assert.Single(chart.Plot.GetPlottables().OfType<Heatmap>());
        Assert.Equal(new ScottPlot.Range(0, 1), heatmap.ManualRange);

        // Hand check of one cell: customers with x = 1, all recencies of the first column.
        double width = cdnow.Calibration.Recency.ToArray().Max() / 20;
        var cell = Enumerable.Range(0, cdnow.Calibration.Count)
            .Where(i => cdnow.Calibration.Frequency[i] == 1 && cdnow.Calibration.Recency[i] < width)
            .Select(i => cdnow.PAlive[i]).ToArray();
        Assert.NotEmpty(cell);
        Assert.Equal(cell.Average(), heatmap.Intensities[1, 0], 12);
        Assert.Equal(new AxisLimits(0, 20 * width, -0.5, 15.5), Limits(chart));

        var bar = Assert.Single(chart.Plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>());
        PngImage.AssertSize(chart.ToPng(600, 400), 600, 400);   // ticks are generated when drawn
        var ticks = bar.Axis.TickGenerator.Ticks;
        Assert.Equal(["0%", "20%", "40%", "60%", "80%", "100%"], ticks.Select(t => t.Label));
        Assert.Equal(chart.Plot.Axes.Bottom.Label.FontName, bar.LabelStyle.FontName);
    }

    [Fact]
    public void Calibration_chart_draws_the_group_means()
    {
        using Chart chart = CustomerCharts.CalibrationVsHoldout(cdnow.Calibration.Frequency, cdnow.PredictedHoldout, cdnow.ActualHoldout);
        Scatter actual = chart.Plot.GetPlottables().OfType<Scatter>().Single(s => s.LegendText == "actual");
        var zero = Enumerable.Range(0, cdnow.Calibration.Count).Where(i => cdnow.Calibration.Frequency[i] == 0).ToArray();
        var first = actual.Data.GetScatterPoints()[0];
        Assert.Equal(0, first.X);
        Assert.Equal(zero.Average(i => cdnow.ActualHoldout[i]), first.Y, 12);
        Assert.Equal(-0.3, Limits(chart).Left);
        Assert.Equal(7.3, Limits(chart).Right, 12);
    }

    [Fact]
    public void Value_distribution_bins_by_hand_up_to_the_99th_percentile_and_marks_mean_and_median()
    {
        var rng = new Random(7);
        double[] values = [.. Enumerable.Range(0, 1000).Select(_ => Math.Exp(3 * rng.NextDouble()))];
        using Chart chart = CustomerCharts.ValueDistribution(values, "CLV", bins: 10);
        double[] sorted = [.. values.Order()];
        double cap = sorted[(int)Math.Ceiling(0.99 * 999)];
        BarPlot bars = Assert.Single(chart.Plot.GetPlottables().OfType<BarPlot>());
        Bar[] b = [.. bars.Bars];
        Assert.Equal(10, b.Length);
        for (int i = 0; i < 10; i++)
        {
            double lo = cap * i / 10, hi = cap * (i + 1) / 10;
            int want = values.Count(v => v >= lo && (v < hi || (i == 9 && v <= cap)));
            Assert.Equal(want, b[i].Value);
            Assert.Equal((lo + hi) / 2, b[i].Position, 9);
        }

        Assert.Equal(values.Count(v => v > cap), 1000 - (int)b.Sum(x => x.Value));
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{values.Count(v => v > cap)} above"), chart.Title, StringComparison.Ordinal);
        VerticalLine[] lines = [.. chart.Plot.GetPlottables().OfType<VerticalLine>()];
        Assert.Equal(values.Average(), lines.Single(l => l.LegendText.StartsWith("mean", StringComparison.Ordinal)).X, 9);
        Assert.Equal((sorted[499] + sorted[500]) / 2, lines.Single(l => l.LegendText.StartsWith("median", StringComparison.Ordinal)).X, 12);
        Assert.Equal(0, Limits(chart).Left);
        Assert.Equal(cap, Limits(chart).Right, 12);
    }

    [Fact]
    public void Expected_purchases_matrix_cells_are_the_bgnbd_closed_form()
    {
        using Chart chart = CustomerCharts.ExpectedPurchasesMatrix(Published, age: 39, horizon: 39, maxFrequency: 10, recencyBins: 13);
        Heatmap heatmap = Assert.Single(chart.Plot.GetPlottables().OfType<Heatmap>());
        double[,] cells = heatmap.Intensities;
        Assert.Equal(11, cells.GetLength(0));
        Assert.Equal(13, cells.GetLength(1));
        for (int x = 0; x <= 10; x++)
        {
            for (int k = 0; k < 13; k++)
            {
                double tx = x == 0 ? 0 : 39 * (k + 0.5) / 13;
                Assert.Equal(BgNbdReference.ExpectedPurchases(39, x, tx, 39), cells[x, k], 9);
            }
        }

        Assert.Equal(new AxisLimits(0, 39, -0.5, 10.5), Limits(chart));
    }

    [Fact]
    public void Probability_alive_history_follows_the_customer_history_through_the_bgnbd_closed_form()
    {
        // Purchases on days 0, 14 (twice: one purchase day) and 35; the chart runs to day 70 (10 weeks).
        DateTime first = new(1997, 1, 1);
        DateTime[] purchases = [first, first.AddDays(14), first.AddDays(14).AddHours(3), first.AddDays(35)];
        using Chart chart = CustomerCharts.ProbabilityAliveHistory(Published, purchases, DateOnly.FromDateTime(first.AddDays(70)), "c1");
        Scatter line = Assert.Single(chart.Plot.GetPlottables().OfType<Scatter>());
        var points = line.Data.GetScatterPoints();
        Assert.Equal(0, points[0].X);
        Assert.Equal(10, points[^1].X, 12);
        foreach (var p in points)
        {
            double t = p.X;
            (double x, double tx) = t >= 5 ? (2.0, 5.0) : t >= 2 ? (1.0, 2.0) : (0.0, 0.0);
            Assert.Equal(BgNbdReference.ProbabilityAlive(x, tx, t), p.Y, 9);
        }

        Assert.Equal([2.0, 5.0], chart.Plot.GetPlottables().OfType<VerticalLine>().Select(l => l.X));
        Assert.Equal(new AxisLimits(0, 10, 0, 1.05), Limits(chart));
        Assert.Contains("3 purchase days", chart.Title, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CustomerCharts.ProbabilityAliveHistory(Published, purchases, new DateOnly(1997, 1, 20), "c1"));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(0.5)]
    public void Png_scale_multiplies_the_pixels_and_is_checked(double scale)
    {
        using Chart chart = CustomerCharts.LorenzCurve(cdnow.Concentration);
        PngImage.AssertSize(chart.ToPng(400, 300, scale), (int)(400 * scale), (int)(300 * scale));
        Assert.Throws<ArgumentOutOfRangeException>(() => chart.ToPng(400, 300, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => chart.ToPng(400, 300, double.NaN));
    }
}
