using System.Globalization;
using System.Text;
using CsvHelper;
using CustomerScoring.Numerics.Parallelism;
using CustomerScoring.Transactions;

namespace CustomerScoring.Csv;

/// <summary>
/// Reads transactions from a CSV (or whitespace-aligned text) file into <see cref="TransactionBatch"/>es,
/// streaming: memory holds the batch being filled and the customer map, whatever the file size. Every line
/// is either used or reported (<see cref="CsvImportReport"/>); a bad line throws a
/// <see cref="CsvImportException"/> unless <see cref="CsvImportOptions.OnError"/> says to skip it.
/// </summary>
/// <remarks>
/// <para>One call reads a whole file: <c>TransactionCsvReader.ReadFile(path, options)</c>. To summarize a
/// file batch by batch without keeping it, open a reader and enumerate <see cref="ReadBatches"/>: each batch
/// has its own arrays, so it can be kept or dropped, and dropped batches are garbage collected.</para>
/// <para>Fields are parsed from the UTF-8 bytes that CsvHelper gives (no string per field); a customer id
/// string is created only the first time a customer is seen. Quoted fields follow RFC 4180 in full, line breaks
/// included; line numbers are those of the physical line where a record starts, and a record is at most
/// <see cref="CsvImportOptions.MaxRecordBytes"/> long, so one bad quote cannot silently swallow the rest of the
/// file. The input is UTF-8 unless it starts with a UTF-16 or UTF-32 byte order mark.</para>
/// <para>With <see cref="CsvImportOptions.MaxDegreeOfParallelism"/> above 1, records are parsed on worker threads
/// (CsvHelper's parallel reading) and put together in file order on the calling thread, with the same result as one
/// thread gives; invoices and files without a header are read on the calling thread alone.</para>
/// <para>Not thread-safe: one thread reads at a time. Dispose the reader to close the file (and stop its workers).</para>
/// </remarks>
public sealed partial class TransactionCsvReader : IDisposable
{
    private readonly CsvImportOptions _options;
    private readonly CsvRecordSource _source;
    private readonly FieldParser _fields;
    private readonly RejectionLog _log;
    private readonly CustomerIdTable _customers = new();
    private readonly InvoiceGrouper _invoices = new();
    private readonly TransactionChunks _chunks;
    /// <summary>Batches of at most this many rows are parsed one ahead of their lookups (see <see cref="NextBatchLookAhead"/>).</summary>
    private const int MaxLookAheadRows = 1 << 16;

    private PendingRows _pending = new();
    private PendingRows? _ahead;
    private readonly bool _fail;
    private readonly bool _numericIds;
    private readonly bool _rejectTimestampConflicts;
    private readonly byte[]? _cancellationPrefix;
    private readonly Action<CsvRejection>? _onRejection;
    private readonly int _maxRecordBytes;
    private byte[] _idBuffer = new byte[64];
    private ColumnLayout _layout = null!;
    private RejectionFactory _rejections = null!;
    private ParallelImport? _parallel;
    private IReadOnlyList<string> _header = [];
    private int _expectedFieldCount = -1;

    private long _linesRead;
    private long _blankLines;
    private long _transactions;
    private long _merged;
    private long _timestampConflicts;
    private long _cancelledLines;
    private double _amountUsed;
    private double _absoluteTotal;
    private double _absoluteMarginTotal;
    private CsvRejection? _malformedToThrow;
    private bool _headerRead;
    private bool _started;
    private bool _finished;
    private bool _shareChecked;
    private bool _disposed;

