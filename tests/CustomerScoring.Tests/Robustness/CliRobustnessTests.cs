using System.Globalization;
using System.Text.Json;
using CustomerScoring.Cli;
using Xunit;

namespace CustomerScoring.Tests.Robustness;

/// <summary>
/// Repros of the red-team pass (issue 19) against the command run in-process: every failure is one line and a documented
/// exit code, outputs never destroy inputs, files never hold NaN, formulas or half-written content.
/// </summary>
public sealed class CliRobustnessTests : IDisposable
{
    private static readonly int[] DocumentedCodes = [0, 1, 2, 3, 4];
    private readonly string _dir = Directory.CreateTempSubdirectory("cli-robustness").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(args, output, error);
        string err = error.ToString();
        Assert.True(code != (int)ExitCode.InternalError, "internal error: " + err);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal); // never a stack trace
        return (code, output.ToString(), err);
    }

    private string Csv(string name, params string[] lines)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllLines(path, ["customer_id,timestamp,amount", .. lines]);
        return path;
    }

    [Fact]
    public void An_output_that_is_the_input_or_another_output_is_refused_and_nothing_is_overwritten()
    {
        string input = Csv("in.csv", "a,2024-01-01,10", "a,2024-02-01,20", "b,2024-01-15,5");
        string before = File.ReadAllText(input);

        Assert.Equal(4, Run("--input", input, "--output", input).Code);
        Assert.Equal(4, Run("--input", input, "--summary", input).Code);
        string same = Path.Combine(_dir, "x.out");
        var both = Run("--input", input, "--output", same, "--summary", same);
        Assert.Equal(4, both.Code);
        Assert.Contains("--summary", both.Err, StringComparison.Ordinal);

        string link = Path.Combine(_dir, "link.csv");
        File.CreateSymbolicLink(link, input);
        Assert.Equal(4, Run("--input", input, "--output", link).Code);
        Assert.Equal(before, File.ReadAllText(input));
        Assert.False(File.Exists(same));
    }

    [Fact]
    public void Output_failures_are_one_line_with_exit_code_4_and_leave_no_partial_file()
    {
        string input = Csv("in.csv", "a,2024-01-01,10", "b,2024-01-15,5");
        var missingFolder = Run("--input", input, "--output", Path.Combine(_dir, "no", "such", "card.csv"));
        Assert.Equal(4, missingFolder.Code);
        Assert.Contains("--output", missingFolder.Err, StringComparison.Ordinal);

        Assert.Equal(4, Run("--input", input, "--output", _dir).Code);
        string file = Path.Combine(_dir, "plain.txt");
        File.WriteAllText(file, "x");
        Assert.Equal(4, Run("--input", input, "--charts", file).Code);
        Assert.DoesNotContain(Directory.EnumerateFiles(_dir), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Ids_that_spreadsheets_would_run_as_formulas_are_neutralized_unless_raw_text_is_asked_for()
    {
        string input = Csv("in.csv", "\"=HYPERLINK(\"\"x\"\")\",2024-01-01,10", "+1,2024-01-02,12", "@SUM(A1),2024-01-03,3", "plain,2024-01-05,7");
        string card = Path.Combine(_dir, "card.csv");
        var run = Run("--input", input, "--output", card);
        Assert.True(run.Code == 0, run.Err);
        string text = File.ReadAllText(card);
        Assert.Contains("'=HYPERLINK", text, StringComparison.Ordinal);
        Assert.Contains("'+1,", text, StringComparison.Ordinal);
        Assert.Contains("'@SUM(A1)", text, StringComparison.Ordinal);
        Assert.Contains("\nplain,", text, StringComparison.Ordinal);

        Assert.Equal(0, Run("--input", input, "--output", card, "--raw-text").Code);
        Assert.Contains("\n+1,", File.ReadAllText(card), StringComparison.Ordinal);
    }

    [Fact]
    public void The_end_of_the_calendar_and_unbounded_options_are_refused_with_the_flag_that_helps()
    {
        string input = Csv("end.csv", "a,2024-01-01,10", "b,9999-12-31,5");
        var end = Run("--input", input);
        Assert.Equal(1, end.Code);
        Assert.Contains("--analysis-date", end.Err, StringComparison.Ordinal);
        Assert.Equal(0, Run("--input", input, "--analysis-date", "2024-06-30").Code);

        var horizon = Run("--input", input, "--horizon", "1e9");
        Assert.Equal(2, horizon.Code);
        Assert.Contains("--horizon", horizon.Err, StringComparison.Ordinal);
        Assert.Equal(2, Run("--input", input, "--margin", "1e308").Code);
    }

    [Fact]
    public void Recency_days_is_calendar_days_whatever_the_period()
    {
        string input = Csv("weeks.csv", "a,2024-01-03,10", "a,2024-02-14,20", "b,2024-03-01,5");
        string card = Path.Combine(_dir, "card.csv");
        Assert.Equal(0, Run("--input", input, "--output", card, "--period", "week", "--analysis-date", "2024-03-31").Code);
        string[] lines = File.ReadAllLines(card);
        int col = Array.IndexOf(lines[0].Split(','), "recency_days");
        // a: 2024-02-14 to 2024-03-31 is 46 days; b: 30 days (not rounded to whole weeks).
        Assert.Equal("46", lines.Single(l => l.StartsWith("a,", StringComparison.Ordinal)).Split(',')[col]);
        Assert.Equal("30", lines.Single(l => l.StartsWith("b,", StringComparison.Ordinal)).Split(',')[col]);
    }

    [Fact]
    public void Small_random_populations_never_crash_and_never_write_nan()
    {
        // The red-team repro (two customers whose fit has an infinite standard error) and 24 random populations of 10-100
        // customers: a documented exit code, valid JSON without NaN, a scorecard without NaN.
        var sets = new List<string[]> { new[] { "a,2020-01-01,10", "a,2020-01-31,10", "a,2020-03-01,10", "b,2020-01-06,10", "b,2020-04-10,10" } };
        var rng = new Random(19);
        for (int s = 0; s < 24; s++)
        {
            int customers = rng.Next(10, 101);
            var lines = new List<string>();
            for (int c = 0; c < customers; c++)
            {
                int purchases = rng.Next(1, 6);
                for (int p = 0; p < purchases; p++)
                {
                    lines.Add(string.Create(CultureInfo.InvariantCulture, $"c{c},{new DateTime(2020, 1, 1).AddDays(rng.Next(400)):yyyy-MM-dd},{rng.Next(1, 500)}.{rng.Next(100):D2}"));
                }
            }

            sets.Add([.. lines]);
        }

        for (int i = 0; i < sets.Count; i++)
        {
            string input = Csv($"pop{i}.csv", sets[i]);
            string card = Path.Combine(_dir, $"pop{i}-card.csv");
            string json = Path.Combine(_dir, $"pop{i}.json");
            var (code, _, err) = Run("--input", input, "--output", card, "--summary", json);
            Assert.True(DocumentedCodes.Contains(code), $"set {i}: exit {code}: {err}");
            if (code != 0)
            {
                continue;
            }

            string jsonText = File.ReadAllText(json);
            using (JsonDocument.Parse(jsonText))
            {
            }

            Assert.DoesNotContain("NaN", jsonText, StringComparison.Ordinal);
            Assert.DoesNotContain("Infinity", jsonText, StringComparison.Ordinal);
            string csv = File.ReadAllText(card);
            Assert.DoesNotContain("NaN", csv, StringComparison.Ordinal);
            Assert.DoesNotContain("Infinity", csv, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_typo_year_and_a_mostly_rejected_file_are_said_not_silently_scored()
    {
        var lines = Enumerable.Range(0, 40).Select(c => string.Create(CultureInfo.InvariantCulture, $"c{c},2024-0{1 + (c % 6)}-15,10")).ToList();
        lines.Add("typo,2042-03-01,10"); // 2042 for 2024
        string input = Csv("typo.csv", [.. lines]);
        var typo = Run("--input", input);
        Assert.Equal(0, typo.Code);
        Assert.Contains("2042-03-01", typo.Err, StringComparison.Ordinal);
        Assert.Contains("--analysis-date", typo.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("warning: the latest purchase", Run("--input", input, "--analysis-date", "2024-07-01").Err, StringComparison.Ordinal);

        string bad = Csv("half.csv", "a,2024-01-01,10", "b,2024-01-02,x", "c,2024-01-03,y", "d,2024-01-04,12");
        var skipped = Run("--input", bad, "--on-error", "skip");
        Assert.Equal(0, skipped.Code);
        Assert.Contains("--max-rejected-share", skipped.Err, StringComparison.Ordinal);
        Assert.Equal(1, Run("--input", bad, "--on-error", "skip", "--max-rejected-share", "0.25").Code);
    }
}
