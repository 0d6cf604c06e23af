using System.Runtime.CompilerServices;

namespace CustomerScoring.Transactions;

/// <summary>
/// Fills fixed-size column chunks (customer index, timestamp, amount, optional margin) row by row and hands
/// each full chunk out as a <see cref="TransactionBatch"/>. The chunking that
/// <see cref="TransactionBatchBuilder{TKey}"/> and the file readers share: rows go in by dense customer index,
/// so a reader that maps its keys itself (the CSV reader's UTF-8 table) appends without a key lookup.
/// </summary>
/// <remarks>
/// The chunks are consecutive slices of larger column arrays (slabs) that double from one chunk up to
/// <see cref="MaxChunksPerSlab"/> chunks: the batches are the same, but a large input is stored in a few large arrays
/// instead of hundreds of small ones. The garbage collector commits a large array's memory at once, so Linux can back it
/// with 2 MB pages where the process asks for them (the CLI does); small arrays are committed a few pages at a time and
/// fault in 4 KB at a time (10M rows: about 50,000 page faults, ~10 µs each on a virtual machine). A small input still
/// gets one chunk-sized slab.
/// </remarks>
internal sealed class TransactionChunks
{
    /// <summary>The most chunks one slab holds (1M rows at the readers' 65,536-row batches: 4-8 MB a column).</summary>
    internal const int MaxChunksPerSlab = 16;

    /// <summary>The most rows a slab of several chunks holds (larger chunks get a slab each, as before).</summary>
    internal const int MaxSlabRows = 1 << 20;

    private readonly int _chunkSize;
    private readonly bool _withMargins;
    private int[] _index = [];
    private DateTime[] _time = [];
    private double[] _amount = [];
    private double[]? _margin;
    private int _slabChunks;
    private int _start;
    private int _fill;

    /// <summary>Creates the first chunk.</summary>
    /// <param name="chunkSize">Rows per batch (at least 1).</param>
    /// <param name="withMargins">Whether rows carry a margin.</param>
    public TransactionChunks(int chunkSize, bool withMargins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _chunkSize = chunkSize;
        _withMargins = withMargins;
        NewSlab();
    }

    /// <summary>
    /// Whether every chunk reuses the same columns (set before the first row): the batch <see cref="Take"/> returns is then
    /// valid only until the next row is appended, for a caller that is done with each batch before it reads on (a
    /// streaming summary), so that reading a file of any size touches one chunk's memory instead of all of its rows'.
    /// </summary>
    public bool Recycle { get; set; }

    /// <summary>
    /// Ends <see cref="Recycle"/> mode right after a <see cref="Take"/>: the batch just taken keeps its memory (the next rows
    /// go to new columns), as do the batches after it.
    /// </summary>
    public void StopRecycling()
    {
        if (Recycle)
        {
            Recycle = false;
            _slabChunks = 0;
            NewSlab();
        }
    }

    /// <summary>Rows in the chunk being filled.</summary>
    public int Count => _fill;

    /// <summary>Whether the chunk being filled is full (take it with <see cref="Take"/> before appending more).</summary>
    public bool IsFull => _fill == _chunkSize;

    /// <summary>Rows the chunk being filled still has room for.</summary>
    public int Free => _chunkSize - _fill;

    /// <summary>Appends one row to the chunk being filled, which must not be full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(int customerIndex, DateTime timestamp, double amount, double margin)
    {
        int i = _start + _fill;
        _index[i] = customerIndex;
        _time[i] = timestamp;
        _amount[i] = amount;
        if (_margin is not null)
        {
            _margin[i] = margin;
        }

        _fill++;
    }

    /// <summary>Returns the rows filled so far as a batch (null when there are none) and starts a new chunk.</summary>
    public TransactionBatch? Take()
    {
        if (_fill == 0)
        {
            return null;
        }

        var batch = new TransactionBatch(
            _index.AsMemory(_start, _fill), _time.AsMemory(_start, _fill), _amount.AsMemory(_start, _fill),
            _margin is null ? default(ReadOnlyMemory<double>?) : new ReadOnlyMemory<double>(_margin, _start, _fill));
        _start = Recycle ? 0 : _start + _fill;
        _fill = 0;
        if (_index.Length - _start < _chunkSize)
        {
            NewSlab();
        }

        return batch;
    }

    /// <summary>Columns for the next chunks: twice the last slab's chunks, up to <see cref="MaxChunksPerSlab"/> chunks and
    /// <see cref="MaxSlabRows"/> rows (one chunk at least).</summary>
    private void NewSlab()
    {
        _slabChunks = Math.Clamp(2 * _slabChunks, 1, Math.Clamp(MaxSlabRows / _chunkSize, 1, MaxChunksPerSlab));
        int rows = _chunkSize * _slabChunks;

        // Uninitialized: a batch only ever covers rows that Append wrote.
        _index = GC.AllocateUninitializedArray<int>(rows);
        _time = GC.AllocateUninitializedArray<DateTime>(rows);
        _amount = GC.AllocateUninitializedArray<double>(rows);
        _margin = _withMargins ? GC.AllocateUninitializedArray<double>(rows) : null;
        _start = 0;
    }
}
