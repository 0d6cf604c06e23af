using CsvHelper;

namespace CustomerScoring.Csv;

/// <summary>
/// One parallel worker of <see cref="TransactionCsvReader"/>: parses the records CsvHelper gives it from their UTF-8
/// fields into <see cref="ParsedRecord"/>s, with its own customer id table (indices of its own, which the reading
/// thread maps to the public ones), making every check that needs nothing but the record. The checks and messages
/// are those of the sequential reader, in the same order.
/// </summary>
internal sealed class RecordWorker
{
    private readonly ParallelImport _import;
    private readonly CsvRecordFields _record;
    private readonly FieldParser _fields;
    private readonly RejectionFactory _rejections;
    private readonly CustomerIdTable _customers = new();
    private byte[] _idBuffer = new byte[64];
    private byte[] _keyChunk = new byte[KeyChunkBytes];
    private int _keyChunkUsed;

    /// <summary>The size of the chunks the worker copies new customer ids into for the reading thread.</summary>
    private const int KeyChunkBytes = 1 << 16;

    public RecordWorker(ParallelImport import, CsvReader reader, short number)
    {
        _import = import;
        Reader = reader;
        Number = number;
        _record = new CsvRecordFields(import.Options.Delimiter == CsvDelimiter.Whitespace) { Reader = reader };
        _fields = new FieldParser(import.Options);
        _rejections = new RejectionFactory(import.Options, import.Layout, _fields, null);
    }

    /// <summary>The CsvHelper worker reader this worker reads from.</summary>
    public CsvReader Reader { get; }

    /// <summary>The worker's number.</summary>
    public short Number { get; }

    /// <summary>Parses the record the worker's reader is on.</summary>
    public ParsedRecord Parse()
    {
        CsvRecordFields record = _record;
        var parsed = new ParsedRecord { Line = record.LineNumber, Worker = Number };
        if (!record.Split())
        {
            parsed.Kind = ParsedKind.Blank;
            return parsed;
        }

        int maxRecordBytes = _import.Options.MaxRecordBytes;
        if (record.RawRecord.Length > maxRecordBytes)
        {
            return Reject(ref parsed, CsvRejectionReason.RecordTooLong, -1, default,
                $"The record has {record.RawRecord.Length:N0} bytes, more than MaxRecordBytes ({maxRecordBytes:N0}).");
        }

        ColumnLayout layout = _import.Layout;
        int fieldCount = record.FieldCount;
        if (fieldCount != _import.ExpectedFieldCount)
        {
            return Reject(ref parsed, CsvRejectionReason.WrongFieldCount, -1, default,
                $"Expected {_import.ExpectedFieldCount} fields (as in the header), found {fieldCount}.");
        }

        ReadOnlySpan<byte> customerId = record.Field(layout.Customer);
        if (customerId.IsEmpty)
        {
            return Reject(ref parsed, CsvRejectionReason.BlankCustomerId, layout.Customer, customerId, "The customer id is blank.");
        }

        if (_import.Options.CustomerIdFormat == CsvIdFormat.Number)
        {
            if (_idBuffer.Length <= customerId.Length)
            {
                _idBuffer = new byte[Math.Max(customerId.Length + 1, _idBuffer.Length * 2)];
            }

            int length = NumericId.Normalize(customerId, _idBuffer);
            if (length < 0)
            {
                return Reject(ref parsed, CsvRejectionReason.InvalidCustomerId, layout.Customer, customerId,
                    "The customer id is not a whole number (CustomerIdFormat = Number).");
            }

            customerId = _idBuffer.AsSpan(0, length);
        }

        Utf8KeyTable.Probe probe = _customers.Start(customerId);

        ReadOnlySpan<byte> timestampText = record.Field(layout.Timestamp);
        if (!_fields.TryParseTimestamp(timestampText, out parsed.Timestamp))
        {
            return Reject(ref parsed, CsvRejectionReason.UnparsableTimestamp, layout.Timestamp, timestampText, _fields.TimestampMessage);
        }

        double amount;
        if (layout.Amount < 0)
        {
            if (!TryReadNumber(ref parsed, layout.Quantity, CsvRejectionReason.UnparsableAmount, CsvRejectionReason.NonFiniteAmount, "quantity", out double quantity)
                || !TryReadNumber(ref parsed, layout.Price, CsvRejectionReason.UnparsableAmount, CsvRejectionReason.NonFiniteAmount, "price", out double price))
            {
                return parsed;
            }

            amount = quantity * price;
            if (!double.IsFinite(amount))
            {
                return Reject(ref parsed, CsvRejectionReason.NonFiniteAmount, layout.Price, record.Field(layout.Price),
                    $"Quantity × price = {FieldParser.Show(amount)} is not finite.");
            }
        }
        else if (!TryReadNumber(ref parsed, layout.Amount, CsvRejectionReason.UnparsableAmount, CsvRejectionReason.NonFiniteAmount, "amount", out amount))
        {
            return parsed;
        }

        double margin = 0;
        if (layout.Margin >= 0 && !TryReadNumber(ref parsed, layout.Margin, CsvRejectionReason.UnparsableMargin, CsvRejectionReason.NonFiniteMargin, "margin", out margin))
        {
            return parsed;
        }

        bool large = Math.Abs(amount) >= LargeAmounts.Threshold || Math.Abs(margin) >= LargeAmounts.Threshold;
        int customer = _customers.Find(customerId, probe, out CustomerIdTable.NewId newId);
        CsvRejection? invalidId = null;
        if (customer == -2)
        {
            const string message = "The customer id is not valid UTF-8, or is longer than 65,535 bytes.";
            if (!large)
            {
                return Reject(ref parsed, CsvRejectionReason.InvalidCustomerId, layout.Customer, customerId, message);
            }

            // The sequential reader checks the totals first: the reading thread decides.
            invalidId = _rejections.Create(record, CsvRejectionReason.InvalidCustomerId, layout.Customer, customerId, message);
        }

        byte[]? keyChunk = null;
        if (customer == -1)
        {
            customer = _customers.AddLocal(customerId, newId);
            keyChunk = CopyKey(customerId, ref parsed);
        }

        parsed.Kind = ParsedKind.Used;
        parsed.Customer = customer;
        parsed.Amount = amount;
        parsed.Margin = margin;
        parsed.Extra = large ? Large(keyChunk, invalidId) : keyChunk;
        return parsed;
    }

