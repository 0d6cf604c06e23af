using CustomerScoring.Numerics.Sorting;
using FsCheck.Xunit;
using FsCheck;
using Xunit;

namespace CustomerScoring.Tests.Numerics;

public class RadixSortTests
{
    public static TheoryData<int> BoundarySizes()
    {
        var data = new TheoryData<int>();
        for (int n = 0; n <= 70; n++)
        {
            data.Add(n);
        }

        foreach (int n in new[] { 255, 256, 257, 1000, 4096, 65_537 })
        {
            data.Add(n);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BoundarySizes))]
    public void SortPairs_equals_stable_Array_Sort_on_random_doubles(int n)
    {
        var rng = new Random(n * 7919 + 1);
        double[] values = new double[n];
        for (int i = 0; i < n; i++)
        {
            // A mix of ties, signs, zeros of both signs and extreme magnitudes.
            values[i] = rng.Next(6) switch
            {
                0 => rng.Next(5),
                1 => -rng.Next(5),
                2 => rng.Next(2) == 0 ? 0.0 : -0.0,
                3 => (rng.NextDouble() - 0.5) * 1e300,
                4 => rng.NextDouble() * 1e-300,
                _ => Math.Exp(rng.NextDouble() * 20),
            };
        }

        ulong[] keys = values.Select(RadixSort.ToOrderedKey).ToArray();
        int[] items = Enumerable.Range(0, n).ToArray();
        RadixSort.SortPairs(keys, items, new ulong[n], new int[n]);

        // Reference: stable sort of indices by value (LINQ OrderBy is stable), -0.0 == 0.0 as doubles compare.
        int[] expected = Enumerable.Range(0, n).OrderBy(i => values[i]).ToArray();
        Assert.Equal(expected, items);
        double[] sortedValues = (double[])values.Clone();
        Array.Sort(sortedValues);
        Assert.Equal(sortedValues.Select(v => v == 0 ? 0.0 : v), keys.Select(RadixSort.FromOrderedKey));
    }

    [Theory]
    [MemberData(nameof(BoundarySizes))]
    public void Sort_keys_equals_Array_Sort_on_random_ulongs(int n)
    {
        var rng = new Random(n + 17);
        ulong[] keys = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            // Some keys vary only in the low bytes, some only in the high ones, so passes are skipped and taken.
            keys[i] = rng.Next(3) switch
            {
                0 => (ulong)rng.Next(300),
                1 => (ulong)rng.Next(4) << 56,
                _ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 33),
            };
        }

        ulong[] expected = (ulong[])keys.Clone();
        Array.Sort(expected);
        RadixSort.Sort(keys, new ulong[n]);
        Assert.Equal(expected, keys);
    }

    [Property(MaxTest = 200)]
    public bool Ordered_key_preserves_order(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return true; // NaN is rejected before keys are made
        }

        return Math.Sign(a.CompareTo(b)) == Math.Sign(RadixSort.ToOrderedKey(a).CompareTo(RadixSort.ToOrderedKey(b)));
    }

    [Property(MaxTest = 200)]
    public bool SortPairs_equals_Array_Sort_for_any_doubles(NormalFloat[] raw)
    {
        double[] values = raw.Select(x => x.Get).ToArray();
        ulong[] keys = values.Select(RadixSort.ToOrderedKey).ToArray();
        int[] items = Enumerable.Range(0, values.Length).ToArray();
        RadixSort.SortPairs(keys, items, new ulong[values.Length], new int[values.Length]);
        return items.SequenceEqual(Enumerable.Range(0, values.Length).OrderBy(i => values[i]));
    }
}
