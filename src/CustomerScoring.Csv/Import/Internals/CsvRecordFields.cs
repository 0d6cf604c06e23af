using System.Runtime.CompilerServices;
using CsvHelper;

namespace CustomerScoring.Csv;

/// <summary>
/// The fields of the record a CsvHelper reader is on, as the import reads them: trimmed UTF-8 spans, and in
/// whitespace-aligned mode only the non-blank fields (positions count those). One per thread: the sequential
/// reader has one, and each parallel worker has its own over the reader CsvHelper gives it.
/// </summary>
internal sealed class CsvRecordFields(bool whitespace)
{
    private int[] _whitespaceFields = new int[16];
    private int _whitespaceFieldCount;

    /// <summary>The reader whose current record is read.</summary>
    public CsvReader Reader { get; set; } = null!;

    /// <summary>The 1-based line where the current record starts.</summary>
    public long LineNumber => Reader.LineNumber;

    /// <summary>The current record as it is in the input, without its line break.</summary>
    public ReadOnlySpan<byte> RawRecord => Reader.RawRecord;

    /// <summary>The number of fields of the current record (after <see cref="Split"/>).</summary>
    public int FieldCount => whitespace ? _whitespaceFieldCount : Reader.FieldCount;

    /// <summary>Prepares the fields of the current record; false when the line is blank.</summary>
    public bool Split()
    {
        CsvReader csv = Reader;
        if (!whitespace)
        {
            return csv.FieldCount != 1 || !Trim(csv.GetSpan(0)).IsEmpty;
        }

        int n = csv.FieldCount, count = 0;
        for (int i = 0; i < n; i++)
        {
            if (!csv.GetSpan(i).IsEmpty)
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

    /// <summary>The text of a field (logical position), without surrounding spaces and tabs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Field(int logical) =>
        Trim(Reader.GetSpan(whitespace ? _whitespaceFields[logical] : logical));

    /// <summary>The field without surrounding spaces and tabs; inlined, as almost every field has none (one comparison
    /// per end), the trimming itself out of line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> span) =>
        span.IsEmpty || (span[0] > (byte)' ' && span[^1] > (byte)' ') ? span : TrimBlanks(span);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ReadOnlySpan<byte> TrimBlanks(ReadOnlySpan<byte> span) => span.Trim(" \t"u8);
}
