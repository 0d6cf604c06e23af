using System.Globalization;

namespace CustomerScoring.Csv;

/// <summary>
/// Parses the timestamp and number fields of a record from UTF-8 in the formats of the options, and holds
/// the sentences that explain a field that does not parse (built once, not per rejected line).
/// </summary>
internal sealed class FieldParser
{
    private readonly TimestampFormat[] _formats;
    private readonly DecimalParser _decimals;
    private readonly string _numberHint;

    public FieldParser(CsvImportOptions options)
    {
        _formats = options.TimestampFormats.Select(TimestampFormat.Compile).ToArray();
        _decimals = new DecimalParser(options.NumberFormat);
        _numberHint = $"(decimal separator '{options.NumberFormat.NumberDecimalSeparator}', no group separators)";
        TimestampMessage =
            $"The timestamp does not match the format{(_formats.Length > 1 ? "s" : "")} {string.Join(" or ", _formats.Select(f => f.Format))}, or is not a valid date.";
    }

    /// <summary>Why a timestamp was not accepted.</summary>
    public string TimestampMessage { get; }

    /// <summary>Parses a timestamp with the first format that fits.</summary>
    public bool TryParseTimestamp(ReadOnlySpan<byte> text, out DateTime timestamp)
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

    /// <summary>Parses a number; NaN and infinities parse (check <see cref="double.IsFinite"/>).</summary>
    public bool TryParseNumber(ReadOnlySpan<byte> text, out double value) => _decimals.TryParse(text, out value);

    /// <summary>Why a number (<paramref name="what"/>: amount, quantity, price, margin) was not accepted.</summary>
    public string NotANumber(string what) => $"The {what} is not a number {_numberHint}.";

    /// <summary>Why a non-finite number was not accepted.</summary>
    public static string NotFinite(string what) => $"The {what} is not a finite number.";

    /// <summary>A number for messages.</summary>
    public static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
