using CustomerScoring.Numerics.Sorting;
using Xunit;

namespace CustomerScoring.Tests.Numerics;

public class DenseRanksTests
{
    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (int n in new[] { 0, 1, 2, 3, 17, 255, 256, 257, 5000, 70_000 })
        {
            foreach (int kind in new[] { 0, 1, 2, 3, 4, 5 })
            {
                data.Add(n, kind);
            }
        }

        return data;
    }

    /// <summary>Against the naive definition: the sorted distinct values (−0 as 0), each value's rank its index among them;
    /// columns of small whole numbers, with few and with many distinct values (the three ways DenseRanks ranks).</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Ranks_equal_the_position_among_the_sorted_distinct_values(int n, int kind)
    {
        var rng = new Random((n * 31) + kind);
        double[] values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = kind switch
            {
                0 => rng.Next(40),                                      // few whole numbers (frequencies)
                1 => Math.Round(rng.NextDouble() * 400, 1) - 0.05,     // up to 4,001 values with ties (the hash map's range)
                3 => Math.Round(rng.NextDouble() * 20_000) / 7,         // more than 4,096 values with ties (the radix sort's range)
                4 => rng.Next(9_000),                                   // whole numbers, up to more than the column's length
                5 => rng.Next(3) == 0 ? -0.0 : rng.Next(100) + (i == n - 1 && n % 2 == 1 ? 0.5 : 0), // whole numbers with −0, or one fraction at the end
                _ => rng.Next(5) switch                                 // signs, zeros of both signs, extremes
                {
                    0 => rng.Next(2) == 0 ? 0.0 : -0.0,
                    1 => -rng.Next(3),
                    2 => (rng.NextDouble() - 0.5) * 1e300,
                    3 => rng.NextDouble() * 1e-300,
                    _ => rng.NextDouble(),
                },
            };
        }

        int[] ranks = new int[n];
        double[] distinct = DenseRanks.Compute(values, ranks);

        double[] expected = values.Select(v => v == 0.0 ? 0.0 : v).Distinct().Order().ToArray();
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), distinct.Select(BitConverter.DoubleToInt64Bits));
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(Array.BinarySearch(expected, values[i] == 0.0 ? 0.0 : values[i]), ranks[i]);
        }

        // The same values in another order get the same ranks.
        int[] order = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        double[] shuffled = order.Select(i => values[i]).ToArray();
        int[] shuffledRanks = new int[n];
        Assert.Equal(distinct, DenseRanks.Compute(shuffled, shuffledRanks));
        Assert.Equal(order.Select(i => ranks[i]), shuffledRanks);
    }
}
