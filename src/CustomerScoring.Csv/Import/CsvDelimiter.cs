namespace CustomerScoring.Csv;

/// <summary>How the fields of a line are separated.</summary>
public enum CsvDelimiter
{
    /// <summary>A comma (RFC 4180); the default.</summary>
    Comma,

    /// <summary>A semicolon, as spreadsheets write CSV in locales with a decimal comma.</summary>
    Semicolon,

    /// <summary>A tab character (TSV).</summary>
    Tab,

    /// <summary>
    /// One or more spaces, with leading and trailing spaces allowed, as in whitespace-aligned text exports
    /// (for example the CDNOW sample: <c> 00004 0001 19970101  2   29.33</c>). A field cannot be empty in
    /// this mode; positions count the non-blank fields. Tabs are not separators here.
    /// </summary>
    Whitespace,
}
