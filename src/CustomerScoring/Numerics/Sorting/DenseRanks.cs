using System.Runtime.InteropServices;

namespace CustomerScoring.Numerics.Sorting;

/// <summary>Dense ranks of a column's values: the position of each value among the column's distinct values, ascending.</summary>
internal static class DenseRanks
{
    /// <summary>
    /// Writes into <paramref name="ranks"/> the position of each value among the distinct values (ascending; −0 equals 0)
    /// and returns those distinct values. The same values give the same ranks whatever their order. NaN must be rejected first.
    /// </summary>
    public static double[] Compute(ReadOnlySpan<double> values, Span<int> ranks)
    {
        var slots = new Dictionary<double, int>();
        var distinct = new List<double>();
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i] == 0.0 ? 0.0 : values[i];
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(slots, v, out bool exists);
            if (!exists)
            {
                slot = distinct.Count;
                distinct.Add(v);
            }

            ranks[i] = slot;
        }

        double[] sorted = [.. distinct];
        int[] slotOf = new int[sorted.Length];
        for (int i = 0; i < slotOf.Length; i++)
        {
            slotOf[i] = i;
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

    /// <summary>Bits needed to hold the ranks 0 .. <paramref name="count"/> − 1 (0 for one value).</summary>
    public static int Bits(int count) => count <= 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(count - 1));
}
