using CustomerScoring.Transactions;

namespace CustomerScoring.Csv;

/// <summary>
/// The rows of the sequential reader whose customer id has not been looked up yet: a block of up to
/// <see cref="Capacity"/> parsed rows (id bytes copied, timestamp, amount, margin). <see cref="Flush"/> first starts the
/// lookup of every id of the block (independent memory accesses, so the cache misses of a large customer table overlap
/// instead of coming one per row), then finds or adds the ids and appends the rows in file order: the customer
/// indices, the order of first appearance and the batches are those of row-by-row lookups.
/// </summary>
internal sealed class PendingRows
{
    /// <summary>Rows per block.</summary>
    public const int Capacity = 128;

    private readonly int[] _keyEnd = new int[Capacity];
    private readonly DateTime[] _time = new DateTime[Capacity];
    private readonly double[] _amount = new double[Capacity];
    private readonly double[] _margin = new double[Capacity];
    private readonly Utf8KeyTable.Probe[] _probes = new Utf8KeyTable.Probe[Capacity];
    private byte[] _keys = new byte[Capacity * 16];
    private int _count;

    /// <summary>The rows waiting.</summary>
    public int Count => _count;

    /// <summary>Whether the block is full (flush it before adding more).</summary>
    public bool IsFull => _count == Capacity;

    /// <summary>Adds a row whose id is valid UTF-8 of at most <see cref="Utf8KeyTable.MaxKeyBytes"/> bytes.</summary>
    public void Add(ReadOnlySpan<byte> customerId, DateTime timestamp, double amount, double margin)
    {
        int start = _count == 0 ? 0 : _keyEnd[_count - 1];
        int end = start + customerId.Length;
        if (end > _keys.Length)
        {
            Array.Resize(ref _keys, Math.Max(end, 2 * _keys.Length));
        }

        customerId.CopyTo(_keys.AsSpan(start));
        _keyEnd[_count] = end;
        _time[_count] = timestamp;
        _amount[_count] = amount;
        _margin[_count] = margin;
        _count++;
    }

    /// <summary>Looks up (or adds) every waiting id in order and appends the rows to <paramref name="chunks"/>, which must have room.</summary>
    public void Flush(CustomerIdTable customers, TransactionChunks chunks)
    {
        int count = _count;
        for (int i = 0; i < count; i++)
        {
            _probes[i] = customers.Start(Key(i));
        }

        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> key = Key(i);
            int customer = customers.Find(key, _probes[i], out CustomerIdTable.NewId newId);
            if (customer == -2)
            {
                throw new InvalidOperationException("A customer id that was checked when its line was read failed the lookup.");
            }

            if (customer < 0)
            {
                customer = customers.Add(key, newId);
            }

            chunks.Append(customer, _time[i], _amount[i], _margin[i]);
        }

        _count = 0;
    }

    private ReadOnlySpan<byte> Key(int i)
    {
        int start = i == 0 ? 0 : _keyEnd[i - 1];
        return _keys.AsSpan(start, _keyEnd[i] - start);
    }
}
