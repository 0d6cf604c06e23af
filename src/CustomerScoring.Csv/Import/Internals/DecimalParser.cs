using System.Globalization;

namespace CustomerScoring.Csv;

/// <summary>
/// Parses numbers from UTF-8 in a number format. Plain decimals (optional sign, at most 15 significant
/// digits, optional decimal separator, no exponent) take a fast path that is exact: the digits form an
/// integer m &lt; 2^53 and the value is m / 10^k with k ≤ 22, one correctly rounded division of two exactly
/// representable doubles, so it equals the correctly rounded decimal (Clinger's fast path). Everything else
/// goes to <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>.
/// </summary>
internal sealed class DecimalParser
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private readonly NumberFormatInfo _format;
    private readonly int _separator;

    public DecimalParser(NumberFormatInfo format)
    {
        _format = format;
        string separator = format.NumberDecimalSeparator;
        bool plainSigns = format.NegativeSign == "-" && format.PositiveSign == "+";
        _separator = plainSigns && separator.Length == 1 && separator[0] < 0x80 && !char.IsAsciiDigit(separator[0])
            && separator[0] != '-' && separator[0] != '+' ? separator[0] : -1;
    }

    /// <summary>Parses the number; NaN and infinities parse (the caller rejects them).</summary>
    public bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        if (_separator >= 0 && TryParseFast(text, out value))
        {
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, _format, out value);
    }

    private bool TryParseFast(ReadOnlySpan<byte> text, out double value)
    {
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            i = 1;
        }

        long mantissa = 0;
        int digits = 0, decimals = 0;
        bool seenSeparator = false;
        for (; i < text.Length; i++)
        {
            uint d = (uint)(text[i] - '0');
            if (d <= 9)
            {
                if (mantissa == 0 && d == 0 && !seenSeparator)
                {
                    digits = Math.Max(digits, 1); // leading zeros are not significant
                    continue;
                }

                mantissa = (mantissa * 10) + d;
                if (mantissa != 0)
                {
                    digits++;
                }

                if (seenSeparator)
                {
                    decimals++;
                }

                if (digits > 15 || decimals > 22)
                {
                    value = 0;
                    return false;
                }
            }
            else if (text[i] == _separator && !seenSeparator)
            {
                seenSeparator = true;
            }
            else
            {
                value = 0;
                return false;
            }
        }

        // At least one digit, not just a sign or a separator ("0" and ".0" count digits or decimals).
        if (digits == 0 && decimals == 0)
        {
            value = 0;
            return false;
        }

        double result = decimals == 0 ? mantissa : mantissa / PowersOfTen[decimals];
        value = negative ? -result : result;
        return true;
    }
}
