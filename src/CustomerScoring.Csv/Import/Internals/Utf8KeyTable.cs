using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using CustomerScoring.Numerics.Parallelism;
using CustomerScoring.Transactions;

namespace CustomerScoring.Csv;

/// <summary>
/// Finds the customer index of a UTF-8 customer id without decoding it or allocating: an open-addressing
/// table (linear probing, at most half full) of 16-byte slots holding the key's first 8 bytes, its length,
/// 16 bits of its 64-bit hash and its index. Bytes past the eighth go to one byte arena. A lookup of a key of
/// up to 8 bytes touches one slot, so a table of a million customers (32 MB) costs about one cache miss per
/// row; every hit is confirmed byte for byte. Keys are at most 65,535 bytes.
/// </summary>
/// <remarks>
/// The hash is keyed by a seed drawn at random once per process (every table of the process uses it), so a
/// data supplier cannot craft ids that all land in one probe sequence (hash flooding, which made an import
/// quadratic with the fixed seed of earlier versions). Tests can pass a seed.
/// </remarks>
internal sealed class Utf8KeyTable
{
    /// <summary>The longest key, in bytes.</summary>
    public const int MaxKeyBytes = ushort.MaxValue;

    private const int InlineBytes = 8;

    private static readonly ulong ProcessSeed = (ulong)Random.Shared.NextInt64() ^ ((ulong)Random.Shared.NextInt64() << 1);

    private readonly ulong _seed;
    private readonly ulong _wordKey;
    private Slot[] _slots = new Slot[1024];
    private readonly ByteArena _arena = new();
    private int[] _arenaOffset = new int[1024];
    private byte[] _scratch = new byte[64];
    private int _count;

    /// <summary>Creates a table keyed by the process's random seed.</summary>
    public Utf8KeyTable()
        : this(ProcessSeed)
    {
    }

    /// <summary>Creates a table with a given hash seed (0 gives the fixed hash of earlier versions; for tests).</summary>
    internal Utf8KeyTable(ulong seed)
    {
        _seed = seed;
        _wordKey = seed == 0 ? 0 : (seed * 0xC2B2AE3D27D4EB4FUL) ^ (seed >> 29);
    }

    /// <summary>The number of keys.</summary>
    public int Count => _count;

