using CsvHelper;

namespace CustomerScoring.Csv;

/// <summary>
/// The records of the input as CsvHelper splits them, with the field access the reader needs: fields as
/// trimmed UTF-8 spans, and in whitespace-aligned mode only the non-blank fields (positions count those).
/// Owns the CsvHelper reader.
/// </summary>
internal sealed class CsvRecordSource : IDisposable
{
    private readonly CsvReader _csv;
    private readonly CsvRecordFields _fields;

    /// <summary>Opens the input with the CsvHelper options that follow from <paramref name="options"/>.</summary>
    /// <param name="open">Creates the CsvHelper reader from its options.</param>
    /// <param name="options">The import options.</param>
    /// <param name="onMalformed">Called for a record that breaks the quoting rules (CsvHelper skips it).</param>
    public CsvRecordSource(Func<CsvReaderOptions, CsvReader> open, CsvImportOptions options, Action<CsvMalformedRecord> onMalformed)
    {
        var csvOptions = CsvReaderOptions.Default with
        {
            HasHeader = false,
            Separator = options.Delimiter switch
            {
                CsvDelimiter.Semicolon => ';',
                CsvDelimiter.Tab => '\t',
                CsvDelimiter.Whitespace => ' ',
                _ => ',',
            },
            TrackLineNumbers = true,
            SkipEmptyLines = false,
            AllowLineBreaksInQuotes = true,
            MaxRecordSize = options.MaxRecordBytes,
            TrimWhitespace = false,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = onMalformed,
        };
        _csv = open(csvOptions);
        _fields = new CsvRecordFields(options.Delimiter == CsvDelimiter.Whitespace) { Reader = _csv };
    }

    /// <summary>The fields of the current record.</summary>
    public CsvRecordFields Fields => _fields;

    /// <summary>The CsvHelper reader (for the parallel enumeration of the remaining records).</summary>
    public CsvReader Reader => _csv;

    /// <summary>The 1-based line where the current record starts.</summary>
    public long LineNumber => _csv.LineNumber;

    /// <summary>The current record as it is in the input, without its line break.</summary>
    public ReadOnlySpan<byte> RawRecord => _csv.RawRecord;

    /// <summary>The number of fields of the current record (after <see cref="Split"/>).</summary>
    public int FieldCount => _fields.FieldCount;

    /// <summary>Moves to the next record; false at the end of the input.</summary>
    /// <exception cref="CsvImportException">A record does not fit in <see cref="CsvImportOptions.MaxRecordBytes"/>
    /// and the read buffer (the reader cannot find where the next record starts).</exception>
    public bool Read()
    {
        try
        {
            return _csv.Read();
        }
        catch (CsvFormatException e)
        {
            throw Unreadable(e);
        }
    }

    /// <summary>The import exception for a record that CsvHelper cannot buffer.</summary>
    public static CsvImportException Unreadable(CsvFormatException e)
    {
        var rejection = new CsvRejection(e.LineNumber, null, CsvRejectionReason.RecordTooLong, null, "",
            $"The record starting here is longer than MaxRecordBytes, so the rest of the input cannot be read safely (usually a quote that is never closed). {e.Message}");
        return new CsvImportException(rejection, e);
    }

    /// <summary>Prepares the fields of the current record; false when the line is blank.</summary>
    public bool Split() => _fields.Split();

    /// <summary>The text of a field (logical position), without surrounding spaces and tabs.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Field(int logical) => _fields.Field(logical);

    /// <summary>Closes the input.</summary>
    public void Dispose() => _csv.Dispose();
}
