using CustomerScoring.Rfm;
using FsCheck;
using FsCheck.Xunit;

namespace CustomerScoring.Tests.Rfm;

public class DimensionBinningPropertyTests
{
    private static readonly BinningMethod[] RankMethods = [BinningMethod.Ntile, BinningMethod.NtileTiesShared];

    /// <summary>Builds a binning from fuzzed inputs: method, k in 2..10, direction; thresholds from the data's spread.</summary>
    private static DimensionBinning Make(int methodSeed, int kSeed, bool lowerIsBetter)
    {
        int k = 2 + (Math.Abs(kSeed % 9));
        var dir = lowerIsBetter ? ScoreDirection.LowerIsBetter : ScoreDirection.HigherIsBetter;
        return (Math.Abs(methodSeed % 4)) switch
        {
            0 => DimensionBinning.Ntile(k, dir),
            1 => DimensionBinning.NtileTiesShared(k, dir),
            2 => DimensionBinning.QuantileBreaks(k, dir),
            _ => DimensionBinning.FixedThresholds(dir, Enumerable.Range(1, k - 1).Select(j => (j * 7.0) - 20).ToArray()),
        };
    }

    /// <summary>Values with many ties (small integers) or few (scaled), negatives included.</summary>
    private static double[] Values(int[] raw, bool manyTies) =>
        raw.Select(x => manyTies ? (double)(x % 6) : (x * 0.37) - 3).ToArray();

    /// <summary>A random permutation of 0..n-1 from a seed: the tie-break rank of each customer.</summary>
    private static int[] RandomRank(int n, int seed)
    {
        int[] rank = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(rank);
        return rank;
    }

    [Property(MaxTest = 200)]
    public bool Scores_lie_in_1_to_k(int[] raw, bool manyTies, int methodSeed, int kSeed, bool lower)
    {
        var b = Make(methodSeed, kSeed, lower);
        return b.Score(Values(raw, manyTies)).All(s => s >= 1 && s <= b.Bins);
    }

    [Property(MaxTest = 200)]
    public bool Ntile_group_sizes_differ_by_at_most_one_for_distinct_values_and_larger_groups_come_first(int[] raw, int kSeed, bool lower)
    {
        double[] v = raw.Distinct().Select(x => (double)x).ToArray();
        int k = 2 + Math.Abs(kSeed % 9);
        byte[] s = DimensionBinning.Ntile(k, lower ? ScoreDirection.LowerIsBetter : ScoreDirection.HigherIsBetter).Score(v);
        int[] sizes = Enumerable.Range(1, k).Select(g => s.Count(x => x == g)).ToArray();
        bool nonIncreasing = sizes.Zip(sizes.Skip(1)).All(p => p.First >= p.Second);
        return sizes.Max() - sizes.Min() <= 1 && nonIncreasing && sizes.Sum() == v.Length;
    }

    [Property(MaxTest = 200)]
    public bool TiesShared_QuantileBreaks_and_FixedThresholds_never_split_equal_values(int[] raw, int methodSeed, int kSeed, bool lower, int rankSeed)
    {
        var b = Make(methodSeed, kSeed, lower);
        if (b.Method == BinningMethod.Ntile)
        {
            b = DimensionBinning.NtileTiesShared(b.Bins, b.Direction);
        }

        double[] v = Values(raw, manyTies: true);
        byte[] s = b.Score(v, RandomRank(v.Length, rankSeed));
        return v.Select((x, i) => (x, s: s[i])).GroupBy(p => p.x).All(g => g.Select(p => p.s).Distinct().Count() == 1);
    }

    [Property(MaxTest = 200)]
    public bool Scores_are_monotone_in_value_and_reversed_for_lower_is_better(int[] raw, bool manyTies, int methodSeed, int kSeed, bool lower, int rankSeed)
    {
        var b = Make(methodSeed, kSeed, lower);
        double[] v = Values(raw, manyTies);
        byte[] s = b.Score(v, RandomRank(v.Length, rankSeed));
        for (int i = 0; i < v.Length; i++)
        {
            for (int j = 0; j < v.Length; j++)
            {
                bool better = lower ? v[i] < v[j] : v[i] > v[j];
                if (better && s[i] < s[j])
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public bool Invariant_to_customer_order_when_ranks_travel_with_values(int[] raw, bool manyTies, int methodSeed, int kSeed, bool lower, int rankSeed, int permSeed)
    {
        var b = Make(methodSeed, kSeed, lower);
        double[] v = Values(raw, manyTies);
        int n = v.Length;
        int[] rank = RandomRank(n, rankSeed);
        byte[] s = b.Score(v, rank);

        int[] perm = RandomRank(n, permSeed); // customer perm[i] is given at position i
        double[] pv = perm.Select(c => v[c]).ToArray();
        int[] pr = perm.Select(c => rank[c]).ToArray();
        byte[] ps = b.Score(pv, pr);
        return Enumerable.Range(0, n).All(i => ps[i] == s[perm[i]]);
    }

    [Property(MaxTest = 200)]
    public bool Agrees_with_slow_LINQ_reference(int[] raw, bool manyTies, int methodSeed, int kSeed, bool lower, int rankSeed)
    {
        var b = Make(methodSeed, kSeed, lower);
        double[] v = Values(raw, manyTies);
        int[] rank = RandomRank(v.Length, rankSeed);
        byte[] actual = b.Score(v, rank);
        byte[] expected = b.Method switch
        {
            BinningMethod.Ntile => RfmReference.Ntile(v, rank, b.Bins, b.Direction, tiesShared: false),
            BinningMethod.NtileTiesShared => RfmReference.Ntile(v, rank, b.Bins, b.Direction, tiesShared: true),
            BinningMethod.QuantileBreaks => v.Length == 0 ? [] : RfmReference.ByCuts(v, RfmReference.Type7Cuts(v, b.Bins), b.Direction),
            _ => RfmReference.ByCuts(v, b.Thresholds.ToArray(), b.Direction),
        };
        return actual.SequenceEqual(expected);
    }

    [Property(MaxTest = 100)]
    public bool Agrees_with_reference_on_larger_lognormal_data(int seed, int kSeed, bool lower)
    {
        // Sizes above the small arrays FsCheck favours, with continuous values and rounding ties.
        var rng = new Random(seed);
        int n = rng.Next(500, 3000);
        double[] v = Enumerable.Range(0, n).Select(_ => Math.Round(Math.Exp(rng.NextDouble() * 4), 1)).ToArray();
        int[] rank = RandomRank(n, seed ^ 0x5bd1e995);
        int k = 2 + Math.Abs(kSeed % 9);
        var dir = lower ? ScoreDirection.LowerIsBetter : ScoreDirection.HigherIsBetter;
        return DimensionBinning.Ntile(k, dir).Score(v, rank).SequenceEqual(RfmReference.Ntile(v, rank, k, dir, false))
            && DimensionBinning.NtileTiesShared(k, dir).Score(v, rank).SequenceEqual(RfmReference.Ntile(v, rank, k, dir, true))
            && DimensionBinning.QuantileBreaks(k, dir).Score(v).SequenceEqual(RfmReference.ByCuts(v, RfmReference.Type7Cuts(v, k), dir));
    }
}