    /// <summary>The longest distance of a key from its home slot (for tests: close to the key count under flooding).</summary>
    internal int LongestProbe()
    {
        int mask = _slots.Length - 1, longest = 0;
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].IndexPlusOne != 0)
            {
                longest = Math.Max(longest, (i - ((int)HashOfSlot(_slots[i]) & mask)) & mask);
            }
        }

        return longest;
    }

    /// <summary>The index stored for <paramref name="key"/>, or -1 (also for keys longer than <see cref="MaxKeyBytes"/>).</summary>
    public int Find(ReadOnlySpan<byte> key, out ulong hash) => Find(key, Start(key), out hash);

    /// <summary>
    /// Hashes the key and prefetches its first slot, so that the memory access (usually a cache miss in a large
    /// table) is under way while the caller does other work before calling <see cref="Find(ReadOnlySpan{byte}, Probe, out ulong)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Probe Start(ReadOnlySpan<byte> key)
    {
        ulong a = Load(key);
        ulong hash = Hash(key, a);
        Slot[] slots = _slots;
        MemoryPrefetch.Prefetch(ref slots[(int)hash & (slots.Length - 1)]);
        return new Probe(hash, a);
    }

    /// <summary>The index stored for <paramref name="key"/>, or -1, continuing a <see cref="Start"/>ed lookup of the same key.</summary>
    public int Find(ReadOnlySpan<byte> key, Probe probe, out ulong hash)
    {
        hash = probe.Hash;
        ulong a = probe.FirstWord;
        uint lengthTag = LengthTag(key.Length, hash);
        if (key.Length > MaxKeyBytes || _count == 0)
        {
            return -1;
        }

        Slot[] slots = _slots;
        int mask = slots.Length - 1;
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            ref Slot slot = ref slots[i];
            if (slot.LengthTag == lengthTag && slot.A == a && slot.IndexPlusOne != 0
                && (key.Length <= InlineBytes || RestMatches(slot.IndexPlusOne - 1, key)))
            {
                return slot.IndexPlusOne - 1;
            }

            if (slot.IndexPlusOne == 0)
            {
                return -1;
            }
        }
    }

    /// <summary>Adds a key that <c>Find</c> did not find, with the hash it gave.</summary>
    /// <exception cref="ArgumentException">The key is longer than <see cref="MaxKeyBytes"/>.</exception>
    public void Add(ReadOnlySpan<byte> key, ulong hash, int index)
    {
        if (key.Length > MaxKeyBytes)
        {
            throw new ArgumentException($"A customer id has {key.Length} bytes; the most is {MaxKeyBytes}.", nameof(key));
        }

        if ((_count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        if (key.Length > InlineBytes)
        {
            if (index >= _arenaOffset.Length)
            {
                Array.Resize(ref _arenaOffset, Math.Max(index + 1, 2 * _arenaOffset.Length));
            }

            _arenaOffset[index] = _arena.Append(key[InlineBytes..]);
        }

        Insert(_slots, new Slot { A = Load(key), IndexPlusOne = index + 1, LengthTag = LengthTag(key.Length, hash) });
        _count++;
    }

    private bool RestMatches(int index, ReadOnlySpan<byte> key) =>
        _arena.Slice(_arenaOffset[index], key.Length - InlineBytes).SequenceEqual(key[InlineBytes..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LengthTag(int length, ulong hash) => ((uint)length << 16) | (uint)(hash >> 48);

    /// <summary>The first 8 bytes of the key as a little-endian word, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Load(ReadOnlySpan<byte> key)
    {
        if (key.Length >= InlineBytes)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(key);
        }

        ulong a = 0;
        for (int i = 0; i < key.Length; i++)
        {
            a |= (ulong)key[i] << (8 * i);
        }

        return a;
    }

    /// <summary>A 64-bit hash of the key, keyed by the seed (each word is mixed with a seed-derived key before its multiply).</summary>
    private ulong Hash(ReadOnlySpan<byte> key, ulong a)
    {
        const ulong prime1 = 0x9E3779B185EBCA87UL, prime2 = 0xC2B2AE3D27D4EB4FUL;
        ulong k = _wordKey;
        ulong h = (prime1 ^ _seed ^ (ulong)key.Length) + ((a ^ k) * prime2);
        for (int i = InlineBytes; i + 8 <= key.Length; i += 8)
        {
            h = (h ^ (h >> 31)) * prime1;
            h ^= (BinaryPrimitives.ReadUInt64LittleEndian(key[i..]) ^ k) * prime2;
        }

        if (key.Length > InlineBytes && (key.Length & 7) != 0)
        {
            h = (h ^ (h >> 31)) * prime1;
            h ^= (BinaryPrimitives.ReadUInt64LittleEndian(key[^8..]) ^ k) * prime2;
        }

        h = (h ^ (h >> 29)) * prime1;
        return h ^ (h >> 32);
    }

    private void Grow()
    {
        var slots = new Slot[_slots.Length * 2];
        foreach (Slot slot in _slots)
        {
            if (slot.IndexPlusOne != 0)
            {
                Insert(slots, slot);
            }
        }

        _slots = slots;
    }

    private void Insert(Slot[] slots, Slot slot)
    {
        int mask = slots.Length - 1;
        int i = (int)HashOfSlot(slot) & mask;
        while (slots[i].IndexPlusOne != 0)
        {
            i = (i + 1) & mask;
        }

        slots[i] = slot;
    }

    private ulong HashOfSlot(Slot slot)
    {
        int length = (int)(slot.LengthTag >> 16);
        if (length <= InlineBytes)
        {
            Span<byte> key = stackalloc byte[InlineBytes];
            BinaryPrimitives.WriteUInt64LittleEndian(key, slot.A);
            return Hash(key[..length], slot.A);
        }

        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, 2 * _scratch.Length)];
        }

        Span<byte> buffer = _scratch.AsSpan(0, length);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, slot.A);
        _arena.Slice(_arenaOffset[slot.IndexPlusOne - 1], length - InlineBytes).CopyTo(buffer[InlineBytes..]);
        return Hash(buffer, slot.A);
    }

    /// <summary>A lookup under way: the key's hash, first word, and the tag of its first slot (loaded early).</summary>
    internal readonly record struct Probe(ulong Hash, ulong FirstWord);

    /// <summary>One entry: the key's first 8 bytes, its index + 1 (0 when empty), and its length (high 16 bits) with 16 bits of its hash.</summary>
    private struct Slot
    {
        public ulong A;
        public int IndexPlusOne;
        public uint LengthTag;
    }
}
