using System.Text.Unicode;
using CustomerScoring.Transactions;

namespace CustomerScoring.Csv;

/// <summary>
/// Customer ids from UTF-8 fields to dense indices: the <see cref="Utf8KeyTable"/> finds a known id without
/// decoding it; a new id is decoded once into the string kept in the public <see cref="CustomerKeyMap{TKey}"/>.
/// </summary>
internal sealed class CustomerIdTable
{
    private const int MaxCustomerIdBytes = Utf8KeyTable.MaxKeyBytes;

    private readonly Utf8KeyTable _table = new();
    private char[] _chars = new char[256];

    /// <summary>The public map, index to id.</summary>
    public CustomerKeyMap<string> Map { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts a lookup so the memory access overlaps other work; finish it with <see cref="Find"/>.</summary>
    public Utf8KeyTable.Probe Start(ReadOnlySpan<byte> id) => _table.Start(id);

    /// <summary>The index of a known customer; -1 for a new one (then decoded, ready for <see cref="Add"/>); -2 for an
    /// id that is not valid UTF-8 or is too long.</summary>
    public int Find(ReadOnlySpan<byte> id, Utf8KeyTable.Probe probe, out NewId newId)
    {
        int index = _table.Find(id, probe, out ulong hash);
        newId = new NewId(hash, 0);
        if (index >= 0)
        {
            return index;
        }

        if (id.Length > _chars.Length)
        {
            if (id.Length > MaxCustomerIdBytes)
            {
                return -2;
            }

            _chars = new char[Math.Max(id.Length, _chars.Length * 2)];
        }

        if (Utf8.ToUtf16(id, _chars, out _, out int charCount, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            return -2;
        }

        newId = new NewId(hash, charCount);
        return -1;
    }

    /// <summary>Adds the id that <see cref="Find"/> just did not find.</summary>
    public int Add(ReadOnlySpan<byte> id, NewId newId)
    {
        int index = Map.GetOrAdd(new string(_chars, 0, newId.CharCount));
        _table.Add(id, newId.Hash, index);
        return index;
    }

    /// <summary>Adds the id that <see cref="Find"/> just did not find to the table only (a parallel worker's own table,
    /// whose indices are its own, without strings): returns its index, counted in the table.</summary>
    public int AddLocal(ReadOnlySpan<byte> id, NewId newId)
    {
        int index = _table.Count;
        _table.Add(id, newId.Hash, index);
        return index;
    }

    /// <summary>What <see cref="Add"/> needs of a lookup that found nothing.</summary>
    internal readonly record struct NewId(ulong Hash, int CharCount);
}
