using System.Globalization;
using System.Text;

namespace CustomerScoring.Rfm;

/// <summary>
/// Per-customer recency, frequency and monetary scores (1..k, k best), the segment of each customer and the segment counts,
/// with the combined scores derived from them. Customers are addressed by row: the position in the scored columns, which is
/// the summary row when scored from <see cref="Summaries.CustomerSummaries"/> (the key of row <c>r</c> is then
/// <c>customers.KeyOf(summaries.CustomerIndex[r])</c>; a row is not a customer index). Immutable and owned by the garbage collector like any other object (nothing to dispose).
/// </summary>
public sealed class RfmResult
{
    // One buffer of 4 n bytes: R scores, F scores, M scores, segment indices.
    private readonly byte[] _buffer;
    private readonly int _count;
    private readonly int[] _counts;
    private int[]? _recencyCounts;
    private int[]? _frequencyCounts;
    private int[]? _monetaryCounts;

    internal RfmResult(RfmScorer scorer, byte[] buffer, int count, int[] counts)
    {
        Scorer = scorer;
        _buffer = buffer;
        _count = count;
        _counts = counts;
    }

    private ReadOnlySpan<byte> Column(int index) => _buffer.AsSpan(index * _count, _count);

    private ReadOnlySpan<byte> R => Column(0);

    private ReadOnlySpan<byte> F => Column(1);

    private ReadOnlySpan<byte> M => Column(2);

    /// <summary>The scorer (binnings and segment map) that produced this result.</summary>
    public RfmScorer Scorer { get; }

    /// <summary>Number of customers.</summary>
    public int Count => _count;

    /// <summary>Recency score of each customer.</summary>
    public ReadOnlySpan<byte> RecencyScores => R;

    /// <summary>Frequency score of each customer.</summary>
    public ReadOnlySpan<byte> FrequencyScores => F;

    /// <summary>Monetary score of each customer.</summary>
    public ReadOnlySpan<byte> MonetaryScores => M;

    /// <summary>Segment index of each customer: a rule index of <see cref="SegmentMap.Rules"/>, or <see cref="SegmentMap.OthersIndex"/>.</summary>
    public ReadOnlySpan<byte> SegmentIndices => Column(3);

    /// <summary>Number of customers in each segment, indexed like <see cref="SegmentIndices"/>; the last entry counts Others.</summary>
    public IReadOnlyList<int> SegmentCounts => _counts;

    /// <summary>Number of customers no rule matched.</summary>
    public int OthersCount => _counts[^1];

    /// <summary>The segment name of a customer.</summary>
    /// <param name="row">The customer's row (the position in the scored columns; the summary row when scored from summaries).</param>
    /// <returns>The segment's name.</returns>
    public string SegmentOf(int row) => Scorer.Segments.SegmentName(SegmentIndices[row]);

    /// <summary>
    /// The cell code R x 100 + F x 10 + M, e.g. 545. Defined only when every dimension has at most 9 bins (a score of 10 is not one digit).
    /// </summary>
    /// <param name="row">The customer's row (the position in the scored columns; the summary row when scored from summaries).</param>
    /// <returns>The three-digit code.</returns>
    /// <exception cref="InvalidOperationException">A dimension has 10 bins; use <see cref="CellLabel"/>.</exception>
    public int CellCode(int row)
    {
        if (HasTenBins)
        {
            throw new InvalidOperationException("Cell codes need at most 9 bins per dimension; use CellLabel, which separates 10-bin scores with dashes.");
        }

        return (R[row] * 100) + (F[row] * 10) + M[row];
    }

    /// <summary>The cell as text: "545", or "10-4-5" when a dimension has 10 bins.</summary>
    /// <param name="row">The customer's row (the position in the scored columns; the summary row when scored from summaries).</param>
    /// <returns>The label.</returns>
    public string CellLabel(int row) => HasTenBins
        ? string.Create(CultureInfo.InvariantCulture, $"{R[row]}-{F[row]}-{M[row]}")
        : string.Create(CultureInfo.InvariantCulture, $"{R[row]}{F[row]}{M[row]}");

