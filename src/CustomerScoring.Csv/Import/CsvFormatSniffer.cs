using System.Globalization;
using System.Text;

namespace CustomerScoring.Csv;

/// <summary>
/// Detects how a transaction file is written from its first lines: the delimiter, whether the first line is a
/// header, the decimal separator of the amounts and the timestamp format, and returns import options that read
/// it. Detection never guesses a day/month order: when every date seen could be read both ways
/// (<c>03/04/2026</c>), it throws a <see cref="CsvImportException"/> that names both readings and the option
/// that settles it.
/// </summary>
/// <example>
/// <code>
/// CsvSniffResult format = CsvFormatSniffer.Sniff("sales.csv", new CsvImportOptions { CustomerColumn = "CustomerID", TimestampColumn = "InvoiceDate" });
/// Console.WriteLine(format);                     // what was detected
/// var result = TransactionCsvReader.ReadFile("sales.csv", format.Options);
/// </code>
/// </example>
/// <remarks>Thread-safe: holds no state.</remarks>
public static class CsvFormatSniffer
{
    /// <summary>The default number of lines looked at: 200.</summary>
    public const int DefaultSampleLines = 200;

    private static readonly string[] TimeParts = ["", " H:mm", " H:mm:ss", " HH:mm", " HH:mm:ss", "THH:mm:ss"];

