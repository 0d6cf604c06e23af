namespace CustomerScoring.Parquet;

/// <summary>
/// A Parquet file (or Arrow record batch) cannot be imported: a required column is missing or has a type
/// that cannot be mapped (always), or a row is bad and <see cref="ParquetImportOptions.OnError"/> is
/// <see cref="ParquetErrorHandling.Fail"/>. The message names the row, the column, the value and the reason;
/// the properties give them one by one.
/// </summary>
public sealed class ParquetImportException : CustomerScoringException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public ParquetImportException()
        : this("The Parquet data cannot be imported.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ParquetImportException(string message)
        : base(FailureKind.BadData, message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ParquetImportException(string message, Exception innerException)
        : base(FailureKind.BadData, message, innerException)
    {
    }

    /// <summary>Creates the exception for a rejected row.</summary>
    internal ParquetImportException(ParquetRejection rejection)
        : base(FailureKind.BadData, $"Row {rejection.RowNumber} (row group {rejection.RowGroup}): {rejection.Message}")
    {
        RowNumber = rejection.RowNumber;
        Column = rejection.Column;
        Value = rejection.Value;
        Reason = rejection.Reason;
    }

    /// <summary>Creates the exception for a problem with a column as a whole, such as a missing column.</summary>
    internal ParquetImportException(string message, string column)
        : base(FailureKind.BadData, message)
    {
        Column = column;
    }

    /// <summary>The 1-based row number in the file (for Arrow input: counted from 1 across the record batches given), when the problem is in one row.</summary>
    public long? RowNumber { get; }

    /// <summary>The column, when the problem is in one column.</summary>
    public string? Column { get; }

    /// <summary>The bad value as text, when there is one.</summary>
    public string? Value { get; }

    /// <summary>The reason a row was rejected; null for problems with a whole column.</summary>
    public ParquetRejectionReason? Reason { get; }
}
