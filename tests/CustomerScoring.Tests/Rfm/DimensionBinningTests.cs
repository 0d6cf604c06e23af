using CustomerScoring.Rfm;
using Xunit;

namespace CustomerScoring.Tests.Rfm;

public class DimensionBinningTests
{
    // Seven customers, the two 30s are customers 2 and 3.
    private static readonly double[] Seven = [10, 20, 30, 30, 40, 50, 60];

    [Fact]
    public void Ntile_n7_k3_gives_sizes_3_2_2_and_splits_the_tie_by_rank()
    {
        // n = 7, k = 3: 7 / 3 = 2 rows per group, 7 mod 3 = 1 extra row in group 1 -> sizes 3, 2, 2.
        // Ascending: 10, 20, 30(c2) | 30(c3), 40 | 50, 60.
        byte[] s = DimensionBinning.Ntile(3).Score(Seven);
        Assert.Equal(new byte[] { 1, 1, 1, 2, 2, 3, 3 }, s);
    }

    [Fact]
    public void Ntile_tie_break_rank_decides_which_tied_customer_scores_higher()
    {
        // Same data, but customer 3's key sorts before customer 2's: ranks swap for positions 2 and 3.
        int[] rank = [0, 1, 3, 2, 4, 5, 6];
        byte[] s = DimensionBinning.Ntile(3).Score(Seven, rank);

        // Order by (value, rank): 10, 20, 30(c3, rank 2) | 30(c2, rank 3), 40 | 50, 60.
        Assert.Equal(new byte[] { 1, 1, 2, 1, 2, 3, 3 }, s);
    }

    [Fact]
    public void Ntile_recency_is_reversed()
    {
        // Days since last purchase 5, 40, 200, k = 3: most recent (5) is best -> 3, 40 -> 2, 200 -> 1.
        byte[] s = DimensionBinning.Ntile(3, ScoreDirection.LowerIsBetter).Score([5, 40, 200]);
        Assert.Equal(new byte[] { 3, 2, 1 }, s);
    }

    [Fact]
    public void Ntile_reversed_with_remainder_gives_extra_rows_to_the_worst_scores()
    {
        // n = 7, k = 3, recency: worst (largest) first: 70, 60, 50 | 40, 30 | 20, 10 -> sizes 3, 2, 2.
        byte[] s = DimensionBinning.Ntile(3, ScoreDirection.LowerIsBetter).Score([10, 20, 30, 40, 50, 60, 70]);
        Assert.Equal(new byte[] { 3, 3, 2, 2, 1, 1, 1 }, s);
    }

    [Fact]
    public void Ntile_on_4339_customers_matches_SQL_868_868_868_868_867()
    {
        double[] v = Enumerable.Range(0, 4339).Select(i => (double)((i * 37) % 4339)).ToArray();
        byte[] s = DimensionBinning.Ntile().Score(v);
        int[] sizes = Enumerable.Range(1, 5).Select(g => s.Count(x => x == g)).ToArray();
        Assert.Equal(new[] { 868, 868, 868, 868, 867 }, sizes); // published NTILE sizes in REFERENCE.md
    }

    [Fact]
    public void NtileTiesShared_keeps_the_tie_in_the_bin_where_it_starts()
    {
        // Positions: 10, 20, 30(c2) in bin 1, 30(c3) would be bin 2 but joins its group in bin 1; 40 is at position 4 -> bin 2.
        byte[] s = DimensionBinning.NtileTiesShared(3).Score(Seven);
        Assert.Equal(new byte[] { 1, 1, 1, 1, 2, 3, 3 }, s);

        // 1, 1, 1, 1, 2, 3 with k = 3 (bins of two positions): the 1s start in bin 1; 2 is at position 4 -> bin 3; bin 2 stays empty.
        Assert.Equal(new byte[] { 1, 1, 1, 1, 3, 3 }, DimensionBinning.NtileTiesShared(3).Score([1, 1, 1, 1, 2, 3]));
    }

    [Fact]
    public void QuantileBreaks_hand_case_with_a_value_equal_to_a_cut_point()
    {
        // Type 7, n = 7, k = 3: h = 6/3 = 2 -> x[2] = 30; h = 12/3 = 4 -> x[4] = 40 (R: quantile(x, c(1/3, 2/3)) = 30, 40).
        // Right-closed bins: 30 is equal to cut 1 -> bin 1; 40 equal to cut 2 -> bin 2.
        var b = DimensionBinning.QuantileBreaks(3);
        Assert.Equal(new[] { 30.0, 40.0 }, b.CutPoints(Seven));
        Assert.Equal(new byte[] { 1, 1, 1, 1, 2, 3, 3 }, b.Score(Seven));

        // Reversed: same bins, score = 4 - bin.
        Assert.Equal(new byte[] { 3, 3, 3, 3, 2, 1, 1 }, DimensionBinning.QuantileBreaks(3, ScoreDirection.LowerIsBetter).Score(Seven));
    }

    [Fact]
    public void QuantileBreaks_interpolates_like_R_quantile_type_7()
    {
        // R: quantile(1:10, c(.2, .4, .6, .8)) = 2.8 4.6 6.4 8.2  (h = 9 x 0.2 = 1.8 -> 2 + 0.8 x (3 - 2) = 2.8, ...)
        double[] v = Enumerable.Range(1, 10).Select(i => (double)i).ToArray();
        double[] cuts = DimensionBinning.QuantileBreaks().CutPoints(v);
        Assert.Equal(new[] { 2.8, 4.6, 6.4, 8.2 }, cuts, (a, b) => Math.Abs(a - b) < 1e-12);

        // 1, 2 -> 1; 3, 4 -> 2; 5, 6 -> 3; 7, 8 -> 4; 9, 10 -> 5.
        Assert.Equal(new byte[] { 1, 1, 2, 2, 3, 3, 4, 4, 5, 5 }, DimensionBinning.QuantileBreaks().Score(v));
    }

