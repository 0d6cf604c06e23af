using CustomerScoring.Numerics.Sorting;

namespace CustomerScoring.Transactions;

/// <summary>
/// Maps the caller's own customer keys (string, long, Guid, ...) to the dense indices that
/// <see cref="TransactionBatch"/> uses, and back. Indices are given out in first-seen order, from 0.
/// </summary>
/// <typeparam name="TKey">The caller's key type.</typeparam>
/// <remarks>Not thread-safe for writing; concurrent reads are safe once writing has finished. The order of the keys (what
/// keyed scoring breaks ties by) is computed once, on first use, and kept with the map until a key is added.</remarks>
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
    public IReadOnlyList<TKey> Keys => _keys;

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
        return _keys.Count - 1;
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

        return _keys[index];
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
