namespace CustomerScoring.Charts;

/// <summary>
/// Equal-width bins from the smallest value (or 0 when all are positive) up to a cap (the 99th percentile by default), and the
/// count of values above the cap, so a long right tail does not squeeze the bulk into one bar.
/// </summary>
internal sealed class ValueHistogram
{
    private ValueHistogram(double[] edges, int[] counts, int above, double cap, double max, double mean, double median)
    {
        Edges = edges;
        Counts = counts;
        Above = above;
        Cap = cap;
        Max = max;
        Mean = mean;
        Median = median;
    }

    /// <summary>Bin edges, one more than <see cref="Counts"/>; bin i holds values in [Edges[i], Edges[i + 1]) (the last bin is closed).</summary>
    public double[] Edges { get; }

    /// <summary>Values per bin.</summary>
    public int[] Counts { get; }

    /// <summary>Values above <see cref="Cap"/>.</summary>
    public int Above { get; }

    /// <summary>The upper end of the last bin.</summary>
    public double Cap { get; }

    /// <summary>The largest value.</summary>
    public double Max { get; }

    /// <summary>The mean of all values.</summary>
    public double Mean { get; }

    /// <summary>The median of all values.</summary>
    public double Median { get; }

    public static ValueHistogram From(ReadOnlySpan<double> values, int bins, double capQuantile, string name)
    {
        ChartInput.CheckNotEmpty(values.Length, name);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bins, 500);
        if (!(capQuantile > 0.5 && capQuantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(capQuantile), capQuantile, "The cap quantile must be above 0.5 and at most 1 (0.99 caps the bins at the 99th percentile).");
        }

        ChartInput.CheckRange(values, double.MinValue, double.MaxValue, name);
        double[] sorted = values.ToArray();
        Array.Sort(sorted);
        double low = Math.Min(0, sorted[0]);
        double cap = sorted[(int)Math.Ceiling(capQuantile * (sorted.Length - 1))];
        if (cap <= low)
        {
            cap = sorted[^1] > low ? sorted[^1] : low + 1;
        }

        double width = (cap - low) / bins;
        double[] edges = [.. Enumerable.Range(0, bins + 1).Select(i => i == bins ? cap : low + i * width)];
        var counts = new int[bins];
        int above = 0;
        double sum = 0;
        foreach (double v in sorted)
        {
            sum += v;
            if (v > cap)
            {
                above++;
                continue;
            }

            counts[Math.Min(bins - 1, (int)Math.Floor((v - low) / width))]++;
        }

        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        return new ValueHistogram(edges, counts, above, cap, sorted[^1], sum / n, median);
    }
}
