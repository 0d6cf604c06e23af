namespace CustomerScoring.Csv;

/// <summary>What the reader does with a line it cannot use.</summary>
public enum CsvErrorHandling
{
    /// <summary>Throw a <see cref="CsvImportException"/> at the first bad line (the default).</summary>
    Fail,

    /// <summary>Skip the line and record it in the <see cref="CsvImportReport"/>: every skipped line is counted by reason.</summary>
    Skip,
}
