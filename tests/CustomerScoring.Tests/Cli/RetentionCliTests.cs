using System.Globalization;
using System.Text.Json;
using CustomerScoring.Cli;
using CustomerScoring.Tests.Retention;
using CustomerScoring.Tests.Support;
using MathNet.Numerics;
using Xunit;

namespace CustomerScoring.Tests.Cli;

/// <summary>
/// --retention as a member or subscription user runs it (issue 16): the paper's cohorts through the command reproduce
/// Fader &amp; Hardie's (2007) published estimates, individual censored durations give the aggregated fit, the values
/// equal direct sums of the closed-form survival, and every bad input ends in its documented exit code with no file.
/// </summary>
public sealed class RetentionCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("retention-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string Write(string name, IEnumerable<string> lines)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>"period,active" rows of a cohort's first <paramref name="years"/> years, optionally with a cohort column.</summary>
    private static IEnumerable<string> SurvivorRows(double[] cohort, int years, string? name = null) =>
        Enumerable.Range(0, years + 1).Select(t => name is null
            ? string.Create(CultureInfo.InvariantCulture, $"{t},{cohort[t]}")
            : string.Create(CultureInfo.InvariantCulture, $"{name},{t},{cohort[t]}"));

    private JsonElement Summary(params string[] args)
    {
        string json = Path.Combine(_dir, $"summary-{Guid.NewGuid():N}.json");
        var (code, output, error) = Run([.. args, "--summary", json]);
        Assert.True(code == 0, output + error);
        string text = File.ReadAllText(json);
        AssertNoNonFinite(text);
        return JsonDocument.Parse(text).RootElement.GetProperty("retention").Clone();
    }

    private static void AssertNoNonFinite(string text)
    {
        foreach (string bad in new[] { "NaN", "Infinity", "∞" })
        {
            Assert.DoesNotContain(bad, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static double Parameter(JsonElement retention, string name) =>
        retention.GetProperty("model").GetProperty("parameters").GetProperty(name).GetDouble();

    [Theory]
    [InlineData("regular", 0.704, 1.182)]
    [InlineData("high end", 0.668, 3.806)]
    public void The_papers_cohorts_reproduce_the_published_estimates_without_a_transactions_file(string cohort, double alpha, double beta)
    {
        double[] data = cohort == "regular" ? RetentionTests.Regular : RetentionTests.HighEnd;
        string file = Write("cohort.csv", ["period,active", .. SurvivorRows(data, 7)]);
        JsonElement r = Summary("--retention", file, "--retention-horizon", "12");
        Assert.Equal("sbg", r.GetProperty("model").GetProperty("name").GetString());
        Assert.True(r.GetProperty("model").GetProperty("converged").GetBoolean());
        Assert.Equal(alpha, Math.Round(Parameter(r, "alpha"), 3));
        Assert.Equal(beta, Math.Round(Parameter(r, "beta"), 3));
        Assert.Equal(1000, r.GetProperty("members").GetDouble());
        Assert.Equal(7, r.GetProperty("periods_observed").GetInt32());

        // The periods table: the actual shares are the paper's, the model curve is B(alpha, beta + t) / B(alpha, beta)
        // computed here from the reported estimates, and years 8..12 (not fitted) are projected within 0.02 of the data.
        double a = Parameter(r, "alpha"), b = Parameter(r, "beta");
        JsonElement[] periods = [.. r.GetProperty("periods").EnumerateArray()];
        Assert.Equal(13, periods.Length);
        for (int t = 0; t <= 12; t++)
        {
            JsonElement p = periods[t];
            double model = Math.Exp(SpecialFunctions.BetaLn(a, b + t) - SpecialFunctions.BetaLn(a, b));
            Assert.Equal(model, p.GetProperty("model_survival").GetDouble(), 1e-12);
            Assert.Equal(t > 7, p.GetProperty("projected").GetBoolean());
            if (t <= 7)
            {
                Assert.Equal(data[t] / 1000, p.GetProperty("actual_survival").GetDouble(), 1e-12);
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, p.GetProperty("actual_survival").ValueKind);
                Assert.True(Math.Abs(model - (data[t] / 1000)) < 0.02);
            }

            if (t >= 1)
            {
                Assert.Equal((b + t - 1) / (a + b + t - 1), p.GetProperty("model_retention").GetDouble(), 1e-12);
            }
        }

        if (cohort == "high end")
        {
            // The third-party projection of the same fit (jdmaturen/shifted_beta_geometric_py): 0.460 .. 0.378.
            Assert.Equal([0.460, 0.436, 0.414, 0.395, 0.378], periods[8..].Select(p => Math.Round(p.GetProperty("model_survival").GetDouble(), 3)));
        }
    }

    [Fact]
    public void The_docs_command_on_the_bundled_cohorts_prints_the_docs_report()
    {
        // The sample files are the paper's Table 1, years 0..7.
        foreach (var (name, cohort) in new[] { ("regular", RetentionTests.Regular), ("high-end", RetentionTests.HighEnd) })
        {
            string sample = Path.Combine(DotnetCommand.RepositoryRoot, "samples", "data", $"membership-{name}.csv");
            Assert.Equal(["period,active", .. SurvivorRows(cohort, 7)], File.ReadAllLines(sample));
        }

        const string Command = "customer-scoring --retention samples/data/membership-high-end.csv --retention-horizon 12 --retention-value 100";
        string page = File.ReadAllText(Path.Combine(DotnetCommand.RepositoryRoot, "docs", "clv.md")).ReplaceLineEndings("\n");
        int start = page.IndexOf(Command + "\n```\n\n```\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/clv.md has the command followed by its output");
        start = page.IndexOf("```\n\n```\n", start, StringComparison.Ordinal) + "```\n\n```\n".Length;
        string documented = page[start..page.IndexOf("\n```", start, StringComparison.Ordinal)];

        string path = Path.Combine(DotnetCommand.RepositoryRoot, "samples", "data", "membership-high-end.csv");
        var (code, output, error) = Run("--retention", path, "--retention-horizon", "12", "--retention-value", "100");
        Assert.True(code == 0, error);
        Assert.Equal(documented, output.ReplaceLineEndings("\n").Replace(path, "samples/data/membership-high-end.csv", StringComparison.Ordinal).TrimEnd('\n'));
    }

    [Fact]
    public void Individual_censored_members_give_the_fit_of_the_aggregated_counts()
    {
        // The regular cohort observed for 7 years and the high-end cohort for 5: as two survivor series in one file, and as
        // one row per member (ids shuffled, a yes/no flag mixed with 1/0).
        string counts = Write("counts.csv", ["cohort,period,active", .. SurvivorRows(RetentionTests.Regular, 7, "regular"), .. SurvivorRows(RetentionTests.HighEnd, 5, "high end")]);
        var members = new List<string>();
        void AddMembers(double[] cohort, int years, string prefix)
        {
            for (int t = 1; t <= years; t++)
            {
                for (int i = 0; i < cohort[t - 1] - cohort[t]; i++)
                {
                    members.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}{members.Count},{t},{(i % 2 == 0 ? "0" : "no")}"));
                }
            }

            for (int i = 0; i < cohort[years]; i++)
            {
                members.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}{members.Count},{years},{(i % 2 == 0 ? "1" : "yes")}"));
            }
        }

        AddMembers(RetentionTests.Regular, 7, "r");
        AddMembers(RetentionTests.HighEnd, 5, "h");
        var rng = new Random(16);
        string individual = Write("members.csv", ["member_id,periods,active", .. members.OrderBy(_ => rng.Next())]);

        foreach (string model in new[] { "sbg", "bdw" })
        {
            JsonElement a = Summary("--retention", counts, "--retention-model", model);
            JsonElement b = Summary("--retention", individual, "--retention-model", model);
            Assert.Equal("survivors", a.GetProperty("layout").GetString());
            Assert.Equal(2, a.GetProperty("cohorts").GetInt32());
            Assert.Equal("members", b.GetProperty("layout").GetString());
            Assert.Equal(2000, b.GetProperty("members").GetDouble());
            foreach (string name in model == "sbg" ? new[] { "alpha", "beta" } : ["alpha", "beta", "c"])
            {
                Assert.Equal(Parameter(a, name), Parameter(b, name), 1e-8 * Parameter(a, name));
            }

            Assert.Equal(a.GetProperty("model").GetProperty("log_likelihood").GetDouble(), b.GetProperty("model").GetProperty("log_likelihood").GetDouble(), 1e-8);

            // The actual survival is the product-limit estimate, counted here by hand from the two cohorts: the high-end
            // members are at risk only in years 1..5.
            JsonElement[] periods = [.. b.GetProperty("periods").EnumerateArray()];
            double s = 1;
            for (int t = 1; t <= 7; t++)
            {
                double atRisk = RetentionTests.Regular[t - 1] + (t <= 5 ? RetentionTests.HighEnd[t - 1] : 0);
                double left = RetentionTests.Regular[t - 1] - RetentionTests.Regular[t] + (t <= 5 ? RetentionTests.HighEnd[t - 1] - RetentionTests.HighEnd[t] : 0);
                s *= 1 - (left / atRisk);
                Assert.Equal(atRisk, periods[t].GetProperty("at_risk").GetDouble());
                Assert.Equal(left, periods[t].GetProperty("left").GetDouble());
                Assert.Equal(s, periods[t].GetProperty("actual_survival").GetDouble(), 1e-12);
            }
        }
    }

    [Fact]
    public void Member_values_are_direct_sums_of_the_fitted_survival_curve()
    {
        string file = Write("members.csv", ["member_id,periods,active", "=cmd,3,1", "b,1,0", "c,2,0", "d,4,1", "e,1,0", "f,6,1", "g,2,0", "h,3,0", "i,1,0", "j,5,0", "k,0,1"]);
        string csv = Path.Combine(_dir, "out.csv");
        JsonElement r = Summary("--retention", file, "--retention-value", "25", "--retention-discount", "0.05", "--retention-output", csv);
        double a = Parameter(r, "alpha"), b = Parameter(r, "beta");
        double S(int t) => Math.Exp(SpecialFunctions.BetaLn(a, b + t) - SpecialFunctions.BetaLn(a, b));
        double Residual(int p)
        {
            // Payments at p + 1, p + 2, ... for a member active after p periods, each if still a member, the next undiscounted.
            double sum = 0;
            for (int t = p + 1; t < p + 3000; t++)
            {
                sum += S(t) / S(p) / Math.Pow(1.05, t - p - 1);
            }

            return sum;
        }

        double lifetime = 0;
        for (int t = 0; t < 3000; t++)
        {
            lifetime += S(t) / Math.Pow(1.05, t);
        }

        Assert.Equal(lifetime, r.GetProperty("new_member_lifetime").GetDouble(), 1e-9);
        Assert.Equal(25 * lifetime, r.GetProperty("new_member_value").GetDouble(), 1e-7);

        string text = File.ReadAllText(csv);
        AssertNoNonFinite(text);
        string[] lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal("member_id,periods,active,next_renewal_probability,residual_lifetime,residual_value", lines[0]);
        Assert.Equal(12, lines.Length);
        Assert.StartsWith("'=cmd,3,1,", lines[1], StringComparison.Ordinal); // a formula-like id is neutralized
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split(',');
            int p = int.Parse(f[1], CultureInfo.InvariantCulture);
            if (f[2] == "1")
            {
                Assert.Equal((b + p) / (a + b + p), double.Parse(f[3], CultureInfo.InvariantCulture), 1e-12);
                Assert.Equal(Residual(p), double.Parse(f[4], CultureInfo.InvariantCulture), 1e-9);
                Assert.Equal(25 * Residual(p), double.Parse(f[5], CultureInfo.InvariantCulture), 1e-7);
            }
            else
            {
                Assert.Equal(string.Empty, f[3]);
                Assert.Equal(0, double.Parse(f[4], CultureInfo.InvariantCulture));
            }
        }
    }

    [Theory]
    [InlineData("one period", "period,active|0,100|1,60", 3, "at least 2 periods")]
    [InlineData("bdw on two periods", "period,active|0,100|1,60|2,45", 3, "at least 3 periods", "bdw")]
    [InlineData("all survive", "period,active|0,100|1,100|2,100", 3, "none of the 100 members")]
    [InlineData("all churn", "period,active|0,100|1,50|2,0", 3, "--retention-model sbg on")]
    [InlineData("all churn in period 1", "member_id,periods,active|a,1,0|b,1,0", 3, "covers 1 period")]
    [InlineData("non-monotone counts", "period,active|0,100|1,60|2,70", 1, "line 4: 70 members active after period 2, more than the 60")]
    [InlineData("a gap", "period,active|0,100|2,60", 1, "line 3: period 2 where period 1 was expected")]
    [InlineData("not a number", "period,active|0,100|1,6x", 1, "line 3: active is '6x'")]
    [InlineData("a negative count", "period,active|0,100|1,-5", 1, "line 3: active is '-5'")]
    [InlineData("an empty cohort", "period,active|0,0|1,0", 1, "0 members at period 0")]
    [InlineData("only period 0", "period,active|0,100", 1, "has only period 0")]
    [InlineData("a missing field", "period,active|0,100|1", 1, "line 3 has 1 fields but the header has 2")]
    [InlineData("no rows", "period,active", 1, "no rows after its header")]
    [InlineData("unknown columns", "tenure,count|0,100", 1, "needs period,active")]
    [InlineData("a repeated member", "member_id,periods,active|a,2,1|a,3,0", 1, "line 3: member 'a' has a second row")]
    [InlineData("a bad flag", "member_id,periods,active|a,2,maybe", 1, "active is 'maybe'")]
    [InlineData("left in period 0", "member_id,periods,active|a,0,0", 1, "left (active 0) in period 0")]
    public void Bad_and_degenerate_files_give_the_documented_exit_code_and_no_file(string why, string content, int exitCode, string message, string model = "sbg")
    {
        string file = Write("bad.csv", content.Split('|'));
        string json = Path.Combine(_dir, "summary.json"), charts = Path.Combine(_dir, "charts");
        var (code, output, error) = Run("--retention", file, "--retention-model", model, "--summary", json, "--charts", charts);
        Assert.True(code == exitCode, $"{why}: exit {code}, {error}");
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Equal(string.Empty, output);
        Assert.False(File.Exists(json));
        Assert.False(Directory.Exists(charts));
    }

    [Theory]
    [InlineData("--retention-model", "weibull", "--retention-model must be sbg or bdw, not 'weibull'.")]
    [InlineData("--retention-horizon", "0", "--retention-horizon must be a whole number of periods from 1 to 10000, not '0'.")]
    [InlineData("--retention-discount", "0", "--retention-discount must be a positive number, not '0'.")]
    [InlineData("--retention-value", "-1", "--retention-value must be a number >= 0, not '-1'.")]
    [InlineData("--output", "card.csv", "--output needs --input (the transactions); a --retention run on its own writes the report, --summary, --charts and --retention-output.")]
    public void Command_line_mistakes_are_usage_errors(string flag, string value, string message)
    {
        string file = Write("regular.csv", ["period,active", .. SurvivorRows(RetentionTests.Regular, 7)]);
        var (code, _, error) = Run("--retention", file, flag, value);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {message}", error, StringComparison.Ordinal);

        Assert.Equal(2, Run("--retention-value", "10").Code);
        Assert.Contains("--retention-value needs --retention", Run("--retention-value", "10").Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Beside_a_transactions_file_the_report_the_json_and_the_charts_get_the_retention_model()
    {
        var rng = new Random(7);
        var lines = new List<string> { "customer_id,timestamp,amount" };
        for (int i = 0; i < 300; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"c{rng.Next(60)},{new DateOnly(2024, 1, 1).AddDays(rng.Next(300)):yyyy-MM-dd},{rng.Next(5, 80)}"));
        }

        string input = Write("tx.csv", lines);
        string file = Write("regular.csv", ["period,active", .. SurvivorRows(RetentionTests.Regular, 7)]);
        string json = Path.Combine(_dir, "summary.json"), charts = Path.Combine(_dir, "charts");
        var (code, output, error) = Run("--input", input, "--retention", file, "--summary", json, "--charts", charts);
        Assert.True(code == 0, error);
        Assert.Contains("Retention: '", output, StringComparison.Ordinal);
        Assert.Contains("Chart: " + Path.Combine(charts, "retention.png"), output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(charts, "lorenz.png"), output, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.InRange(doc.RootElement.GetProperty("customers").GetInt32(), 50, 60);
        Assert.Equal(0.704, Math.Round(Parameter(doc.RootElement.GetProperty("retention"), "alpha"), 3));
    }
}
