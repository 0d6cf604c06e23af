using System.Buffers;
using System.Globalization;
using CustomerScoring.Numerics.Sorting;
using CustomerScoring.Numerics;

namespace CustomerScoring.Rfm;

/// <summary>
/// How one dimension (recency, frequency or monetary value) is turned into scores 1..k, k being the best score:
/// the binning method, the number of bins k (2 to 10) and the direction (which end of the values is best).
/// Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// <para>All methods read the values in "worst to best" order: ascending values for
/// <see cref="ScoreDirection.HigherIsBetter"/>, descending values for <see cref="ScoreDirection.LowerIsBetter"/>.
/// Negative values (refund-heavy customers) are ordinary numbers; NaN and infinities are rejected.</para>
/// <para>Worked examples below use seven customers with values 10, 20, 30, 30, 40, 50, 60 (customer indices 0..6,
/// the two 30s being customers 2 and 3) and k = 3, higher is better.</para>
/// <list type="bullet">
/// <item><description><see cref="BinningMethod.Ntile"/>: groups of 3, 2, 2 (7 mod 3 = 1 extra row in the first group):
/// scores 1, 1, 1, 2, 2, 3, 3. The tied customers 2 and 3 are split: customer 2 (smaller tie-break rank) scores 1,
/// customer 3 scores 2.</description></item>
/// <item><description><see cref="BinningMethod.NtileTiesShared"/>: the tie group {2, 3} starts in bin 1, so both
/// score 1; the 40 at rank position 5 falls in bin 2: scores 1, 1, 1, 1, 2, 3, 3.</description></item>
/// <item><description><see cref="BinningMethod.QuantileBreaks"/>: cut points at the 1/3 and 2/3 quantiles, type 7:
/// h = 6 x 1/3 = 2 gives 30, h = 6 x 2/3 = 4 gives 40; bins (-inf, 30], (30, 40], (40, +inf): scores 1, 1, 1, 1, 2, 3, 3.</description></item>
/// <item><description><see cref="BinningMethod.FixedThresholds"/> with thresholds 25, 45: bins (-inf, 25], (25, 45],
/// (45, +inf): scores 1, 1, 2, 2, 2, 3, 3.</description></item>
/// <item><description>Recency (lower is better), days since last purchase 5, 40, 200 with <see cref="BinningMethod.Ntile"/>
/// and k = 3: scores 3, 2, 1.</description></item>
/// </list>
/// </remarks>
public sealed class DimensionBinning
{
    /// <summary>Smallest number of bins.</summary>
    public const int MinBins = 2;

    /// <summary>Largest number of bins.</summary>
    public const int MaxBins = 10;

    /// <summary>The default number of bins (quintiles).</summary>
    public const int DefaultBins = 5;

    private readonly double[] _thresholds;

