using Xunit;
using CustomerScoring.Charts;
using CustomerScoring.Summaries;

namespace CustomerScoring.Tests.Charts;

/// <summary>Every chart renders on the CDNOW sample to a PNG of the requested size and to SVG; the gallery is kept for viewing.</summary>
public class ChartRenderingTests(CdnowFixture cdnow) : IClassFixture<CdnowFixture>
{
    public static TheoryData<string> ChartNames => ["lorenz", "segments", "rf-heatmap", "p-alive", "calibration-holdout", "expected-purchases", "value-distribution"];

    private static string GalleryFolder => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "chart-gallery")).FullName;

    private Chart Make(string name) => name switch
    {
        "lorenz" => CustomerCharts.LorenzCurve(cdnow.Concentration),
        "segments" => CustomerCharts.RfmSegments(cdnow.Rfm, cdnow.Summaries),
        "rf-heatmap" => CustomerCharts.RecencyFrequencyHeatmap(cdnow.Rfm),
        "p-alive" => CustomerCharts.ProbabilityAlive(cdnow.Calibration.Frequency, cdnow.Calibration.Recency, cdnow.PAlive, TimeUnit.Week),
        "calibration-holdout" => CustomerCharts.CalibrationVsHoldout(cdnow.Calibration.Frequency, cdnow.PredictedHoldout, cdnow.ActualHoldout),
        "expected-purchases" => CustomerCharts.ExpectedPurchasesMatrix(new global::CustomerScoring.Clv.BgNbdModel(0.243, 4.414, 0.793, 2.426, TimeUnit.Week), 39, 39),
        "value-distribution" => CustomerCharts.ValueDistribution(cdnow.PredictedHoldout, "expected holdout purchases"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(ChartNames))]
    public void Chart_saves_a_png_of_the_requested_size(string name)
    {
        using Chart chart = Make(name);
        string path = Path.Combine(GalleryFolder, name + ".png");
        File.Delete(path);

        string written = chart.SavePng(path, 1000, 650);

        Assert.Equal(Path.GetFullPath(path), written);
        byte[] png = File.ReadAllBytes(path);
        PngImage.AssertSize(png, 1000, 650);
        Assert.True(png.Length > 10_000, $"{name}: a chart with axes, text and data compresses to more than 10 kB; got {png.Length} bytes.");
    }

    [Theory]
    [MemberData(nameof(ChartNames))]
    public void Chart_renders_png_bytes_at_another_size(string name)
    {
        using Chart chart = Make(name);
        PngImage.AssertSize(chart.ToPng(640, 480), 640, 480);
    }

    [Theory]
    [MemberData(nameof(ChartNames))]
    public void Chart_saves_an_svg_with_its_size_and_title(string name)
    {
        using Chart chart = Make(name);
        string path = Path.Combine(GalleryFolder, name + ".svg");
        File.Delete(path);

        chart.SaveSvg(path, 800, 500);

        string svg = File.ReadAllText(path);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("width=\"800\"", svg, StringComparison.Ordinal);
        Assert.Contains("height=\"500\"", svg, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(chart.Title.Split(' ')[0]), svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_rejects_a_size_too_small_to_read()
    {
        using Chart chart = Make("lorenz");
        Assert.Throws<ArgumentOutOfRangeException>(() => chart.ToPng(50, 400));
        Assert.Throws<ArgumentOutOfRangeException>(() => chart.ToSvg(400, 0));
    }

    [Fact]
    public void Chart_titles_state_what_is_drawn_with_the_customer_count()
    {
        using Chart lorenz = Make("lorenz");
        using Chart segments = Make("segments");
        using Chart heatmap = Make("rf-heatmap");
        Assert.StartsWith("Concentration of revenue: Lorenz curve (Gini 0.", lorenz.Title, StringComparison.Ordinal);
        Assert.Contains("2,357 customers", segments.Title, StringComparison.Ordinal);
        Assert.Contains("2,357 customers", heatmap.Title, StringComparison.Ordinal);
        Assert.Equal("Chart: " + lorenz.Title, lorenz.ToString());
    }
}
