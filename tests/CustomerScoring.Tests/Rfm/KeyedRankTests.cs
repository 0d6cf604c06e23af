using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Rfm;

/// <summary>
/// Keyed scoring ranks the key map's keys once and keeps that order with the map: these tests hold it against the plain
/// reference (sort the rows' keys with the comparer, every call), for every key set, subsets of customers, keys added after
/// a first ranking, other comparers and concurrent callers.
/// </summary>
public class KeyedRankTests
{
    private static readonly SummaryOptions Options = new(new DateOnly(2024, 3, 31));

    /// <summary>The reference: sort the keys of the summary rows, compare strings, rank = position.</summary>
    private static int[] ReferenceRanks<TKey>(CustomerSummaries summaries, CustomerKeyMap<TKey> map, IComparer<TKey> comparer)
        where TKey : notnull
    {
        int n = summaries.Count;
        var keys = new TKey[n];
        var rows = new int[n];
        for (int i = 0; i < n; i++)
        {
            keys[i] = map.KeyOf(summaries.CustomerIndex[i]);
            rows[i] = i;
        }

        Array.Sort(keys, rows, comparer);
        var rank = new int[n];
        for (int k = 0; k < n; k++)
        {
            rank[rows[k]] = k;
        }

        return rank;
    }

    private static string RandomKey(Random rng)
    {
        const string alphabet = "aAbB09_-éZz";
        var chars = new char[rng.Next(0, 7)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[rng.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>Transactions for a random subset of the map's customers (all of them when <paramref name="all"/>).</summary>
    private static (CustomerKeyMap<string> Map, TransactionBatch Batch) RandomData(Random rng, bool all)
    {
        var map = new CustomerKeyMap<string>(StringComparer.Ordinal);
        int customers = rng.Next(1, 300);
        for (int c = 0; c < customers; c++)
        {
            map.GetOrAdd(RandomKey(rng) + "#" + rng.Next(1000));
        }

        var index = new List<int>();
        var time = new List<DateTime>();
        var amount = new List<double>();
        for (int c = 0; c < map.Count; c++)
        {
            if (!all && rng.Next(3) == 0)
            {
                continue;
            }

            for (int t = rng.Next(1, 4); t > 0; t--)
            {
                index.Add(c);
                time.Add(new DateTime(2024, 1, 1).AddDays(rng.Next(80)));
                amount.Add(rng.Next(1, 5) * 10);
            }
        }

        if (index.Count == 0)
        {
            index.Add(0);
            time.Add(new DateTime(2024, 1, 5));
            amount.Add(10);
        }

        return (map, new TransactionBatch(index.ToArray(), time.ToArray(), amount.ToArray()));
    }

    [Property(MaxTest = 200)]
    public void Tie_break_ranks_equal_the_string_comparison_reference(int seed)
    {
        var rng = new Random(seed);
        (CustomerKeyMap<string> map, TransactionBatch batch) = RandomData(rng, all: rng.Next(2) == 0);
        CustomerSummaries s = Summarizer.Summarize([batch], Options, map.Count);
        Assert.Equal(ReferenceRanks(s, map, StringComparer.Ordinal), RfmScorerExtensions.TieBreakRanks(s, map));
        // Asked again (the kept order) and with another comparer (a new order): still the reference.
        Assert.Equal(ReferenceRanks(s, map, StringComparer.Ordinal), RfmScorerExtensions.TieBreakRanks(s, map));
        IComparer<string> reverse = Comparer<string>.Create((a, b) => string.CompareOrdinal(b, a));
        Assert.Equal(ReferenceRanks(s, map, reverse), RfmScorerExtensions.TieBreakRanks(s, map, reverse));
    }

    [Property(MaxTest = 100)]
    public void Keys_added_after_a_ranking_are_ranked_in(int seed)
    {
        var rng = new Random(seed);
        (CustomerKeyMap<string> map, TransactionBatch batch) = RandomData(rng, all: true);
        CustomerSummaries before = Summarizer.Summarize([batch], Options, map.Count);
        _ = RfmScorerExtensions.TieBreakRanks(before, map);
        int first = map.Count;
        for (int k = rng.Next(1, 20); k > 0; k--)
        {
            map.GetOrAdd(RandomKey(rng) + "+" + k);
        }

        // A batch that also covers the new customers: their keys must be ranked among the old ones.
        int added = map.Count - first;
        var index = new int[batch.Count + added];
        var time = new DateTime[index.Length];
        var amount = new double[index.Length];
        batch.CustomerIndex.CopyTo(index);
        batch.Timestamps.CopyTo(time);
        batch.Amounts.CopyTo(amount);
        for (int j = 0; j < added; j++)
        {
            index[batch.Count + j] = first + j;
            time[batch.Count + j] = new DateTime(2024, 2, 1);
            amount[batch.Count + j] = 20;
        }

        CustomerSummaries after = Summarizer.Summarize([new TransactionBatch(index, time, amount)], Options, map.Count);
        Assert.Equal(ReferenceRanks(after, map, StringComparer.Ordinal), RfmScorerExtensions.TieBreakRanks(after, map));
    }

    [Property(MaxTest = 100)]
    public void Keyed_scores_equal_scores_with_the_reference_ranks(int seed)
    {
        var rng = new Random(seed);
        (CustomerKeyMap<string> map, TransactionBatch batch) = RandomData(rng, all: rng.Next(2) == 0);
        CustomerSummaries s = Summarizer.Summarize([batch], Options, map.Count);
        RfmValues v = RfmValues.From(s, RfmValueOptions.Default);
        RfmResult expected = RfmScorer.Default.Score(v.Recency, v.Frequency, v.Monetary, ReferenceRanks(s, map, StringComparer.Ordinal));
        RfmResult actual = RfmScorer.Default.Score(s, map);
        Assert.Equal(expected.RecencyScores.ToArray(), actual.RecencyScores.ToArray());
        Assert.Equal(expected.FrequencyScores.ToArray(), actual.FrequencyScores.ToArray());
        Assert.Equal(expected.MonetaryScores.ToArray(), actual.MonetaryScores.ToArray());
        Assert.Equal(expected.SegmentIndices.ToArray(), actual.SegmentIndices.ToArray());
    }

    [Fact]
    public void Concurrent_first_rankings_agree_with_the_reference()
    {
        var rng = new Random(42);
        var map = new CustomerKeyMap<long>();
        for (int c = 0; c < 50_000; c++)
        {
            map.GetOrAdd(rng.NextInt64());
        }

        var index = new int[map.Count];
        var time = new DateTime[map.Count];
        var amount = new double[map.Count];
        for (int c = 0; c < map.Count; c++)
        {
            index[c] = c;
            time[c] = new DateTime(2024, 1, 1).AddDays(c % 90);
            amount[c] = 10 + (c % 7);
        }

        CustomerSummaries s = Summarizer.Summarize(new TransactionBatch(index, time, amount), Options);
        int[] expected = ReferenceRanks(s, map, Comparer<long>.Default);
        var results = new int[8][];
        Parallel.For(0, results.Length, i => results[i] = RfmScorerExtensions.TieBreakRanks(s, map));
        foreach (int[] r in results)
        {
            Assert.Equal(expected, r);
        }
    }
}
