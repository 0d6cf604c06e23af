using System.Globalization;
using System.Text.Unicode;

namespace CustomerScoring.Csv;

/// <summary>
/// One timestamp format compiled for parsing UTF-8 bytes without allocating. Formats made of the numeric
/// specifiers (yyyy, M, MM, d, dd, H, HH, m, mm, s, ss, f..fffffff) and literal characters are parsed
/// directly; any other format falls back to <see cref="DateTime.TryParseExact(ReadOnlySpan{char}, ReadOnlySpan{char}, IFormatProvider, DateTimeStyles, out DateTime)"/>
/// on the field decoded into a stack buffer. Both give the same results (tests compare them).
/// </summary>
internal sealed class TimestampFormat
{
    private const int MaxFallbackChars = 128;

    private readonly Token[]? _tokens;
    private readonly bool _iso;

    private TimestampFormat(string format, Token[]? tokens, bool iso = false)
    {
        Format = format;
        _tokens = tokens;
        _iso = iso;
    }

    private enum Part : byte
    {
        Literal,
        Year,
        Month,
        Day,
        Hour,
        Minute,
        Second,
        Fraction,
    }

    /// <summary>The ISO family's last date read (one format per reader or worker, so one thread uses it).</summary>
    private Iso8601Timestamp.LastDate _lastDate;

    /// <summary>The format string.</summary>
    public string Format { get; }

    /// <summary>Whether the format is parsed directly from bytes (false: through DateTime.TryParseExact).</summary>
    public bool IsDirect => _tokens is not null || _iso;

    /// <summary>Whether this is the ISO 8601 family (<see cref="CsvImportOptions.Iso8601"/>).</summary>
    public bool IsIso8601 => _iso;

    /// <summary>Compiles a format.</summary>
    /// <exception cref="ArgumentException">The format is empty or has no year, month or day.</exception>
    public static TimestampFormat Compile(string format)
    {
        if (string.IsNullOrEmpty(format))
        {
            throw new ArgumentException("A timestamp format is empty.", nameof(format));
        }

        if (string.Equals(format, CsvImportOptions.Iso8601, StringComparison.OrdinalIgnoreCase))
        {
            return new TimestampFormat(CsvImportOptions.Iso8601, null, iso: true);
        }

        if (!format.Contains('y', StringComparison.Ordinal) || !format.Contains('M', StringComparison.Ordinal) || !format.Contains('d', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Timestamp format '{format}' must contain a year (y), a month (M) and a day (d); without them .NET would fill in today's date.",
                nameof(format));
        }

        return new TimestampFormat(format, TryTokenize(format));
    }

    /// <summary>Parses a field.</summary>
    public bool TryParse(ReadOnlySpan<byte> utf8, out DateTime value) =>
        _iso ? Iso8601Timestamp.TryParse(utf8, ref _lastDate, out value)
        : _tokens is not null ? TryParseDirect(_tokens, utf8, out value) : TryParseFallback(utf8, out value);

    private static Token[]? TryTokenize(string format)
    {
        var tokens = new List<Token>();
        bool year = false, month = false, day = false;
        for (int i = 0; i < format.Length;)
        {
            char c = format[i];
            int run = 1;
            while (i + run < format.Length && format[i + run] == c)
            {
                run++;
            }

            switch (c)
            {
                case 'y' when run == 4:
                    tokens.Add(new Token(Part.Year, 4, 4, 0));
                    year = true;
                    break;
                case 'M' when run <= 2:
                    tokens.Add(new Token(Part.Month, (byte)run, 2, 0));
                    month = true;
                    break;
                case 'd' when run <= 2:
                    tokens.Add(new Token(Part.Day, (byte)run, 2, 0));
                    day = true;
                    break;
                case 'H' when run <= 2:
                    tokens.Add(new Token(Part.Hour, (byte)run, 2, 0));
                    break;
                case 'm' when run <= 2:
                    tokens.Add(new Token(Part.Minute, (byte)run, 2, 0));
                    break;
                case 's' when run <= 2:
                    tokens.Add(new Token(Part.Second, (byte)run, 2, 0));
                    break;
                case 'f' when run <= 7:
                    tokens.Add(new Token(Part.Fraction, (byte)run, (byte)run, 0));
                    break;
                case 'y' or 'M' or 'd' or 'H' or 'm' or 's' or 'f' or 'F' or 'g' or 'h' or 'K' or 't' or 'z'
                    or '\'' or '"' or '\\' or '%':
                    return null; // names, 12-hour clock, zones, escapes: leave them to .NET.
                default:
                    if (c > 0x7F || (c != ' ' && char.IsWhiteSpace(c)))
                    {
                        return null; // Other white space and non-ASCII: let .NET decide.
                    }

                    for (int k = 0; k < run; k++)
                    {
                        tokens.Add(new Token(Part.Literal, 1, 1, (byte)c));
                    }

                    break;
            }

            i += run;
        }

        return year && month && day ? tokens.ToArray() : null;
    }

    private static bool TryParseDirect(Token[] tokens, ReadOnlySpan<byte> text, out DateTime value)
    {
        int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0;
        long fractionTicks = 0;
        int pos = 0;
        foreach (Token token in tokens)
        {
            if (token.Part == Part.Literal)
            {
                if (pos >= text.Length || text[pos] != token.Literal)
                {
                    value = default;
                    return false;
                }

                pos++;
                continue;
            }

            int number = 0, digits = 0;
            while (digits < token.MaxDigits && pos < text.Length && (uint)(text[pos] - '0') <= 9)
            {
                number = (number * 10) + (text[pos] - '0');
                pos++;
                digits++;
            }

            if (digits < token.MinDigits)
            {
                value = default;
                return false;
            }

            switch (token.Part)
            {
                case Part.Year: year = number; break;
                case Part.Month: month = number; break;
                case Part.Day: day = number; break;
                case Part.Hour: hour = number; break;
                case Part.Minute: minute = number; break;
                case Part.Second: second = number; break;
                default:
                    fractionTicks = number;
                    for (int k = digits; k < 7; k++)
                    {
                        fractionTicks *= 10;
                    }

                    break;
            }
        }

        if (pos != text.Length || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            value = default;
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second).AddTicks(fractionTicks);
        return true;
    }

    private bool TryParseFallback(ReadOnlySpan<byte> utf8, out DateTime value)
    {
        Span<char> chars = stackalloc char[MaxFallbackChars];
        if (utf8.Length > MaxFallbackChars
            || Utf8.ToUtf16(utf8, chars, out _, out int written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done
            || !DateTime.TryParseExact(chars[..written], Format, DateTimeFormatInfo.InvariantInfo,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            value = default;
            return false;
        }

        value = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
        return true;
    }

    private readonly record struct Token(Part Part, byte MinDigits, byte MaxDigits, byte Literal);
}
