using System.Globalization;
using ScottPlot;

namespace CustomerScoring.Charts;

/// <summary>The shared look: a sans-serif font at sizes that stay readable in a 900 x 600 image, and percent formatting.</summary>
internal static class ChartStyle
{
    public const float TitleSize = 20;
    public const float LabelSize = 16;
    public const float TickSize = 14;
    public const float AnnotationSize = 14;

    public static Color Primary => new(31, 119, 180);

    public static Color Secondary => new(255, 127, 14);

    public static Color Guide => new(128, 128, 128);

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(Fonts.Sans);
        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickSize;
        plot.Legend.FontSize = TickSize;
        return plot;
    }

    /// <summary>"61.2%".</summary>
    public static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{100 * share:F1}%");

    /// <summary>"1,234".</summary>
    public static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Ticks at the given positions with the given labels.</summary>
    public static ScottPlot.TickGenerators.NumericManual Ticks(IEnumerable<(double Position, string Label)> ticks)
    {
        var generator = new ScottPlot.TickGenerators.NumericManual();
        foreach ((double position, string label) in ticks)
        {
            generator.AddMajor(position, label);
        }

        return generator;
    }

    /// <summary>0%, 20%, ..., 100% on a 0..1 axis.</summary>
    public static ScottPlot.TickGenerators.NumericManual PercentTicks() =>
        Ticks(Enumerable.Range(0, 6).Select(i => (i / 5.0, string.Create(CultureInfo.InvariantCulture, $"{20 * i}%"))));
}
