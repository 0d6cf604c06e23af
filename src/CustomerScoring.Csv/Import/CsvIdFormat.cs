namespace CustomerScoring.Csv;

/// <summary>How the reader compares customer ids (<see cref="CsvImportOptions.CustomerIdFormat"/>).</summary>
public enum CsvIdFormat
{
    /// <summary>The field's text with surrounding spaces removed, compared exactly (ordinal): <c>17850.0</c> and <c>17850</c> are two customers.</summary>
    AsWritten,

    /// <summary>
    /// Whole numbers: an optional sign, digits and an optional fraction of zeros (<c>17850.0</c>), read as the
    /// integer without leading zeros (<c>17850</c>); that text is the customer's key. Ids that are not whole
    /// numbers are rejected.
    /// </summary>
    Number,
}
