using System.Globalization;
using CsvHelper;

namespace CustomerScoring.Csv;

/// <summary>
/// Writes a table of named columns to CSV, row by row: the header first, then one value per column in
/// each row. Numbers and dates are written in the invariant culture, dates as ISO <c>yyyy-MM-dd</c>
/// (a <see cref="DateTime"/> with a time of day as <c>yyyy-MM-dd HH:mm:ss</c>, with a fraction when it has
/// one), doubles in the shortest form that reads back as the same value or with a fixed number of decimals
/// per column. Text is quoted as RFC 4180 requires (when it holds a comma, a quote or a line break) and when it starts or ends with a space or tab, so that readers that trim keep it. Lines
/// end with CRLF; the output is UTF-8 without a byte order mark. Built on CsvHelper's writer.
/// </summary>
/// <example>
/// <code>
/// using var table = CsvTableWriter.ToFile("customers.csv", [new("customer"), new("total", Decimals: 2), new("first_purchase")]);
/// table.Write("alice").Write(125.5).Write(new DateOnly(2026, 1, 5)).EndRow();
/// </code>
/// </example>
/// <remarks>Not thread-safe. Dispose (or <see cref="Flush"/>) to write out what is buffered.</remarks>
public sealed class CsvTableWriter : IDisposable
{
    private readonly CsvWriter _csv;
    private readonly CsvTableColumn[] _columns;
    private readonly string[] _doubleFormats;
    private int _field;
    private bool _disposed;

    private CsvTableWriter(Func<CsvWriterOptions, CsvWriter> open, IReadOnlyList<CsvTableColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
        }

        _columns = [.. columns];
        _doubleFormats = new string[_columns.Length];
        for (int i = 0; i < _columns.Length; i++)
        {
            CsvTableColumn column = _columns[i] ?? throw new ArgumentException($"Column {i} is null.", nameof(columns));
            ArgumentException.ThrowIfNullOrEmpty(column.Name, $"{nameof(columns)}[{i}].Name");
            if (column.Decimals is { } decimals && decimals is < 0 or > 15)
            {
                throw new ArgumentException($"Column '{column.Name}' has Decimals = {decimals}; it must be 0..15.", nameof(columns));
            }

            _doubleFormats[i] = column.Decimals is { } d ? "F" + d.ToString(CultureInfo.InvariantCulture) : "R";
        }

