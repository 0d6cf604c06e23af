using System.Globalization;
using System.Text;

namespace CustomerScoring.Csv;

/// <summary>
/// Writes rejected lines to a CSV file of rejects, one row per line: <c>line,column,reason,field_text,message,raw_line</c>
/// (RFC 4180, every field quoted, UTF-8). Pass <see cref="Write"/> as <see cref="CsvImportOptions.OnRejection"/>:
/// <code>
/// using var rejects = CsvRejectsWriter.Create("rejects.csv");
/// var result = TransactionCsvReader.ReadFile("sales.csv", options with { OnError = CsvErrorHandling.Skip, OnRejection = rejects.Write });
/// </code>
/// The text of a line is cut as <see cref="CsvImportOptions.MaxRejectedTextChars"/> says. Fields that start with
/// <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> get a leading apostrophe so that spreadsheets do not run them as formulas.
/// </summary>
/// <remarks>Not thread-safe; dispose it to flush and close the file.</remarks>
public sealed class CsvRejectsWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;

    /// <summary>Writes to <paramref name="writer"/>, starting with the header row.</summary>
    /// <param name="writer">The output.</param>
    /// <param name="leaveOpen">Whether the writer stays open when this is disposed.</param>
    public CsvRejectsWriter(TextWriter writer, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _ownsWriter = !leaveOpen;
        _writer.Write("line,column,reason,field_text,message,raw_line\n");
    }

    /// <summary>The number of rejected lines written.</summary>
    public long Count { get; private set; }

    /// <summary>Creates (or replaces) a file of rejects.</summary>
    public static CsvRejectsWriter Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new CsvRejectsWriter(new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16));
    }

    /// <summary>Writes one rejected line.</summary>
    public void Write(CsvRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        _writer.Write(rejection.LineNumber.ToString(CultureInfo.InvariantCulture));
        Field(rejection.Column ?? "");
        Field(rejection.Reason.ToString());
        Field(rejection.FieldText ?? "");
        Field(rejection.Message);
        Field(rejection.RawLine);
        _writer.Write('\n');
        Count++;
    }

    /// <summary>Flushes and closes the output (unless it was left open).</summary>
    public void Dispose()
    {
        _writer.Flush();
        if (_ownsWriter)
        {
            _writer.Dispose();
        }
    }

    private void Field(string value)
    {
        _writer.Write(",\"");
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            _writer.Write('\'');
        }

        _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
    }
}