    private TransactionCsvReader(Func<CsvReaderOptions, CsvReader> open, CsvImportOptions? options)
    {
        _options = options ?? new CsvImportOptions();
        _options.Validate();
        _fields = new FieldParser(_options);
        _log = new RejectionLog(_options.MaxRejectionDetails);
        _fail = _options.OnError == CsvErrorHandling.Fail;
        _numericIds = _options.CustomerIdFormat == CsvIdFormat.Number;
        _rejectTimestampConflicts = _options.InvoiceTimestampConflicts == CsvInvoiceTimestampHandling.Reject;
        _cancellationPrefix = _options.CancellationPrefix is { } prefix ? Encoding.UTF8.GetBytes(prefix) : null;
        _onRejection = _fail ? null : _options.OnRejection;
        _maxRecordBytes = _options.MaxRecordBytes;
        _chunks = new TransactionChunks(_options.BatchSize, _options.MarginColumn is not null);
        _source = new CsvRecordSource(open, _options, OnMalformed);
        try
        {
            ReadHeader();
        }
        catch
        {
            _source.Dispose();
            throw;
        }

        // Without invoices, on more than one processor, a batch's rows are parsed while another thread looks up the
        // customers of the batch before (the lookups are the larger part of reading a file with many customers).
        if (_layout.Invoice < 0 && _options.ParallelWorkers == 0 && (_options.LookAheadForTests ?? Environment.ProcessorCount > 1)
            && _options.BatchSize <= MaxLookAheadRows)
        {
            _pending = new PendingRows(_options.BatchSize);
            _ahead = new PendingRows(_options.BatchSize);
        }
    }

    /// <summary>The options in use.</summary>
    public CsvImportOptions Options => _options;

    /// <summary>The customer map: customer id (the field's text, trimmed) to the index the batches use.
    /// It grows while reading; after a batch is returned it holds every customer the batch refers to.</summary>
    public CustomerKeyMap<string> Customers => _customers.Map;

    /// <summary>The header names, or empty when the file has no header.</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>What happened to the lines read so far; final once <see cref="ReadBatches"/> has finished.</summary>
    public CsvImportReport Report =>
        new(_linesRead, _blankLines, _transactions, _merged, _log.Totals(), _log.Details(), _customers.Map.Count,
            _amountUsed, _timestampConflicts, _cancelledLines);

