using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using CustomerScoring.Cli;
using CustomerScoring.Clv;
using CustomerScoring.Csv;
using CustomerScoring.QuickStart;
using CustomerScoring.Scorecard;
using Xunit;

namespace CustomerScoring.Tests.Cli;

/// <summary>
/// Progress lines on a terminal and none otherwise; every message the command prints names flags, never the library's
/// settings (the names of the public properties of the option types are the independent list checked against).
/// </summary>
public sealed partial class ProgressAndFlagWordsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cli-progress-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(bool terminal, params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        var input = new DefaultInput(QuickStartApp.BundledSamplePath, QuickStartApp.BundledSampleFormat);
        int code = CliApp.Run(args, output, error, input, CliProgress.For(error, terminal));
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The names of the library's settings, which a user of the command cannot type.</summary>
    private static readonly string[] SettingNames =
    [
        .. new[] { typeof(CsvImportOptions), typeof(ScorecardOptions), typeof(ClvFitOptions) }
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Select(p => p.Name)
            .Where(n => n.Count(char.IsUpper) >= 2)
            .Distinct(StringComparer.Ordinal),
    ];

    private static void AssertInFlagWords(string text)
    {
        foreach (string name in SettingNames)
        {
            Assert.False(Regex.IsMatch(text, $@"\b{name}\b"), $"'{name}' (a library setting) in: {text}");
        }

        Assert.DoesNotContain("PurchaseModelKind.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CsvColumn.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_line_shows_the_elapsed_seconds_aligned_and_the_phase()
    {
        Assert.Equal("customer-scoring [  12.3 s] reading 'sales.csv' ...", CliProgress.Line(TimeSpan.FromMilliseconds(12_345), "reading 'sales.csv'"));
        Assert.Equal("customer-scoring [   0.0 s] writing the report ...", CliProgress.Line(TimeSpan.FromMilliseconds(40), "writing the report"));
        Assert.Equal("customer-scoring [1234.6 s] x ...", CliProgress.Line(TimeSpan.FromSeconds(1234.56), "x"));
    }

    [Fact]
    public void Progress_is_quiet_when_standard_error_is_not_a_terminal()
    {
        string csv = Path.Combine(_dir, "scorecard.csv");
        var (code, output, error) = Run(terminal: false, "--output", csv);
        Assert.True(code == 0, error);
        Assert.Equal(string.Empty, error);
        Assert.Contains("Customers:", output, StringComparison.Ordinal);

        // The public entry point with a writer that is not the console's standard error: quiet as well.
        var err = new StringWriter(CultureInfo.InvariantCulture);
        Assert.Equal(0, QuickStartApp.Run(["--output", Path.Combine(_dir, "again.csv")], TextWriter.Null, err));
        Assert.Equal(string.Empty, err.ToString());
        Assert.False(CliProgress.For(err, isTerminal: false).Enabled);
    }

    [Fact]
    public void Progress_on_a_terminal_names_each_phase_in_order_with_growing_times()
    {
        string csv = Path.Combine(_dir, "scorecard.csv");
        string json = Path.Combine(_dir, "summary.json");
        var (code, _, error) = Run(terminal: true, "--output", csv, "--summary", json, "--period", "day", "--time-unit", "week", "--analysis-date", "1997-09-30");
        Assert.True(code == 0, error);
        string[] lines = error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        string[] phases = [.. lines.Where(l => l.StartsWith("customer-scoring [", StringComparison.Ordinal))];
        Assert.Equal(
            [
                $"reading and summarizing '{QuickStartApp.BundledSamplePath}'",
                "scoring 2,357 customers (6,919 transactions) and fitting BG/NBD and Gamma-Gamma",
                $"writing the scorecard to '{csv}'",
                "writing the report",
                $"writing the summary to '{json}'",
            ],
            phases.Select(l => ProgressLine().Match(l).Groups["phase"].Value));
        double[] seconds = [.. phases.Select(l => double.Parse(ProgressLine().Match(l).Groups["s"].Value, CultureInfo.InvariantCulture))];
        for (int i = 1; i < seconds.Length; i++)
        {
            Assert.True(seconds[i] >= seconds[i - 1], error);
        }
    }

    [Fact]
    public void Every_rejection_hint_names_flags()
    {
        foreach (CsvRejectionReason reason in Enum.GetValues<CsvRejectionReason>())
        {
            string library = CsvImportReport.Hint(reason);
            string said = FlagWords.Of(library);
            AssertInFlagWords(said);
        }

        Assert.Equal(
            "set --date-format (such as \"d/M/yyyy H:mm\"), or detect it with --sniff.",
            FlagWords.Of(CsvImportReport.Hint(CsvRejectionReason.UnparsableTimestamp)));
    }

    [Theory]
    [InlineData("--quantity-column", "qty")]
    [InlineData("--cancel-prefix", "C")]
    [InlineData("--max-rejected-share", "0.0")]
    public void Errors_from_the_library_options_name_the_flags(string flag, string value)
    {
        string file = Path.Combine(_dir, "sales.csv");
        File.WriteAllText(file, "customer_id,timestamp,amount,qty\na,2026-01-01,10,1\nb,2026-01-02,x,1\n");
        var (code, _, error) = Run(false, "--input", file, "--on-error", "skip", flag, value);
        Assert.NotEqual(0, code);
        Assert.Contains(flag, error, StringComparison.Ordinal);
        AssertInFlagWords(error);
    }

    [Fact]
    public void A_named_column_without_a_header_is_said_with_no_header()
    {
        string file = Path.Combine(_dir, "plain.csv");
        File.WriteAllText(file, "a,2026-01-01,10\n");
        var (code, _, error) = Run(false, "--input", file, "--no-header", "--customer-column", "who", "--date-column", "1", "--amount-column", "2");
        Assert.Equal(2, code);
        Assert.Contains("With --no-header, ", error, StringComparison.Ordinal);
        Assert.Contains("0-based position", error, StringComparison.Ordinal);
        AssertInFlagWords(error);
    }

    [Fact]
    public void Undetectable_timestamps_ask_for_the_date_format_flag()
    {
        string file = Path.Combine(_dir, "dates.csv");
        File.WriteAllText(file, "customer_id,timestamp,amount\na,1st of May 2026,10\n");
        var (code, _, error) = Run(false, "--input", file);
        Assert.Equal(1, code);
        Assert.Contains("Line 2: Column 'timestamp', text '1st of May 2026'", error, StringComparison.Ordinal);
        Assert.Contains("(set --date-format (such as \"d/M/yyyy H:mm\"), or detect it with --sniff.)", error, StringComparison.Ordinal);
        AssertInFlagWords(error);
    }

    [Fact]
    public void Model_notes_and_fit_remedies_name_flags()
    {
        // The BG/NBD note on one-time buyers names the model by its flag value.
        var (code, output, error) = Run(false, "--period", "day", "--time-unit", "week", "--analysis-date", "1997-09-30");
        Assert.True(code == 0, error);
        Assert.Contains("MBG/NBD (--model mbgnbd) lets them drop out", output, StringComparison.Ordinal);
        AssertInFlagWords(output + error);

        // The fit remedies of the library, as the command says them.
        string remedies = FlagWords.Of(
            "Remedies: add a small penalizer (ClvFitOptions.Penalizer = 0.001 .. 0.1; it shrinks the parameters, so start small and compare), "
            + "express time in a coarser unit (weeks instead of days) so the rate parameters are of order 1, "
            + "or set ClvFitOptions.ThrowOnNonConvergence = false to inspect the unconverged model.");
        AssertInFlagWords(remedies);
        Assert.DoesNotContain("ClvFitOptions", remedies, StringComparison.Ordinal);
        Assert.Contains("--time-unit week", remedies, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^customer-scoring \[ *(?<s>[0-9]+\.[0-9]) s\] (?<phase>.+) \.\.\.$")]
    private static partial Regex ProgressLine();
}
