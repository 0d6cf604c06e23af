using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using CsvHelper;
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
/// string is created only the first time a customer is seen. Quoted fields follow RFC 4180 but cannot contain
/// line breaks, so that each line of the file is one record and one bad quote cannot swallow the lines after it.
/// The input is UTF-8 unless it starts with a UTF-16 or UTF-32 byte order mark.</para>
/// <para>Not thread-safe: one thread reads at a time. Dispose the reader to close the file.</para>
/// </remarks>
public sealed class TransactionCsvReader : IDisposable
{
    private const int MaxCustomerIdBytes = Utf8KeyTable.MaxKeyBytes;

    private readonly CsvImportOptions _options;
    private readonly CsvReader _csv;
    private readonly TimestampFormat[] _formats;
    private readonly NumberFormatInfo _numbers;
    private readonly DecimalParser _decimals;
    private readonly RejectionLog _log;
    private readonly CustomerKeyMap<string> _customers = new(StringComparer.Ordinal);
    private readonly Utf8KeyTable _customerIndex = new();
    private readonly HashSet<ulong> _closedInvoices = [];
    private readonly bool _whitespace;
    private readonly bool _withMargins;
    private readonly bool _quantityTimesPrice;
    private readonly bool _fail;
    private readonly int _batchSize;

    // Field positions (logical: in whitespace mode, among the non-blank fields) and their names for messages.
    private int _customerField;
    private int _timestampField;
    private int _amountField;
    private int _quantityField = -1;
    private int _priceField = -1;
    private int _marginField = -1;
    private int _invoiceField = -1;
    private int _expectedFieldCount = -1;
    private IReadOnlyList<string> _header = [];
    private string[] _columnNames = [];
    private int[] _whitespaceFields = new int[16];
    private int _whitespaceFieldCount;
    private char[] _chars = new char[256];

    // The batch being filled.
    private int[] _index = [];
    private DateTime[] _time = [];
    private double[] _amount = [];
    private double[]? _margin;
    private int _fill;

    // The open invoice.
    private bool _invoiceOpen;
    private byte[] _invoiceId = new byte[64];
    private int _invoiceIdLength;
    private int _invoiceCustomer;
    private DateTime _invoiceTime;
    private double _invoiceAmount;
    private double _invoiceMargin;

    private long _linesRead;
    private long _blankLines;
    private long _transactions;
    private long _merged;
    private CsvRejection? _malformedToThrow;
    private bool _headerRead;
    private bool _started;
    private bool _finished;
    private bool _disposed;

    private TransactionCsvReader(Func<CsvReaderOptions, CsvReader> open, CsvImportOptions? options)
    {
        _options = options ?? new CsvImportOptions();
        _options.Validate();
        _formats = _options.TimestampFormats.Select(TimestampFormat.Compile).ToArray();
        _numbers = _options.NumberFormat;
        _decimals = new DecimalParser(_numbers);
        _log = new RejectionLog(_options.MaxRejectionDetails);
        _whitespace = _options.Delimiter == CsvDelimiter.Whitespace;
        _withMargins = _options.MarginColumn is not null;
        _quantityTimesPrice = _options.UsesQuantityTimesPrice;
        _fail = _options.OnError == CsvErrorHandling.Fail;
        _batchSize = _options.BatchSize;
        var csvOptions = CsvReaderOptions.Default with
        {
            HasHeader = false,
            Separator = _options.Delimiter switch
            {
                CsvDelimiter.Semicolon => ';',
                CsvDelimiter.Tab => '\t',
                CsvDelimiter.Whitespace => ' ',
                _ => ',',
            },
            TrackLineNumbers = true,
            SkipEmptyLines = false,
            AllowLineBreaksInQuotes = false,
            TrimWhitespace = false,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = OnMalformed,
        };
        _csv = open(csvOptions);
        try
        {
            NewChunk();
            ReadHeader();
        }
        catch
        {
            _csv.Dispose();
            throw;
        }
    }

    /// <summary>The options in use.</summary>
    public CsvImportOptions Options => _options;

    /// <summary>The customer map: customer id (the field's text, trimmed) to the index the batches use.
    /// It grows while reading; after a batch is returned it holds every customer the batch refers to.</summary>
    public CustomerKeyMap<string> Customers => _customers;

