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

    private static readonly Lazy<string> SansFamily = new(FindSansFamily);

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickSize;
        plot.Legend.FontSize = TickSize;

        // Room for the last bottom tick label ("100%") to the right of the data area.
        plot.Axes.Right.MinimumSize = 30;
        return plot;
    }

    /// <summary>Sets one sans-serif font on every label and text of the finished plot and wraps it.</summary>
    public static Chart Finish(Plot plot, string title)
    {
        plot.Font.Set(SansFamily.Value);
        return new Chart(plot, title);
    }

    /// <summary>A text annotation in the chart's sans-serif font (regular weight: a bold variant may be missing and fall back to serif).</summary>
    public static ScottPlot.Plottables.Text Annotate(Plot plot, string label, double x, double y, Color color, Alignment alignment = Alignment.MiddleCenter)
    {
        var text = plot.Add.Text(label, x, y);
        text.Alignment = alignment;
        text.LabelFontSize = AnnotationSize;
        text.LabelFontColor = color;
        text.LabelFontName = SansFamily.Value;
        text.LabelBold = false;
        return text;
    }

    /// <summary>
    /// A colour bar beside the data area in the chart's font, with few ticks (at most about six: <paramref name="ticks"/>, or
    /// ScottPlot's automatic ones thinned) and its title clear of the tick labels.
    /// </summary>
    public static ScottPlot.Panels.ColorBar ColorBar(Plot plot, IHasColorAxis source, string label, ITickGenerator? ticks = null)
    {
        var bar = plot.Add.ColorBar(source);
        bar.Label = label;
        bar.LabelStyle.FontSize = LabelSize;
        bar.LabelStyle.FontName = SansFamily.Value;
        bar.LabelStyle.Padding = 12;
        bar.Axis.TickLabelStyle.FontSize = TickSize;
        bar.Axis.TickLabelStyle.FontName = SansFamily.Value;
        bar.Axis.MinorTickStyle.Length = 0;
        bar.Axis.TickGenerator = ticks ?? new ScottPlot.TickGenerators.NumericAutomatic { TargetTickCount = 5, MinorTickGenerator = new ScottPlot.TickGenerators.EvenlySpacedMinorTickGenerator(1) };
        return bar;
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

    /// <summary>
    /// The first installed family of a few common sans-serif fonts. ScottPlot's <see cref="Fonts.Sans"/> falls back to the system
    /// default, which is a serif font on a bare Linux machine with only DejaVu installed.
    /// </summary>
    private static string FindSansFamily()
    {
        foreach (string family in new[] { "Segoe UI", "Helvetica", "Arial", "DejaVu Sans", "Liberation Sans", "Noto Sans" })
        {
            if (string.Equals(Fonts.GetTypeface(family, bold: false, italic: false)?.FamilyName, family, StringComparison.OrdinalIgnoreCase))
            {
                return family;
            }
        }

        return Fonts.Sans;
    }
}
