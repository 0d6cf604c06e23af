namespace CustomerScoring.Parquet;

/// <summary>One row the reader did not use, and why.</summary>
/// <param name="RowNumber">The 1-based position of the row in the file (the first row of the first row group is 1), as a CSV line number without a header.</param>
/// <param name="RowGroup">The 0-based row group the row is in.</param>
/// <param name="Column">The column the problem is in, as named in the file's schema.</param>
/// <param name="Reason">The reason.</param>
/// <param name="Value">The bad value as text (<c>null</c> for a null, <c>NaN</c>, <c>∞</c>, the blank text), for the message and the report.</param>
/// <param name="Message">A sentence explaining the problem.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ParquetRejection(
    long RowNumber,
    int RowGroup,
    string Column,
    ParquetRejectionReason Reason,
    string Value,
    string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"row {RowNumber} (row group {RowGroup}): {Message}";
}
