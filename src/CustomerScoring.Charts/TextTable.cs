using System.Globalization;
using System.Net;
using System.Text;

namespace CustomerScoring.Charts;

/// <summary>
/// A small table of rows for reading: aligned plain text (numbers right-aligned), CSV or an HTML table. Cells are formatted
/// with the invariant culture: whole numbers as 1,234, other numbers as 1,234.57, text as given. Not thread-safe while rows are
/// being added.
/// </summary>
public sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];
    private readonly bool[] _numericColumn;

    /// <summary>Creates an empty table.</summary>
    /// <param name="headers">The column headers; at least one.</param>
    public TextTable(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Length == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(headers));
        }

        _headers = [.. headers];
        _numericColumn = new bool[headers.Length];
        Array.Fill(_numericColumn, true);
    }

    /// <summary>The column headers.</summary>
    public IReadOnlyList<string> Headers => _headers;

    /// <summary>The number of rows added.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Appends a row.</summary>
    /// <param name="cells">One cell per column: text, a number (formatted as described on the type) or null for an empty cell.</param>
    /// <returns>This table, to chain calls.</returns>
    /// <exception cref="ArgumentException">The number of cells differs from the number of columns.</exception>
    public TextTable AddRow(params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The row has {cells.Length} cells but the table has {_headers.Length} columns."), nameof(cells));
        }

        var row = new string[cells.Length];
        for (int c = 0; c < cells.Length; c++)
        {
            row[c] = Format(cells[c]);
            _numericColumn[c] &= row[c].Length == 0 || LooksNumeric(row[c]);
        }

        _rows.Add(row);
        return this;
    }

    /// <summary>The table as aligned text: a header line, a rule, one line per row; numeric columns right-aligned.</summary>
    /// <returns>The text, lines separated by '\n', without a trailing newline.</returns>
    public string ToText()
    {
        int columns = _headers.Length;
        var widths = new int[columns];
        for (int c = 0; c < columns; c++)
        {
            widths[c] = _rows.Aggregate(_headers[c].Length, (w, row) => Math.Max(w, row[c].Length));
        }

        var sb = new StringBuilder();
        AppendLine(sb, _headers, widths);
        sb.Append('\n').Append(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (string[] row in _rows)
        {
            sb.Append('\n');
            AppendLine(sb, row, widths);
        }

        return sb.ToString();
    }

    /// <summary>The table as CSV (RFC 4180: comma-separated, fields with commas, quotes or line breaks quoted).</summary>
    /// <returns>The CSV text, header first, lines ending in "\r\n".</returns>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        foreach (string[] line in _rows.Prepend(_headers))
        {
            sb.AppendJoin(',', line.Select(CsvField)).Append("\r\n");
        }

        return sb.ToString();
    }

    /// <summary>The table as an HTML &lt;table&gt; with a header row; text is HTML-encoded, numeric columns right-aligned.</summary>
    /// <returns>The HTML fragment.</returns>
    public string ToHtml()
    {
        var sb = new StringBuilder("<table>\n<thead><tr>");
        for (int c = 0; c < _headers.Length; c++)
        {
            sb.Append(Cell("th", c, _headers[c]));
        }

        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (string[] row in _rows)
        {
            sb.Append("<tr>");
            for (int c = 0; c < row.Length; c++)
            {
                sb.Append(Cell("td", c, row[c]));
            }

            sb.Append("</tr>\n");
        }

        return sb.Append("</tbody>\n</table>").ToString();
    }

    /// <summary>The same as <see cref="ToText"/>.</summary>
    /// <returns>The aligned text.</returns>
    public override string ToString() => ToText();

    internal static bool LooksNumeric(string cell)
    {
        string s = cell.Trim();
        if (s.EndsWith('%'))
        {
            s = s[..^1];
        }

        return double.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out _);
    }

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        byte or sbyte or short or ushort or int or uint or long or ulong => ((IFormattable)value).ToString("N0", CultureInfo.InvariantCulture),
        float or double or decimal => ((IFormattable)value).ToString("N2", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string CsvField(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private void AppendLine(StringBuilder sb, string[] cells, int[] widths)
    {
        var parts = new string[cells.Length];
        for (int c = 0; c < cells.Length; c++)
        {
            parts[c] = _numericColumn[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]);
        }

        sb.Append(string.Join("  ", parts).TrimEnd());
    }

    private string Cell(string tag, int column, string text) =>
        _numericColumn[column]
            ? $"<{tag} style=\"text-align:right\">{WebUtility.HtmlEncode(text)}</{tag}>"
            : $"<{tag}>{WebUtility.HtmlEncode(text)}</{tag}>";
}
