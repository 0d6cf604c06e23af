using System.Globalization;
using System.Runtime.InteropServices;
using CustomerScoring.Numerics.Sorting;

namespace CustomerScoring.Transactions;

/// <summary>
/// Maps the caller's own customer keys (string, long, Guid, ...) to the dense indices that
/// <see cref="TransactionBatch"/> uses, and back. Indices are given out in first-seen order, from 0.
/// </summary>
/// <typeparam name="TKey">The caller's key type.</typeparam>
/// <remarks>Not thread-safe for writing; concurrent reads are safe once writing has finished. The order of the keys (what
/// keyed scoring breaks ties by) is computed once, on first use, and kept with the map until a key is added. A map filled by
/// a reader (<c>TransactionCsvReader</c>) may hold string keys as their numbers or UTF-8 bytes and make each string on its
/// first read (equal strings from concurrent first reads, one of which is kept).</remarks>
public sealed class CustomerKeyMap<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, int> _indexOf;
    private readonly List<TKey> _keys;
    private readonly Lock _rankLock = new();
    private readonly Lock _indexLock = new();
    private KeyRanking? _ranking;

    /// <summary>The number of keys (from index 0) that <see cref="_indexOf"/> holds: keys added by <see cref="AddNew"/>
    /// are indexed on the first lookup after them.</summary>
    private int _indexed;

    /// <summary>
    /// String keys added without their strings (<see cref="AddNumber"/>, <see cref="AddUtf8"/>), null until the first. Such
    /// a key's string is made on first use (<see cref="KeyOf"/>, <see cref="Keys"/>, a lookup by key) and kept; until then its
    /// slot in <see cref="_keys"/> is null.
    /// </summary>
    private DeferredKeys? _deferred;

    /// <summary>Whether some deferred key may still have no string.</summary>
    private volatile bool _unmade;

    /// <summary>Creates an empty map.</summary>
    /// <param name="comparer">Key comparer; the default comparer of <typeparamref name="TKey"/> when null.</param>
    public CustomerKeyMap(IEqualityComparer<TKey>? comparer = null)
    {
        _indexOf = new Dictionary<TKey, int>(comparer);
        _keys = [];
    }

    /// <summary>The number of distinct customers.</summary>
    public int Count => _keys.Count;

    /// <summary>The keys, in index order: <c>Keys[i]</c> is the key of customer index <c>i</c>.</summary>
    public IReadOnlyList<TKey> Keys
    {
        get
        {
            MakeAll();
            return _keys;
        }
    }

    /// <summary>The dense index of <paramref name="key"/>, adding it when it is new.</summary>
    public int GetOrAdd(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        EnsureIndexed();
        ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_indexOf, key, out bool exists);
        if (!exists)
        {
            slot = _keys.Count;
            _keys.Add(key);
            _deferred?.AddMade();

            _indexed = _keys.Count;
        }

        return slot;
    }

    /// <summary>
    /// Adds a key that the caller knows is not in the map (a reader that keeps its own table of the keys it has seen) and
    /// returns its index, without indexing it: the lookups by key (<see cref="GetOrAdd"/>, <see cref="TryGetIndex"/>,
    /// <see cref="IndexOf"/>) index such keys on first use, so an import of a million customers does not fill a dictionary
    /// that nothing may ask. A key already present makes that first lookup throw.
    /// </summary>
    internal int AddNew(TKey key)
    {
        _keys.Add(key);
        _deferred?.AddMade();
        return _keys.Count - 1;
    }

    /// <summary>
    /// <see cref="AddNew"/> for the string key that is the invariant decimal text of <paramref name="value"/> (no sign, no
    /// leading zero, at most 8 digits), without making the string: it is made on first use. Only for string keys.
    /// </summary>
    internal int AddNumber(int value)
    {
        Deferred().AddNumber(value);
        return AddUnmade();
    }

    /// <summary>
    /// <see cref="AddNew"/> for the string key whose UTF-8 bytes (valid UTF-8) are <paramref name="utf8"/>, without making
    /// the string: it is made on first use. Only for string keys.
    /// </summary>
    internal int AddUtf8(ReadOnlySpan<byte> utf8)
    {
        Deferred().AddUtf8(utf8);
        return AddUnmade();
    }

    private DeferredKeys Deferred()
    {
        if (typeof(TKey) != typeof(string))
        {
            throw new InvalidOperationException("Only a string key map takes keys without their strings.");
        }

        return _deferred ??= new DeferredKeys(_keys.Count);
    }

    private int AddUnmade()
    {
        _keys.Add(default!);
        _unmade = true;
        return _keys.Count - 1;
    }

    /// <summary>The UTF-8 byte count of the text of key <paramref name="index"/> when it was added without its string, else -1
    /// (read the key with <see cref="KeyOf"/>).</summary>
    internal int DeferredByteCount(int index) => _deferred is { } d && d.IsDeferred(index) ? d.ByteCount(index) : -1;

    /// <summary>Writes the UTF-8 text of key <paramref name="index"/> (<see cref="DeferredByteCount"/> bytes, not -1) to <paramref name="to"/>.</summary>
    internal void WriteDeferred(int index, Span<byte> to) => _deferred!.WriteUtf8(index, to);

    /// <summary>Makes the string of deferred key <paramref name="index"/> and keeps it. Threads that make the same key at
    /// once each store an equal string, one of which stays.</summary>
    private TKey Make(int index)
    {
        TKey key = (TKey)(object)_deferred!.MakeString(index);
        CollectionsMarshal.AsSpan(_keys)[index] = key; // not the indexer: it would count a change, failing enumerations
        return key;
    }

    /// <summary>Makes every deferred key's string not made yet.</summary>
    private void MakeAll()
    {
        if (!_unmade)
        {
            return;
        }

        lock (_indexLock)
        {
            if (!_unmade)
            {
                return;
            }

            Span<TKey> keys = CollectionsMarshal.AsSpan(_keys);
            for (int i = 0; i < keys.Length; i++)
            {
                if (keys[i] is null)
                {
                    Make(i);
                }
            }

            _unmade = false;
        }
    }

    /// <summary>Looks up the index of a known key.</summary>
    public bool TryGetIndex(TKey key, out int index)
    {
        EnsureIndexed();
        return _indexOf.TryGetValue(key, out index);
    }

    /// <summary>The index of a known key.</summary>
    /// <exception cref="KeyNotFoundException">The key was never added; the message names it.</exception>
    public int IndexOf(TKey key) =>
        TryGetIndex(key, out int index) ? index : throw new KeyNotFoundException($"Customer key '{key}' is not in the map.");

    /// <summary>Indexes the keys added by <see cref="AddNew"/> (once; safe when several readers look up at once).</summary>
    private void EnsureIndexed()
    {
        if (Volatile.Read(ref _indexed) == _keys.Count)
        {
            return;
        }

        MakeAll();
        lock (_indexLock)
        {
            int count = _keys.Count;
            for (int i = _indexed; i < count; i++)
            {
                if (!_indexOf.TryAdd(_keys[i], i))
                {
                    throw new InvalidOperationException($"Customer key '{_keys[i]}' was added twice (indices {_indexOf[_keys[i]]} and {i}).");
                }
            }

            Volatile.Write(ref _indexed, count);
        }
    }

    /// <summary>The key of customer index <paramref name="index"/>.</summary>
    public TKey KeyOf(int index)
    {
        if ((uint)index >= (uint)_keys.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Customer index must be in 0..{_keys.Count - 1}.");
        }

        return _keys[index] ?? Make(index);
    }

    /// <summary>
    /// The rank of each customer index's key in <paramref name="comparer"/> order (<c>ranks[i]</c> is the position of
    /// <c>Keys[i]</c> among all keys, from 0): sorted once, on first use, and kept with the map for the same comparer and
    /// key count, so repeated keyed scoring does not compare keys again. Safe to call from several threads once writing has
    /// finished; do not change the returned array.
    /// </summary>
    internal int[] KeyRanks(IComparer<TKey> comparer)
    {
        KeyRanking? ranking = Volatile.Read(ref _ranking);
        if (ranking is not null && ranking.Count == _keys.Count && ReferenceEquals(ranking.Comparer, comparer))
        {
            return ranking.Ranks;
        }

        lock (_rankLock)
        {
            ranking = _ranking;
            if (ranking is null || ranking.Count != _keys.Count || !ReferenceEquals(ranking.Comparer, comparer))
            {
                ranking = new KeyRanking(comparer, _keys.Count, RankKeys(comparer));
                Volatile.Write(ref _ranking, ranking);
            }

            return ranking.Ranks;
        }
    }

    private int[] RankKeys(IComparer<TKey> comparer)
    {
        if (typeof(TKey) == typeof(string) && ReferenceEquals(comparer, StringComparer.Ordinal) && _deferred is { } deferred
            && deferred.DeferredCount == _keys.Count && !deferred.AnyBeyondBmp)
        {
            // Every key is a number's text or UTF-8 bytes of characters up to U+FFFF: their byte order is the strings'
            // ordinal order, so the keys are ranked without making strings.
            return ByteStringOrder.Ranks(deferred);
        }

        MakeAll();
        if (typeof(TKey) == typeof(string) && ReferenceEquals(comparer, StringComparer.Ordinal))
        {
            // Ordinal order of strings (the default for string keys) by a radix sort on their UTF-16 units: the same order
            // as sorting with the comparer, without comparing strings in the common case.
            return OrdinalStringOrder.Ranks(System.Runtime.InteropServices.CollectionsMarshal.AsSpan((List<string>)(object)_keys));
        }

        int n = _keys.Count;
        TKey[] keys = _keys.ToArray();
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order, comparer);
        var ranks = new int[n];
        for (int k = 0; k < n; k++)
        {
            ranks[order[k]] = k;
        }

        return ranks;
    }

    /// <summary>One computed key order: for which comparer and how many keys.</summary>
    private sealed record KeyRanking(IComparer<TKey> Comparer, int Count, int[] Ranks);

    /// <inheritdoc />
    public override string ToString() => $"CustomerKeyMap<{typeof(TKey).Name}>: {Count:N0} customers";
}
