using CustomerScoring.Rfm;
using Xunit;

namespace CustomerScoring.Tests.Rfm;

public class RfmScorerTests
{
    [Fact]
    public void Default_scores_five_customers_by_quintile_and_names_them()
    {
        // Five customers, one per quintile. Recency reversed: 1 day is best.
        double[] recency = [1, 10, 100, 200, 300];   // -> 5, 4, 3, 2, 1
        double[] frequency = [9, 7, 5, 3, 1];       // -> 5, 4, 3, 2, 1
        double[] monetary = [500, 50, 400, 30, 10]; // ascending 10(c4), 30(c3), 50(c1), 400(c2), 500(c0) -> 5, 3, 4, 2, 1
        RfmResult r = RfmScorer.Default.Score(recency, frequency, monetary);

        Assert.Equal(new byte[] { 5, 4, 3, 2, 1 }, r.RecencyScores.ToArray());
        Assert.Equal(new byte[] { 5, 4, 3, 2, 1 }, r.FrequencyScores.ToArray());
        Assert.Equal(new byte[] { 5, 3, 4, 2, 1 }, r.MonetaryScores.ToArray());

        // 555 Champions; 443 Potential Loyalist (R 3-5, F 3-5, M 2-5); 334 Potential Loyalist;
        // 222 Loyal Customers (R 2-4, F 2-4, M 2-4); 111 Lost.
        Assert.Equal(new[] { "Champions", "Potential Loyalist", "Potential Loyalist", "Loyal Customers", "Lost" },
            Enumerable.Range(0, 5).Select(r.SegmentOf));
        Assert.Equal(1, r.SegmentCounts[0]);
        Assert.Equal(2, r.SegmentCounts[1]);
        Assert.Equal(0, r.OthersCount);
        Assert.Equal(5, r.SegmentCounts.Sum());

        Assert.Equal(555, r.CellCode(0));
        Assert.Equal("443", r.CellLabel(1));
        Assert.Equal(3 + 3 + 4, r.Sum(2));
        Assert.Equal((3 + 4) / 2.0, r.FmAverage(2));

        // Weighted mean with weights 1, 2, 7 on 3, 3, 4: (3 + 6 + 28) / 10 = 3.7.
        Assert.Equal(3.7, r.WeightedScore(2, new RfmWeights(1, 2, 7)), 12);
        double[] all = new double[5];
        r.CopyWeightedScores(RfmWeights.Equal, all);
        Assert.Equal((4 + 4 + 3) / 3.0, all[1], 12);
        Assert.Contains("Champions", r.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Others_are_counted()
    {
        // R2 F1 M5 matches no rule of the 10-segment table. Fixed thresholds pin each score.
        var scorer = new RfmScorer(
            DimensionBinning.FixedThresholds(ScoreDirection.LowerIsBetter, 10, 20, 30, 40),
            DimensionBinning.FixedThresholds(ScoreDirection.HigherIsBetter, 1, 2, 3, 4),
            DimensionBinning.FixedThresholds(ScoreDirection.HigherIsBetter, 1, 2, 3, 4));
        // recency 35 -> (30, 40] -> bin 4 -> score 2; frequency 1 -> score 1; monetary 9 -> score 5.
        RfmResult r = scorer.Score([35, 35], [1, 1], [9, 9]);
        Assert.Equal(215, r.CellCode(0));
        Assert.Equal(2, r.OthersCount);
        Assert.Equal("Others", r.SegmentOf(1));
    }

    [Fact]
    public void Per_dimension_methods_and_ten_bins()
    {
        var scorer = new RfmScorer(
            DimensionBinning.QuantileBreaks(3, ScoreDirection.LowerIsBetter),
            DimensionBinning.NtileTiesShared(4),
            DimensionBinning.Ntile(10),
            SegmentMap.RecencyFrequencyGrid);
        double[] x = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
        RfmResult r = scorer.Score(x, x, x);

        // Monetary: 20 values in 10 tiles of 2 -> customer 19 scores 10; recency reversed: customer 19 is the worst -> 1.
        Assert.Equal(10, r.MonetaryScores[19]);
        Assert.Equal(1, r.RecencyScores[19]);
        Assert.Equal(4, r.FrequencyScores[19]);
        Assert.Equal("1-4-10", r.CellLabel(19));
        Assert.Throws<InvalidOperationException>(() => r.CellCode(19));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Large_inputs_scored_on_several_threads_equal_each_dimension_scored_alone(bool withRank)
    {
        // Above the parallel threshold the three dimensions run concurrently; each must equal its own binning run alone.
        int n = RfmScorer.ParallelThreshold + 1234;
        var rng = new Random(3);
        double[] r = Enumerable.Range(0, n).Select(_ => (double)rng.Next(365)).ToArray();
        double[] f = Enumerable.Range(0, n).Select(_ => (double)(1 + rng.Next(12))).ToArray();
        double[] m = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble() * 500, 2)).ToArray();
        int[] rank = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(rank);
        int[] tieBreak = withRank ? rank : [];
        var scorer = new RfmScorer(monetary: DimensionBinning.QuantileBreaks(4));

        RfmResult result = scorer.Score(r, f, m, tieBreak);

        Assert.Equal(scorer.Recency.Score(r, tieBreak), result.RecencyScores.ToArray());
        Assert.Equal(scorer.Frequency.Score(f, tieBreak), result.FrequencyScores.ToArray());
        Assert.Equal(scorer.Monetary.Score(m, tieBreak), result.MonetaryScores.ToArray());

        RfmResult single = new RfmScorer(monetary: DimensionBinning.QuantileBreaks(4)) { MaxDegreeOfParallelism = 1 }.Score(r, f, m, tieBreak);
        Assert.Equal(result.SegmentIndices.ToArray(), single.SegmentIndices.ToArray());
        Assert.Equal(result.SegmentCounts, single.SegmentCounts);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RfmScorer { MaxDegreeOfParallelism = -1 });
    }

