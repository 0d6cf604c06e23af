using CustomerScoring.Rfm;

namespace CustomerScoring.Charts;

/// <summary>Customer counts per (frequency score, recency score) cell: <c>Counts[f - 1, r - 1]</c>.</summary>
internal sealed class RecencyFrequencyCounts
{
    private RecencyFrequencyCounts(int[,] counts) => Counts = counts;

    /// <summary>Counts indexed [frequency score - 1, recency score - 1].</summary>
    public int[,] Counts { get; }

    /// <summary>Number of recency scores (columns).</summary>
    public int RecencyBins => Counts.GetLength(1);

    /// <summary>Number of frequency scores (rows).</summary>
    public int FrequencyBins => Counts.GetLength(0);

    public static RecencyFrequencyCounts From(RfmResult rfm)
    {
        ArgumentNullException.ThrowIfNull(rfm);
        var counts = new int[rfm.Scorer.Frequency.Bins, rfm.Scorer.Recency.Bins];
        ReadOnlySpan<byte> r = rfm.RecencyScores;
        ReadOnlySpan<byte> f = rfm.FrequencyScores;
        for (int i = 0; i < r.Length; i++)
        {
            counts[f[i] - 1, r[i] - 1]++;
        }

        return new RecencyFrequencyCounts(counts);
    }
}
