using System.Globalization;
using ScottPlot;

namespace CustomerScoring.Charts;

/// <summary>
/// A finished chart, ready to save as PNG or SVG. Made by <see cref="CustomerCharts"/>; rendering needs no display (it runs
/// headless on Linux, macOS and Windows). Not thread-safe: render one chart from one thread at a time.
/// </summary>
public sealed class Chart : IDisposable
{
    /// <summary>Default image width in pixels.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 600;

    internal Chart(Plot plot, string title)
    {
        Plot = plot;
        Title = title;
    }

    /// <summary>The chart's title.</summary>
    public string Title { get; }

    /// <summary>The underlying ScottPlot 5 plot, for changes beyond the defaults (colours, limits, extra annotations).</summary>
    public Plot Plot { get; }

    /// <summary>Renders the chart as a PNG file.</summary>
    /// <param name="path">The file to write (overwritten); its folder must exist.</param>
    /// <param name="width">Width in pixels at scale 1, at least 100.</param>
    /// <param name="height">Height in pixels at scale 1, at least 100.</param>
    /// <param name="scale">
    /// Pixel density, 0.5 to 8: the image is <paramref name="width"/> x <paramref name="height"/> times the scale in pixels with
    /// the same layout, text and lines drawn that much finer (2 for a high-DPI screen or print: 192 instead of 96 dpi).
    /// </param>
    /// <returns>The full path of the file written.</returns>
    public string SavePng(string path, int width = DefaultWidth, int height = DefaultHeight, double scale = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, ToPng(width, height, scale));
        return Path.GetFullPath(path);
    }

    /// <summary>Renders the chart as an SVG file.</summary>
    /// <param name="path">The file to write (overwritten); its folder must exist.</param>
    /// <param name="width">Width in pixels, at least 100.</param>
    /// <param name="height">Height in pixels, at least 100.</param>
    /// <returns>The full path of the file written.</returns>
    public string SaveSvg(string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckSize(width, height);
        Plot.SaveSvg(path, width, height);
        return Path.GetFullPath(path);
    }

    /// <summary>Renders the chart as PNG bytes, e.g. to embed in a report.</summary>
    /// <param name="width">Width in pixels at scale 1, at least 100.</param>
    /// <param name="height">Height in pixels at scale 1, at least 100.</param>
    /// <param name="scale">Pixel density, 0.5 to 8 (see <see cref="SavePng"/>).</param>
    /// <returns>The PNG file's bytes.</returns>
    public byte[] ToPng(int width = DefaultWidth, int height = DefaultHeight, double scale = 1)
    {
        CheckSize(width, height);
        if (!(scale >= MinScale && scale <= MaxScale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, string.Create(CultureInfo.InvariantCulture, $"The scale must be from {MinScale} to {MaxScale} (2 for 192 dpi)."));
        }

        double previous = Plot.ScaleFactor;
        Plot.ScaleFactor = scale;
        try
        {
            return Plot.GetImageBytes(PixelsAt(width, scale), PixelsAt(height, scale), ImageFormat.Png);
        }
        finally
        {
            Plot.ScaleFactor = previous;
        }
    }

    /// <summary>The smallest pixel density of <see cref="ToPng"/> and <see cref="SavePng"/>.</summary>
    public const double MinScale = 0.5;

    /// <summary>The largest pixel density of <see cref="ToPng"/> and <see cref="SavePng"/>.</summary>
    public const double MaxScale = 8;

    /// <summary>Pixels of a side of <paramref name="size"/> at <paramref name="scale"/>.</summary>
    internal static int PixelsAt(int size, double scale) => (int)Math.Round(size * scale, MidpointRounding.AwayFromZero);

    /// <summary>Renders the chart as SVG markup.</summary>
    /// <param name="width">Width in pixels, at least 100.</param>
    /// <param name="height">Height in pixels, at least 100.</param>
    /// <returns>The SVG document.</returns>
    public string ToSvg(int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckSize(width, height);
        return Plot.GetSvgXml(width, height);
    }

    /// <summary>"Chart: title".</summary>
    /// <returns>The title as text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Chart: {Title}");

    /// <summary>Releases the plot's rendering resources.</summary>
    public void Dispose() => Plot.Dispose();

    private static void CheckSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);
    }
}
