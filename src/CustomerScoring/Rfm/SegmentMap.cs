using System.Collections.Immutable;
using System.Text;

namespace CustomerScoring.Rfm;

/// <summary>
/// An ordered list of <see cref="SegmentRule"/>s that names customers by their R, F and M scores: the first rule that matches
/// wins, and a customer no rule matches lands in the catch-all segment (<see cref="OthersName"/>, "Others" by default), which is
/// counted and reported like any other segment. Immutable and safe to share; to edit a built-in map, copy its
/// <see cref="Rules"/> (e.g. <c>new SegmentMap(SegmentMap.RfmPackage10.Rules.SetItem(0, ...))</c>).
/// </summary>
public sealed class SegmentMap
{
    /// <summary>The largest number of rules in one map (segment indices are stored in a byte, the last value being Others).</summary>
    public const int MaxRules = 255;

    private const int Side = DimensionBinning.MaxBins + 1;

    // Segment index of every (r, f, m) cell, scores 1..10, at r * 121 + f * 11 + m.
    private readonly byte[] _lookup;

    /// <summary>Creates a map from rules applied in the given order.</summary>
    /// <param name="rules">The rules, first match wins; 1 to 255 rules with non-empty names.</param>
    /// <param name="othersName">Name of the catch-all segment.</param>
    /// <param name="designBins">The number of bins per dimension the rules are written for (see <see cref="DesignBins"/>), or
    /// null for rules that read the scores as they are.</param>
    /// <exception cref="ArgumentException">No rules, too many rules, an empty name or an unset score range.</exception>
    public SegmentMap(IEnumerable<SegmentRule> rules, string othersName = "Others", int? designBins = null)
    {
        if (designBins is { } d)
        {
            CheckBins(d, nameof(designBins));
        }

        DesignBins = designBins;
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(othersName);
        ImmutableArray<SegmentRule> list = [.. rules];
        if (list.Length is 0 or > MaxRules)
        {
            throw new ArgumentException($"A segment map needs 1 to {MaxRules} rules; got {list.Length}.", nameof(rules));
        }

        for (int i = 0; i < list.Length; i++)
        {
            SegmentRule rule = list[i] ?? throw new ArgumentException($"Rule {i} is null.", nameof(rules));
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                throw new ArgumentException($"Rule {i} has an empty name.", nameof(rules));
            }

            if (rule.Recency.Min == 0 || rule.Frequency.Min == 0 || rule.Monetary.Min == 0)
            {
                throw new ArgumentException($"Rule {i} ('{rule.Name}') has an unset score range (default ScoreRange).", nameof(rules));
            }
        }

