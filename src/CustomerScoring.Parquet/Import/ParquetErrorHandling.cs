namespace CustomerScoring.Parquet;

/// <summary>What <see cref="TransactionParquetReader"/> does with a row it cannot use (the same choice as the CSV reader's <c>CsvErrorHandling</c>).</summary>
public enum ParquetErrorHandling
{
    /// <summary>Throw a <see cref="ParquetImportException"/> at the first bad row (the default).</summary>
    Fail,

    /// <summary>Skip the row and record it in the <see cref="ParquetImportReport"/>: every skipped row is counted by reason.</summary>
    Skip,
}
