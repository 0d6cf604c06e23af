using System.Globalization;
using System.Text;

namespace CustomerScoring.Csv;

/// <summary>Makes text safe to open in a spreadsheet: no formula runs, no control character reaches the reader raw.</summary>
internal static class SpreadsheetText
{
    /// <summary>
    /// Prefixes text that a spreadsheet would take as a formula with an apostrophe (OWASP CSV injection guidance: a first
    /// character of <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return) and writes control characters other
    /// than line breaks as <c>\uXXXX</c>. Null and ordinary text come back unchanged (the same instance).
    /// </summary>
    public static string? Neutralize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        bool formula = text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        bool control = false;
        foreach (char c in text)
        {
            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            {
                control = true;
                break;
            }
        }

        if (!formula && !control)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        if (formula)
        {
            sb.Append('\'');
        }

        foreach (char c in text)
        {
            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
