using System.Globalization;
using System.Text.Json;
using CustomerScoring.QuickStart;
using Xunit;

namespace CustomerScoring.Tests.Cli;

/// <summary>Model choice, intervals and degenerate fits as the command shows them (issue 15).</summary>
public sealed class ClvCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clv-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = QuickStartApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Model_auto_reports_the_comparison_and_intervals_bracket_every_clv()
    {
        string json = Path.Combine(_dir, "summary.json");
        string csv = Path.Combine(_dir, "card.csv");
        var (code, output, error) = Run("--time-unit", "week", "--analysis-date", "1997-09-30", "--model", "auto", "--intervals", "40",
            "--summary", json, "--output", csv);
        Assert.True(code == 0, error);
        Assert.Contains("Purchase models compared", output, StringComparison.Ordinal);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement root = doc.RootElement;
        JsonElement comparison = root.GetProperty("model_comparison");
        var bics = new Dictionary<string, double>();
        foreach (JsonProperty model in comparison.EnumerateObject())
        {
            double ll = model.Value.GetProperty("log_likelihood").GetDouble();
            int k = model.Value.GetProperty("parameters").EnumerateObject().Count();
            // BIC = k ln n - 2 LL with n = 2,357 customers, as the docs define it.
            Assert.Equal((k * Math.Log(2357)) - (2 * ll), model.Value.GetProperty("bic").GetDouble(), 6);
            bics[model.Name] = model.Value.GetProperty("bic").GetDouble();
        }

        Assert.Equal(3, bics.Count);
        string selected = comparison.EnumerateObject().Single(p => p.Value.GetProperty("selected").GetBoolean()).Name;
        Assert.Equal(bics.MinBy(p => p.Value).Key, selected);
        Assert.Equal(selected, root.GetProperty("model").GetProperty("name").GetString());

        JsonElement clv = root.GetProperty("clv");
        Assert.InRange(clv.GetProperty("total").GetDouble(), clv.GetProperty("total_low").GetDouble(), clv.GetProperty("total_high").GetDouble());
        Assert.Equal(0.95, clv.GetProperty("interval_level").GetDouble());

        string[] lines = File.ReadAllLines(csv);
        string[] header = lines[0].Split(',');
        int value = Array.IndexOf(header, "clv"), low = Array.IndexOf(header, "clv_low"), high = Array.IndexOf(header, "clv_high");
        Assert.True(low > 0 && high > 0);
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split(',');
            double v = double.Parse(f[value], CultureInfo.InvariantCulture);
            Assert.InRange(v, double.Parse(f[low], CultureInfo.InvariantCulture) - 0.01, double.Parse(f[high], CultureInfo.InvariantCulture) + 0.01);
        }
    }

    [Fact]
    public void A_population_without_heterogeneity_gives_a_report_and_a_reason_not_a_crash()
    {
        // Every customer buys every 7 days: the gamma heterogeneity of BG/NBD vanishes (r, alpha without bound).
        string input = Path.Combine(_dir, "steady.csv");
        var lines = new List<string> { "customer_id,timestamp,amount" };
        for (int c = 0; c < 60; c++)
        {
            for (int w = 0; w < 30; w++)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"c{c},{new DateTime(2024, 1, 1).AddDays((7 * w) + (c % 7)):yyyy-MM-dd},20"));
            }
        }

        File.WriteAllLines(input, lines);
        string json = Path.Combine(_dir, "steady.json");
        var (code, output, error) = Run("--input", input, "--summary", json);
        Assert.True(code == 0, error);
        Assert.Contains("no CLV model could be fitted", error, StringComparison.Ordinal);
        Assert.Contains("CLV: no model could be fitted", output, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("model").ValueKind);
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("model_failure").GetString()));

        // --measure clv needs the model: exit code 3 (no model could be fitted), one line.
        var clv = Run("--input", input, "--measure", "clv");
        Assert.Equal(3, clv.Code);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void A_holdout_window_adds_per_customer_and_weekly_tracking_errors_to_the_comparison()
    {
        string json = Path.Combine(_dir, "holdout.json");
        var (code, output, error) = Run("--time-unit", "week", "--analysis-date", "1997-09-30", "--holdout-end", "1998-06-30", "--model", "auto", "--summary", json);
        Assert.True(code == 0, error);
        Assert.Contains("week MAE", output, StringComparison.Ordinal);
        Assert.Contains("mean over the holdout weeks of |actual - expected| repeat transactions", output, StringComparison.Ordinal);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        foreach (JsonProperty model in doc.RootElement.GetProperty("model_comparison").EnumerateObject())
        {
            JsonElement holdout = model.Value.GetProperty("holdout");
            Assert.Equal(39, holdout.GetProperty("weeks").GetInt32());
            Assert.Equal(1882, holdout.GetProperty("actual_repeat_transactions").GetDouble()); // the docs' CDNOW holdout count
            double mae = holdout.GetProperty("weekly_mae").GetDouble();
            double gap = Math.Abs(holdout.GetProperty("actual_repeat_transactions").GetDouble() - holdout.GetProperty("expected_repeat_transactions").GetDouble());
            Assert.InRange(mae, gap / 39, 100); // |Σ (a − e)| / weeks <= mean |a − e|
            Assert.True(holdout.GetProperty("customer_mae").GetDouble() > 0);
            Assert.True(holdout.GetProperty("customer_rmse").GetDouble() >= holdout.GetProperty("customer_mae").GetDouble());
        }

        Assert.Equal(2, Run("--analysis-date", "1997-09-30", "--holdout-end", "1998-06-30").Code); // needs --model auto
        Assert.Equal(2, Run("--model", "auto", "--analysis-date", "1997-09-30", "--holdout-end", "1997-09-01").Code);
    }
    [Fact]
    public void Top_customers_with_equal_clv_are_listed_by_id_whatever_the_row_order()
    {
        // Two customers with the same history (so the same CLV, the largest) and 300 others; the file in two row orders.
        var rng = new Random(3);
        var lines = new List<string>();
        var start = new DateTime(2024, 1, 1);
        for (int c = 0; c < 300; c++)
        {
            // Buys at exponential gaps and drops out after each purchase with probability 0.3 (a BG/NBD population).
            for (double day = rng.Next(180); day < 700; day += 1 + Math.Floor(-40 * Math.Log(1 - rng.NextDouble())))
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"c{c},{start.AddDays(day):yyyy-MM-dd},{5 + (rng.NextDouble() * 60):F2}"));
                if (rng.NextDouble() < 0.3)
                {
                    break;
                }
            }
        }

        foreach (string twin in new[] { "twin-b", "twin-a" })
        {
            for (int k = 0; k < 45; k++)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{twin},{start.AddDays(10 + (15 * k)):yyyy-MM-dd},900.00"));
            }
        }

        string[] Top(IEnumerable<string> rows, string name)
        {
            string path = Path.Combine(_dir, name);
            File.WriteAllLines(path, ["customer_id,timestamp,amount", .. rows]);
            var (code, output, error) = Run("--input", path, "--analysis-date", "2025-12-01");
            Assert.True(code == 0, error);
            string[] report = output.Split('\n');
            int at = Array.FindIndex(report, l => l.Contains("Top customers by CLV", StringComparison.Ordinal));
            Assert.True(at >= 0, output);
            return report[(at + 2)..(at + 7)];
        }

        string[] forward = Top(lines, "forward.csv");
        string[] backward = Top(Enumerable.Reverse(lines), "backward.csv");
        Assert.Equal(forward, backward);
        Assert.StartsWith("twin-a", forward[0].Trim(), StringComparison.Ordinal);
        Assert.StartsWith("twin-b", forward[1].Trim(), StringComparison.Ordinal);
    }
    [FsCheck.Xunit.Property(MaxTest = 200)]
    public void The_largest_values_are_those_of_a_full_ordering_by_value_then_id(int seed, byte size, byte take)
    {
        var rng = new Random(seed);
        int n = size % 60, k = 1 + (take % 7);
        double[] values = [.. Enumerable.Range(0, n).Select(_ => rng.Next(4) == 0 ? -0.0 : rng.Next(6) * 1.5)]; // many ties, and -0 = 0
        string[] keys = [.. Enumerable.Range(0, n).Select(_ => ((char)('a' + rng.Next(3))).ToString() + rng.Next(100))];
        int[] expected = [.. Enumerable.Range(0, n).OrderByDescending(r => values[r]).ThenBy(r => keys[r], StringComparer.Ordinal).Take(k)];
        int[] actual = CustomerScoring.Cli.TextReport.Largest(values, r => keys[r], k);
        Assert.Equal(expected.Select(r => (values[r], keys[r])), actual.Select(r => (values[r], keys[r])));
    }
}
