using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CustomerScoring.Numerics.Sorting;

/// <summary>
/// Stable least-significant-digit radix sort over 64-bit unsigned keys, 8 bits per pass.
/// One counting pass builds all eight histograms; passes whose digit is the same for every key are skipped
/// (e.g. the low mantissa bytes of integral doubles), so sorting costs between 0 and 8 scatter passes.
/// </summary>
/// <remarks>Doubles are sorted through <see cref="ToOrderedKey"/>, an order-preserving map to <see cref="ulong"/>.</remarks>
internal static class RadixSort
{
    private const int Passes = 8;
    private const int Radix = 256;

    /// <summary>
    /// Maps a double to a <see cref="ulong"/> whose unsigned order equals the numeric order of the doubles:
    /// negative numbers have all bits flipped, non-negative numbers get the sign bit set. Negative zero is
    /// mapped like positive zero so that the two compare equal. NaN must be rejected before calling.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ToOrderedKey(double value)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value == 0d ? 0d : value);
        ulong mask = (ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL;
        return bits ^ mask;
    }

    /// <summary>Inverse of <see cref="ToOrderedKey"/> (negative zero comes back as positive zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double FromOrderedKey(ulong key)
    {
        ulong mask = (key & 0x8000_0000_0000_0000UL) != 0 ? 0x8000_0000_0000_0000UL : ulong.MaxValue;
        return BitConverter.UInt64BitsToDouble(key ^ mask);
    }

    /// <summary>Sorts <paramref name="keys"/> ascending in place, using <paramref name="scratch"/> (same length or longer).</summary>
    public static void Sort(Span<ulong> keys, Span<ulong> scratch)
    {
        Span<int> noItems = default;
        Span<int> noScratchItems = default;
        SortCore(keys, noItems, scratch, noScratchItems, withItems: false);
    }

    /// <summary>
    /// Sorts <paramref name="keys"/> ascending in place and applies the same permutation to <paramref name="items"/>.
    /// The sort is stable: items with equal keys keep their relative order. Scratch spans must be at least as long.
    /// </summary>
    public static void SortPairs(Span<ulong> keys, Span<int> items, Span<ulong> scratchKeys, Span<int> scratchItems)
    {
        if (items.Length != keys.Length)
        {
            throw new ArgumentException("Keys and items must have the same length.", nameof(items));
        }

        SortCore(keys, items, scratchKeys, scratchItems, withItems: true);
    }

    private static void SortCore(Span<ulong> keys, Span<int> items, Span<ulong> scratchKeys, Span<int> scratchItems, bool withItems)
    {
        int n = keys.Length;
        if (n < 2)
        {
            return;
        }

        if (scratchKeys.Length < n || (withItems && scratchItems.Length < n))
        {
            throw new ArgumentException("Scratch buffers are shorter than the data.", nameof(scratchKeys));
        }

        int[] histogramArray = ArrayPool<int>.Shared.Rent(Passes * Radix);
        try
        {
            Span<int> histograms = histogramArray.AsSpan(0, Passes * Radix);
            histograms.Clear();
            CountDigits(keys, histograms);

            Span<ulong> srcKeys = keys;
            Span<ulong> dstKeys = scratchKeys.Slice(0, n);
            Span<int> srcItems = items;
            Span<int> dstItems = withItems ? scratchItems.Slice(0, n) : default;
            bool inScratch = false;
            for (int pass = 0; pass < Passes; pass++)
            {
                Span<int> counts = histograms.Slice(pass * Radix, Radix);
                int shift = pass * 8;
                if (counts[(int)((srcKeys[0] >> shift) & 0xFF)] == n)
                {
                    continue; // every key has the same digit: this pass would not move anything
                }

                // Exclusive prefix sums turn counts into start offsets.
                int sum = 0;
                for (int d = 0; d < Radix; d++)
                {
                    int c = counts[d];
                    counts[d] = sum;
                    sum += c;
                }

                if (withItems)
                {
                    ScatterPairs(srcKeys, srcItems, dstKeys, dstItems, counts, shift);
                    Span<int> t = srcItems;
                    srcItems = dstItems;
                    dstItems = t;
                }
                else
                {
                    ScatterKeys(srcKeys, dstKeys, counts, shift);
                }

                Span<ulong> tk = srcKeys;
                srcKeys = dstKeys;
                dstKeys = tk;
                inScratch = !inScratch;
            }

            if (inScratch)
            {
                srcKeys.CopyTo(keys);
                if (withItems)
                {
                    srcItems.CopyTo(items);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(histogramArray);
        }
    }

    // The loops below index without bounds checks: every index is a key position below n (all spans have length >= n, checked
    // by the caller) or a digit offset below n (prefix sums of counts that total n).
    private static void CountDigits(ReadOnlySpan<ulong> keys, Span<int> histograms)
    {
        ref ulong key = ref MemoryMarshal.GetReference(keys);
        ref int h = ref MemoryMarshal.GetReference(histograms);
        for (int i = 0; i < keys.Length; i++)
        {
            ulong k = Unsafe.Add(ref key, i);
            Unsafe.Add(ref h, (int)(k & 0xFF))++;
            Unsafe.Add(ref h, Radix + (int)((k >> 8) & 0xFF))++;
            Unsafe.Add(ref h, (2 * Radix) + (int)((k >> 16) & 0xFF))++;
            Unsafe.Add(ref h, (3 * Radix) + (int)((k >> 24) & 0xFF))++;
            Unsafe.Add(ref h, (4 * Radix) + (int)((k >> 32) & 0xFF))++;
            Unsafe.Add(ref h, (5 * Radix) + (int)((k >> 40) & 0xFF))++;
            Unsafe.Add(ref h, (6 * Radix) + (int)((k >> 48) & 0xFF))++;
            Unsafe.Add(ref h, (7 * Radix) + (int)(k >> 56))++;
        }
    }

    private static void ScatterPairs(ReadOnlySpan<ulong> srcKeys, ReadOnlySpan<int> srcItems, Span<ulong> dstKeys, Span<int> dstItems, Span<int> offsets, int shift)
    {
        ref ulong sk = ref MemoryMarshal.GetReference(srcKeys);
        ref int si = ref MemoryMarshal.GetReference(srcItems);
        ref ulong dk = ref MemoryMarshal.GetReference(dstKeys);
        ref int di = ref MemoryMarshal.GetReference(dstItems);
        ref int off = ref MemoryMarshal.GetReference(offsets);
        for (int i = 0; i < srcKeys.Length; i++)
        {
            ulong k = Unsafe.Add(ref sk, i);
            int pos = Unsafe.Add(ref off, (int)((k >> shift) & 0xFF))++;
            Unsafe.Add(ref dk, pos) = k;
            Unsafe.Add(ref di, pos) = Unsafe.Add(ref si, i);
        }
    }

    private static void ScatterKeys(ReadOnlySpan<ulong> srcKeys, Span<ulong> dstKeys, Span<int> offsets, int shift)
    {
        ref ulong sk = ref MemoryMarshal.GetReference(srcKeys);
        ref ulong dk = ref MemoryMarshal.GetReference(dstKeys);
        ref int off = ref MemoryMarshal.GetReference(offsets);
        for (int i = 0; i < srcKeys.Length; i++)
        {
            ulong k = Unsafe.Add(ref sk, i);
            Unsafe.Add(ref dk, Unsafe.Add(ref off, (int)((k >> shift) & 0xFF))++) = k;
        }
    }
}