    private DimensionBinning(BinningMethod method, int bins, ScoreDirection direction, double[] thresholds)
    {
        if (bins is < MinBins or > MaxBins)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, $"The number of bins must be between {MinBins} and {MaxBins}.");
        }

        if (direction is not (ScoreDirection.HigherIsBetter or ScoreDirection.LowerIsBetter))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown score direction.");
        }

        Method = method;
        Bins = bins;
        Direction = direction;
        _thresholds = thresholds;
    }

    /// <summary>The binning method.</summary>
    public BinningMethod Method { get; }

    /// <summary>The number of bins k; scores run from 1 to k, k being the best.</summary>
    public int Bins { get; }

    /// <summary>Which end of the values earns score k.</summary>
    public ScoreDirection Direction { get; }

    /// <summary>The ascending cut points of <see cref="BinningMethod.FixedThresholds"/> (k - 1 of them); empty for the other methods.</summary>
    public IReadOnlyList<double> Thresholds => _thresholds;

    /// <summary>
    /// SQL <c>NTILE(k) OVER (ORDER BY value [DESC for lower is better], tieBreakRank)</c>: customers are ranked worst to best
    /// and split into k groups whose sizes differ by at most one, the first n mod k groups (the lowest scores) taking
    /// one extra customer (n = 7, k = 3 gives sizes 3, 2, 2). Among equal values, the customer with the smaller tie-break
    /// rank comes first and so never gets a higher score than a tied customer with a larger rank.
    /// </summary>
    /// <param name="bins">Number of bins, 2 to 10.</param>
    /// <param name="direction">Which end of the values is best.</param>
    /// <returns>The binning.</returns>
    public static DimensionBinning Ntile(int bins = DefaultBins, ScoreDirection direction = ScoreDirection.HigherIsBetter) =>
        new(BinningMethod.Ntile, bins, direction, []);

    /// <summary>
    /// As <see cref="Ntile"/>, but equal values always share a score: a tie group takes the score of the bin in which its first
    /// customer (in worst-to-best order) falls, and later bins start after the group. Bins can therefore be uneven or empty;
    /// with values 1, 1, 1, 1, 2, 3 and k = 3 (bins of 2 positions each) the four 1s start in bin 1 and all score 1, the 2 at
    /// position 4 falls in bin 3 and scores 3, the 3 scores 3: scores 1, 1, 1, 1, 3, 3, and score 2 is empty.
    /// </summary>
    /// <param name="bins">Number of bins, 2 to 10.</param>
    /// <param name="direction">Which end of the values is best.</param>
    /// <returns>The binning.</returns>
    public static DimensionBinning NtileTiesShared(int bins = DefaultBins, ScoreDirection direction = ScoreDirection.HigherIsBetter) =>
        new(BinningMethod.NtileTiesShared, bins, direction, []);

    /// <summary>
    /// Value cut points c_1..c_(k-1) at the j/k quantiles with type 7 interpolation (R's <c>quantile</c> default, NumPy's default):
    /// with ascending values x_0..x_(n-1), h = (n - 1) j / k, c_j = x_floor(h) + (h - floor(h)) (x_(floor(h)+1) - x_floor(h)).
    /// Bins are closed on the right, as R's <c>cut</c>: a value equal to a cut point belongs to the bin below it in value,
    /// i.e. the value's bin is 1 + (number of cut points strictly below the value), counted from the lowest values.
    /// For higher-is-better that bin is the score; for lower-is-better the score is k + 1 - bin, so a value equal to a cut
    /// point gets the higher of the two scores. Equal values always share a score.
    /// Duplicate cut points collapse instead of failing (unlike pandas <c>qcut</c>): the bins between equal cut points are
    /// simply empty and scores are not renumbered, so a score keeps its quantile meaning. Example: frequencies where 60% of
    /// ten customers have 1 (1, 1, 1, 1, 1, 1, 2, 3, 4, 5), k = 5: h = 1.8, 3.6, 5.4, 7.2 give cut points 1, 1, 1.4, 3.2,
    /// so the six 1s score 1, 2 and 3 score 4, 4 and 5 score 5; scores 2 and 3 are empty.
    /// </summary>
    /// <param name="bins">Number of bins, 2 to 10.</param>
    /// <param name="direction">Which end of the values is best.</param>
    /// <returns>The binning.</returns>
    public static DimensionBinning QuantileBreaks(int bins = DefaultBins, ScoreDirection direction = ScoreDirection.HigherIsBetter) =>
        new(BinningMethod.QuantileBreaks, bins, direction, []);

    /// <summary>
    /// Business-defined cut points: k - 1 strictly ascending finite thresholds give k bins, closed on the right as in
    /// <see cref="QuantileBreaks"/>: a value equal to a threshold belongs to the bin below it in value. Thresholds are always given
    /// ascending in value; the direction only decides which end scores k. Example: thresholds 100, 500 (higher is better): 100 scores 1,
    /// 100.01 scores 2, 500 scores 2, 501 scores 3. Recency thresholds 30, 90 days (lower is better): up to 30 days scores 3,
    /// 31 to 90 days scores 2, more than 90 days scores 1.
    /// </summary>
    /// <param name="direction">Which end of the values is best.</param>
    /// <param name="thresholds">1 to 9 strictly ascending finite cut points.</param>
    /// <returns>The binning.</returns>
    /// <exception cref="ArgumentException">The thresholds are too few or too many, not finite or not strictly ascending.</exception>
    public static DimensionBinning FixedThresholds(ScoreDirection direction, params ReadOnlySpan<double> thresholds)
    {
        if (thresholds.Length < MinBins - 1 || thresholds.Length > MaxBins - 1)
        {
            throw new ArgumentException($"Give between {MinBins - 1} and {MaxBins - 1} thresholds; got {thresholds.Length}.", nameof(thresholds));
        }

        for (int i = 0; i < thresholds.Length; i++)
        {
            if (!double.IsFinite(thresholds[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Threshold {i} is not finite: {thresholds[i]}."), nameof(thresholds));
            }

            if (i > 0 && !(thresholds[i] > thresholds[i - 1]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Thresholds must be strictly ascending; threshold {i} ({thresholds[i]}) is not above threshold {i - 1} ({thresholds[i - 1]})."),
                    nameof(thresholds));
            }
        }

        return new(BinningMethod.FixedThresholds, thresholds.Length + 1, direction, thresholds.ToArray());
    }

    /// <summary>
    /// Scores every customer into <paramref name="scores"/> (1..k, k best). No per-customer allocation: sorting buffers are borrowed from
    /// <see cref="ArrayPool{T}.Shared"/> for the call and returned.
    /// </summary>
    /// <param name="values">One value per customer, by row (e.g. one per summary row). Finite; negative values are allowed.</param>
    /// <param name="scores">Receives one score per customer; same length as <paramref name="values"/>.</param>
    /// <param name="tieBreakRank">Optional rank of each customer's key in key order (a permutation of 0..n-1); breaks ties
    /// for <see cref="BinningMethod.Ntile"/>. When empty, the row order is used.</param>
    /// <exception cref="ArgumentException">A value is NaN or infinite (the message names the customer position and value),
    /// the lengths differ, or the tie-break rank is not a permutation.</exception>
    public void Score(ReadOnlySpan<double> values, Span<byte> scores, ReadOnlySpan<int> tieBreakRank = default) =>
        Score(values, scores, tieBreakRank, nameof(values));

    /// <summary>Scores every customer and returns a new array of scores. See <see cref="Score(ReadOnlySpan{double}, Span{byte}, ReadOnlySpan{int})"/>.</summary>
    /// <param name="values">One value per customer.</param>
    /// <param name="tieBreakRank">Optional tie-break rank (a permutation of 0..n-1).</param>
    /// <returns>One score per customer.</returns>
    public byte[] Score(ReadOnlySpan<double> values, ReadOnlySpan<int> tieBreakRank = default)
    {
        byte[] scores = new byte[values.Length];
        Score(values, scores, tieBreakRank, nameof(values));
        return scores;
    }

    /// <summary>
    /// The value cut points this binning would use on <paramref name="values"/>: the k - 1 type 7 quantiles for
    /// <see cref="BinningMethod.QuantileBreaks"/>, the thresholds for <see cref="BinningMethod.FixedThresholds"/>, and empty for the
    /// rank-based methods (whose bins are defined by rank, not value).
    /// </summary>
    /// <param name="values">One value per customer; finite.</param>
    /// <returns>The ascending cut points.</returns>
    public double[] CutPoints(ReadOnlySpan<double> values)
    {
        ColumnChecks.ThrowIfNonFinite(values, nameof(values));
        return Method switch
        {
            BinningMethod.QuantileBreaks => QuantileCutPoints(values, Bins),
            BinningMethod.FixedThresholds => (double[])_thresholds.Clone(),
            _ => [],
        };
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        string dir = Direction == ScoreDirection.LowerIsBetter ? "lower is better" : "higher is better";
        return Method == BinningMethod.FixedThresholds
            ? string.Create(CultureInfo.InvariantCulture, $"FixedThresholds({string.Join(", ", _thresholds)}; {dir})")
            : string.Create(CultureInfo.InvariantCulture, $"{Method}({Bins}; {dir})");
    }

    internal void Score(ReadOnlySpan<double> values, Span<byte> scores, ReadOnlySpan<int> tieBreakRank, string paramName, ScoringWorkspace? workspace = null)
    {
        if (scores.Length != values.Length)
        {
            throw new ArgumentException($"'scores' has {scores.Length} entries but '{paramName}' has {values.Length}.", nameof(scores));
        }

        ColumnChecks.ThrowIfNonFinite(values, paramName);
        switch (Method)
        {
            case BinningMethod.Ntile:
            case BinningMethod.NtileTiesShared:
                ScoreByRank(values, scores, tieBreakRank, workspace);
                break;
            case BinningMethod.QuantileBreaks:
                if (!tieBreakRank.IsEmpty)
                {
                    ValidateRankOnly(tieBreakRank, values.Length); // value bins need no tie-break, but a bad rank is still a caller error
                }

                ScoreByCutPoints(values, scores, QuantileCutPoints(values, Bins, workspace), Bins, Direction);
                break;
            default:
                if (!tieBreakRank.IsEmpty)
                {
                    ValidateRankOnly(tieBreakRank, values.Length);
                }

                ScoreByCutPoints(values, scores, _thresholds, Bins, Direction);
                break;
        }
    }

    private static void ValidateRankOnly(ReadOnlySpan<int> tieBreakRank, int n) =>
        CustomerOrder.ValidateTieBreakRank(tieBreakRank, n, nameof(tieBreakRank));

    private void ScoreByRank(ReadOnlySpan<double> values, Span<byte> scores, ReadOnlySpan<int> tieBreakRank, ScoringWorkspace? workspace) =>
        NtileScores.Score(
            values, scores, tieBreakRank, Direction == ScoreDirection.LowerIsBetter, Bins,
            tiesShared: Method == BinningMethod.NtileTiesShared, nameof(tieBreakRank), workspace);

    /// <summary>Type 7 quantiles at j/k, j = 1..k-1, computed with exact integer positions (no rounding of h).</summary>
    internal static double[] QuantileCutPoints(ReadOnlySpan<double> values, int bins, ScoringWorkspace? workspace = null)
    {
        int n = values.Length;
        double[] cuts = new double[bins - 1];
        if (n == 0)
        {
            return cuts;
        }

        ulong[] keys = ScoringWorkspace.Rent<ulong>(workspace, n);
        ulong[] scratch = ScoringWorkspace.Rent<ulong>(workspace, n);
        try
        {
            Span<ulong> k = keys.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                k[i] = RadixSort.ToOrderedKey(values[i]);
            }

            RadixSort.Sort(k, scratch);
            for (int j = 1; j < bins; j++)
            {
                // h = (n - 1) j / bins = lo + rem / bins, exactly.
                long num = (long)(n - 1) * j;
                int lo = (int)(num / bins);
                int rem = (int)(num % bins);
                double xlo = RadixSort.FromOrderedKey(k[lo]);
                if (rem == 0)
                {
                    cuts[j - 1] = xlo;
                    continue;
                }

                double xhi = RadixSort.FromOrderedKey(k[lo + 1]);
                double h = (double)rem / bins;

                // R's form (1 - h) x_lo + h x_hi, used only when the neighbours differ; clamped so rounding never leaves [x_lo, x_hi].
                cuts[j - 1] = xhi == xlo ? xlo : Math.Clamp(((1 - h) * xlo) + (h * xhi), xlo, xhi);
            }

            return cuts;
        }
        finally
        {
            ScoringWorkspace.Return(workspace, keys);
            ScoringWorkspace.Return(workspace, scratch);
        }
    }

    /// <summary>Bin = 1 + number of cut points strictly below the value; score = bin, or k + 1 - bin for lower is better.</summary>
    internal static void ScoreByCutPoints(ReadOnlySpan<double> values, Span<byte> scores, ReadOnlySpan<double> cuts, int bins, ScoreDirection direction)
    {
        bool reversed = direction == ScoreDirection.LowerIsBetter;
        int offset = reversed ? bins : 1;
        int sign = reversed ? -1 : 1;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            int below = 0;
            for (int j = 0; j < cuts.Length; j++)
            {
                below += v > cuts[j] ? 1 : 0;
            }

            scores[i] = (byte)(offset + (sign * below));
        }
    }
}