        _csv = open(CsvWriterOptions.Default with { FormatProvider = CultureInfo.InvariantCulture, Quoting = CsvQuoting.WhenNeededOrWhitespace });
        _csv.WriteHeader(_columns.Select(c => c.Name).ToArray());
    }

    /// <summary>Creates a writer on a text writer and writes the header.</summary>
    /// <param name="output">The destination.</param>
    /// <param name="columns">The columns, in order (at least one).</param>
    /// <param name="leaveOpen">Whether <paramref name="output"/> stays open when this writer is disposed.</param>
    /// <exception cref="ArgumentException">No columns, a column without a name, or decimals outside 0..15.</exception>
    public CsvTableWriter(TextWriter output, IReadOnlyList<CsvTableColumn> columns, bool leaveOpen = false)
        : this(o => CsvWriter.Create(output ?? throw new ArgumentNullException(nameof(output)), o, leaveOpen), columns)
    {
    }

    /// <summary>Creates a writer on a stream (UTF-8) and writes the header.</summary>
    /// <param name="output">The destination.</param>
    /// <param name="columns">The columns, in order (at least one).</param>
    /// <param name="leaveOpen">Whether <paramref name="output"/> stays open when this writer is disposed.</param>
    /// <exception cref="ArgumentException">No columns, a column without a name, or decimals outside 0..15.</exception>
    public CsvTableWriter(Stream output, IReadOnlyList<CsvTableColumn> columns, bool leaveOpen = false)
        : this(o => CsvWriter.Create(output ?? throw new ArgumentNullException(nameof(output)), o, leaveOpen), columns)
    {
    }

    /// <summary>Creates (or overwrites) a file and writes the header.</summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">The columns, in order (at least one).</param>
    public static CsvTableWriter ToFile(string path, IReadOnlyList<CsvTableColumn> columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new CsvTableWriter(o => CsvWriter.ToFile(path, o), columns);
    }

    /// <summary>The columns.</summary>
    public IReadOnlyList<CsvTableColumn> Columns => _columns;

    /// <summary>
    /// Whether text that a spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
    /// carriage return) is written with a leading apostrophe, as the OWASP guidance on CSV injection advises, and control
    /// characters are written as <c>\uXXXX</c> escapes. On by default; turn it off to write text exactly as given.
    /// Numbers are never changed.
    /// </summary>
    public bool NeutralizeFormulas { get; set; } = true;

    /// <summary>The number of rows written, not counting the header.</summary>
    public long RowCount { get; private set; }

    /// <summary>Writes an integer in the next column.</summary>
    public CsvTableWriter Write(int value)
    {
        Next().WriteField(value, default);
        return this;
    }

    /// <summary>Writes an integer in the next column.</summary>
    public CsvTableWriter Write(long value)
    {
        Next().WriteField(value, default);
        return this;
    }

    /// <summary>Writes a number in the next column: with the column's fixed decimals, or in the shortest form that reads back exactly.
    /// NaN and infinities are never written: the field is left empty.</summary>
    public CsvTableWriter Write(double value)
    {
        if (!double.IsFinite(value))
        {
            // NaN and infinity never reach a file: the field is left empty, as for a value that does not exist.
            return WriteEmpty();
        }

        string format = _doubleFormats[_field];
        Next().WriteField(value, format);
        return this;
    }

    /// <summary>Writes text in the next column, quoted when needed; null is written as an empty field.</summary>
    public CsvTableWriter Write(string? value)
    {
        Next().WriteField(NeutralizeFormulas ? SpreadsheetText.Neutralize(value) : value);
        return this;
    }

    /// <summary>Writes a date in the next column as <c>yyyy-MM-dd</c>.</summary>
    public CsvTableWriter Write(DateOnly value)
    {
        Next().WriteField(value, "yyyy-MM-dd");
        return this;
    }

    /// <summary>Writes a timestamp in the next column: <c>yyyy-MM-dd</c> at midnight, otherwise
    /// <c>yyyy-MM-dd HH:mm:ss</c> followed by the fraction of a second when there is one.</summary>
    public CsvTableWriter Write(DateTime value)
    {
        Next().WriteField(value, value.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss.FFFFFFF");
        return this;
    }

    /// <summary>Writes an empty field in the next column (a missing value).</summary>
    public CsvTableWriter WriteEmpty()
    {
        Next().WriteField(ReadOnlySpan<char>.Empty);
        return this;
    }

    /// <summary>Ends the row.</summary>
    /// <exception cref="InvalidOperationException">The row has fewer values than there are columns; the message names the first missing column.</exception>
    public void EndRow()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_field != _columns.Length)
        {
            throw new InvalidOperationException(
                $"Row {RowCount + 1} has {_field} values but the table has {_columns.Length} columns; the next is '{_columns[_field].Name}'.");
        }

        _csv.EndRecord();
        _field = 0;
        RowCount++;
    }

    /// <summary>Writes what is buffered to the destination.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _csv.Flush();
    }

    /// <summary>Writes what is buffered and closes the destination (unless it was opened with leaveOpen).</summary>
    /// <remarks>An unfinished row (values without <see cref="EndRow"/>) is written as it is.</remarks>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _csv.Dispose();
        }
    }

    private CsvWriter Next()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_field == _columns.Length)
        {
            throw new InvalidOperationException(
                $"Row {RowCount + 1} already has a value for each of the {_columns.Length} columns; call EndRow first.");
        }

        _field++;
        return _csv;
    }
}
