using System.Runtime.InteropServices;

namespace CustomerScoring.Numerics.Sorting;

/// <summary>Dense ranks of a column's values: the position of each value among the column's distinct values, ascending.</summary>
internal static class DenseRanks
{
    /// <summary>The most distinct values ranked through a hash map.</summary>
    internal const int FewLimit = 4096;

    /// <summary>
    /// Writes into <paramref name="ranks"/> the position of each value among the distinct values (ascending; −0 equals 0)
    /// and returns those distinct values. The same values give the same ranks whatever their order. NaN must be rejected first.
    /// </summary>
    /// <remarks>
    /// A column of small whole numbers is ranked through a table indexed by the value; up to <see cref="FewLimit"/> distinct values a hash map of them (small, so in cache) ranks the column; a column with
    /// more (continuous recencies, ages, spends) is ranked by a radix sort of its values' order-preserving keys with their
    /// positions and one walk over the sorted keys: linear, where the hash map would miss the cache and the comparison
    /// sort of the distinct values would dominate. Both give the same ranks.
    /// </remarks>
    public static double[] Compute(ReadOnlySpan<double> values, Span<int> ranks) =>
        TrySmallWholeNumbers(values, ranks) ?? TryFewDistinct(values, ranks) ?? ByRadixSort(values, ranks);

    /// <summary>Columns of small whole numbers (purchase counts, whole days or weeks, the usual summaries): a table indexed by
    /// the value, no hashing. Gives up (null) at the first value that is not a whole number from 0 to the larger of
    /// <see cref="FewLimit"/> and the column's length (so the table is never larger than the work).</summary>
    private static double[]? TrySmallWholeNumbers(ReadOnlySpan<double> values, Span<int> ranks)
    {
        double limit = Math.Max(FewLimit, values.Length);
        double max = -1;
        foreach (double v in values)
        {
            if (!(v >= 0.0 && v <= limit) || v != Math.Floor(v))
            {
                return null; // also NaN
            }

            max = Math.Max(max, v);
        }

        // rankOf[v]: 0 when v does not occur, else its rank + 1.
        var rankOf = new int[(int)max + 1];
        foreach (double v in values)
        {
            rankOf[(int)v] = 1;
        }

        int distinct = 0;
        for (int v = 0; v < rankOf.Length; v++)
        {
            if (rankOf[v] != 0)
            {
                rankOf[v] = ++distinct;
            }
        }

        var sorted = new double[distinct];
        for (int v = 0; v < rankOf.Length; v++)
        {
            if (rankOf[v] != 0)
            {
                sorted[rankOf[v] - 1] = v;
            }
        }

        for (int i = 0; i < values.Length; i++)
        {
            ranks[i] = rankOf[(int)values[i]] - 1;
        }

        return sorted;
    }

    /// <summary>Columns with few distinct values (purchase counts, whole days or weeks): a small hash map of the values
    /// seen, which stays in cache, then a sort of the distinct values. Gives up (null) past <see cref="FewLimit"/> values.</summary>
    private static double[]? TryFewDistinct(ReadOnlySpan<double> values, Span<int> ranks)
    {
        var slots = new Dictionary<double, int>();
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i] == 0.0 ? 0.0 : values[i];
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(slots, v, out bool exists);
            if (!exists)
            {
                if (slots.Count > FewLimit)
                {
                    return null;
                }

                slot = slots.Count - 1;
            }

            ranks[i] = slot;
        }

        var sorted = new double[slots.Count];
        var slotOf = new int[slots.Count];
        foreach (KeyValuePair<double, int> pair in slots)
        {
            sorted[pair.Value] = pair.Key;
            slotOf[pair.Value] = pair.Value;
        }

        Array.Sort(sorted, slotOf);
        int[] rankOfSlot = new int[sorted.Length];
        for (int r = 0; r < slotOf.Length; r++)
        {
            rankOfSlot[slotOf[r]] = r;
        }

        for (int i = 0; i < values.Length; i++)
        {
            ranks[i] = rankOfSlot[ranks[i]];
        }

        return sorted;
    }

    /// <summary>Any column: the values' order-preserving keys radix-sorted with their positions, then one walk hands out the ranks.</summary>
    private static double[] ByRadixSort(ReadOnlySpan<double> values, Span<int> ranks)
    {
        int n = values.Length;
        var keys = new ulong[n];
        var positions = new int[n];
        for (int i = 0; i < n; i++)
        {
            keys[i] = RadixSort.ToOrderedKey(values[i]);
            positions[i] = i;
        }

        RadixSort.SortPairs(keys, positions, new ulong[n], new int[n]);
        int distinct = 1;
        for (int k = 1; k < n; k++)
        {
            distinct += keys[k] != keys[k - 1] ? 1 : 0;
        }

        var sorted = new double[distinct];
        int rank = 0;
        sorted[0] = RadixSort.FromOrderedKey(keys[0]);
        ranks[positions[0]] = 0;
        for (int k = 1; k < n; k++)
        {
            if (keys[k] != keys[k - 1])
            {
                sorted[++rank] = RadixSort.FromOrderedKey(keys[k]);
            }

            ranks[positions[k]] = rank;
        }

        return sorted;
    }

    /// <summary>Bits needed to hold the ranks 0 .. <paramref name="count"/> − 1 (0 for one value).</summary>
    public static int Bits(int count) => count <= 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(count - 1));
}
