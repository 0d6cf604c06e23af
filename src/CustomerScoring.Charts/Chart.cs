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
    /// <param name="width">Width in pixels, at least 100.</param>
    /// <param name="height">Height in pixels, at least 100.</param>
    /// <returns>The full path of the file written.</returns>
    public string SavePng(string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckSize(width, height);
        Plot.SavePng(path, width, height);
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
    /// <param name="width">Width in pixels, at least 100.</param>
    /// <param name="height">Height in pixels, at least 100.</param>
    /// <returns>The PNG file's bytes.</returns>
    public byte[] ToPng(int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckSize(width, height);
        return Plot.GetImageBytes(width, height, ImageFormat.Png);
    }

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
