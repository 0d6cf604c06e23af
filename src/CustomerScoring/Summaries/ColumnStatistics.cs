using System.Buffers;
using CustomerScoring.Numerics.Sorting;

namespace CustomerScoring.Summaries;

/// <summary>
/// The five-number summary and the mean of a column of numbers (a summary column such as recency or monetary value):
/// minimum, quartiles, median, maximum, mean. Quantiles are Hyndman and Fan's type 7 (the default of R and NumPy):
/// with the values sorted ascending as x[0..n-1] and h = (n - 1) p, the quantile is x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋ + 1] - x[⌊h⌋]).
/// The mean adds the values in ascending order, so every figure depends on the values alone, not on their order.
/// </summary>
/// <param name="Count">The number of values.</param>
/// <param name="Minimum">The smallest value.</param>
/// <param name="LowerQuartile">The 25% quantile.</param>
/// <param name="Median">The 50% quantile.</param>
/// <param name="UpperQuartile">The 75% quantile.</param>
/// <param name="Maximum">The largest value.</param>
/// <param name="Mean">The arithmetic mean.</param>
public sealed record ColumnStatistics(int Count, double Minimum, double LowerQuartile, double Median, double UpperQuartile, double Maximum, double Mean)
{
    /// <summary>
    /// Computes the statistics of <paramref name="values"/> (a copy is sorted: a radix sort of the values' bits, a
    /// million values in about 10 ms; the input is not changed).
    /// </summary>
    /// <param name="values">The values: at least one, all finite.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or holds NaN or an infinity.</exception>
    public static ColumnStatistics Of(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n == 0)
        {
            throw new ArgumentException("The statistics of a column need at least one value.", nameof(values));
        }

        ulong[] keys = ArrayPool<ulong>.Shared.Rent(n);
        ulong[] scratch = ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            for (int i = 0; i < n; i++)
            {
                double v = values[i];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"Value {i} is {v}: the statistics of a column need finite values.", nameof(values));
                }

                keys[i] = RadixSort.ToOrderedKey(v);
            }

            Span<ulong> sorted = keys.AsSpan(0, n);
            RadixSort.Sort(sorted, scratch.AsSpan(0, n));
            double sum = 0;
            foreach (ulong key in sorted)
            {
                sum += RadixSort.FromOrderedKey(key);
            }

            double mean = sum / n;
            if (!double.IsFinite(sum))
            {
                // Values near double.MaxValue: the sum of the values divided by n, which stays finite.
                mean = 0;
                foreach (ulong key in sorted)
                {
                    mean += RadixSort.FromOrderedKey(key) / n;
                }
            }

            static double Quantile(ReadOnlySpan<ulong> sorted, double p)
            {
                int n = sorted.Length;
                double h = ((n - 1) * p) + 1d;
                int whole = (int)h;
                double lower = RadixSort.FromOrderedKey(sorted[Math.Max(whole - 1, 0)]);
                double upper = RadixSort.FromOrderedKey(sorted[Math.Min(whole, n - 1)]);
                double fraction = h - whole, difference = upper - lower;
                return fraction == 0 ? lower
                    : double.IsFinite(difference) ? lower + (fraction * difference)
                    : ((1 - fraction) * lower) + (fraction * upper); // values of both signs near double.MaxValue
            }

            return new ColumnStatistics(n, RadixSort.FromOrderedKey(sorted[0]), Quantile(sorted, 0.25), Quantile(sorted, 0.5), Quantile(sorted, 0.75),
                RadixSort.FromOrderedKey(sorted[n - 1]), mean);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<ulong>.Shared.Return(scratch);
        }
    }
}