    [Fact]
    public void QuantileBreaks_collapses_duplicate_cut_points_when_60_percent_share_a_value()
    {
        // 1 x6, 2, 3, 4, 5; k = 5: h = 1.8, 3.6 -> 1, 1; h = 5.4 -> 1 + 0.4 x (2 - 1) = 1.4; h = 7.2 -> 3 + 0.2 x (4 - 3) = 3.2.
        double[] v = [1, 1, 1, 1, 1, 1, 2, 3, 4, 5];
        var b = DimensionBinning.QuantileBreaks();
        Assert.Equal(new[] { 1, 1, 1.4, 3.2 }, b.CutPoints(v), (x, y) => Math.Abs(x - y) < 1e-12);

        // 1: no cut strictly below -> 1. 2, 3: three cuts below -> 4. 4, 5: four cuts below -> 5. Scores 2 and 3 stay empty.
        Assert.Equal(new byte[] { 1, 1, 1, 1, 1, 1, 4, 4, 5, 5 }, b.Score(v));
    }

    [Fact]
    public void FixedThresholds_are_right_closed()
    {
        // Thresholds 100, 500: (-inf, 100] -> 1, (100, 500] -> 2, (500, inf) -> 3.
        var b = DimensionBinning.FixedThresholds(ScoreDirection.HigherIsBetter, 100, 500);
        Assert.Equal(3, b.Bins);
        Assert.Equal(new byte[] { 1, 1, 2, 2, 3, 1 }, b.Score([100, 99.99, 100.01, 500, 501, -40]));

        // Recency thresholds 30, 90 days, lower is better: <= 30 days -> 3, (30, 90] -> 2, > 90 -> 1.
        var r = DimensionBinning.FixedThresholds(ScoreDirection.LowerIsBetter, 30, 90);
        Assert.Equal(new byte[] { 3, 3, 2, 2, 1 }, r.Score([0, 30, 31, 90, 91]));
    }

    [Fact]
    public void FixedThresholds_validation_names_the_problem()
    {
        var e = Assert.Throws<ArgumentException>(() => DimensionBinning.FixedThresholds(ScoreDirection.HigherIsBetter, 5, 5));
        Assert.Contains("strictly ascending", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => DimensionBinning.FixedThresholds(ScoreDirection.HigherIsBetter, 1, double.NaN));
        Assert.Contains("Threshold 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DimensionBinning.FixedThresholds(ScoreDirection.HigherIsBetter));
        Assert.Throws<ArgumentException>(() => DimensionBinning.FixedThresholds(ScoreDirection.HigherIsBetter, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(11)]
    public void Bins_outside_2_to_10_are_rejected(int k)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DimensionBinning.Ntile(k));
    }

    [Fact]
    public void Negative_values_are_ordinary_numbers()
    {
        // Refund-heavy customers: -50 < -10 < 0 < 10.
        Assert.Equal(new byte[] { 2, 1, 3, 4 }, DimensionBinning.Ntile(4).Score([-10, -50, 0, 10]));
    }

    [Fact]
    public void NaN_names_the_parameter_and_customer_position()
    {
        foreach (var b in new[] { DimensionBinning.Ntile(), DimensionBinning.QuantileBreaks(), DimensionBinning.FixedThresholds(ScoreDirection.HigherIsBetter, 1) })
        {
            var e = Assert.Throws<ArgumentException>(() => b.Score([1, 2, double.NaN, 4]));
            Assert.Equal("values", e.ParamName);
            Assert.Contains("position 2", e.Message, StringComparison.Ordinal);
            Assert.Contains("NaN", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Tie_break_rank_must_be_a_permutation()
    {
        var e = Assert.Throws<ArgumentException>(() => DimensionBinning.Ntile().Score([1, 2, 3], [0, 0, 2]));
        Assert.Equal("tieBreakRank", e.ParamName);
        Assert.Throws<ArgumentException>(() => DimensionBinning.Ntile().Score([1, 2, 3], [0, 1, 3]));
        Assert.Throws<ArgumentException>(() => DimensionBinning.Ntile().Score([1, 2, 3], [0, 1]));
        Assert.Throws<ArgumentException>(() => DimensionBinning.QuantileBreaks().Score([1, 2, 3], [0, 1, 1]));
    }

    [Fact]
    public void Empty_and_single_inputs()
    {
        foreach (var b in new[] { DimensionBinning.Ntile(), DimensionBinning.NtileTiesShared(), DimensionBinning.QuantileBreaks() })
        {
            Assert.Empty(b.Score([]));
        }

        // One customer: NTILE puts row 1 in group 1; a single value equals every cut point, so it is in bin 1 (score 1, or k reversed).
        Assert.Equal(new byte[] { 1 }, DimensionBinning.Ntile().Score([42]));
        Assert.Equal(new byte[] { 1 }, DimensionBinning.QuantileBreaks().Score([42]));
        Assert.Equal(new byte[] { 5 }, DimensionBinning.QuantileBreaks(5, ScoreDirection.LowerIsBetter).Score([42]));
    }
}
