using CustomerScoring.Transactions;

namespace CustomerScoring.Csv;

/// <summary>
/// The rows of the sequential reader whose customer id has not been looked up yet: up to <see cref="Capacity"/> parsed
/// rows (id bytes copied, timestamp, amount, margin). <see cref="Flush"/> takes them a block of <see cref="Block"/> rows
/// at a time: it first starts the lookup of every id of the block (independent memory accesses, so the cache misses of a
/// large customer table overlap instead of coming one per row), then finds or adds the ids and appends the rows in file
/// order: the customer indices, the order of first appearance and the batches are those of row-by-row lookups.
/// </summary>
internal sealed class PendingRows
{
    /// <summary>Rows whose lookups are started together.</summary>
    public const int Block = 128;

    private readonly int[] _keyEnd;
    private readonly DateTime[] _time;
    private readonly double[] _amount;
    private readonly double[] _margin;
    private readonly Utf8KeyTable.Probe[] _probes = new Utf8KeyTable.Probe[Block];
    private byte[] _keys;
    private int _count;

    /// <summary>Room for <paramref name="capacity"/> rows: one block (flushed as it fills), or a batch's worth (parsed
    /// ahead while another thread looks up the rows before them).</summary>
    public PendingRows(int capacity = Block)
    {
        Capacity = capacity;
        _keyEnd = new int[capacity];
        _time = new DateTime[capacity];
        _amount = new double[capacity];
        _margin = new double[capacity];
        _keys = new byte[Math.Min(capacity, 1 << 12) * 16];
    }

    /// <summary>The rows it holds at most.</summary>
    public int Capacity { get; }

    /// <summary>The rows waiting.</summary>
    public int Count => _count;

    /// <summary>Whether it is full (flush it before adding more).</summary>
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
        for (int start = 0; start < _count; start += Block)
        {
            FlushBlock(customers, chunks, start, Math.Min(_count, start + Block));
        }

        _count = 0;
    }

    private void FlushBlock(CustomerIdTable customers, TransactionChunks chunks, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            _probes[i - start] = customers.Start(Key(i));
        }

        for (int i = start; i < end; i++)
        {
            ReadOnlySpan<byte> key = Key(i);
            int customer = customers.Find(key, _probes[i - start], out CustomerIdTable.NewId newId);
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
    }

    private ReadOnlySpan<byte> Key(int i)
    {
        int start = i == 0 ? 0 : _keyEnd[i - 1];
        return _keys.AsSpan(start, _keyEnd[i] - start);
    }
}