        Rules = list;
        OthersName = othersName;
        _lookup = new byte[Side * Side * Side];
        for (int r = 1; r < Side; r++)
        {
            for (int f = 1; f < Side; f++)
            {
                for (int m = 1; m < Side; m++)
                {
                    _lookup[(r * Side * Side) + (f * Side) + m] = (byte)FirstMatch(r, f, m);
                }
            }
        }
    }

    /// <summary>
    /// The 10-segment table of R's <c>rfm</c> package (rsquaredacademy/rfm vignette), exactly, in this order
    /// (R, F, M ranges inclusive): Champions 5, 5, 5; Potential Loyalist 3-5, 3-5, 2-5; Loyal Customers 2-4, 2-4, 2-4;
    /// Promising 3-4, 1-3, 3-5; New Customers 4-5, 1-3, 1-5; Can't Lose Them 1-2, 3-4, 4-5; At Risk 1-2, 2-5, 4-5;
    /// Need Attention 1-3, 3-5, 3-5; About To Sleep 2-3, 1-3, 1-4; Lost 1, 1-5, 1-5.
    /// </summary>
    /// <remarks>Enumerating the 125 cells of 5 x 5 x 5 scores (see <see cref="Validate"/>): no rule is wholly shadowed, but several
    /// are mostly shadowed (Need Attention fires in 4 of its 27 cells, At Risk in 7 of 16, Can't Lose Them in 6 of 8), and 10 cells
    /// match no rule and land in Others: R2 F1 M5, R2 F4 M1, R2 F5 M1, R2 F5 M2, R3 F4 M1, R3 F5 M1, R4 F4 M1, R4 F5 M1, R5 F4 M1,
    /// R5 F5 M1.</remarks>
    public static SegmentMap RfmPackage10 { get; } = new(
    [
        new("Champions", R(5, 5), R(5, 5), R(5, 5)),
        new("Potential Loyalist", R(3, 5), R(3, 5), R(2, 5)),
        new("Loyal Customers", R(2, 4), R(2, 4), R(2, 4)),
        new("Promising", R(3, 4), R(1, 3), R(3, 5)),
        new("New Customers", R(4, 5), R(1, 3), R(1, 5)),
        new("Can't Lose Them", R(1, 2), R(3, 4), R(4, 5)),
        new("At Risk", R(1, 2), R(2, 5), R(4, 5)),
        new("Need Attention", R(1, 3), R(3, 5), R(3, 5)),
        new("About To Sleep", R(2, 3), R(1, 3), R(1, 4)),
        new("Lost", R(1, 1), R(1, 5), R(1, 5)),
    ],
    designBins: DimensionBinning.DefaultBins);

    /// <summary>
    /// <see cref="RfmPackage10"/> with an eleventh rule appended: Hibernating, R 1-2, F 1-2, M 1-5, the Hibernating cell of the
    /// R x F grid (<see cref="RecencyFrequencyGrid"/>). Appended last, it changes no assignment of the ten published segments
    /// and only takes customers from Others: of its 50 cells every one but R2 F1 M5 is already claimed by an earlier rule
    /// (mostly Lost, About To Sleep and Loyal Customers), so in practice it names the low-recency, low-frequency, high-spend
    /// customers (R2 F1 M5) that the 10-segment table leaves in Others. Placing it earlier (e.g. before Lost) would instead
    /// move 8 of Lost's cells, which contradicts the published table; we chose not to.
    /// </summary>
    public static SegmentMap RfmPackage11 { get; } = new(
        [.. RfmPackage10.Rules, new SegmentRule("Hibernating", R(1, 2), R(1, 2), R(1, 5))],
        designBins: DimensionBinning.DefaultBins);

    /// <summary>
    /// The widely copied R x F 5 x 5 grid (ignores the monetary score; partitions all 25 R, F pairs, so Others is always empty
    /// for 5-bin scores): Hibernating R 1-2, F 1-2; At Risk R 1-2, F 3-4; Can't Lose Them R 1-2, F 5; About To Sleep R 3, F 1-2;
    /// Need Attention R 3, F 3; Loyal Customers R 3-4, F 4-5; Promising R 4, F 1; New Customers R 5, F 1;
    /// Potential Loyalist R 4-5, F 2-3; Champions R 5, F 4-5.
    /// </summary>
    public static SegmentMap RecencyFrequencyGrid { get; } = new(
    [
        new("Hibernating", R(1, 2), R(1, 2), ScoreRange.Any),
        new("At Risk", R(1, 2), R(3, 4), ScoreRange.Any),
        new("Can't Lose Them", R(1, 2), R(5, 5), ScoreRange.Any),
        new("About To Sleep", R(3, 3), R(1, 2), ScoreRange.Any),
        new("Need Attention", R(3, 3), R(3, 3), ScoreRange.Any),
        new("Loyal Customers", R(3, 4), R(4, 5), ScoreRange.Any),
        new("Promising", R(4, 4), R(1, 1), ScoreRange.Any),
        new("New Customers", R(5, 5), R(1, 1), ScoreRange.Any),
        new("Potential Loyalist", R(4, 5), R(2, 3), ScoreRange.Any),
        new("Champions", R(5, 5), R(4, 5), ScoreRange.Any),
    ],
    designBins: DimensionBinning.DefaultBins);

    /// <summary>The rules in the order they are tried.</summary>
    public ImmutableArray<SegmentRule> Rules { get; }

    /// <summary>Name of the catch-all segment for customers no rule matches.</summary>
    public string OthersName { get; }

    /// <summary>
    /// The number of bins per dimension the rules are written for: 5 for the built-in tables. Scores from another number of
    /// bins k are put on that scale before the rules read them: score s of k counts as ceil(DesignBins * s / k), so with 10
    /// bins scores 9 and 10 are a 5, and with 2 bins score 2 is a 5 and score 1 a 3 (docs/rfm.md). Null: the rules read the
    /// scores as they are, whatever the number of bins.
    /// </summary>
    public int? DesignBins { get; }

    /// <summary>Segment index of the catch-all segment: <c>Rules.Length</c>.</summary>
    public int OthersIndex => Rules.Length;

    /// <summary>The segment index of a score combination: the index of the first matching rule, or <see cref="OthersIndex"/>.</summary>
    /// <param name="recency">Recency score, 1 to 10.</param>
    /// <param name="frequency">Frequency score, 1 to 10.</param>
    /// <param name="monetary">Monetary score, 1 to 10.</param>
    /// <returns>The segment index.</returns>
    public int Classify(int recency, int frequency, int monetary)
    {
        if (recency is < 1 or > DimensionBinning.MaxBins || frequency is < 1 or > DimensionBinning.MaxBins || monetary is < 1 or > DimensionBinning.MaxBins)
        {
            throw new ArgumentOutOfRangeException(nameof(recency), $"Scores must be between 1 and 10; got R{recency} F{frequency} M{monetary}.");
        }

        return _lookup[(recency * Side * Side) + (frequency * Side) + monetary];
    }

    /// <summary>The name of a segment index (a rule's name, or <see cref="OthersName"/> for <see cref="OthersIndex"/>).</summary>
    /// <param name="segmentIndex">0 to <see cref="OthersIndex"/>.</param>
    /// <returns>The segment's name.</returns>
    public string SegmentName(int segmentIndex) =>
        segmentIndex == Rules.Length ? OthersName
        : (uint)segmentIndex < (uint)Rules.Length ? Rules[segmentIndex].Name
        : throw new ArgumentOutOfRangeException(nameof(segmentIndex), segmentIndex, $"Segment indices run from 0 to {Rules.Length}.");

    /// <summary>
    /// Enumerates every cell of the score grid (recencyBins x frequencyBins x monetaryBins) and reports rules that can never fire
    /// because earlier rules cover all their cells (shadowed), cells no rule matches (gaps, which go to Others), and how many
    /// cells each rule actually wins.
    /// </summary>
    /// <param name="recencyBins">Number of recency scores, 2 to 10.</param>
    /// <param name="frequencyBins">Number of frequency scores, 2 to 10.</param>
    /// <param name="monetaryBins">Number of monetary scores, 2 to 10.</param>
    /// <returns>The validation report.</returns>
    public SegmentMapValidation Validate(int recencyBins = DimensionBinning.DefaultBins, int frequencyBins = DimensionBinning.DefaultBins, int monetaryBins = DimensionBinning.DefaultBins)
    {
        CheckBins(recencyBins, nameof(recencyBins));
        CheckBins(frequencyBins, nameof(frequencyBins));
        CheckBins(monetaryBins, nameof(monetaryBins));
        int[] inRange = new int[Rules.Length];
        int[] wins = new int[Rules.Length];
        var gaps = new List<RfmCell>();
        int overlapping = 0;
        for (int r = 1; r <= recencyBins; r++)
        {
            for (int f = 1; f <= frequencyBins; f++)
            {
                for (int m = 1; m <= monetaryBins; m++)
                {
                    int first = -1;
                    int matches = 0;
                    for (int i = 0; i < Rules.Length; i++)
                    {
                        if (Rules[i].Matches(r, f, m))
                        {
                            inRange[i]++;
                            matches++;
                            if (first < 0)
                            {
                                first = i;
                            }
                        }
                    }

                    if (first < 0)
                    {
                        gaps.Add(new RfmCell(r, f, m));
                    }
                    else
                    {
                        wins[first]++;
                    }

                    if (matches > 1)
                    {
                        overlapping++;
                    }
                }
            }
        }

        var shadowed = new List<int>();
        for (int i = 0; i < Rules.Length; i++)
        {
            if (wins[i] == 0)
            {
                shadowed.Add(i);
            }
        }

        return new SegmentMapValidation(this, recencyBins * frequencyBins * monetaryBins, [.. shadowed], [.. gaps], [.. inRange], [.. wins], overlapping);
    }

    /// <summary>The rules, one per line, then the catch-all.</summary>
    /// <returns>The map as text.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Rules.Length; i++)
        {
            sb.Append(i + 1).Append(". ").Append(Rules[i]).AppendLine();
        }

        sb.Append("otherwise: ").Append(OthersName);
        return sb.ToString();
    }

    internal ReadOnlySpan<byte> Lookup => _lookup;

    /// <summary>Score s (1..bins, index s) on the scale the rules are written for: ceil(DesignBins * s / bins), or s itself.</summary>
    internal byte[] ScaleFrom(int bins)
    {
        var scale = new byte[Side];
        for (int s = 1; s <= bins && s < Side; s++)
        {
            scale[s] = (byte)(DesignBins is { } d && d != bins ? ((d * s) + bins - 1) / bins : s);
        }

        return scale;
    }

    internal static int LookupIndex(int recency, int frequency, int monetary) => (recency * Side * Side) + (frequency * Side) + monetary;

    private static ScoreRange R(int min, int max) => new(min, max);

    private static void CheckBins(int bins, string name)
    {
        if (bins is < DimensionBinning.MinBins or > DimensionBinning.MaxBins)
        {
            throw new ArgumentOutOfRangeException(name, bins, "The number of bins must be between 2 and 10.");
        }
    }

    private int FirstMatch(int r, int f, int m)
    {
        for (int i = 0; i < Rules.Length; i++)
        {
            if (Rules[i].Matches(r, f, m))
            {
                return i;
            }
        }

        return Rules.Length;
    }
}