    /// <summary>The header names, or empty when the file has no header.</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>What happened to the lines read so far; final once <see cref="ReadBatches"/> has finished.</summary>
    public CsvImportReport Report =>
        new(_linesRead, _blankLines, _transactions, _merged, _log.Counts(), _log.Details(), _customers.Count);

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
        return new TransactionCsvReader(o => CsvReader.FromFile(path, o), options);
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
    /// </summary>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <exception cref="InvalidOperationException">The batches were already read.</exception>
    /// <exception cref="CsvImportException">With <see cref="CsvErrorHandling.Fail"/>, a line is bad.</exception>
    public IEnumerable<TransactionBatch> ReadBatches(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_started)
        {
            throw new InvalidOperationException("The batches of this reader were already read; open a new reader to read the input again.");
        }

        _started = true;
        return Enumerate(cancellationToken);
    }

    /// <summary>Reads the rest of the input and returns all of it with the report.</summary>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <exception cref="InvalidOperationException">The batches were already read.</exception>
    /// <exception cref="CsvImportException">With <see cref="CsvErrorHandling.Fail"/>, a line is bad.</exception>
    public CsvImportResult ReadAll(CancellationToken cancellationToken = default)
    {
        List<TransactionBatch> batches = [.. ReadBatches(cancellationToken)];
        return new CsvImportResult(new CustomerTransactions<string>(batches, _customers), Report);
    }

    /// <summary>Closes the input.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _csv.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"TransactionCsvReader: {Report}";

    private IEnumerable<TransactionBatch> Enumerate(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_disposed, this);
            TransactionBatch? batch = NextBatch();
            if (batch is null)
            {
                yield break;
            }

            yield return batch;
        }
    }

    private TransactionBatch? NextBatch()
    {
        while (!_finished && _fill < _batchSize)
        {
            if (!ReadRecord())
            {
                if (_invoiceOpen)
                {
                    CloseInvoice();
                }

                _finished = true;
                break;
            }

            ProcessRecord();
        }

        if (_fill == 0)
        {
            return null;
        }

        var batch = new TransactionBatch(
            _index.AsMemory(0, _fill), _time.AsMemory(0, _fill), _amount.AsMemory(0, _fill),
            _margin is null ? (ReadOnlyMemory<double>?)null : _margin.AsMemory(0, _fill));
        NewChunk();
        return batch;
    }

    private void NewChunk()
    {
        _index = new int[_batchSize];
        _time = new DateTime[_batchSize];
        _amount = new double[_batchSize];
        _margin = _withMargins ? new double[_batchSize] : null;
        _fill = 0;
    }

    private bool ReadRecord()
    {
        bool more = _csv.Read();
        if (_malformedToThrow is { } rejection)
        {
            throw new CsvImportException(rejection);
        }

        return more;
    }

    private void OnMalformed(CsvMalformedRecord record)
    {
        _linesRead++;
        var rejection = new CsvRejection(
            record.LineNumber, null, CsvRejectionReason.MalformedQuoting, null, record.RawRecord.TrimEnd('\r', '\n'),
            $"The line breaks the quoting rules ({record.Reason}).");
        if (_fail || !_headerRead)
        {
            // A bad header is never skipped: the next line would silently become the header.
            _malformedToThrow ??= rejection;
        }
        else
        {
            _log.Add(rejection);
        }
    }

    private void ReadHeader()
    {
        if (!_options.HasHeader)
        {
            _headerRead = true;
            ResolveColumns(null);
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

            if (!SplitRecord())
            {
                _linesRead++;
                _blankLines++;
                continue;
            }

            int count = FieldCount;
            var names = new string[count];
            for (int i = 0; i < count; i++)
            {
                names[i] = Encoding.UTF8.GetString(Field(i));
            }

            _header = names;
            _headerRead = true;
            _expectedFieldCount = count;
            ResolveColumns(names);
            return;
        }
    }

    private void ResolveColumns(string[]? header)
    {
        _customerField = Resolve(nameof(CsvImportOptions.CustomerColumn), _options.CustomerColumn, header);
        _timestampField = Resolve(nameof(CsvImportOptions.TimestampColumn), _options.TimestampColumn, header);
        if (_quantityTimesPrice)
        {
            _quantityField = Resolve(nameof(CsvImportOptions.QuantityColumn), _options.QuantityColumn!.Value, header);
            _priceField = Resolve(nameof(CsvImportOptions.PriceColumn), _options.PriceColumn!.Value, header);
            _amountField = -1;
        }
        else
        {
            _amountField = Resolve(nameof(CsvImportOptions.AmountColumn), _options.AmountColumn, header);
        }

        if (_options.MarginColumn is { } margin)
        {
            _marginField = Resolve(nameof(CsvImportOptions.MarginColumn), margin, header);
        }

        if (_options.InvoiceColumn is { } invoice)
        {
            _invoiceField = Resolve(nameof(CsvImportOptions.InvoiceColumn), invoice, header);
        }

        int max = Math.Max(Math.Max(Math.Max(_customerField, _timestampField), Math.Max(_amountField, _quantityField)),
            Math.Max(Math.Max(_priceField, _marginField), _invoiceField));
        _columnNames = new string[max + 1];
        for (int i = 0; i <= max; i++)
        {
            _columnNames[i] = header is not null && i < header.Length ? header[i] : $"column {i}";
        }
    }

    private static int Resolve(string role, CsvColumn column, string[]? header)
    {
        if (column.Name is not { } name)
        {
            if (header is not null && column.Index >= header.Length)
            {
                throw new CsvImportException(
                    $"{role} is column {column.Index} (0-based), but the header has only {header.Length} columns: {string.Join(", ", header)}.",
                    1, column.ToString(), header);
            }

            return column.Index;
        }

        int found = Array.FindIndex(header!, h => string.Equals(h, name, StringComparison.Ordinal));
        if (found < 0)
        {
            string wanted = name.Trim();
            found = Array.FindIndex(header!, h => string.Equals(h.Trim(), wanted, StringComparison.OrdinalIgnoreCase));
        }

        if (found < 0)
        {
            throw new CsvImportException(
                $"The header has no column '{name}' ({role}). The header is: {string.Join(", ", header!.Select(h => $"'{h}'"))}. Set {role} to one of these names.",
                1, name, header!);
        }

        return found;
    }

    /// <summary>Prepares the fields of the current record; false when the line is blank.</summary>
    private bool SplitRecord()
    {
        if (!_whitespace)
        {
            return _csv.FieldCount != 1 || !Trim(_csv.GetSpan(0)).IsEmpty;
        }

        int n = _csv.FieldCount, count = 0;
        for (int i = 0; i < n; i++)
        {
            if (!_csv.GetSpan(i).IsEmpty)
            {
                if (count == _whitespaceFields.Length)
                {
                    Array.Resize(ref _whitespaceFields, count * 2);
                }

                _whitespaceFields[count++] = i;
            }
        }

        _whitespaceFieldCount = count;
        return count > 0;
    }

    private int FieldCount => _whitespace ? _whitespaceFieldCount : _csv.FieldCount;

    private ReadOnlySpan<byte> Field(int logical) =>
        Trim(_csv.GetSpan(_whitespace ? _whitespaceFields[logical] : logical));

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> span)
    {
        if (span.IsEmpty || (span[0] > (byte)' ' && span[^1] > (byte)' '))
        {
            return span;
        }

        return span.Trim(" \t"u8);
    }

    private void ProcessRecord()
    {
        _linesRead++;
        if (!SplitRecord())
        {
            _blankLines++;
            return;
        }

        int fieldCount = FieldCount;
        if (_expectedFieldCount < 0)
        {
            FirstRecordWithoutHeader(fieldCount);
        }

        if (fieldCount != _expectedFieldCount)
        {
            Reject(CsvRejectionReason.WrongFieldCount, -1, default,
                $"Expected {_expectedFieldCount} fields{(_options.HasHeader ? " (as in the header)" : " (as in the first line)")}, found {fieldCount}.");
            return;
        }

        bool continuesInvoice = false;
        if (_invoiceField >= 0)
        {
            ReadOnlySpan<byte> invoice = Field(_invoiceField);
            if (invoice.IsEmpty)
            {
                Reject(CsvRejectionReason.BlankInvoiceId, _invoiceField, invoice, "The invoice id is blank.");
                return;
            }

            continuesInvoice = _invoiceOpen && invoice.SequenceEqual(_invoiceId.AsSpan(0, _invoiceIdLength));
            if (!continuesInvoice)
            {
                if (_invoiceOpen)
                {
                    CloseInvoice();
                }

                if (_closedInvoices.Contains(InvoiceHash.Of(invoice)))
                {
                    Reject(CsvRejectionReason.InvoiceReappears, _invoiceField, invoice,
                        "The invoice id appeared before, followed by other invoices: the lines of an invoice must be consecutive.");
                    return;
                }
            }
        }

        ReadOnlySpan<byte> customerId = Field(_customerField);
        if (customerId.IsEmpty)
        {
            Reject(CsvRejectionReason.BlankCustomerId, _customerField, customerId, "The customer id is blank.");
            return;
        }

        // Start the customer lookup (usually a cache miss in a large table) and parse the other fields meanwhile.
        Utf8KeyTable.Probe probe = _customerIndex.Start(customerId);

        ReadOnlySpan<byte> timestampText = Field(_timestampField);
        if (!TryParseTimestamp(timestampText, out DateTime timestamp))
        {
            Reject(CsvRejectionReason.UnparsableTimestamp, _timestampField, timestampText,
                $"The timestamp does not match the format{(_formats.Length > 1 ? "s" : "")} {string.Join(" or ", _formats.Select(f => f.Format))}, or is not a valid date.");
            return;
        }

        double amount;
        if (_quantityTimesPrice)
        {
            if (!TryReadNumber(_quantityField, CsvRejectionReason.UnparsableAmount, CsvRejectionReason.NonFiniteAmount, "quantity", out double quantity)
                || !TryReadNumber(_priceField, CsvRejectionReason.UnparsableAmount, CsvRejectionReason.NonFiniteAmount, "price", out double price))
            {
                return;
            }

            amount = quantity * price;
            if (!double.IsFinite(amount))
            {
                Reject(CsvRejectionReason.NonFiniteAmount, _priceField, Field(_priceField), $"Quantity × price = {amount.ToString(CultureInfo.InvariantCulture)} is not finite.");
                return;
            }
        }
        else if (!TryReadNumber(_amountField, CsvRejectionReason.UnparsableAmount, CsvRejectionReason.NonFiniteAmount, "amount", out amount))
        {
            return;
        }

        double margin = 0;
        if (_marginField >= 0 && !TryReadNumber(_marginField, CsvRejectionReason.UnparsableMargin, CsvRejectionReason.NonFiniteMargin, "margin", out margin))
        {
            return;
        }

        int customer = LookupCustomer(customerId, probe, out ulong customerHash, out int customerChars);
        if (customer == -2)
        {
            Reject(CsvRejectionReason.InvalidCustomerId, _customerField, customerId, "The customer id is not valid UTF-8, or is longer than 65,535 bytes.");
            return;
        }

        if (continuesInvoice)
        {
            if (customer != _invoiceCustomer)
            {
                Reject(CsvRejectionReason.InvoiceCustomerMismatch, _customerField, customerId,
                    $"The invoice belongs to customer '{_customers.KeyOf(_invoiceCustomer)}' (its first line), but this line names another customer.");
                return;
            }

            double total = _invoiceAmount + amount, marginTotal = _invoiceMargin + margin;
            if (!double.IsFinite(total) || !double.IsFinite(marginTotal))
            {
                bool amountBad = !double.IsFinite(total);
                Reject(amountBad ? CsvRejectionReason.NonFiniteAmount : CsvRejectionReason.NonFiniteMargin,
                    amountBad ? (_quantityTimesPrice ? _priceField : _amountField) : _marginField, default, "The invoice total overflows.");
                return;
            }

            _invoiceAmount = total;
            _invoiceMargin = marginTotal;
            _merged++;
            return;
        }

        if (customer < 0)
        {
            customer = AddCustomer(customerId, customerHash, customerChars);
        }

        _transactions++;
        if (_invoiceField >= 0)
        {
            OpenInvoice(Field(_invoiceField), customer, timestamp, amount, margin);
            return;
        }

        Append(customer, timestamp, amount, margin);
    }

    private void FirstRecordWithoutHeader(int fieldCount)
    {
        int needed = _columnNames.Length;
        if (fieldCount < needed)
        {
            throw new CsvImportException(
                $"Line {_csv.LineNumber}, the first line, has {fieldCount} fields, but the options read column {needed - 1} (0-based). Line: '{Encoding.UTF8.GetString(_csv.RawRecord)}'",
                _csv.LineNumber, $"column {needed - 1}", []);
        }

        _expectedFieldCount = fieldCount;
    }

    private bool TryParseTimestamp(ReadOnlySpan<byte> text, out DateTime timestamp)
    {
        foreach (TimestampFormat format in _formats)
        {
            if (format.TryParse(text, out timestamp))
            {
                return true;
            }
        }

        timestamp = default;
        return false;
    }

    private bool TryReadNumber(int field, CsvRejectionReason unparsable, CsvRejectionReason nonFinite, string what, out double value)
    {
        ReadOnlySpan<byte> text = Field(field);
        if (!_decimals.TryParse(text, out value))
        {
            Reject(unparsable, field, text,
                $"The {what} is not a number (decimal separator '{_numbers.NumberDecimalSeparator}', no group separators).");
            return false;
        }

        if (!double.IsFinite(value))
        {
            Reject(nonFinite, field, text, $"The {what} is not a finite number.");
            return false;
        }

        return true;
    }

    /// <summary>The index of a known customer; -1 for a new one (then decoded into <see cref="_chars"/>); -2 for invalid UTF-8.</summary>
    private int LookupCustomer(ReadOnlySpan<byte> id, Utf8KeyTable.Probe probe, out ulong hash, out int charCount)
    {
        charCount = 0;
        int index = _customerIndex.Find(id, probe, out hash);
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

        return Utf8.ToUtf16(id, _chars, out _, out charCount, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done ? -1 : -2;
    }

    private int AddCustomer(ReadOnlySpan<byte> id, ulong hash, int charCount)
    {
        int index = _customers.GetOrAdd(new string(_chars, 0, charCount));
        _customerIndex.Add(id, hash, index);
        return index;
    }

    private void OpenInvoice(ReadOnlySpan<byte> id, int customer, DateTime timestamp, double amount, double margin)
    {
        if (id.Length > _invoiceId.Length)
        {
            _invoiceId = new byte[Math.Max(id.Length, _invoiceId.Length * 2)];
        }

        id.CopyTo(_invoiceId);
        _invoiceIdLength = id.Length;
        _invoiceOpen = true;
        _invoiceCustomer = customer;
        _invoiceTime = timestamp;
        _invoiceAmount = amount;
        _invoiceMargin = margin;
    }

    private void CloseInvoice()
    {
        _closedInvoices.Add(InvoiceHash.Of(_invoiceId.AsSpan(0, _invoiceIdLength)));
        _invoiceOpen = false;
        Append(_invoiceCustomer, _invoiceTime, _invoiceAmount, _invoiceMargin);
    }

    /// <summary>Adds one transaction to the batch being filled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(int customer, DateTime timestamp, double amount, double margin)
    {
        int i = _fill;
        _index[i] = customer;
        _time[i] = timestamp;
        _amount[i] = amount;
        if (_margin is not null)
        {
            _margin[i] = margin;
        }

        _fill = i + 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Reject(CsvRejectionReason reason, int field, ReadOnlySpan<byte> text, string message)
    {
        if (!_fail && !_log.WantsDetails)
        {
            _log.Count(reason);
            return;
        }

        string? column = field >= 0 ? _columnNames[field] : null;
        string? fieldText = field >= 0 ? Encoding.UTF8.GetString(text) : null;
        string prefix = column is null ? "" : $"Column '{column}'{(fieldText is null ? "" : $", text '{fieldText}'")}: ";
        var rejection = new CsvRejection(_csv.LineNumber, column, reason, fieldText, Encoding.UTF8.GetString(_csv.RawRecord), prefix + message);
        if (_fail)
        {
            throw new CsvImportException(rejection);
        }

        _log.Add(rejection);
    }
}
