using System.Buffers.Binary;

namespace CustomerScoring.Numerics.Sorting;

/// <summary>
/// Ranks byte strings in lexicographic order of their unsigned bytes, a proper prefix first: for UTF-8 texts without
/// characters beyond U+FFFF, the ordinal order of the strings they encode (UTF-16 units and UTF-8 bytes then order the same
/// way). A most-significant-digit radix sort on eight bytes at a time packed into a <see cref="ulong"/>, as
/// <see cref="OrdinalStringOrder"/> does with strings.
/// </summary>
/// <remarks>The packed key of a string at an offset holds its bytes offset..offset+7, first byte highest, with 0 past its
/// end: a smaller packed key means a smaller string, so only runs of equal keys need the next eight bytes. A run in which some
/// string has ended (where 0 may be padding or a real 0 byte), a run still tied after <see cref="MaxRadixBytes"/> bytes and a
/// short run are finished by comparing the strings themselves.</remarks>
internal static class ByteStringOrder
{
    /// <summary>Bytes sorted by packed keys before a tied run is finished by comparisons (bounds the recursion).</summary>
    internal const int MaxRadixBytes = 64;

    /// <summary>Tied runs at least this long are sorted by <see cref="RadixSort"/> on their next bytes; shorter ones by comparisons.</summary>
    private const int RadixRun = 256;

    /// <summary>The rank of each key in byte order (<c>ranks[i]</c> is key i's position); equal keys get distinct ranks in an unspecified order.</summary>
    public static int[] Ranks<TKeys>(TKeys keys)
        where TKeys : IByteKeys
    {
        int n = keys.Count;
        var order = new int[n];
        var packed = new ulong[n];
        Span<byte> scratch = stackalloc byte[16];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            packed[i] = Pack(keys.Bytes(i, scratch), 0);
        }

        var scratchKeys = new ulong[n];
        var scratchItems = new int[n];
        RadixSort.SortPairs(packed, order, scratchKeys, scratchItems);
        ResolveRuns(keys, packed, order, scratchKeys, scratchItems, 0, n, 0);
        var ranks = new int[n];
        for (int k = 0; k < n; k++)
        {
            ranks[order[k]] = k;
        }

        return ranks;
    }

    /// <summary>Bytes offset..offset+7 of <paramref name="bytes"/>, the first in the high byte, 0 past the end.</summary>
    internal static ulong Pack(ReadOnlySpan<byte> bytes, int offset)
    {
        int left = bytes.Length - offset;
        if (left >= 8)
        {
            return BinaryPrimitives.ReadUInt64BigEndian(bytes[offset..]);
        }

        ulong packed = 0;
        for (int i = 0; i < left; i++)
        {
            packed |= (ulong)bytes[offset + i] << (56 - (8 * i));
        }

        return packed;
    }

    /// <summary>Orders each run of equal packed keys in order[lo..hi), which are sorted by bytes offset..offset+7.</summary>
    private static void ResolveRuns<TKeys>(TKeys keys, ulong[] packed, int[] order, ulong[] scratchKeys, int[] scratchItems, int lo, int hi, int offset)
        where TKeys : IByteKeys
    {
        int a = lo;
        while (a < hi)
        {
            int b = a + 1;
            while (b < hi && packed[b] == packed[a])
            {
                b++;
            }

            if (b - a > 1)
            {
                SortRun(keys, packed, order, scratchKeys, scratchItems, a, b, offset);
            }

            a = b;
        }
    }

    private static void SortRun<TKeys>(TKeys keys, ulong[] packed, int[] order, ulong[] scratchKeys, int[] scratchItems, int a, int b, int offset)
        where TKeys : IByteKeys
    {
        int next = offset + 8;
        bool compare = b - a < RadixRun || next >= MaxRadixBytes;
        Span<byte> scratch = stackalloc byte[16];
        for (int k = a; k < b && !compare; k++)
        {
            compare = keys.Bytes(order[k], scratch).Length <= next;
        }

        if (compare)
        {
            Array.Sort(order, a, b - a, Comparer<int>.Create((x, y) => Compare(keys, x, y)));
            return;
        }

        for (int k = a; k < b; k++)
        {
            packed[k] = Pack(keys.Bytes(order[k], scratch), next);
        }

        int length = b - a;
        RadixSort.SortPairs(packed.AsSpan(a, length), order.AsSpan(a, length), scratchKeys.AsSpan(0, length), scratchItems.AsSpan(0, length));
        ResolveRuns(keys, packed, order, scratchKeys, scratchItems, a, b, next);
    }

    private static int Compare<TKeys>(TKeys keys, int x, int y)
        where TKeys : IByteKeys
    {
        Span<byte> sx = stackalloc byte[16];
        Span<byte> sy = stackalloc byte[16];
        return keys.Bytes(x, sx).SequenceCompareTo(keys.Bytes(y, sy));
    }
}
