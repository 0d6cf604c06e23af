using System.Globalization;
using System.Text;

namespace CustomerScoring.Csv;

/// <summary>What <see cref="CsvFormatSniffer"/> detected in a file, and the import options that read it.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CsvSniffResult
{
    internal CsvSniffResult(CsvDelimiter delimiter, bool hasHeader, IReadOnlyList<string> header, char decimalSeparator,
        string timestampFormat, int timestampField, int sampleLines, IReadOnlyList<string> notes, CsvImportOptions options)
    {
        Delimiter = delimiter;
        HasHeader = hasHeader;
        Header = header;
        DecimalSeparator = decimalSeparator;
        TimestampFormat = timestampFormat;
        TimestampField = timestampField;
        SampleLines = sampleLines;
        Notes = notes;
        Options = options;
    }

    /// <summary>The field delimiter.</summary>
    public CsvDelimiter Delimiter { get; }

    /// <summary>Whether the first line is a header.</summary>
    public bool HasHeader { get; }

    /// <summary>The header names; empty without a header.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The decimal separator of the amounts: '.' or ','.</summary>
    public char DecimalSeparator { get; }

    /// <summary>The timestamp format: <see cref="CsvImportOptions.Iso8601"/> or a .NET format such as <c>d/M/yyyy H:mm</c>.</summary>
    public string TimestampFormat { get; }

    /// <summary>The 0-based position of the timestamp column, or -1 when none was found.</summary>
    public int TimestampField { get; }

    /// <summary>The number of data lines looked at.</summary>
    public int SampleLines { get; }

    /// <summary>Remarks on what could not be detected from the options' column settings.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The options given to the sniffer, with the detected delimiter, header, number format and timestamp format.</summary>
    public CsvImportOptions Options { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"delimiter {Delimiter}, {(HasHeader ? $"header ({string.Join(", ", Header)})" : "no header")}, decimal separator '{DecimalSeparator}', timestamps {TimestampFormat}");
        if (TimestampField >= 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" (column {TimestampField})");
        }

        text.Append(CultureInfo.InvariantCulture, $"; from {SampleLines:N0} data lines");
        foreach (string note in Notes)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {note}");
        }

        return text.ToString();
    }
}