    [Fact]
    public void On_several_threads_the_first_bad_column_in_r_f_m_order_is_reported()
    {
        int n = RfmScorer.ParallelThreshold + 10;
        double[] good = Enumerable.Range(0, n).Select(i => (double)(i % 97)).ToArray();
        double[] badF = (double[])good.Clone();
        double[] badM = (double[])good.Clone();
        badF[n - 1] = double.NaN;
        badM[5] = double.PositiveInfinity;
        var e = Assert.Throws<ArgumentException>(() => RfmScorer.Default.Score(good, badF, badM));
        Assert.Contains("frequency", e.Message, StringComparison.Ordinal);
        Assert.Equal("frequency", e.ParamName);
    }

    [Fact]
    public void Errors_name_the_column_and_customer()
    {
        var e = Assert.Throws<ArgumentException>(() => RfmScorer.Default.Score([1, 2, 3], [1, double.PositiveInfinity, 3], [1, 2, 3]));
        Assert.Equal("frequency", e.ParamName);
        Assert.Contains("position 1", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => RfmScorer.Default.Score([1, 2, 3], [1, 2, 3], [1, 2]));
        Assert.Equal("monetary", e.ParamName);
        Assert.Throws<ArgumentException>(() => RfmScorer.Default.Score([1], [1], [1]).WeightedScore(0, new RfmWeights(-1, 1, 1)));
        Assert.Throws<ArgumentException>(() => RfmScorer.Default.Score([1], [1], [1]).WeightedScore(0, new RfmWeights(0, 0, 0)));
    }