    /// <summary>Detects the format of a file from its first lines.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The options to start from: their column settings say which column holds the
    /// timestamps and amounts (by name when the file has a header); the defaults when null.</param>
    /// <param name="sampleLines">How many lines to look at.</param>
    /// <returns>What was detected, and <paramref name="options"/> with it.</returns>
    /// <exception cref="CsvImportException">The file is empty, or its dates are ambiguous or inconsistent.</exception>
    public static CsvSniffResult Sniff(string path, CsvImportOptions? options = null, int sampleLines = DefaultSampleLines)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        return Sniff(stream, options, sampleLines);
    }

    /// <summary>Detects the format of a stream from its first lines (read from its current position; left open).</summary>
    /// <inheritdoc cref="Sniff(string, CsvImportOptions?, int)"/>
    public static CsvSniffResult Sniff(Stream stream, CsvImportOptions? options = null, int sampleLines = DefaultSampleLines)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleLines, 2);
        options ??= new CsvImportOptions();
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16, leaveOpen: true);
        var text = new StringBuilder();
        var buffer = new char[1 << 16];
        int lines = 0, read;
        while (lines <= sampleLines && text.Length < (1 << 22) && (read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
            lines += buffer.AsSpan(0, read).Count('\n');
        }

        return SniffText(text.ToString(), options, sampleLines, complete: reader.EndOfStream);
    }

    private static CsvSniffResult SniffText(string text, CsvImportOptions options, int sampleLines, bool complete)
    {
        var notes = new List<string>();
        CsvDelimiter delimiter = DetectDelimiter(text, sampleLines, complete);
        List<string[]> records = Split(text, delimiter, sampleLines, complete);
        if (records.Count == 0)
        {
            throw new CsvImportException("The input is empty: there is nothing to detect a format from.");
        }

        bool hasHeader = DetectHeader(records);
        string[]? header = hasHeader ? records[0] : null;
        List<string[]> data = hasHeader ? records.Skip(1).ToList() : records;

        int timestampField = FindColumn(options.TimestampColumn, header);
        if (timestampField < 0)
        {
            timestampField = GuessTimestampColumn(data);
            if (timestampField >= 0)
            {
                notes.Add($"the timestamp column was not found by its setting ({options.TimestampColumn}); column {timestampField} holds dates");
            }
        }

        string[] timestamps = timestampField < 0 ? [] : Column(data, timestampField);
        string timestampFormat = timestamps.Length == 0 ? CsvImportOptions.Iso8601 : DetectTimestampFormat(timestamps);

        var amountFields = new List<int>();
        foreach (CsvColumn? column in options.UsesQuantityTimesPrice ? [options.QuantityColumn, options.PriceColumn] : new[] { (CsvColumn?)options.AmountColumn })
        {
            int field = column is { } c ? FindColumn(c, header) : -1;
            if (field >= 0)
            {
                amountFields.Add(field);
            }
        }

        char decimalSeparator = DetectDecimalSeparator(data, amountFields);
        NumberFormatInfo numbers = decimalSeparator == ','
            ? new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = "." }
            : NumberFormatInfo.InvariantInfo;
        if (amountFields.Count == 0)
        {
            notes.Add("the amount column was not found, so the decimal separator was taken from all numeric fields");
        }

        CsvImportOptions detected = options with
        {
            Delimiter = delimiter,
            HasHeader = hasHeader,
            TimestampFormats = [timestampFormat],
            NumberFormat = numbers,
        };
        if (!hasHeader && options.HasHeader && !options.Columns().All(c => c.Column is { IsNamed: false }))
        {
            notes.Add("the file has no header, so every column must be given by position (CsvColumn.At)");
        }

        return new CsvSniffResult(delimiter, hasHeader, header ?? [], decimalSeparator, timestampFormat,
            timestampField, data.Count, notes, detected);
    }

    private static CsvDelimiter DetectDelimiter(string text, int sampleLines, bool complete)
    {
        CsvDelimiter best = CsvDelimiter.Comma;
        double bestScore = 0;
        foreach (CsvDelimiter candidate in new[] { CsvDelimiter.Comma, CsvDelimiter.Semicolon, CsvDelimiter.Tab, CsvDelimiter.Whitespace })
        {
            List<string[]> records = Split(text, candidate, sampleLines, complete);
            var counts = records.Where(r => r.Length > 1 || r[0].Length > 0).Select(r => r.Length).ToList();
            if (counts.Count == 0)
            {
                continue;
            }

            int mode = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
            if (mode < 2)
            {
                continue;
            }

            // Consistency first; whitespace only wins when nothing else splits the lines consistently.
            double score = (double)counts.Count(c => c == mode) / counts.Count * (candidate == CsvDelimiter.Whitespace ? 0.5 : 1.0);
            if (score > bestScore)
            {
                bestScore = score;
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>Splits text into records of fields (RFC 4180 quoting, line breaks inside quotes), trimmed.</summary>
    private static List<string[]> Split(string text, CsvDelimiter delimiter, int maxRecords, bool complete)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        char separator = delimiter switch { CsvDelimiter.Semicolon => ';', CsvDelimiter.Tab => '\t', CsvDelimiter.Whitespace => ' ', _ => ',' };
        int i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length && records.Count < maxRecords + 1; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.ToString().Trim().Length == 0)
            {
                quoted = wasQuoted = true;
                field.Clear();
            }
            else if (c == separator)
            {
                if (delimiter != CsvDelimiter.Whitespace || field.Length > 0 || wasQuoted)
                {
                    fields.Add(field.ToString().Trim());
                }

                field.Clear();
                wasQuoted = false;
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                EndRecord();
            }
            else
            {
                field.Append(c);
            }
        }

        if (complete && !quoted && (field.Length > 0 || fields.Count > 0))
        {
            EndRecord();
        }

        return records;

        void EndRecord()
        {
            if (delimiter != CsvDelimiter.Whitespace || field.Length > 0 || wasQuoted)
            {
                fields.Add(field.ToString().Trim());
            }

            field.Clear();
            wasQuoted = false;
            if (fields.Count > 1 || (fields.Count == 1 && fields[0].Length > 0))
            {
                records.Add([.. fields]);
            }

            fields.Clear();
        }
    }

    private static bool DetectHeader(List<string[]> records)
    {
        if (records.Count < 2)
        {
            return records.Count == 1 && records[0].All(f => !LooksNumeric(f) && !LooksLikeDate(f));
        }

        string[] first = records[0];
        for (int column = 0; column < first.Length; column++)
        {
            string[] values = records.Skip(1).Where(r => column < r.Length).Select(r => r[column]).Where(v => v.Length > 0).ToArray();
            if (values.Length == 0)
            {
                continue;
            }

            bool dataTyped = values.Count(v => LooksNumeric(v) || LooksLikeDate(v)) >= 0.8 * values.Length;
            if (dataTyped && !LooksNumeric(first[column]) && !LooksLikeDate(first[column]))
            {
                return true;
            }
        }

        return false;
    }

    private static int FindColumn(CsvColumn column, string[]? header)
    {
        if (!column.IsNamed)
        {
            return column.Index;
        }

        if (header is null)
        {
            return -1;
        }

        int found = Array.FindIndex(header, h => string.Equals(h, column.Name, StringComparison.Ordinal));
        return found >= 0 ? found : Array.FindIndex(header, h => string.Equals(h.Trim(), column.Name!.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private static string[] Column(List<string[]> data, int field) =>
        data.Where(r => field < r.Length && r[field].Length > 0).Select(r => r[field]).ToArray();

    private static int GuessTimestampColumn(List<string[]> data)
    {
        int width = data.Count == 0 ? 0 : data.Max(r => r.Length);
        for (int field = 0; field < width; field++)
        {
            string[] values = Column(data, field);
            if (values.Length > 0 && values.Count(LooksLikeDate) >= 0.8 * values.Length)
            {
                return field;
            }
        }

        return -1;
    }

    private static bool LooksNumeric(string text) =>
        text.Length > 0 && double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static bool LooksLikeDate(string text) =>
        Iso8601Timestamp.TryParse(Encoding.UTF8.GetBytes(text), out _) || DayMonth(text, out _, out _, out _, out _) is not null;

    /// <summary>Splits <c>a/b/yyyy rest</c> (separator '/', '.' or '-'): returns the separator or null.</summary>
    private static char? DayMonth(string text, out int a, out int b, out string dateSkeleton, out string rest)
    {
        a = b = 0;
        dateSkeleton = rest = "";
        int end = text.IndexOfAny([' ', 'T']);
        string date = end < 0 ? text : text[..end];
        rest = end < 0 ? "" : text[end..];
        foreach (char separator in "/.-")
        {
            string[] parts = date.Split(separator);
            if (parts.Length == 3 && parts[2].Length == 4 && parts[0].Length is 1 or 2 && parts[1].Length is 1 or 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out a)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out b)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                dateSkeleton = $"{{0}}{separator}{{1}}{separator}yyyy";
                return separator;
            }
        }

        return null;
    }

    private static string DetectTimestampFormat(string[] values)
    {
        if (values.All(v => Iso8601Timestamp.TryParse(Encoding.UTF8.GetBytes(v), out _)))
        {
            return CsvImportOptions.Iso8601;
        }

        if (values.All(v => v.Length == 8 && v.All(char.IsAsciiDigit)) && TryFormat("yyyyMMdd", values))
        {
            return "yyyyMMdd";
        }

        string? sample = values.FirstOrDefault(v => DayMonth(v, out _, out _, out _, out _) is not null);
        if (sample is null)
        {
            throw new CsvImportException(
                $"The timestamps (such as '{values[0]}') are in no format that can be detected: set TimestampFormats, such as [\"d MMM yyyy\"].");
        }

        DayMonth(sample, out _, out _, out string skeleton, out _);
        bool dayFirstPossible = true, monthFirstPossible = true;
        foreach (string value in values)
        {
            if (DayMonth(value, out int a, out int b, out _, out _) is null)
            {
                continue;
            }

            dayFirstPossible &= a <= 31 && b <= 12;
            monthFirstPossible &= a <= 12 && b <= 31;
        }

        string dayFirst = string.Format(CultureInfo.InvariantCulture, skeleton, "d", "M");
        string monthFirst = string.Format(CultureInfo.InvariantCulture, skeleton, "M", "d");
        string? time = TimeParts.FirstOrDefault(t => TryFormat((dayFirstPossible ? dayFirst : monthFirst) + t, values));
        if (dayFirstPossible && monthFirstPossible)
        {
            DayMonth(sample, out int a, out int b, out _, out _);
            string year = sample.Split(skeleton[3])[2][..4];
            var asDay = new DateTime(int.Parse(year, CultureInfo.InvariantCulture), b, a);
            var asMonth = new DateTime(int.Parse(year, CultureInfo.InvariantCulture), a, b);
            throw new CsvImportException(
                $"The day/month order of the timestamps is ambiguous: no value in the first {values.Length:N0} has a day above 12. " +
                $"'{sample}' reads as {asDay:d MMMM yyyy} with day first ({dayFirst}{time}) or as {asMonth:d MMMM yyyy} with month first ({monthFirst}{time}). " +
                $"Settle it with TimestampFormats = [\"{dayFirst}{time}\"] or [\"{monthFirst}{time}\"] (CLI: --date-format).");
        }

        if (!dayFirstPossible && !monthFirstPossible)
        {
            throw new CsvImportException(
                $"The timestamps mix day-first and month-first dates (such as '{sample}'): set TimestampFormats to the one the file is meant to use.");
        }

        string format = (dayFirstPossible ? dayFirst : monthFirst) + time;
        if (time is null || !TryFormat(format, values))
        {
            throw new CsvImportException(
                $"The timestamps (such as '{sample}') have a {(dayFirstPossible ? "day-first" : "month-first")} date, but their time of day is in no format that can be detected: set TimestampFormats, such as [\"{(dayFirstPossible ? dayFirst : monthFirst)} h:mm tt\"].");
        }

        return format;
    }

    private static bool TryFormat(string format, string[] values)
    {
        TimestampFormat compiled = TimestampFormat.Compile(format);
        return values.All(v => compiled.TryParse(Encoding.UTF8.GetBytes(v), out _));
    }

    private static char DetectDecimalSeparator(List<string[]> data, List<int> amountFields)
    {
        IEnumerable<string> values = amountFields.Count > 0
            ? amountFields.SelectMany(f => Column(data, f))
            : data.SelectMany(r => r).Where(LooksNumeric);
        int comma = 0, point = 0;
        foreach (string value in values)
        {
            int c = value.LastIndexOf(','), p = value.LastIndexOf('.');
            if (c > p)
            {
                comma++;
            }
            else if (p >= 0)
            {
                point++;
            }
        }

        return comma > point ? ',' : '.';
    }
}
