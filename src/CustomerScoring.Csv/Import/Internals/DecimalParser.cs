using System.Globalization;
using CustomerScoring.Numerics;

namespace CustomerScoring.Csv;

/// <summary>
/// Parses numbers from UTF-8 in a number format. Plain decimals (optional sign, at most 15 digits, optional
/// decimal separator, no exponent) take a fast path that is exact: the digits form an
/// integer m &lt; 2^53 and the value is m / 10^k with k ≤ 22, one correctly rounded division of two exactly
/// representable doubles, so it equals the correctly rounded decimal (Clinger's fast path). Everything else
/// goes to <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>.
/// </summary>
internal sealed class DecimalParser
{
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

    /// <summary>
    /// An optional sign, digits, optionally the separator and more digits: at most 15 digits in all (leading zeros
    /// counted, so the integer of the digits is below 10^15 &lt; 2^53) and at least one. Anything else is left to
    /// double.TryParse, which gives the same correctly rounded value for the plain decimals this does not take.
    /// </summary>
    private bool TryParseFast(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            i = 1;
        }

        int start = i;
        long mantissa = 0; // below 10^15 when used: converted to double by one signed conversion
        for (; i < text.Length; i++)
        {
            uint d = (uint)(text[i] - '0');
            if (d > 9)
            {
                break;
            }

            mantissa = (mantissa * 10) + d;
        }

        int digits = i - start, decimals = 0;
        if (i < text.Length)
        {
            if (text[i] != _separator)
            {
                return false;
            }

            int fraction = ++i;
            for (; i < text.Length; i++)
            {
                uint d = (uint)(text[i] - '0');
                if (d > 9)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + d;
            }

            decimals = i - fraction;
        }

        if ((uint)(digits + decimals - 1) > 14)
        {
            return false; // no digit, or more than 15 (the mantissa may have wrapped: it is not used)
        }

        double result = decimals == 0 ? mantissa : mantissa / DecimalDigits.ExactPowersOfTen[decimals];
        value = negative ? -result : result;
        return true;
    }
}
