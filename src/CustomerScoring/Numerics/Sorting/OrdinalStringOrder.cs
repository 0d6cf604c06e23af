using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CustomerScoring.Numerics.Sorting;

/// <summary>
/// Sorts strings in ordinal order (<see cref="string.CompareOrdinal(string, string)"/>: UTF-16 code units compared as
/// unsigned numbers, a proper prefix first) without comparing strings in the common case: a most-significant-digit radix
/// sort whose digits are four UTF-16 units packed into a <see cref="ulong"/>, or eight when every unit of every string is
/// below U+0100 (ids in ASCII or Latin-1: one pass sorts ids of up to eight characters).
/// </summary>
/// <remarks>
/// <para>The packed key of a string at an offset holds its units offset..offset+3, high unit first, with 0 for units past
/// its end. A smaller packed key means a smaller string in ordinal order (at the first differing unit the smaller string
/// has the smaller unit, or has ended: 0 is below every unit it could be compared with), so sorting by the packed keys is
/// a coarse ordinal sort; only runs of equal keys need the next four units. A run in which some string has already ended
/// (where 0 may be padding or a real U+0000) and runs still tied after <see cref="MaxRadixChars"/> units are finished
/// with <see cref="string.CompareOrdinal(string, string)"/> itself, so the result is always the ordinal order.</para>
/// </remarks>
internal static class OrdinalStringOrder
{
    /// <summary>Units sorted by packed keys before a tied run falls back to comparisons (bounds the recursion).</summary>
    internal const int MaxRadixChars = 64;

    /// <summary>Runs at least this long are sorted by <see cref="RadixSort"/>; shorter ones by introsort on the keys.</summary>
    private const int RadixRun = 2048;

    /// <summary>
    /// The positions of <paramref name="keys"/> in ordinal order: <c>order[k]</c> is the position of the k-th smallest key.
    /// Equal strings (possible only with duplicates) come in an unspecified order among themselves.
    /// </summary>
    public static int[] Order(ReadOnlySpan<string> keys)
    {
        int n = keys.Length;
        var order = new int[n];
        var packed = new ulong[n];
        bool narrow = AllNarrow(keys);
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            packed[i] = Pack(keys[i], 0, narrow);
        }

        var scratchKeys = new ulong[n];
        var scratchItems = new int[n];
        RadixSort.SortPairs(packed, order, scratchKeys, scratchItems);
        ResolveRuns(keys, packed, order, scratchKeys, scratchItems, 0, n, 0, narrow);
        return order;
    }

    /// <summary>Whether every unit of every string is below U+0100, so that a unit fits in a byte of a packed key.</summary>
    internal static bool AllNarrow(ReadOnlySpan<string> keys)
    {
        foreach (string key in keys)
        {
            if (key.AsSpan().ContainsAnyInRange('\u0100', '\uFFFF'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The packed key at <paramref name="offset"/>: <see cref="Pack(string, int)"/>, or <see cref="PackNarrow"/>.</summary>
    private static ulong Pack(string s, int offset, bool narrow) => narrow ? PackNarrow(s, offset) : Pack(s, offset);

    /// <summary>Units offset..offset+7 of <paramref name="s"/>, all below U+0100, one byte each, high unit first, 0 past the end.</summary>
    internal static ulong PackNarrow(string s, int offset)
    {
        int left = s.Length - offset;
        if (left >= 8)
        {
            // Eight units narrowed to their low bytes (memory order), then reversed so that the first is the highest byte.
            Vector128<ushort> units = Vector128.Create<ushort>(MemoryMarshal.Cast<char, ushort>(s.AsSpan(offset, 8)));
            ulong x = Vector128.Narrow(units, units).AsUInt64().ToScalar();
            return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(x) : x;
        }

        ulong k = 0;
        for (int j = 0; j < 8; j++)
        {
            k = (k << 8) | (j < left ? s[offset + j] : 0u);
        }

        return k;
    }

    /// <summary>The ranks of <paramref name="keys"/> in ordinal order: <c>ranks[i]</c> is how many keys come before key i.</summary>
    public static int[] Ranks(ReadOnlySpan<string> keys)
    {
        int[] order = Order(keys);
        var ranks = new int[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            ranks[order[k]] = k;
        }

        return ranks;
    }

    /// <summary>Units offset..offset+3 of <paramref name="s"/>, high unit first, 0 past the end.</summary>
    internal static ulong Pack(string s, int offset)
    {
        int left = s.Length - offset;
        if (left >= 4)
        {
            // Four units in memory order (little-endian: the first in the low 16 bits); reverse the units, not the bytes.
            ulong x = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(s.AsSpan(offset, 4)));
            if (BitConverter.IsLittleEndian)
            {
                x = BinaryPrimitives.ReverseEndianness(x);
                x = ((x & 0x00FF00FF00FF00FFUL) << 8) | ((x >> 8) & 0x00FF00FF00FF00FFUL);
            }

            return x;
        }

        ulong k = 0;
        for (int j = 0; j < 4; j++)
        {
            k = (k << 16) | (j < left ? s[offset + j] : 0u);
        }

        return k;
    }

    /// <summary>Orders every run of equal packed keys within [lo, hi) (sorted by the keys at <paramref name="offset"/>).</summary>
    private static void ResolveRuns(ReadOnlySpan<string> keys, ulong[] packed, int[] order, ulong[] scratchKeys, int[] scratchItems, int lo, int hi, int offset, bool narrow)
    {
        int start = lo;
        while (start < hi)
        {
            int end = start + 1;
            ulong key = packed[start];
            while (end < hi && packed[end] == key)
            {
                end++;
            }

            if (end - start > 1)
            {
                SortRun(keys, packed, order, scratchKeys, scratchItems, start, end, offset + (narrow ? 8 : 4), narrow);
            }

            start = end;
        }
    }

    /// <summary>Sorts order[lo..hi), whose strings agree on their first <paramref name="offset"/> units (or ended with zeros).</summary>
    private static void SortRun(ReadOnlySpan<string> keys, ulong[] packed, int[] order, ulong[] scratchKeys, int[] scratchItems, int lo, int hi, int offset, bool narrow)
    {
        Span<int> items = order.AsSpan(lo, hi - lo);
        bool compare = offset >= MaxRadixChars;
        for (int k = 0; k < items.Length && !compare; k++)
        {
            compare = keys[items[k]].Length <= offset;
        }

        if (compare)
        {
            string[] run = new string[items.Length];
            for (int k = 0; k < items.Length; k++)
            {
                run[k] = keys[items[k]];
            }

            run.AsSpan().Sort(items, StringComparer.Ordinal);
            return;
        }

        Span<ulong> runKeys = packed.AsSpan(lo, hi - lo);
        for (int k = 0; k < items.Length; k++)
        {
            runKeys[k] = Pack(keys[items[k]], offset, narrow);
        }

        if (items.Length >= RadixRun)
        {
            RadixSort.SortPairs(runKeys, items, scratchKeys.AsSpan(lo, hi - lo), scratchItems.AsSpan(lo, hi - lo));
        }
        else
        {
            runKeys.Sort(items);
        }

        ResolveRuns(keys, packed, order, scratchKeys, scratchItems, lo, hi, offset, narrow);
    }
}
