namespace CustomerScoring.Numerics.Sorting;

/// <summary>Dense ranks of a column's values: the position of each value among the column's distinct values, ascending.</summary>
internal static class DenseRanks
{
    /// <summary>
    /// Writes into <paramref name="ranks"/> the position of each value among the distinct values (ascending; −0 equals 0)
    /// and returns those distinct values. The same values give the same ranks whatever their order. NaN must be rejected first.
    /// </summary>
    /// <remarks>
    /// The values' order-preserving keys are radix-sorted with their positions (passes whose byte is the same for every
    /// key are skipped, so whole numbers cost two or three passes), then one walk over the sorted keys hands out the
    /// ranks: linear in the number of values, with no hashing and no comparison sort.
    /// </remarks>
    public static double[] Compute(ReadOnlySpan<double> values, Span<int> ranks)
    {
        int n = values.Length;
        if (n == 0)
        {
            return [];
        }

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
