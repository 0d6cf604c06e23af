using System.Text.RegularExpressions;

namespace CustomerScoring.Cli;

/// <summary>
/// Library messages (exceptions, warnings, notes, rejection hints) in the words of the command's flags: the library names
/// its settings by their C# names (<c>TimestampFormats</c>, <c>PurchaseModelKind.MbgNbd</c>), which mean nothing to a user
/// of the command. Whole phrases first, then the remaining names; settings the command has no flag for say so.
/// </summary>
internal static partial class FlagWords
{
    private static readonly (string Library, string Flags)[] Phrases =
    [
        ("set TimestampFormats, such as [", "give --date-format, such as ["),
        ("set TimestampFormats to the one the file is meant to use", "give --date-format with the one the file is meant to use"),
        ("Settle it with TimestampFormats = [", "Settle it with --date-format, ["),
        (" (CLI: --date-format)", string.Empty),
        ("TimestampFormats is empty: give at least one format", "--date-format is empty: give a format"),
        ("InvoiceTimestampConflicts = UseFirst", "--invoice-timestamps first"),
        ("CustomerIdFormat = Number", "--id-format number"),
        ("set NumberFormat for a decimal comma", "give --decimal-separator comma for a decimal comma"),
        ("more than MaxRejectedShare = ", "more than the --max-rejected-share limit of "),
        ("raise MaxRecordBytes only for genuinely long records", "records that long are refused (the limit is a setting of the library; the command has no flag for it)"),
        ("MaxRejectedShare must be between 0 and 1", "--max-rejected-share must be between 0 and 1"),
        ("CancellationPrefix is empty: give the prefix of cancelled invoices, such as \"C\", or null.", "--cancel-prefix is empty: give the prefix of cancelled invoices, such as C."),
        ("CancellationPrefix marks cancelled invoices by their id: set InvoiceColumn too.", "--cancel-prefix marks cancelled invoices by their id: give --invoice-column too."),
        ("Set both QuantityColumn and PriceColumn (amount = quantity × price) or neither", "Give both --quantity-column and --price-column (amount = quantity × price) or neither"),
        ("HasHeader is false, so ", "With --no-header, "),
        (" must be a position such as CsvColumn.At(0)", " must be a 0-based position such as 0"),
        ("MBG/NBD (PurchaseModelKind.MbgNbd) lets them drop out", "MBG/NBD (--model mbgnbd) lets them drop out"),
        ("express time in a coarser unit (weeks instead of days)", "express time in a coarser unit (--time-unit week instead of day)"),
        ("or detect it with CsvFormatSniffer", "or detect it with --sniff"),
        ("the Delimiter", "--delimiter"),
        ("ScorecardOptions.PurchaseModel", "--model"),
    ];

    /// <summary>The command's flag for each library setting that has one.</summary>
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["TimestampFormats"] = "--date-format",
        ["TimestampColumn"] = "--date-column",
        ["CustomerColumn"] = "--customer-column",
        ["AmountColumn"] = "--amount-column",
        ["MarginColumn"] = "--margin-column",
        ["QuantityColumn"] = "--quantity-column",
        ["PriceColumn"] = "--price-column",
        ["InvoiceColumn"] = "--invoice-column",
        ["NumberFormat"] = "--decimal-separator",
        ["MaxRejectedShare"] = "--max-rejected-share",
        ["CustomerIdFormat"] = "--id-format",
        ["CancellationPrefix"] = "--cancel-prefix",
        ["InvoiceTimestampConflicts"] = "--invoice-timestamps",
        ["OnError"] = "--on-error",
        ["HasHeader"] = "--no-header",
        ["AnalysisDate"] = "--analysis-date",
        ["PurchaseModel"] = "--model",
        ["TimeUnit"] = "--time-unit",
        ["CsvFormatSniffer"] = "--sniff",
    };

    /// <summary>The message with the library's setting names replaced by the command's flags.</summary>
    public static string Of(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string text = message;
        foreach ((string library, string flags) in Phrases)
        {
            text = text.Replace(library, flags, StringComparison.Ordinal);
        }

        // Settings the command has no flag for: said as what they are, not as a property to set.
        text = PenalizerPattern().Replace(text, m => m.Value.StartsWith('(') ? LibraryOnly : "penalizer " + LibraryOnly);
        text = NonConvergencePattern().Replace(text, "inspect the unconverged model with the library");
        return SettingName().Replace(text, m =>
            Names.TryGetValue(m.Groups["name"].Value, out string? flag) ? flag : m.Value);
    }

    private const string LibraryOnly = "(a setting of the library's fit options; the command has no flag for it)";

    [GeneratedRegex(@"\(ClvFitOptions\.Penalizer[^)]*\)|ClvFitOptions\.Penalizer")]
    private static partial Regex PenalizerPattern();

    [GeneratedRegex(@"set ClvFitOptions\.ThrowOnNonConvergence = false to inspect the unconverged model")]
    private static partial Regex NonConvergencePattern();

    [GeneratedRegex(@"\b(?:(?:CsvImportOptions|ParquetImportOptions|ScorecardOptions|SummaryOptions|ClvFitOptions)\.)?(?<name>[A-Z][a-z]+(?:[A-Z][a-z]+)+)\b")]
    private static partial Regex SettingName();
}
