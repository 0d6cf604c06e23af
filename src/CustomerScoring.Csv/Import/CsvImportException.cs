
namespace CustomerScoring.Csv;

/// <summary>
/// A CSV file cannot be imported: a required column is missing (always), or a line is bad and
/// <see cref="CsvImportOptions.OnError"/> is <see cref="CsvErrorHandling.Fail"/>. The message names the line,
/// the column, the text and the reason; the properties give them one by one.
/// </summary>
public sealed class CsvImportException : CustomerScoringException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public CsvImportException()
        : this("The CSV file cannot be imported.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CsvImportException(string message)
        : base(FailureKind.BadData, message)
    {
        Header = [];
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public CsvImportException(string message, Exception innerException)
        : base(FailureKind.BadData, message, innerException)
    {
        Header = [];
    }

    /// <summary>Creates the exception for a rejected line.</summary>
    internal CsvImportException(CsvRejection rejection, Exception? innerException = null)
        : base(FailureKind.BadData, $"Line {rejection.LineNumber}: {rejection.Message}{(rejection.RawLine.Length > 0 ? $" Line: '{rejection.RawLine}'" : "")}", innerException)
    {
        LineNumber = rejection.LineNumber;
        Column = rejection.Column;
        FieldText = rejection.FieldText;
        RawLine = rejection.RawLine;
        Reason = rejection.Reason;
        Header = [];
    }

    /// <summary>Creates the exception for a problem with the file as a whole, such as a missing column.</summary>
    internal CsvImportException(string message, long? lineNumber, string? column, IReadOnlyList<string> header)
        : base(FailureKind.BadData, message)
    {
        LineNumber = lineNumber;
        Column = column;
        Header = header;
    }

    /// <summary>The 1-based line number, when the problem is in one line.</summary>
    public long? LineNumber { get; }

    /// <summary>The column: its header name or <c>column 3</c> (0-based); null when the problem is not in one column.</summary>
    public string? Column { get; }

    /// <summary>The text of the bad field, when there is one.</summary>
    public string? FieldText { get; }

    /// <summary>The bad line as it is in the file, when the problem is in one line.</summary>
    public string? RawLine { get; }

    /// <summary>The reason a line was rejected; null for problems with the whole file, such as a missing column.</summary>
    public CsvRejectionReason? Reason { get; }

    /// <summary>The header names of the file, when the problem is a missing column; otherwise empty.</summary>
    public IReadOnlyList<string> Header { get; }
}