    [Fact]
    public void Segment_counts_agree_with_classifying_each_customer_on_random_data()
    {
        var rng = new Random(12345);
        int n = 5000;
        double[] rec = Enumerable.Range(0, n).Select(_ => (double)rng.Next(365)).ToArray();
        double[] freq = Enumerable.Range(0, n).Select(_ => (double)rng.Next(1, 12)).ToArray();
        double[] mon = Enumerable.Range(0, n).Select(_ => Math.Exp(rng.NextDouble() * 6) - 20).ToArray();
        RfmResult r = RfmScorer.Default.Score(rec, freq, mon);
        var map = SegmentMap.RfmPackage10;
        for (int s = 0; s <= map.OthersIndex; s++)
        {
            int expected = 0;
            for (int i = 0; i < n; i++)
            {
                // First matching rule by a plain scan of the rules, independent of the lookup table.
                int first = map.Rules.ToList().FindIndex(rule => rule.Matches(r.RecencyScores[i], r.FrequencyScores[i], r.MonetaryScores[i]));
                expected += (first < 0 ? map.OthersIndex : first) == s ? 1 : 0;
            }

            Assert.Equal(expected, r.SegmentCounts[s]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Default_gives_equal_values_equal_scores_and_reports_the_group_sizes_ntile_parity_splits_them(int seed)
    {
        // Many ties, as with purchase counts: values 1..6 on 500 customers, skewed towards 1.
        var random = new Random(seed);
        double[] recency = [.. Enumerable.Range(0, 500).Select(_ => (double)random.Next(1, 40))];
        double[] frequency = [.. Enumerable.Range(0, 500).Select(_ => (double)Math.Min(random.Next(1, 12), random.Next(1, 7)))];
        double[] monetary = [.. Enumerable.Range(0, 500).Select(_ => Math.Round(random.NextDouble() * 10))];
        int[] index = [.. Enumerable.Range(0, 500)];

        RfmResult shared = RfmScorer.Default.Score(recency, frequency, monetary);
        Assert.Equal(RfmReference.Ntile(recency, index, 5, ScoreDirection.LowerIsBetter, tiesShared: true), shared.RecencyScores.ToArray());
        Assert.Equal(RfmReference.Ntile(frequency, index, 5, ScoreDirection.HigherIsBetter, tiesShared: true), shared.FrequencyScores.ToArray());
        Assert.Equal(RfmReference.Ntile(monetary, index, 5, ScoreDirection.HigherIsBetter, tiesShared: true), shared.MonetaryScores.ToArray());
        for (int a = 0; a < 500; a++)
        {
            for (int b = 0; b < 500; b++)
            {
                Assert.True(frequency[a] != frequency[b] || shared.FrequencyScores[a] == shared.FrequencyScores[b]);
            }
        }

        // The sizes: customers per score, counted here from the scores.
        Assert.Equal(Enumerable.Range(1, 5).Select(s => shared.RecencyScores.ToArray().Count(x => x == s)), shared.RecencyScoreCounts);
        Assert.Equal(Enumerable.Range(1, 5).Select(s => shared.FrequencyScores.ToArray().Count(x => x == s)), shared.FrequencyScoreCounts);
        Assert.Equal(Enumerable.Range(1, 5).Select(s => shared.MonetaryScores.ToArray().Count(x => x == s)), shared.MonetaryScoreCounts);
        Assert.NotEqual([100, 100, 100, 100, 100], shared.FrequencyScoreCounts); // ties make uneven groups

        // SQL NTILE parity, asked for explicitly: equal groups of 100, ties split by customer index.
        RfmResult ntile = RfmScorer.NtileParity.Score(recency, frequency, monetary);
        Assert.Equal(BinningMethod.Ntile, ntile.Scorer.Frequency.Method);
        Assert.Equal(RfmReference.Ntile(frequency, index, 5, ScoreDirection.HigherIsBetter, tiesShared: false), ntile.FrequencyScores.ToArray());
        Assert.Equal([100, 100, 100, 100, 100], ntile.FrequencyScoreCounts);
        Assert.Equal([100, 100, 100, 100, 100], ntile.RecencyScoreCounts);
    }
}

public class RfmResultMemoryTests
{
    [FsCheck.Xunit.Property(MaxTest = 100)]
    public bool A_reused_workspace_gives_the_scores_of_fresh_memory(int[] raw, int[] other)
    {
        // Score a larger set first, so that the workspace holds longer sort buffers with stale keys, then the small one.
        double[] v = raw.Select(x => (double)Math.Abs(x % 40)).Append(1.0).ToArray();
        double[] big = other.Concat(raw).Concat(other).Select(x => (double)Math.Abs(x)).Append(2.0).ToArray();
        var quantiles = new RfmScorer(monetary: DimensionBinning.QuantileBreaks(4));
        RfmResult fresh = quantiles.Score(v, v, v);
        using var workspace = new ScoringWorkspace();
        quantiles.Score(big, big, big, workspace: workspace);
        RfmResult again = quantiles.Score(v, v, v, workspace: workspace);
        return again.Count == v.Length
            && again.RecencyScores.SequenceEqual(fresh.RecencyScores)
            && again.MonetaryScores.SequenceEqual(fresh.MonetaryScores)
            && again.SegmentIndices.SequenceEqual(fresh.SegmentIndices)
            && Enumerable.Range(0, v.Length).All(i => again.SegmentOf(i) == fresh.SegmentOf(i) && again.Sum(i) == fresh.Sum(i));
    }

    [Fact]
    public void A_result_outlives_its_workspace_and_a_disposed_workspace_is_refused()
    {
        var workspace = new ScoringWorkspace();
        RfmResult result = RfmScorer.Default.Score([1.0, 2, 3, 4, 5], [1.0, 2, 3, 4, 5], [1.0, 2, 3, 4, 5], workspace: workspace);
        workspace.Dispose();

        // Recency: lower is better, so the smallest value scores 5; frequency and monetary: higher is better.
        Assert.Equal([5, 4, 3, 2, 1], result.RecencyScores.ToArray());
        Assert.Equal([1, 2, 3, 4, 5], result.MonetaryScores.ToArray());
        Assert.Equal(5, result.SegmentCounts.Sum());
        Assert.Throws<ObjectDisposedException>(() => RfmScorer.Default.Score([1.0], [1.0], [1.0], workspace: workspace));

        // A customer past the end is refused, not read from another column.
        Assert.Throws<IndexOutOfRangeException>(() => RfmScorer.Default.Score([1.0, 2], [1.0, 2], [1.0, 2]).CellCode(2));
    }
}
