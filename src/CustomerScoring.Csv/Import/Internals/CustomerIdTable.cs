using CustomerScoring.Numerics.Parallelism;
using CustomerScoring.Transactions;

namespace CustomerScoring.Csv;

/// <summary>
/// Customer ids from UTF-8 fields to dense indices: the <see cref="Utf8KeyTable"/> finds a known id without
/// decoding it; a new id enters the public <see cref="CustomerKeyMap{TKey}"/> as its value (a direct id, below) or its
/// UTF-8 bytes, whose string the map makes only when asked for it.
/// Ids written as small whole numbers in their one canonical form (ASCII digits, no sign, no leading zero, below
/// <see cref="DirectLimit"/>), as most exports number their customers, skip the hashing: their value indexes a plain
/// array. Which way an id goes depends on its text alone, so every id has one place, and the indices (order of first
/// appearance) are the same either way.
/// </summary>
internal sealed class CustomerIdTable
{
    private const int MaxCustomerIdBytes = Utf8KeyTable.MaxKeyBytes;

    /// <summary>Ids whose value is below this are found in the direct array (at most 2^22 entries, 16 MB).</summary>
    internal const int DirectLimit = 1 << 22;

    private readonly Utf8KeyTable _table = new();

    /// <summary>Index + 1 of the customer whose id is the canonical text of the position; 0 for none yet.</summary>
    private int[] _direct = [];

    /// <summary>The ids added to this table (by <see cref="Add"/> or <see cref="AddLocal"/>).</summary>
    private int _count;

    /// <summary>The public map, index to id.</summary>
    public CustomerKeyMap<string> Map { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts a lookup so the memory access overlaps other work; finish it with <see cref="Find"/>.</summary>
    public Utf8KeyTable.Probe Start(ReadOnlySpan<byte> id)
    {
        int value = DirectValue(id);
        if (value < 0)
        {
            return _table.Start(id);
        }

        // Prefetch the id's entry of the direct array (a cache miss in a large one) so that it is under way; Find reads it,
        // as an id added after this (earlier in the same block of rows) must be seen.
        int[] direct = _direct;
        if (value < direct.Length)
        {
            MemoryPrefetch.Prefetch(ref direct[value]);
        }

        return default;
    }

    /// <summary>The index of a known customer; -1 for a new one (its bytes checked as UTF-8, ready for <see cref="Add"/>); -2 for an
    /// id that is not valid UTF-8 or is too long.</summary>
    public int Find(ReadOnlySpan<byte> id, Utf8KeyTable.Probe probe, out NewId newId)
    {
        int value = DirectValue(id);
        if (value >= 0)
        {
            if (value < _direct.Length && _direct[value] != 0)
            {
                newId = default;
                return _direct[value] - 1;
            }

            newId = new NewId(0, value);
            return -1;
        }

        int index = _table.Find(id, probe, out ulong hash);
        newId = new NewId(hash, -1);
        if (index >= 0)
        {
            return index;
        }

        return id.Length > MaxCustomerIdBytes || !Utf8Ids.IsValid(id) ? -2 : -1;
    }

    /// <summary>Adds the id that <see cref="Find"/> just did not find.</summary>
    public int Add(ReadOnlySpan<byte> id, NewId newId)
    {
        // New to this table, so new to the map (the same ids, compared by their UTF-8 bytes and ordinally as strings),
        // unless the map got keys from elsewhere (a caller adding to the reader's public map while reading).
        // The map keeps a whole number of up to seven digits as its value and other ids as their bytes, and makes a key's
        // string only when asked for it.
        int index = Map.Count != _count ? Map.GetOrAdd(System.Text.Encoding.UTF8.GetString(id))
            : newId.Number >= 0 ? Map.AddNumber(newId.Number)
            : Map.AddUtf8(id);
        Remember(id, newId, index);
        return index;
    }

    /// <summary>Adds the id that <see cref="Find"/> just did not find to the table only (a parallel worker's own table,
    /// whose indices are its own, without strings): returns its index, the number of ids added before it.</summary>
    public int AddLocal(ReadOnlySpan<byte> id, NewId newId)
    {
        int index = _count;
        Remember(id, newId, index);
        return index;
    }

    /// <summary>
    /// The value of an id in canonical whole-number form below <see cref="DirectLimit"/> (1 to 7 ASCII digits, the first
    /// not 0 unless the id is "0"), else -1.
    /// </summary>
    internal static int DirectValue(ReadOnlySpan<byte> id)
    {
        if (id.Length is 0 or > 7 || (id[0] == (byte)'0' && id.Length > 1))
        {
            return -1;
        }

        int value = 0;
        foreach (byte b in id)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9)
            {
                return -1;
            }

            value = (value * 10) + (int)digit;
        }

        return value < DirectLimit ? value : -1;
    }

    private void Remember(ReadOnlySpan<byte> id, NewId newId, int index)
    {
        _count++;
        if (newId.Number < 0)
        {
            _table.Add(id, newId.Hash, index);
            return;
        }

        int value = newId.Number;
        if (value >= _direct.Length)
        {
            Array.Resize(ref _direct, Math.Min(DirectLimit, Math.Max(value + 1, Math.Max(1024, 2 * _direct.Length))));
        }

        _direct[value] = index + 1;
    }

    /// <summary>What <see cref="Add"/> needs of a lookup that found nothing: the hash of a hashed id, or the value of a
    /// direct one (-1 when hashed).</summary>
    internal readonly record struct NewId(ulong Hash, int Number);
}
