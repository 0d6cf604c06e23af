namespace CustomerScoring.Csv;

/// <summary>One line the reader did not use, and why.</summary>
/// <param name="LineNumber">The 1-based line number in the file (the header is line 1 when there is one).</param>
/// <param name="Column">The column the problem is in, as named in the header (or <c>column 3</c>, 0-based); null when the problem is the whole line.</param>
/// <param name="Reason">The reason.</param>
/// <param name="FieldText">The text of the bad field; null when the problem is the whole line.</param>
/// <param name="RawLine">The line as it is in the file.</param>
/// <param name="Message">A sentence explaining the problem.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CsvRejection(
    long LineNumber,
    string? Column,
    CsvRejectionReason Reason,
    string? FieldText,
    string RawLine,
    string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"line {LineNumber}: {Message} Line: '{RawLine}'";
}