    /// <summary>Copies a new customer id where the reading thread finds it: a chunk that is never written there again.</summary>
    private byte[] CopyKey(ReadOnlySpan<byte> id, ref ParsedRecord parsed)
    {
        if (_keyChunkUsed + id.Length > _keyChunk.Length)
        {
            _keyChunk = new byte[Math.Max(KeyChunkBytes, id.Length)];
            _keyChunkUsed = 0;
        }

        id.CopyTo(_keyChunk.AsSpan(_keyChunkUsed));
        parsed.KeyOffset = _keyChunkUsed;
        parsed.KeyLength = id.Length;
        _keyChunkUsed += id.Length;
        return _keyChunk;
    }

    private LargeAmounts Large(byte[]? keyChunk, CsvRejection? invalidId)
    {
        ColumnLayout layout = _import.Layout;
        int amountField = layout.AmountForMessages;
        return new LargeAmounts
        {
            KeyChunk = keyChunk,
            InvalidId = invalidId,
            AmountOverflow = _rejections.Create(_record, CsvRejectionReason.NonFiniteAmount, amountField, _record.Field(amountField),
                TransactionCsvReader.TotalOverflowMessage(amount: true)),
            MarginOverflow = _rejections.Create(_record, CsvRejectionReason.NonFiniteMargin, layout.Margin,
                layout.Margin >= 0 ? _record.Field(layout.Margin) : default, TransactionCsvReader.TotalOverflowMessage(amount: false)),
            RejectedAmount = _rejections.AmountOfRecord(_record),
        };
    }

    private bool TryReadNumber(ref ParsedRecord parsed, int field, CsvRejectionReason unparsable, CsvRejectionReason nonFinite, string what, out double value)
    {
        ReadOnlySpan<byte> text = _record.Field(field);
        if (!_fields.TryParseNumber(text, out value))
        {
            Reject(ref parsed, unparsable, field, text, _fields.NotANumber(what));
            return false;
        }

        if (!double.IsFinite(value))
        {
            Reject(ref parsed, nonFinite, field, text, FieldParser.NotFinite(what));
            return false;
        }

        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private ParsedRecord Reject(ref ParsedRecord parsed, CsvRejectionReason reason, int field, ReadOnlySpan<byte> text, string message)
    {
        parsed.Kind = ParsedKind.Rejected;
        parsed.Customer = (int)reason;
        parsed.Amount = reason == CsvRejectionReason.RecordTooLong ? double.NaN : _rejections.AmountOfRecord(_record) ?? double.NaN;
        parsed.Extra = _import.WantsRejection(reason) ? _rejections.Create(_record, reason, field, text, message) : null;
        return parsed;
    }
}
