using CustomerScoring.Rfm;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Rfm;

/// <summary>
/// NTILE scoring (plain and with shared ties) places only the customers of buckets that straddle a group boundary by sorting; it must give exactly the
/// scores of a full stable sort by value, ties by tie-break rank (here a LINQ OrderBy/ThenBy), for every kind of data.
/// </summary>
public class NtileScoresTests
{
    private static byte[] Reference(double[] values, int[] rank, bool lowerIsBetter, int bins, bool tiesShared = false)
    {
        int n = values.Length;
        var ranked = Enumerable.Range(0, n).Select(c => (Customer: c, Value: values[c] == 0 ? 0d : values[c], Rank: rank[c]));
        int[] sorted = (lowerIsBetter ? ranked.OrderByDescending(t => t.Value) : ranked.OrderBy(t => t.Value))
            .ThenBy(t => t.Rank).Select(t => t.Customer).ToArray();
        var scores = new byte[n];
        int size = n / bins, extra = n % bins, pos = 0;
        for (int g = 0; g < bins; g++)
        {
            int end = pos + size + (g < extra ? 1 : 0);
            for (; pos < end; pos++)
            {
                // Shared ties: a customer equal to the one before keeps that one's score.
                bool tied = tiesShared && pos > 0 && Key(values[sorted[pos]]) == Key(values[sorted[pos - 1]]);
                scores[sorted[pos]] = tied ? scores[sorted[pos - 1]] : (byte)(g + 1);
            }
        }

        return scores;
    }

    private static double Key(double v) => v == 0 ? 0d : v;

    [Property(MaxTest = 300)]
    public bool Equals_a_full_stable_sort(int[] raw, int seed, bool lowerIsBetter, byte kind, bool tiesShared)
    {
        var rng = new Random(seed);
        int bins = 2 + rng.Next(9);
        // Several copies of the input so that buckets hold many customers and boundaries fall inside them.
        int[] data = [.. raw, .. raw, .. raw];
        double[] values = (kind % 4) switch
        {
            0 => data.Select(x => (double)(x % 7)).ToArray(),                   // heavy ties, negatives
            1 => data.Select(x => x * 0.37).ToArray(),                          // continuous
            2 => data.Select(x => 100 + ((x % 1000) / 997.0)).ToArray(),        // many values in one top-16-bit bucket
            _ => data.Select(x => x % 3 == 0 ? -0.0 : 1e-300 * x).ToArray(),    // zeros of both signs, tiny values
        };
        int n = values.Length;
        int[] rank = Enumerable.Range(0, n).ToArray();
        bool withRank = rng.Next(2) == 0;
        if (withRank)
        {
            rng.Shuffle(rank);
        }

        ScoreDirection direction = lowerIsBetter ? ScoreDirection.LowerIsBetter : ScoreDirection.HigherIsBetter;
        DimensionBinning binning = tiesShared ? DimensionBinning.NtileTiesShared(bins, direction) : DimensionBinning.Ntile(bins, direction);
        return binning.Score(values, withRank ? rank : []).SequenceEqual(Reference(values, rank, lowerIsBetter, bins, tiesShared));
    }

    [Fact]
    public void Many_lognormal_amounts_score_like_the_full_sort()
    {
        var rng = new Random(8);
        double[] m = Enumerable.Range(0, 300_000).Select(_ => Math.Round(Math.Exp(4 + (1.2 * ((rng.NextDouble() * 2) - 1))), 2)).ToArray();
        int[] rank = Enumerable.Range(0, m.Length).ToArray();
        rng.Shuffle(rank);
        Assert.Equal(Reference(m, rank, false, 5), DimensionBinning.Ntile().Score(m, rank));
    }
}
