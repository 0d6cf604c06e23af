using System.Globalization;
using System.Text.Json;
using CustomerScoring.Cli;
using Xunit;

namespace CustomerScoring.Tests.Cli;

/// <summary>
/// "The CLI never dies with an unhandled exception" (issue 15): the command, run in-process through its entry point on each
/// edge population with each purchase model, ends with a documented exit code, one line per error, finite numbers in the
/// scorecard CSV and the JSON, and, where no model can be fitted, empty CLV columns and the stated reason.
/// </summary>
public sealed class EdgePopulationCliTests : IDisposable
{
    private static readonly int[] DocumentedCodes = [0, 1, 2, 3, 4];
    private static readonly string[] ClvColumns = ["expected_purchases", "p_alive", "expected_spend", "clv"];
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string population in (string[])["homogeneous", "nobody-repeats", "daily", "one-customer", "ten-thousand"])
        {
            foreach (string model in (string[])["bgnbd", "mbgnbd", "paretonbd", "auto"])
            {
                data.Add(population, model);
            }
        }

        return data;
    }

    /// <summary>The transactions of an edge population, as CSV lines without the header.</summary>
    private static IEnumerable<string> Population(string name)
    {
        var start = new DateTime(2000, 1, 3);
        string Line(int customer, DateTime day, double amount) => string.Create(CultureInfo.InvariantCulture, $"c{customer},{day:yyyy-MM-dd},{amount}");
        switch (name)
        {
            case "homogeneous": // every customer buys every 7 days, the same amount: no heterogeneity at all
                for (int c = 0; c < 80; c++)
                {
                    for (int w = 0; w < 40; w++)
                    {
                        yield return Line(c, start.AddDays((7 * w) + (c % 7)), 20);
                    }
                }

                break;
            case "nobody-repeats": // one purchase each
                for (int c = 0; c < 60; c++)
                {
                    yield return Line(c, start.AddDays(3 * c), 10 + c);
                }

                break;
            case "daily": // everybody buys every day for 200 days
                for (int c = 0; c < 25; c++)
                {
                    for (int d = 0; d < 200; d++)
                    {
                        yield return Line(c, start.AddDays(d), 5 + (c % 5) + (d % 3));
                    }
                }

                break;
            case "one-customer":
                foreach (int d in (int[])[0, 9, 30, 31, 77, 120])
                {
                    yield return Line(0, start.AddDays(d), 12.5 + d);
                }

                break;
            default: // x and T up to 10,000 days: daily buyers for 10,001 days, beside a few ordinary customers
                for (int c = 0; c < 3; c++)
                {
                    for (int d = 0; d <= 10_000; d++)
                    {
                        yield return Line(c, start.AddDays(d), 3 + c);
                    }
                }

                for (int c = 3; c < 40; c++)
                {
                    for (int k = 0; k < c % 6; k++)
                    {
                        yield return Line(c, start.AddDays(((c * 97) + (k * 401)) % 10_000), 10 + k);
                    }

                    yield return Line(c, start.AddDays(c * 13), 25);
                }

                break;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    [Trait("Category", "Slow")]
    public void Each_edge_population_gives_a_finite_explained_result_or_a_documented_one_line_error(string population, string model)
    {
        string input = Path.Combine(_dir, population + ".csv");
        File.WriteAllLines(input, ["customer_id,timestamp,amount", .. Population(population)]);
        string csv = Path.Combine(_dir, "card.csv");
        string json = Path.Combine(_dir, "summary.json");
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(["--input", input, "--model", model, "--output", csv, "--summary", json], output, error);
        string err = error.ToString();

        Assert.Contains(code, DocumentedCodes);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal); // never a stack trace
        string[] errorLines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(errorLines, line => Assert.Matches("^(error|warning|Run with --help)", line));
        if (code != 0)
        {
            Assert.Single(errorLines, line => line.StartsWith("error:", StringComparison.Ordinal));
            return;
        }

        string csvText = File.ReadAllText(csv), jsonText = File.ReadAllText(json);
        foreach (string text in (string[])[csvText, jsonText])
        {
            Assert.DoesNotContain("NaN", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Infinity", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("∞", text, StringComparison.Ordinal);
        }

        using JsonDocument doc = JsonDocument.Parse(jsonText);
        bool fitted = doc.RootElement.GetProperty("model").ValueKind != JsonValueKind.Null;
        string[] lines = File.ReadAllLines(csv);
        string[] header = lines[0].Split(',');
        int[] clv = [.. ClvColumns.Select(c => Array.IndexOf(header, c))];
        Assert.All(clv, i => Assert.True(i > 0));
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split(',');
            foreach (int i in clv)
            {
                if (fitted)
                {
                    Assert.True(double.TryParse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v), $"{header[i]} '{f[i]}' in: {line}");
                }
                else
                {
                    Assert.Equal(string.Empty, f[i]);
                }
            }
        }

        if (!fitted)
        {
            // The stated reason: in the JSON, in the report, and as one warning line.
            Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("model_failure").GetString()));
            Assert.Contains("CLV: no model could be fitted: ", output.ToString(), StringComparison.Ordinal);
            Assert.Single(errorLines, line => line.StartsWith("warning: no CLV model could be fitted, CLV columns are left empty: ", StringComparison.Ordinal));
        }
        else
        {
            JsonElement clvJson = doc.RootElement.GetProperty("clv");
            Assert.True(clvJson.GetProperty("total").GetDouble() >= 0);
        }
    }
}
