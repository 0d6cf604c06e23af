using CustomerScoring.Cli;
using CustomerScoring.Csv;

namespace CustomerScoring.QuickStart;

/// <summary>
/// The README's first command: the <c>customer-scoring</c> command (<see cref="CliApp"/>) with the bundled CDNOW sample as
/// its default input, so that it runs with no arguments; with arguments it is the full command.
/// </summary>
public static class QuickStartApp
{
    /// <summary>The bundled sample: CDNOW, whitespace-aligned, no header, sample id / date / dollars in columns 1, 2, 4.</summary>
    public static readonly CsvImportOptions BundledSampleFormat = new()
    {
        HasHeader = false,
        Delimiter = CsvDelimiter.Whitespace,
        CustomerColumn = CsvColumn.At(1),
        TimestampColumn = CsvColumn.At(2),
        AmountColumn = CsvColumn.At(4),
        TimestampFormats = ["yyyyMMdd"],
    };

    /// <summary>The path of the bundled sample next to the program.</summary>
    public static string BundledSamplePath => Path.Combine(AppContext.BaseDirectory, "data", "CDNOW_sample.txt");

    /// <summary>Runs the command with the bundled sample as the default input; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error) =>
        CliApp.Run(args, output, error, new DefaultInput(BundledSamplePath, BundledSampleFormat));
}
