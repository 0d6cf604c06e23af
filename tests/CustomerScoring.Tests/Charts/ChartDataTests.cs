using CustomerScoring.Charts;
using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Charts;

/// <summary>What each chart draws, checked against hand counts and independent LINQ recounts.</summary>
public class ChartDataTests
{
    // Thresholds 10 and 20, no value on a boundary: recency 5 -> R3, 15 -> R2, 25 -> R1; frequency 5 -> F1, 15 -> F2, 25 -> F3.
    private static readonly RfmScorer ThreeBins = new(
        DimensionBinning.FixedThresholds(ScoreDirection.LowerIsBetter, 10, 20),
        DimensionBinning.FixedThresholds(ScoreDirection.HigherIsBetter, 10, 20),
        DimensionBinning.FixedThresholds(ScoreDirection.HigherIsBetter, 10, 20));

    [Fact]
    public void Heatmap_counts_equal_a_hand_count_of_the_score_cells()
    {
        // (R, F): (3, 3), (3, 3), (1, 1), (2, 1), (3, 2)
        RfmResult rfm = ThreeBins.Score([5, 5, 25, 15, 5], [25, 25, 5, 5, 15], [1, 1, 1, 1, 1]);

        int[,] counts = RecencyFrequencyCounts.From(rfm).Counts;

        int[,] expected =
        {
            { 1, 1, 0 }, // F1: R1, R2, R3
            { 0, 0, 1 }, // F2
            { 0, 0, 2 }, // F3
        };
        Assert.Equal(expected, counts);
    }