    /// <summary>Reads a whole file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to read it; the defaults when null.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The transactions and the report of every line.</returns>
    /// <exception cref="CsvImportException">A required column is missing, the file is empty although a header
    /// was expected, or (with <see cref="CsvErrorHandling.Fail"/>) a line is bad.</exception>
    /// <exception cref="ArgumentException">The options do not fit together.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CsvImportResult ReadFile(string path, CsvImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        using TransactionCsvReader reader = Open(path, options);
        return reader.ReadAll(cancellationToken);
    }

    /// <summary>Reads a whole stream; see <see cref="ReadFile"/>. The stream is left open.</summary>
    public static CsvImportResult Read(Stream stream, CsvImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        using TransactionCsvReader reader = Open(stream, options, leaveOpen: true);
        return reader.ReadAll(cancellationToken);
    }

    /// <summary>Opens a file and reads its header (so a missing column throws here).</summary>
    /// <exception cref="CsvImportException">A required column is missing, or the file is empty although a header was expected.</exception>
    /// <exception cref="ArgumentException">The options do not fit together.</exception>
    public static TransactionCsvReader Open(string path, CsvImportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new TransactionCsvReader(o => OpenFile(path, o), options);
    }

    /// <summary>
    /// CsvHelper's reader of a file. On more than one processor a regular file is read ahead on a thread of its own
    /// (<see cref="ReadAheadStream"/>): the parsing thread, which bounds the reading, no longer makes the system calls.
    /// Not a pipe or device (<c>/dev/stdin</c>, a named pipe): a read there may wait for its writer indefinitely, and the
    /// reader could then not be disposed until the writer wrote or closed.
    /// </summary>
    private static CsvReader OpenFile(string path, CsvReaderOptions options)
    {
        if (Environment.ProcessorCount == 1 || SpecialFile.Is(path))
        {
            return CsvReader.FromFile(path, options);
        }

        var stream = ReadAheadStream.OpenFile(path);
        try
        {
            return CsvReader.Create(stream, options, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens a stream and reads its header (so a missing column throws here).</summary>
    /// <param name="stream">The input, read from its current position.</param>
    /// <param name="options">How to read it; the defaults when null.</param>
    /// <param name="leaveOpen">Whether the stream stays open when the reader is disposed.</param>
    /// <exception cref="CsvImportException">A required column is missing, or the input is empty although a header was expected.</exception>
    /// <exception cref="ArgumentException">The options do not fit together.</exception>
    public static TransactionCsvReader Open(Stream stream, CsvImportOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new TransactionCsvReader(o => CsvReader.Create(stream, o, leaveOpen), options);
    }

    /// <summary>
    /// Reads the rest of the input as batches of at most <see cref="CsvImportOptions.BatchSize"/> transactions,
    /// in file order. Each batch has its own arrays: keep it, or summarize it and drop it so that memory stays
    /// bounded. The customer indices of a batch refer to <see cref="Customers"/>. Can be enumerated once.
    /// Without an invoice column, on more than one processor and with batches of at most 65,536 rows, the reader parses
    /// one batch ahead (while another thread looks up the customers of the batch it returns next): <see cref="Report"/>
    /// may already count the lines of that batch, and with <see cref="CsvErrorHandling.Fail"/> a bad line in it ends the
    /// enumeration one batch earlier. The batches, the customers and their order are the same either way.
    /// </summary>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <exception cref="InvalidOperationException">The batches were already read.</exception>
    /// <exception cref="CsvImportException">With <see cref="CsvErrorHandling.Fail"/>, a line is bad.</exception>
    public IEnumerable<TransactionBatch> ReadBatches(CancellationToken cancellationToken = default)
    {
        Start();
        return Enumerate(cancellationToken);
    }

    /// <summary>Marks the batches as being read; they can be read once.</summary>
    private void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_started)
        {
            throw new InvalidOperationException("The batches of this reader were already read; open a new reader to read the input again.");
        }

        _started = true;
    }

    /// <summary>Reads the rest of the input and returns all of it with the report.</summary>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <exception cref="InvalidOperationException">The batches were already read.</exception>
    /// <exception cref="CsvImportException">With <see cref="CsvErrorHandling.Fail"/>, a line is bad.</exception>
    public CsvImportResult ReadAll(CancellationToken cancellationToken = default)
    {
        List<TransactionBatch> batches;
        if (_ahead is not null)
        {
            // Look-ahead mode: a whole read lets the look-ups run several blocks behind the parsing (ReadAllRunningAhead).
            Start();
            batches = ReadAllRunningAhead(sink: null, cancellationToken);
        }
        else
        {
            batches = [.. ReadBatches(cancellationToken)];
        }

        return new CsvImportResult(new CustomerTransactions<string>(batches, _customers.Map), Report);
    }

    /// <summary>Closes the input.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _parallel?.Dispose();
            _source.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"TransactionCsvReader: {Report}";

    private IEnumerable<TransactionBatch> Enumerate(CancellationToken cancellationToken)
    {
        int workers = _options.ParallelWorkers;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (workers > 0 && _parallel is null && !_finished)
                {
                    _parallel = new ParallelImport(_options, _layout, _expectedFieldCount, _log);
                    _parallel.Start(_source.Reader, workers);
                }

                TransactionBatch? batch = _parallel is not null ? NextBatchParallel() : _ahead is not null ? NextBatchLookAhead() : NextBatch();
                if (batch is null)
                {
                    yield break;
                }

                yield return batch;
            }
        }
        finally
        {
            _parallel?.Dispose();
        }
    }

    /// <summary>Reads records until the chunk is full or the input ends (each record appends at most one transaction).</summary>
    private TransactionBatch? NextBatch()
    {
        // Each record adds at most one row (to the chunk, or to the pending block that is flushed into it).
        while (!_finished && _pending.Count < _chunks.Free)
        {
            if (!ReadRecord())
            {
                if (_invoices.IsOpen)
                {
                    CloseInvoice();
                }

                _finished = true;
                _pending.Flush(_customers, _chunks); // the report's customer count is final before the share is checked
                CheckRejectedShare();
                break;
            }

            ProcessRecord();
        }

        _pending.Flush(_customers, _chunks);
        return _chunks.Take();
    }

    /// <summary>
    /// <see cref="NextBatch"/> with the lookups one batch behind the parsing: each call looks up (on another thread) the
    /// customers of the rows it parsed the call before, while it parses the next batch's rows, and returns the batch
    /// looked up. The lookups run in file order on one thread at a time, so the customers, their order and the batches
    /// are those of <see cref="NextBatch"/>; between calls nothing runs, so <see cref="Customers"/> holds exactly the
    /// customers of the batches returned. The report may already count the lines of the batch parsed ahead.
    /// </summary>
    private TransactionBatch? NextBatchLookAhead()
    {
        while (true)
        {
            PendingRows ahead = _ahead!;
            // The look-up thread also takes the batch it filled: a new slab (fresh memory, faulted in as it is allocated)
            // and the batch's checks of its columns then cost the parsing thread, which sets the pace, nothing.
            TransactionBatch? lookedUp = null;
            Task? lookup = ahead.Count == 0 ? null : ParallelWork.Beside(() =>
            {
                ahead.Flush(_customers, _chunks);
                lookedUp = _chunks.Take();
            });
            try
            {
                while (!_finished && _pending.Count < _pending.Capacity)
                {
                    if (!ReadRecord())
                    {
                        _finished = true;
                        break;
                    }

                    ProcessRecord();
                }
            }
            catch
            {
                if (lookup is not null)
                {
                    ParallelWork.Abandon(lookup);
                }

                throw;
            }

            if (lookup is not null)
            {
                ParallelWork.Wait(lookup);
            }

            (_ahead, _pending) = (_pending, ahead);
            if (_finished && _ahead.Count == 0 && !_shareChecked)
            {
                // Every row read is looked up: the report (its customer count too) is final before the share is checked.
                _shareChecked = true;
                CheckRejectedShare();
            }

            if ((lookedUp ?? _chunks.Take()) is { } batch)
            {
                return batch;
            }

            if (_ahead.Count == 0)
            {
                return null;
            }
        }
    }

    private bool ReadRecord()
    {
        bool more = _source.Read();
        if (_malformedToThrow is { } rejection)
        {
            throw new CsvImportException(rejection);
        }

        return more;
    }

    private void OnMalformed(CsvMalformedRecord record)
    {
        ReadOnlySpan<char> raw = record.RawRecord.AsSpan().TrimEnd("\r\n");
        int lines = 1 + raw.Count('\n') + raw.Count('\r') - raw.Count("\r\n");

        string span = lines > 1 ? $" The record runs over {lines:N0} lines, from line {record.LineNumber:N0}." : "";
        string cause = record.Reason == CsvMalformedReason.UnterminatedQuote
            ? "a quoted field is never closed, so the record runs to the end of the input"
            : $"{record.Reason}";
        var rejection = new CsvRejection(
            record.LineNumber, null, CsvRejectionReason.MalformedQuoting, null, RejectionFactory.Cap(raw, _options.MaxRejectedTextChars),
            $"The record breaks the quoting rules ({cause}).{span}");
        if (_parallel is { } parallel)
        {
            // Called on the thread that scans, ahead of the results: the reading thread takes it in file order.
            parallel.AddMalformed(rejection);
            return;
        }

        _linesRead++;
        if (_fail || !_headerRead)
        {
            // A bad header is never skipped: the next line would silently become the header.
            _malformedToThrow ??= rejection;
        }
        else
        {
            _log.Add(rejection, null);
            _onRejection?.Invoke(rejection);
        }
    }

    private void CheckRejectedShare()
    {
        if (_options.MaxRejectedShare is not { } limit)
        {
            return;
        }

        long data = _linesRead - _blankLines, rejected = _log.Total;
        if (data > 0 && rejected > limit * data)
        {
            throw new CsvImportException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{rejected:N0} of {data:N0} lines were rejected ({100.0 * rejected / data:0.0}%), more than MaxRejectedShare = {100 * limit:0.0}%. {Report}"),
                null, null, _header);
        }
    }

    private void ReadHeader()
    {
        if (!_options.HasHeader)
        {
            _headerRead = true;
            _layout = ColumnLayout.Resolve(_options, null);
            _rejections = new RejectionFactory(_options, _layout, _fields, _cancellationPrefix);
            return;
        }

        while (true)
        {
            if (!ReadRecord())
            {
                string expected = string.Join(", ", _options.Columns().Select(c => c.Column!.Value.ToString()));
                throw new CsvImportException(
                    $"The input is empty: expected a header line naming the columns {expected}.", null, null, []);
            }

            if (!_source.Split())
            {
                _linesRead++;
                _blankLines++;
                continue;
            }

            int count = _source.FieldCount;
            var names = new string[count];
            for (int i = 0; i < count; i++)
            {
                names[i] = Encoding.UTF8.GetString(_source.Field(i));
            }

            _header = names;
            _headerRead = true;
            if (_source.RawRecord.Length > _maxRecordBytes)
            {
                throw new CsvImportException(
                    $"The header line is longer than MaxRecordBytes ({_maxRecordBytes:N0} bytes).", _source.LineNumber, null, []);
            }

            _expectedFieldCount = count;
            _layout = ColumnLayout.Resolve(_options, names);
            _rejections = new RejectionFactory(_options, _layout, _fields, _cancellationPrefix);
            return;
        }
    }

    private void ProcessRecord()
    {
        _linesRead++;
        if (!_source.Split())
        {
            _blankLines++;
            return;
        }

        int recordBytes = _source.RawRecord.Length;
        if (recordBytes > _maxRecordBytes)
        {
            RejectTooLong(recordBytes);
            return;
        }

        ColumnLayout layout = _layout;
        int fieldCount = _source.FieldCount;
        if (_expectedFieldCount < 0)
        {
            FirstRecordWithoutHeader(fieldCount);
        }

        if (fieldCount != _expectedFieldCount)
        {
            RejectFieldCount(fieldCount);
            return;
        }

        bool continuesInvoice = false;
        if (layout.Invoice >= 0)
        {
            ReadOnlySpan<byte> invoice = _source.Field(layout.Invoice);
            if (invoice.IsEmpty)
            {
                Reject(CsvRejectionReason.BlankInvoiceId, layout.Invoice, invoice, "The invoice id is blank.");
                return;
            }

            continuesInvoice = _invoices.Continues(invoice);
            if (!continuesInvoice)
            {
                if (_invoices.IsOpen)
                {
                    CloseInvoice();
                }

                if (_invoices.WasClosed(invoice))
                {
                    Reject(CsvRejectionReason.InvoiceReappears, layout.Invoice, invoice,
                        "The invoice id appeared before, followed by other invoices: the lines of an invoice must be consecutive.");
                    return;
                }
            }
        }

        ReadOnlySpan<byte> customerId = _source.Field(layout.Customer);
        if (customerId.IsEmpty)
        {
            Reject(CsvRejectionReason.BlankCustomerId, layout.Customer, customerId, "The customer id is blank.");
            return;
        }

        if (_numericIds)
        {
            if (_idBuffer.Length <= customerId.Length)
            {
                _idBuffer = new byte[Math.Max(customerId.Length + 1, _idBuffer.Length * 2)];
            }

            int length = NumericId.Normalize(customerId, _idBuffer);
            if (length < 0)
            {
                Reject(CsvRejectionReason.InvalidCustomerId, layout.Customer, customerId,
                    "The customer id is not a whole number (CustomerIdFormat = Number).");
                return;
            }

            customerId = _idBuffer.AsSpan(0, length);
        }

        // Without invoices the lookup waits in a block of rows (PendingRows), whose lookups overlap; with invoices a line
        // needs its customer at once: start the lookup (usually a cache miss in a large table) and parse meanwhile.
        bool deferLookup = layout.Invoice < 0;
        Utf8KeyTable.Probe probe = deferLookup ? default : _customers.Start(customerId);

        ReadOnlySpan<byte> timestampText = _source.Field(layout.Timestamp);
        if (!_fields.TryParseTimestamp(timestampText, out DateTime timestamp))
        {
            Reject(CsvRejectionReason.UnparsableTimestamp, layout.Timestamp, timestampText, _fields.TimestampMessage);
            return;
        }

        double amount;
        if (layout.Amount < 0)
        {
            if (!TryReadNumber(layout.Quantity, CsvRejectionReason.UnparsableAmount, CsvRejectionReason.NonFiniteAmount, "quantity", out double quantity)
                || !TryReadNumber(layout.Price, CsvRejectionReason.UnparsableAmount, CsvRejectionReason.NonFiniteAmount, "price", out double price))
            {
                return;
            }

            amount = quantity * price;
            if (!double.IsFinite(amount))
            {
                RejectProductNotFinite(amount);
                return;
            }
        }
        else if (!TryReadNumber(layout.Amount, CsvRejectionReason.UnparsableAmount, CsvRejectionReason.NonFiniteAmount, "amount", out amount))
        {
            return;
        }

        double margin = 0;
        if (layout.Margin >= 0 && !TryReadNumber(layout.Margin, CsvRejectionReason.UnparsableMargin, CsvRejectionReason.NonFiniteMargin, "margin", out margin))
        {
            return;
        }

        if (_cancellationPrefix is not null && _source.Field(layout.Invoice).StartsWith(_cancellationPrefix))
        {
            amount = -Math.Abs(amount);
            margin = -Math.Abs(margin);
        }

        // Keep every total that can be formed from the lines (per customer, per invoice, per period) finite: the
        // absolute amounts of all the lines used stay below double.MaxValue.
        double absoluteTotal = _absoluteTotal + Math.Abs(amount), absoluteMarginTotal = _absoluteMarginTotal + Math.Abs(margin);
        if (!double.IsFinite(absoluteTotal) || !double.IsFinite(absoluteMarginTotal))
        {
            bool amountBad = !double.IsFinite(absoluteTotal);
            Reject(amountBad ? CsvRejectionReason.NonFiniteAmount : CsvRejectionReason.NonFiniteMargin,
                amountBad ? layout.AmountForMessages : layout.Margin, _source.Field(amountBad ? layout.AmountForMessages : layout.Margin),
                TotalOverflowMessage(amountBad));
            return;
        }

        if (deferLookup)
        {
            if (customerId.Length > Utf8KeyTable.MaxKeyBytes || !Utf8Ids.IsValid(customerId))
            {
                Reject(CsvRejectionReason.InvalidCustomerId, layout.Customer, customerId, InvalidCustomerIdMessage);
                return;
            }

            Used(amount, absoluteTotal, absoluteMarginTotal);
            _transactions++;
            _pending.Add(customerId, timestamp, amount, margin);
            if (_pending.IsFull && _ahead is null)
            {
                _pending.Flush(_customers, _chunks);
            }

            return;
        }

        int customer = _customers.Find(customerId, probe, out CustomerIdTable.NewId newId);
        if (customer == -2)
        {
            Reject(CsvRejectionReason.InvalidCustomerId, layout.Customer, customerId, InvalidCustomerIdMessage);
            return;
        }

        if (continuesInvoice)
        {
            if (customer != _invoices.Customer)
            {
                RejectInvoiceCustomer(customerId);
                return;
            }

            bool timestampConflict = timestamp != _invoices.Timestamp;
            if (timestampConflict && _rejectTimestampConflicts)
            {
                RejectTimestampConflict(timestampText);
                return;
            }

            if (!_invoices.TryAdd(amount, margin, out bool amountOverflows))
            {
                Reject(amountOverflows ? CsvRejectionReason.NonFiniteAmount : CsvRejectionReason.NonFiniteMargin,
                    amountOverflows ? layout.AmountForMessages : layout.Margin, default, "The invoice total overflows.");
                return;
            }

            if (timestampConflict)
            {
                _timestampConflicts++;
            }

            Used(amount, absoluteTotal, absoluteMarginTotal);
            _merged++;
            return;
        }

        if (customer < 0)
        {
            customer = _customers.Add(customerId, newId);
        }

        Used(amount, absoluteTotal, absoluteMarginTotal);
        _transactions++;
        if (layout.Invoice >= 0)
        {
            _invoices.Open(_source.Field(layout.Invoice), customer, timestamp, amount, margin);
            return;
        }

        _chunks.Append(customer, timestamp, amount, margin);
    }

    // The messages of rare rejections are built out of line: an interpolated string's handler is a struct local that
    // would otherwise enlarge ProcessRecord's stack frame, which is cleared at every call (once per line).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void RejectTooLong(int recordBytes) =>
        Reject(CsvRejectionReason.RecordTooLong, -1, default,
            $"The record has {recordBytes:N0} bytes, more than MaxRecordBytes ({_maxRecordBytes:N0}).");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void RejectFieldCount(int fieldCount) =>
        Reject(CsvRejectionReason.WrongFieldCount, -1, default,
            $"Expected {_expectedFieldCount} fields{(_options.HasHeader ? " (as in the header)" : " (as in the first line)")}, found {fieldCount}.");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void RejectProductNotFinite(double amount) =>
        Reject(CsvRejectionReason.NonFiniteAmount, _layout.Price, _source.Field(_layout.Price), $"Quantity × price = {FieldParser.Show(amount)} is not finite.");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void RejectInvoiceCustomer(ReadOnlySpan<byte> customerId) =>
        Reject(CsvRejectionReason.InvoiceCustomerMismatch, _layout.Customer, customerId,
            $"The invoice belongs to customer '{_customers.Map.KeyOf(_invoices.Customer)}' (its first line), but this line names another customer.");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void RejectTimestampConflict(ReadOnlySpan<byte> timestampText) =>
        Reject(CsvRejectionReason.InvoiceTimestampConflict, _layout.Timestamp, timestampText,
            $"The invoice's first line has the timestamp {_invoices.Timestamp:yyyy-MM-dd HH:mm:ss}; this line has another.");

    private void Used(double amount, double absoluteTotal, double absoluteMarginTotal)
    {
        _amountUsed += amount;
        _absoluteTotal = absoluteTotal;
        _absoluteMarginTotal = absoluteMarginTotal;
        if (amount < 0 && _cancellationPrefix is not null && _source.Field(_layout.Invoice).StartsWith(_cancellationPrefix))
        {
            _cancelledLines++;
        }
    }

    private void CloseInvoice()
    {
        _invoices.Close();
        _chunks.Append(_invoices.Customer, _invoices.Timestamp, _invoices.Amount, _invoices.Margin);
    }

    private void FirstRecordWithoutHeader(int fieldCount)
    {
        int needed = _layout.FieldsNeeded;
        if (fieldCount < needed)
        {
            throw new CsvImportException(
                $"Line {_source.LineNumber}, the first line, has {fieldCount} fields, but the options read column {needed - 1} (0-based). Line: '{Encoding.UTF8.GetString(_source.RawRecord)}'",
                _source.LineNumber, $"column {needed - 1}", []);
        }

        _expectedFieldCount = fieldCount;
    }

    private bool TryReadNumber(int field, CsvRejectionReason unparsable, CsvRejectionReason nonFinite, string what, out double value)
    {
        ReadOnlySpan<byte> text = _source.Field(field);
        if (!_fields.TryParseNumber(text, out value))
        {
            Reject(unparsable, field, text, _fields.NotANumber(what));
            return false;
        }

        if (!double.IsFinite(value))
        {
            Reject(nonFinite, field, text, FieldParser.NotFinite(what));
            return false;
        }

        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void Reject(CsvRejectionReason reason, int field, ReadOnlySpan<byte> text, string message)
    {
        double? amount = reason == CsvRejectionReason.RecordTooLong ? null : _rejections.AmountOfRecord(_source.Fields);
        bool wanted = _fail || _onRejection is not null || _log.WantsDetails(reason);
        Rejected(reason, wanted ? _rejections.Create(_source.Fields, reason, field, text, message) : null, amount);
    }

    /// <summary>Reports a rejected line: throws (<see cref="CsvErrorHandling.Fail"/>), or logs it and calls
    /// <see cref="CsvImportOptions.OnRejection"/>, or only counts it when the report keeps no more details
    /// (<paramref name="rejection"/> may be null only then).</summary>
    private void Rejected(CsvRejectionReason reason, CsvRejection? rejection, double? amount)
    {
        if (!_fail && _onRejection is null && !_log.WantsDetails(reason))
        {
            _log.Count(reason, amount);
            return;
        }

        if (_fail)
        {
            throw new CsvImportException(rejection!);
        }

        _log.Add(rejection!, amount);
        _onRejection?.Invoke(rejection!);
    }

    private const string InvalidCustomerIdMessage = "The customer id is not valid UTF-8, or is longer than 65,535 bytes.";

    /// <summary>Why a line whose amount or margin would make the running total overflow is rejected.</summary>
    internal static string TotalOverflowMessage(bool amount) =>
        $"Adding this {(amount ? "amount" : "margin")} would make the total of the {(amount ? "amounts" : "margins")} read so far overflow a double (more than 1.8e308).";

}
