using CustomerScoring.Rfm;

namespace CustomerScoring.Charts;

/// <summary>One RFM segment's size and value: customers and their share, value and its share of the total.</summary>
internal sealed record SegmentShare(string Name, int SegmentIndex, int Customers, double CustomerShare, double Value, double ValueShare)
{
    /// <summary>
    /// The non-empty segments, most customers first (ties in segment-map order). <paramref name="values"/> holds one value per
    /// scored customer, in the order <paramref name="rfm"/> scored them (summary rows for scores made from summaries).
    /// </summary>
    public static SegmentShare[] From(RfmResult rfm, ReadOnlySpan<double> values, string valuesName)
    {
        ArgumentNullException.ThrowIfNull(rfm);
        ChartInput.CheckSameLength(rfm.Count, "rfm", values.Length, valuesName);
        ChartInput.CheckNotEmpty(rfm.Count, nameof(rfm));
        int segments = rfm.SegmentCounts.Count;
        var totals = new double[segments];
        ReadOnlySpan<byte> segmentOf = rfm.SegmentIndices;
        double total = 0;
        for (int i = 0; i < values.Length; i++)
        {
            totals[segmentOf[i]] += values[i];
            total += values[i];
        }

        SegmentMap map = rfm.Scorer.Segments;
        return Enumerable.Range(0, segments)
            .Where(s => rfm.SegmentCounts[s] > 0)
            .OrderByDescending(s => rfm.SegmentCounts[s])
            .ThenBy(s => s)
            .Select(s => new SegmentShare(
                map.SegmentName(s),
                s,
                rfm.SegmentCounts[s],
                (double)rfm.SegmentCounts[s] / rfm.Count,
                totals[s],
                total == 0 ? 0 : totals[s] / total))
            .ToArray();
    }
}
