using System.Collections.Concurrent;
using CsvHelper;

namespace CustomerScoring.Csv;

/// <summary>
/// The parallel side of one <see cref="TransactionCsvReader"/>: the records after the header go through CsvHelper's
/// <see cref="CsvReader.ParallelEnumerate{T}(Func{CsvReader, T}, int)"/> to <see cref="RecordWorker"/>s (one per
/// CsvHelper worker reader, found from the reader it is given), and come back in file order. Also keeps what the
/// reading thread needs to put the results together: the records CsvHelper skipped as malformed (reported while it
/// scans, ahead of the results), and each worker's customer strings and their public indices.
/// </summary>
internal sealed class ParallelImport : IDisposable
{
    private readonly RejectionLog _log;
    private readonly bool _buildAll;
    private readonly Dictionary<CsvReader, RecordWorker> _workers = [];
    private readonly ThreadLocal<RecordWorker?> _current = new();
    private readonly ConcurrentQueue<CsvRejection> _malformed = new();
    private int[][] _public = [];
    private Dictionary<(int Worker, int Local), byte[]>? _kept;
    private IEnumerator<ParsedRecord>? _results;

    public ParallelImport(CsvImportOptions options, ColumnLayout layout, int expectedFieldCount, RejectionLog log)
    {
        Options = options;
        Layout = layout;
        ExpectedFieldCount = expectedFieldCount;
        _log = log;
        _buildAll = options.OnError == CsvErrorHandling.Fail || options.OnRejection is not null;
    }

    /// <summary>The options.</summary>
    public CsvImportOptions Options { get; }

    /// <summary>The columns.</summary>
    public ColumnLayout Layout { get; }

    /// <summary>The number of fields of a record (the header's).</summary>
    public int ExpectedFieldCount { get; }

    /// <summary>The number of workers that parsed records so far (for tests).</summary>
    public int WorkerCount
    {
        get
        {
            lock (_workers)
            {
                return _workers.Count;
            }
        }
    }

    /// <summary>Starts the workers on the rest of the input of <paramref name="reader"/>.</summary>
    public void Start(CsvReader reader, int workers) =>
        _results = reader.ParallelEnumerate(Parse, workers).GetEnumerator();

    /// <summary>Moves to the next record's result; false at the end of the input.</summary>
    /// <exception cref="CsvImportException">A record cannot be buffered (see <see cref="CsvRecordSource.Read"/>).</exception>
    public bool MoveNext(out ParsedRecord record)
    {
        try
        {
            if (_results!.MoveNext())
            {
                record = _results.Current;
                return true;
            }
        }
        catch (CsvFormatException e)
        {
            throw CsvRecordSource.Unreadable(e);
        }

        record = default;
        return false;
    }

    /// <summary>Keeps a record that CsvHelper skipped as malformed (called while it scans, on one thread at a time).</summary>
    public void AddMalformed(CsvRejection rejection) => _malformed.Enqueue(rejection);

    /// <summary>The next malformed record that starts before line <paramref name="line"/>, in file order.</summary>
    public bool TryTakeMalformed(long line, out CsvRejection rejection)
    {
        if (_malformed.TryPeek(out CsvRejection? next) && next.LineNumber < line)
        {
            _malformed.TryDequeue(out rejection!);
            return true;
        }

        rejection = null!;
        return false;
    }

    /// <summary>Whether a worker should build the rejection of this reason (rather than leave it to be counted).</summary>
    public bool WantsRejection(CsvRejectionReason reason) => _buildAll || _log.MayWantDetails(reason);

    /// <summary>
    /// The public index of the customer of a used record: from the worker's customer, or, the first time, from the id's
    /// bytes (in <paramref name="keyChunk"/>, or kept by <see cref="KeepKey"/>) looked up in <paramref name="customers"/>,
    /// the reading thread's table, which adds it when it is new.
    /// </summary>
    public int PublicIndex(in ParsedRecord record, byte[]? keyChunk, CustomerIdTable customers)
    {
        int worker = record.Worker, local = record.Customer;
        if (worker >= _public.Length)
        {
            Array.Resize(ref _public, worker + 1);
        }

        int[] indices = _public[worker] ??= new int[1024];
        if (local < indices.Length && indices[local] > 0)
        {
            return indices[local] - 1;
        }

        byte[]? kept = null;
        ReadOnlySpan<byte> id = keyChunk is not null ? keyChunk.AsSpan(record.KeyOffset, record.KeyLength)
            : _kept!.Remove((worker, local), out kept) ? kept : throw new InvalidOperationException("A customer id was lost between the workers and the reading thread.");
        int index = customers.Find(id, customers.Start(id), out CustomerIdTable.NewId newId);
        if (index < 0)
        {
            index = customers.Add(id, newId);
        }

        if (local >= indices.Length)
        {
            Array.Resize(ref indices, Math.Max(local + 1, indices.Length * 2));
            _public[worker] = indices;
        }

        indices[local] = index + 1;
        return index;
    }

    /// <summary>Keeps the id of a worker's customer whose first record the reading thread rejected, for its next record.</summary>
    public void KeepKey(in ParsedRecord record, byte[] keyChunk) =>
        (_kept ??= [])[(record.Worker, record.Customer)] = keyChunk.AsSpan(record.KeyOffset, record.KeyLength).ToArray();

    /// <summary>Stops the workers.</summary>
    public void Dispose()
    {
        _results?.Dispose();
        _current.Dispose();
    }

    private ParsedRecord Parse(CsvReader reader)
    {
        RecordWorker? worker = _current.Value;
        if (worker is null || worker.Reader != reader)
        {
            worker = WorkerFor(reader);
            _current.Value = worker;
        }

        return worker.Parse();
    }

    private RecordWorker WorkerFor(CsvReader reader)
    {
        lock (_workers)
        {
            if (!_workers.TryGetValue(reader, out RecordWorker? worker))
            {
                worker = new RecordWorker(this, reader, checked((short)_workers.Count));
                _workers.Add(reader, worker);
            }

            return worker;
        }
    }
}
