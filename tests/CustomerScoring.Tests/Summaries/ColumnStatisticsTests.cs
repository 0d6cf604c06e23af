using CustomerScoring.Summaries;
using FsCheck.Xunit;
using MathNet.Numerics.Statistics;
using Xunit;

namespace CustomerScoring.Tests.Summaries;

/// <summary>The five-number summary of a column: against MathNet's type-7 quantiles of the sorted values, a hand-computed
/// case, and independent of the values' order.</summary>
public class ColumnStatisticsTests
{
    [Fact]
    public void Hand_computed_quartiles_of_ten_values()
    {
        // Sorted 1..10: h = 9p; Q1 = x[2.25] = 3 + 0.25 = 3.25, median x[4.5] = 5.5, Q3 = x[6.75] = 7.75 (0-based); mean 5.5.
        ColumnStatistics c = ColumnStatistics.Of([7, 3, 10, 1, 5, 9, 2, 8, 4, 6]);
        Assert.Equal(new ColumnStatistics(10, 1, 3.25, 5.5, 7.75, 10, 5.5), c);
    }

    [Fact]
    public void One_value_is_every_statistic()
    {
        Assert.Equal(new ColumnStatistics(1, -2.5, -2.5, -2.5, -2.5, -2.5, -2.5), ColumnStatistics.Of([-2.5]));
    }

    [Property(MaxTest = 300)]
    public void Equals_MathNet_type_7_quantiles_of_the_sorted_values_and_the_ascending_mean(int seed)
    {
        var rng = new Random(seed);
        int n = rng.Next(1, 3000);
        double[] v = new double[n];
        for (int i = 0; i < n; i++)
        {
            // Ties, negative values, whole and fractional values, a wide range of magnitudes.
            v[i] = rng.Next(4) switch
            {
                0 => rng.Next(-3, 30),
                1 => Math.Round((rng.NextDouble() - 0.2) * 1000, 2),
                2 => rng.NextDouble() * Math.Pow(10, rng.Next(-5, 12)),
                _ => v[rng.Next(Math.Max(i, 1))],
            };
        }

        double[] sorted = (double[])v.Clone();
        Array.Sort(sorted);
        double mean = 0;
        foreach (double x in sorted)
        {
            mean += x;
        }

        ColumnStatistics c = ColumnStatistics.Of(v);
        Assert.Equal(n, c.Count);
        Assert.Equal(Bits(sorted[0]), Bits(c.Minimum));
        Assert.Equal(Bits(sorted[^1]), Bits(c.Maximum));
        Assert.Equal(Bits(SortedArrayStatistics.QuantileCustom(sorted, 0.25, QuantileDefinition.R7)), Bits(c.LowerQuartile));
        Assert.Equal(Bits(SortedArrayStatistics.QuantileCustom(sorted, 0.5, QuantileDefinition.R7)), Bits(c.Median));
        Assert.Equal(Bits(SortedArrayStatistics.QuantileCustom(sorted, 0.75, QuantileDefinition.R7)), Bits(c.UpperQuartile));
        Assert.Equal(Bits(mean / n), Bits(c.Mean));

        // Any order of the same values gives the same bits.
        double[] shuffled = (double[])v.Clone();
        rng.Shuffle(shuffled);
        Assert.Equal(c, ColumnStatistics.Of(shuffled));
    }

    [Fact]
    public void Values_near_the_largest_double_give_finite_statistics()
    {
        ColumnStatistics c = ColumnStatistics.Of([double.MaxValue, -double.MaxValue, double.MaxValue, double.MaxValue]);
        Assert.True(double.IsFinite(c.Mean) && double.IsFinite(c.LowerQuartile) && double.IsFinite(c.Median));
        Assert.Equal(double.MaxValue / 2, c.Mean, 1e292);
        Assert.Equal(double.MaxValue, c.Median);
    }

    [Fact]
    public void Empty_or_not_finite_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ColumnStatistics.Of([]));
        ArgumentException e = Assert.Throws<ArgumentException>(() => ColumnStatistics.Of([1, double.NaN]));
        Assert.Contains("Value 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ColumnStatistics.Of([double.PositiveInfinity]));
    }

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);
}
