using System.Runtime.CompilerServices;

namespace CustomerScoring.Transactions;

/// <summary>
/// Fills fixed-size column chunks (customer index, timestamp, amount, optional margin) row by row and hands
/// each full chunk out as a <see cref="TransactionBatch"/> with its own arrays. The chunking that
/// <see cref="TransactionBatchBuilder{TKey}"/> and the file readers share: rows go in by dense customer index,
/// so a reader that maps its keys itself (the CSV reader's UTF-8 table) appends without a key lookup.
/// </summary>
internal sealed class TransactionChunks
{
    private readonly int _chunkSize;
    private readonly bool _withMargins;
    private int[] _index;
    private DateTime[] _time;
    private double[] _amount;
    private double[]? _margin;
    private int _fill;

    /// <summary>Creates the first chunk.</summary>
    /// <param name="chunkSize">Rows per batch (at least 1).</param>
    /// <param name="withMargins">Whether rows carry a margin.</param>
    public TransactionChunks(int chunkSize, bool withMargins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _chunkSize = chunkSize;
        _withMargins = withMargins;
        _index = new int[chunkSize];
        _time = new DateTime[chunkSize];
        _amount = new double[chunkSize];
        _margin = withMargins ? new double[chunkSize] : null;
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
        int i = _fill;
        _index[i] = customerIndex;
        _time[i] = timestamp;
        _amount[i] = amount;
        if (_margin is not null)
        {
            _margin[i] = margin;
        }

        _fill = i + 1;
    }

    /// <summary>Returns the rows filled so far as a batch (null when there are none) and starts a new chunk.</summary>
    public TransactionBatch? Take()
    {
        if (_fill == 0)
        {
            return null;
        }

        var batch = new TransactionBatch(
            _index.AsMemory(0, _fill), _time.AsMemory(0, _fill), _amount.AsMemory(0, _fill),
            _margin is null ? default(ReadOnlyMemory<double>?) : new ReadOnlyMemory<double>(_margin, 0, _fill));
        _index = new int[_chunkSize];
        _time = new DateTime[_chunkSize];
        _amount = new double[_chunkSize];
        _margin = _withMargins ? new double[_chunkSize] : null;
        _fill = 0;
        return batch;
    }
}