    /// <summary>R + F + M.</summary>
    /// <param name="row">The customer's row (the position in the scored columns; the summary row when scored from summaries).</param>
    /// <returns>The sum of the three scores.</returns>
    public int Sum(int row) => R[row] + F[row] + M[row];

    /// <summary>The weighted mean (wR R + wF F + wM M) / (wR + wF + wM); see <see cref="RfmWeights"/>.</summary>
    /// <param name="row">The customer's row (the position in the scored columns; the summary row when scored from summaries).</param>
    /// <param name="weights">Non-negative finite weights with a positive sum.</param>
    /// <returns>The weighted score, on the 1..k scale.</returns>
    public double WeightedScore(int row, RfmWeights weights)
    {
        double total = weights.Total(nameof(weights));
        return ((weights.Recency * R[row]) + (weights.Frequency * F[row]) + (weights.Monetary * M[row])) / total;
    }

    /// <summary>Writes <see cref="WeightedScore"/> of every customer to <paramref name="destination"/>.</summary>
    /// <param name="weights">Non-negative finite weights with a positive sum.</param>
    /// <param name="destination">One entry per customer.</param>
    public void CopyWeightedScores(RfmWeights weights, Span<double> destination)
    {
        if (destination.Length != Count)
        {
            throw new ArgumentException($"'destination' has {destination.Length} entries but there are {Count} customers.", nameof(destination));
        }

        double total = weights.Total(nameof(weights));
        double wr = weights.Recency / total;
        double wf = weights.Frequency / total;
        double wm = weights.Monetary / total;
        ReadOnlySpan<byte> r = R, f = F, m = M;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (wr * r[i]) + (wf * f[i]) + (wm * m[i]);
        }
    }

    /// <summary>The FM average (F + M) / 2.</summary>
    /// <param name="row">The customer's row (the position in the scored columns; the summary row when scored from summaries).</param>
    /// <returns>The mean of the frequency and monetary scores.</returns>
    public double FmAverage(int row) => (F[row] + M[row]) / 2.0;

    /// <summary>The binnings and the customer count of each segment, largest first in the map's order.</summary>
    /// <returns>A readable summary.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"RFM scores for {Count:N0} customers (R {Scorer.Recency}, F {Scorer.Frequency}, M {Scorer.Monetary})");
        SegmentMap map = Scorer.Segments;
        for (int i = 0; i < _counts.Length; i++)
        {
            double share = Count == 0 ? 0 : 100.0 * _counts[i] / Count;
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  {map.SegmentName(i),-20} {_counts[i],10:N0} {share,6:F1}%");
        }

        return sb.ToString();
    }

    /// <summary>
    /// Number of customers with each recency score: entry s - 1 counts score s (length k). With ties shared (the default) or value
    /// bins, groups can be uneven or empty; with <see cref="BinningMethod.Ntile"/> their sizes differ by at most one.
    /// </summary>
    public IReadOnlyList<int> RecencyScoreCounts => _recencyCounts ??= CountScores(R, Scorer.Recency.Bins);

    /// <summary>Number of customers with each frequency score: entry s - 1 counts score s (length k).</summary>
    public IReadOnlyList<int> FrequencyScoreCounts => _frequencyCounts ??= CountScores(F, Scorer.Frequency.Bins);

    /// <summary>Number of customers with each monetary score: entry s - 1 counts score s (length k).</summary>
    public IReadOnlyList<int> MonetaryScoreCounts => _monetaryCounts ??= CountScores(M, Scorer.Monetary.Bins);

    private static int[] CountScores(ReadOnlySpan<byte> scores, int bins)
    {
        int[] counts = new int[bins];
        foreach (byte score in scores)
        {
            counts[score - 1]++;
        }

        return counts;
    }

    private bool HasTenBins =>
        Scorer.Recency.Bins > 9 || Scorer.Frequency.Bins > 9 || Scorer.Monetary.Bins > 9;
}
