using System.Globalization;
using System.Text;

namespace CustomerScoring.Csv;

/// <summary>
/// Builds the <see cref="CsvRejection"/> of a record (line, column, field text and raw line cut to
/// <see cref="CsvImportOptions.MaxRejectedTextChars"/>) and finds the amount of a rejected record for the report's
/// totals. Shared by the sequential reader and the parallel workers, so a line is reported the same way by both.
/// Thread-safe (it only reads).
/// </summary>
internal sealed class RejectionFactory(CsvImportOptions options, ColumnLayout layout, FieldParser fields, byte[]? cancellationPrefix)
{
    /// <summary>The rejection of the record <paramref name="record"/> is on.</summary>
    public CsvRejection Create(CsvRecordFields record, CsvRejectionReason reason, int field, ReadOnlySpan<byte> text, string message)
    {
        int max = options.MaxRejectedTextChars;
        string? column = field >= 0 ? layout.ColumnNames[field] : null;
        string? fieldText = field >= 0 ? Cap(text, max) : null;
        string prefix = column is null ? "" : $"Column '{column}'{(fieldText is null ? "" : $", text '{fieldText}'")}: ";
        return new CsvRejection(record.LineNumber, column, reason, fieldText, Cap(record.RawRecord, max), prefix + message);
    }

    /// <summary>The amount of the record (amount, or quantity × price) when it parses and is finite, for the rejection totals.</summary>
    public double? AmountOfRecord(CsvRecordFields record)
    {
        int count = record.FieldCount;
        double amount;
        if (layout.Amount >= 0)
        {
            if (layout.Amount >= count || !fields.TryParseNumber(record.Field(layout.Amount), out amount))
            {
                return null;
            }
        }
        else
        {
            if (layout.Quantity >= count || layout.Price >= count
                || !fields.TryParseNumber(record.Field(layout.Quantity), out double quantity)
                || !fields.TryParseNumber(record.Field(layout.Price), out double price))
            {
                return null;
            }

            amount = quantity * price;
        }

        if (cancellationPrefix is not null && layout.Invoice < count && record.Field(layout.Invoice).StartsWith(cancellationPrefix))
        {
            amount = -Math.Abs(amount);
        }

        return double.IsFinite(amount) ? amount : null;
    }

    /// <summary>Text of a rejected line or field, cut to <paramref name="max"/> characters (never decoding more than needed).</summary>
    public static string Cap(ReadOnlySpan<byte> utf8, int max)
    {
        if (utf8.Length <= max)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        ReadOnlySpan<byte> head = utf8[..max];
        while (head.Length > 0 && (head[^1] & 0xC0) == 0x80)
        {
            head = head[..^1]; // do not cut a character in two
        }

        if (head.Length > 0 && head[^1] >= 0xC0)
        {
            head = head[..^1];
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Encoding.UTF8.GetString(head)}... ({utf8.Length:N0} bytes in all)");
    }

    /// <summary>Text of a rejected line, cut to <paramref name="max"/> characters.</summary>
    public static string Cap(ReadOnlySpan<char> text, int max) =>
        text.Length <= max
            ? text.ToString()
            : string.Create(CultureInfo.InvariantCulture, $"{text[..max]}... ({text.Length:N0} characters in all)");
}
