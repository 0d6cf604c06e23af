using CustomerScoring.Numerics.Sorting;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Numerics;

/// <summary>
/// CustomerOrder (the radix sort behind ABC classes, Lorenz curves and tie-shared NTILE) against a plain LINQ stable sort:
/// by value (ascending or descending), ties by tie-break rank, negatives clipped when asked, -0 equal to 0.
/// </summary>
public class CustomerOrderTests
{
    [Property(MaxTest = 300)]
    public bool Orders_like_a_stable_sort_by_value_then_rank(int[] raw, int seed, bool descending, bool clip, byte kind)
    {
        var rng = new Random(seed);
        double[] values = (kind % 4) switch
        {
            0 => raw.Select(x => (double)(x % 30)).ToArray(),                      // small whole numbers with negatives
            1 => raw.Select(x => (double)x).ToArray(),                             // whole numbers, possibly a wide range
            2 => raw.Select(x => (x % 50) + 0.25 * (x % 3)).ToArray(),             // fractions
            _ => raw.Select(x => x % 2 == 0 ? -0.0 : (double)(x % 5)).ToArray(),   // negative zero among whole numbers
        };
        int n = values.Length;
        int[] rank = Enumerable.Range(0, n).ToArray();
        bool withRank = rng.Next(2) == 0;
        if (withRank)
        {
            rng.Shuffle(rank);
        }

        double Sortable(double v) => clip && v < 0 ? 0d : v == 0 ? 0d : v;
        var ranked = Enumerable.Range(0, n).Select(c => (Customer: c, Value: Sortable(values[c]), Rank: rank[c]));
        int[] expected = (descending ? ranked.OrderByDescending(t => t.Value) : ranked.OrderBy(t => t.Value))
            .ThenBy(t => t.Rank).Select(t => t.Customer).ToArray();

        using CustomerOrder order = CustomerOrder.Create(values, withRank ? rank : [], descending, "rank", clip);
        double[] sortedValues = order.Keys.ToArray().Select(RadixSort.FromOrderedKey).ToArray();
        return order.Customers.SequenceEqual(expected)
            && sortedValues.SequenceEqual(expected.Select(c => Sortable(values[c])));
    }
}