    [Property(MaxTest = 100)]
    public bool Heatmap_counts_equal_a_recount_grouped_by_score_pair(int[] recency, int[] frequency)
    {
        int n = Math.Min(recency.Length, frequency.Length);
        if (n == 0)
        {
            return true;
        }

        RfmResult rfm = RfmScorer.Default.Score(
            recency.Take(n).Select(v => (double)v).ToArray(), frequency.Take(n).Select(v => (double)v).ToArray(), new double[n]);
        int[,] counts = RecencyFrequencyCounts.From(rfm).Counts;
        byte[] r = rfm.RecencyScores.ToArray();
        byte[] f = rfm.FrequencyScores.ToArray();
        var recount = Enumerable.Range(0, n).GroupBy(i => (r[i], f[i])).ToDictionary(g => g.Key, g => g.Count());
        for (int fs = 1; fs <= 5; fs++)
        {
            for (int rs = 1; rs <= 5; rs++)
            {
                if (counts[fs - 1, rs - 1] != recount.GetValueOrDefault(((byte)rs, (byte)fs)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 100)]
    public bool Segment_bars_equal_the_segment_counts_and_a_recount_of_revenue(int[] raw)
    {
        if (raw.Length == 0)
        {
            return true;
        }

        double[] recency = raw.Select(v => (double)Math.Abs(v % 50)).ToArray();
        double[] frequency = raw.Select(v => (double)Math.Abs(v % 7)).ToArray();
        double[] revenue = raw.Select(v => Math.Abs(v * 1.5) + 1).ToArray();
        RfmResult rfm = RfmScorer.Default.Score(recency, frequency, revenue);

        SegmentShare[] bars = SegmentShare.From(rfm, revenue, "revenue");

        double total = revenue.Sum();
        bool countsMatch = bars.All(b => b.Customers == rfm.SegmentCounts[b.SegmentIndex])
            && bars.Length == rfm.SegmentCounts.Count(c => c > 0);
        bool revenueMatches = bars.All(b =>
            Math.Abs(b.Value - Enumerable.Range(0, raw.Length).Where(i => rfm.SegmentIndices[i] == b.SegmentIndex).Sum(i => revenue[i])) < 1e-9 * total
            && Math.Abs(b.ValueShare - (b.Value / total)) < 1e-12
            && Math.Abs(b.CustomerShare - ((double)b.Customers / raw.Length)) < 1e-12
            && b.Name == rfm.Scorer.Segments.SegmentName(b.SegmentIndex));
        bool largestFirst = bars.Zip(bars.Skip(1)).All(p => p.First.Customers >= p.Second.Customers);
        return countsMatch && revenueMatches && largestFirst;
    }

    [Fact]
    public void Segment_bars_reject_values_of_another_length()
    {
        RfmResult rfm = ThreeBins.Score([5, 15], [5, 15], [5, 15]);
        var e = Assert.Throws<ArgumentException>(() => SegmentShare.From(rfm, [1.0, 2.0, 3.0], "revenue"));
        Assert.Equal("revenue", e.ParamName);
    }

    [Fact]
    public void Lorenz_marks_are_the_hand_computed_80_20_points()
    {
        // Values 5, 3, 2 (total 10). Top 20% = 0.6 customers: 0.6 x 5 = 3, share 0.3, so the poorest 80% hold 0.7.
        // 80% of the total: 5 (50%), 5 + 3 (80%) -> k = 2 of 3 customers, exactly 80%; the poorest 1/3 hold 20%.
        LorenzChartData data = LorenzChartData.From(ParetoAnalysis.Analyze([2.0, 5.0, 3.0]), customerShare: 0.2, valueShare: 0.8, points: 1001);

        Assert.Equal(0.3, data.TopValueShare, 12);
        Assert.Equal(new LorenzPoint(0.8, 0.7).CustomerShare, data.TopMark.CustomerShare, 12);
        Assert.Equal(0.7, data.TopMark.ValueShare, 12);
        Assert.Equal(2.0 / 3, data.ParetoCustomerShare, 12);
        Assert.Equal(0.8, data.ParetoValueShare, 12);
        Assert.Equal(1.0 / 3, data.ParetoMark.CustomerShare, 12);
        Assert.Equal(0.2, data.ParetoMark.ValueShare, 12);
        double[][] curve = data.Curve.Select(p => new[] { p.CustomerShare, p.ValueShare }).ToArray();
        double[][] expected = [[0, 0], [1.0 / 3, 0.2], [2.0 / 3, 0.5], [1, 1]];
        Assert.Equal(expected.Length, curve.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i][0], curve[i][0], 12);
            Assert.Equal(expected[i][1], curve[i][1], 12);
        }
    }

    [Fact]
    public void Probability_alive_grid_averages_each_cell_by_hand()
    {
        // Largest t_x 10, two bins of width 5: t_x 0, 2, 4 -> bin 0, 10 -> bin 1. Rows x = 0..3, the last "3+" (x = 5 joins x = 3).
        ProbabilityAliveGrid grid = ProbabilityAliveGrid.From(
            [0, 1, 1, 3, 5], [0, 2, 4, 10, 10], [1, 0.5, 0.7, 0.2, 0.4], recencyBins: 2, maxFrequencyRow: 3);

        Assert.Equal((4, 2), (grid.FrequencyRows, grid.RecencyBins));
        Assert.True(grid.LastRowOpen);
        Assert.Equal(5, grid.RecencyBinWidth);
        Assert.Equal(1, grid.Mean[0, 0], 12);
        Assert.Equal(0.6, grid.Mean[1, 0], 12);
        Assert.Equal(0.3, grid.Mean[3, 1], 12);
        Assert.Equal(new[,] { { 1, 0 }, { 2, 0 }, { 0, 0 }, { 0, 2 } }, grid.Count);
        Assert.True(double.IsNaN(grid.Mean[2, 0]) && double.IsNaN(grid.Mean[0, 1]) && double.IsNaN(grid.Mean[1, 1]));
    }

    [Fact]
    public void Probability_alive_grid_puts_a_recency_on_a_bin_edge_in_the_next_bin_and_keeps_rows_closed_under_the_cap()
    {
        ProbabilityAliveGrid grid = ProbabilityAliveGrid.From([1, 2], [5, 10], [0.5, 0.5], recencyBins: 2, maxFrequencyRow: 3);
        Assert.Equal(new[,] { { 0, 0 }, { 0, 1 }, { 0, 1 } }, grid.Count);
        Assert.False(grid.LastRowOpen);
    }

    [Theory]
    [InlineData(1.5, 0.5, "frequency")]
    [InlineData(-1, 0.5, "frequency")]
    [InlineData(1, 1.2, "probabilityAlive")]
    [InlineData(1, double.NaN, "probabilityAlive")]
    public void Probability_alive_grid_names_the_bad_argument(double x, double p, string parameter)
    {
        var e = Assert.Throws<ArgumentException>(() => ProbabilityAliveGrid.From([0, x], [0, 1], [1, p], 20, 15));
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains("position 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Probability_alive_grid_rejects_arrays_of_different_lengths()
    {
        var e = Assert.Throws<ArgumentException>(() => ProbabilityAliveGrid.From([0, 1], [0, 1, 2], [1, 1], 20, 15));
        Assert.Equal("recency", e.ParamName);
    }

    [Fact]
    public void Calibration_groups_average_actual_and_predicted_purchases_by_hand()
    {
        CalibrationGroup[] groups = CalibrationGroup.From([0, 0, 1, 2, 9], [0.1, 0.3, 1, 2, 5], [0, 1, 1, 3, 6], maxFrequency: 2);

        Assert.Equal(3, groups.Length);
        Assert.Equal((0, false, 2), (groups[0].Frequency, groups[0].OrMore, groups[0].Customers));
        Assert.Equal(0.5, groups[0].MeanActual, 12);
        Assert.Equal(0.2, groups[0].MeanPredicted, 12);
        Assert.Equal((1, false, 1, 1.0, 1.0), (groups[1].Frequency, groups[1].OrMore, groups[1].Customers, groups[1].MeanActual, groups[1].MeanPredicted));
        Assert.Equal((2, true, 2), (groups[2].Frequency, groups[2].OrMore, groups[2].Customers));
        Assert.Equal(4.5, groups[2].MeanActual, 12);
        Assert.Equal(3.5, groups[2].MeanPredicted, 12);
    }

    [Fact]
    public void Calibration_groups_skip_empty_groups_and_name_a_negative_prediction()
    {
        CalibrationGroup[] groups = CalibrationGroup.From([0, 3], [1, 1], [1, 1], maxFrequency: 7);
        Assert.Equal(new[] { 0, 3 }, groups.Select(g => g.Frequency));
        Assert.False(groups[1].OrMore);

        var e = Assert.Throws<ArgumentException>(() => CalibrationGroup.From([0, 3], [1, -1], [1, 1], 7));
        Assert.Equal("predictedHoldout", e.ParamName);
    }

    [Fact]
    public void Public_chart_methods_check_their_arrays()
    {
        Assert.Throws<ArgumentException>(() => CustomerCharts.ProbabilityAlive([], [], []));
        Assert.Throws<ArgumentException>(() => CustomerCharts.CalibrationVsHoldout([1], [1, 2], [1]));
    }

    [Fact]
    public void Single_row_and_single_bin_grids_still_render()
    {
        // Every customer has x = 0 and t_x = 0: one row, one non-empty cell.
        using Chart chart = CustomerCharts.ProbabilityAlive([0, 0], [0, 0], [1, 1], recencyBins: 1);
        PngImage.AssertSize(chart.ToPng(300, 200), 300, 200);
    }
}
