using System.Globalization;
using System.Text.Json;
using CustomerScoring.QuickStart;
using CustomerScoring.Tests.Support;
using Xunit;

namespace CustomerScoring.Tests.QuickStart;

/// <summary>The QuickStart tool's command line and file contracts (documented in the README).</summary>
public sealed class QuickStartCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quickstart-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = QuickStartApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Without_arguments_reports_on_the_bundled_sample()
    {
        var (code, output, error) = Run();
        Assert.True(code == 0, error);
        Assert.Contains("Customers:            2,357", output, StringComparison.Ordinal);
        Assert.Contains("Transactions:         6,919", output, StringComparison.Ordinal);
        Assert.Contains("Revenue:         244,091.94", output, StringComparison.Ordinal);
        // Default analysis date: the day after the last transaction (1998-06-30).
        Assert.Contains("1998-07-01", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_options_bad_values_and_missing_files_fail_clearly()
    {
        var unknown = Run("--colour", "red");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("Unknown option '--colour'", unknown.Err, StringComparison.Ordinal);

        var badUnit = Run("--period", "month");
        Assert.Equal(2, badUnit.Code);
        Assert.Contains("--period must be day or week", badUnit.Err, StringComparison.Ordinal);

        var noValue = Run("--input");
        Assert.Equal(2, noValue.Code);

        var missing = Run("--input", Path.Combine(_dir, "nope.csv"));
        Assert.Equal(1, missing.Code);
        Assert.Contains("was not found", missing.Err, StringComparison.Ordinal);

        Assert.Equal(0, Run("--help").Code);
    }

    [Fact]
    public void Writes_the_scorecard_and_summary_contract_for_the_cdnow_calibration()
    {
        string csv = Path.Combine(_dir, "scorecard.csv");
        string json = Path.Combine(_dir, "summary.json");
        string input = Path.Combine(_dir, "cdnow.csv");
        // The CDNOW sample rewritten as a plain CSV with a header, so the named-column path is exercised.
        File.WriteAllLines(input, new[] { "customer_id,timestamp,amount" }.Concat(
            File.ReadLines(CdnowData.PathOf("CDNOW_sample.txt"))
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length == 5)
                .Select(f => $"{f[1]},{f[2][..4]}-{f[2][4..6]}-{f[2][6..]},{f[4]}")));

        var (code, output, error) = Run("--input", input, "--output", csv, "--summary", json, "--time-unit", "week",
            "--analysis-date", "1997-09-30", "--period", "day");
        Assert.True(code == 0, error);

        string[] lines = File.ReadAllLines(csv);
        Assert.Equal(
            "customer_id,first_purchase,last_purchase,transactions,frequency,recency,t,monetary_total,monetary_repeat_mean,"
            + "recency_days,r_score,f_score,m_score,rfm_cell,rfm_sum,segment,abc_class,expected_purchases,p_alive,expected_spend,clv,"
            + "tier,lifecycle_stage",
            lines[0]);
        Assert.Equal(2358, lines.Length);
        // Customer 1 of the published summary: x = 2, t_x = 30.43, T = 38.86, zbar = 22.35.
        string[] first = lines.Single(l => l.StartsWith("0001,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("2", first[4]);
        Assert.Equal(30.43, double.Parse(first[5], CultureInfo.InvariantCulture), 2);
        Assert.Equal(38.86, double.Parse(first[6], CultureInfo.InvariantCulture), 2);
        // zbar = (29.33 + 15.36) / 2 = 22.345 exactly in decimal; the exact sum of the doubles gives the double just below
        // it, written as 22.34 (row-order summation happened to land just above and wrote 22.35).
        Assert.Equal(22.345, double.Parse(first[8], CultureInfo.InvariantCulture), 0.0051);
        // Last purchase 1997-08-02, analysis date 1997-09-30: 59 days.
        Assert.Equal("59", first[9]);
        int r = int.Parse(first[10], CultureInfo.InvariantCulture), f = int.Parse(first[11], CultureInfo.InvariantCulture), m = int.Parse(first[12], CultureInfo.InvariantCulture);
        Assert.Equal($"{r}{f}{m}", first[13]);
        Assert.Equal(r + f + m, int.Parse(first[14], CultureInfo.InvariantCulture));
        Assert.Equal(global::CustomerScoring.Rfm.SegmentMap.RfmPackage11.SegmentName(global::CustomerScoring.Rfm.SegmentMap.RfmPackage11.Classify(r, f, m)), first[15]);
        Assert.Contains(first[16], new[] { "A", "B", "C" });

        // Ties shared (the default): customers with equal transaction counts get equal F scores. By hand: NTILE positions
        // (2,357 = 5 x 471 + 2, the first two groups one larger: 0-471, 472-943, 944-1414, 1415-1885, 1886-2356), and a tie
        // group scores the group of its first position in ascending order.
        int[] transactions = [.. lines.Skip(1).Select(l => int.Parse(l.Split(',')[3], CultureInfo.InvariantCulture))];
        int[] sorted = [.. transactions.Order()];
        int[] groupEnds = [472, 944, 1415, 1886, 2357];
        foreach ((string line, int count) in lines.Skip(1).Zip(transactions))
        {
            int firstPosition = Array.IndexOf(sorted, count);
            Assert.Equal((Array.FindIndex(groupEnds, end => firstPosition < end) + 1).ToString(CultureInfo.InvariantCulture), line.Split(',')[11]);
        }

        int[] fCounts = [.. Enumerable.Range(1, 5).Select(score => lines.Skip(1).Count(l => l.Split(',')[11] == score.ToString(CultureInfo.InvariantCulture)))];
        Assert.Contains($"F {string.Join(" / ", fCounts.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))}; M", output, StringComparison.Ordinal);
        Assert.Contains("--binning ntile-ties-shared: equal values score equally", output, StringComparison.Ordinal);

        // SQL NTILE, asked for explicitly (--binning ntile): each quintile holds a fifth of the customers, 472, 472, 471, 471, 471,
        // tied customers split by id.
        string ntileCsv = Path.Combine(_dir, "scorecard-ntile.csv");
        var ntile = Run("--input", input, "--output", ntileCsv, "--time-unit", "week", "--analysis-date", "1997-09-30", "--binning", "ntile");
        Assert.True(ntile.Code == 0, ntile.Err);
        var fScores = File.ReadLines(ntileCsv).Skip(1).Select(l => l.Split(',')[11]).GroupBy(x => x).Select(g => g.Count()).OrderDescending().ToArray();
        Assert.Equal([472, 472, 471, 471, 471], fScores);
        Assert.Contains("--binning ntile: SQL NTILE", ntile.Out, StringComparison.Ordinal);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement root = doc.RootElement;
        Assert.Equal(2357, root.GetProperty("customers").GetInt32());
        Assert.Equal(4960, root.GetProperty("transactions").GetInt64());
        Assert.Equal(0, root.GetProperty("rejected_rows").GetInt64());
        Assert.Equal(1959, root.GetProperty("excluded_after_end").GetInt64());
        Assert.Equal("1997-09-30", root.GetProperty("observation_end").GetString());
        Assert.Equal("week", root.GetProperty("time_unit").GetString());
        Assert.True(root.GetProperty("revenue").GetDouble() > 0);

        // Every customer is in exactly one segment and one ABC class.
        Assert.Equal(2357, root.GetProperty("segments").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.True(root.GetProperty("segments").TryGetProperty("Champions", out _));
        JsonElement c = root.GetProperty("concentration");
        Assert.Equal("revenue", c.GetProperty("measure").GetString());
        JsonElement abc = c.GetProperty("abc_counts");
        Assert.Equal(2357, abc.GetProperty("A").GetInt32() + abc.GetProperty("B").GetInt32() + abc.GetProperty("C").GetInt32());
        Assert.Equal(abc.GetProperty("A").GetInt32(), c.GetProperty("customers_for_80_count").GetInt32());
        Assert.Equal(c.GetProperty("customers_for_80_count").GetInt32() / 2357.0, c.GetProperty("customers_for_80_share").GetDouble(), 12);
        double top20 = c.GetProperty("top_20_share").GetDouble();
        Assert.InRange(top20, 0.2, 1.0);
        Assert.InRange(c.GetProperty("gini").GetDouble(), 0.0, 1.0);
        Assert.InRange(c.GetProperty("hhi").GetDouble(), 1.0 / 2357, 1.0);

        // BG/NBD on the CDNOW calibration in weeks (unrounded): the published r 0.243, alpha 4.414, a 0.793,
        // b 2.426 and log-likelihood -9582.43; Gamma-Gamma p 6.25, q 3.74, gamma 15.44.
        JsonElement model = root.GetProperty("model");
        Assert.Equal("bgnbd", model.GetProperty("name").GetString());
        Assert.Equal(0.243, model.GetProperty("parameters").GetProperty("r").GetDouble(), 3);
        Assert.Equal(4.414, model.GetProperty("parameters").GetProperty("alpha").GetDouble(), 2);
        Assert.Equal(0.793, model.GetProperty("parameters").GetProperty("a").GetDouble(), 3);
        Assert.Equal(2.426, model.GetProperty("parameters").GetProperty("b").GetDouble(), 2);
        Assert.True(model.GetProperty("standard_errors").GetProperty("r").GetDouble() > 0);
        Assert.Equal(-9582.43, model.GetProperty("log_likelihood").GetDouble(), 1);
        Assert.True(model.GetProperty("converged").GetBoolean());
        JsonElement spend = root.GetProperty("spend_model").GetProperty("parameters");
        Assert.Equal(6.25, spend.GetProperty("p").GetDouble(), 1);
        Assert.Equal(3.74, spend.GetProperty("q").GetDouble(), 1);
        Assert.Equal(15.44, spend.GetProperty("gamma").GetDouble(), 0);

        // Customer 0001 (x = 2, t_x = 30.43, T = 38.86): 39-week expectation published as 1.226; over 52 weeks it is larger,
        // P(alive) in (0, 1), and CLV = the discounted product, so below expected purchases x spend.
        double expected = double.Parse(first[17], CultureInfo.InvariantCulture);
        double pAlive = double.Parse(first[18], CultureInfo.InvariantCulture);
        double spendPer = double.Parse(first[19], CultureInfo.InvariantCulture);
        double clv = double.Parse(first[20], CultureInfo.InvariantCulture);
        Assert.InRange(expected, 1.226, 3);
        Assert.InRange(pAlive, 0.01, 0.99);
        Assert.InRange(clv, 0.9 * expected * spendPer, expected * spendPer);
    }

    [Fact]
    public void Model_horizon_and_measure_options_are_honoured()
    {
        string json = Path.Combine(_dir, "pareto.json");
        var (code, output, error) = Run("--model", "paretonbd", "--time-unit", "week", "--horizon", "39", "--measure", "clv", "--summary", json);
        Assert.True(code == 0, error);
        Assert.Contains("CLV model paretonbd", output, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("paretonbd", doc.RootElement.GetProperty("model").GetProperty("name").GetString());
        Assert.True(doc.RootElement.GetProperty("model").GetProperty("parameters").TryGetProperty("beta", out _));
        Assert.Equal(39, doc.RootElement.GetProperty("clv").GetProperty("horizon").GetDouble());
        Assert.Equal("clv", doc.RootElement.GetProperty("concentration").GetProperty("measure").GetString());

        Assert.Equal(2, Run("--model", "lifetimes").Code);
        Assert.Equal(1, Run("--rules", Path.Combine(_dir, "none.json")).Code);
        Assert.Equal(2, Run("--discount-rate", "-1").Code);
        Assert.Equal(2, Run("--measure", "margin").Code);
    }

    [Fact]
    public void Bad_lines_fail_with_the_line_number_or_are_skipped_and_reported()
    {
        string input = Path.Combine(_dir, "bad.csv");
        File.WriteAllLines(input, ["customer_id,timestamp,amount", "a,2024-01-01,10", "b,2024-13-01,5", "c,2024-01-03,x", "a,2024-01-04,7"]);

        var fail = Run("--input", input);
        Assert.Equal(1, fail.Code);
        Assert.Contains("3", fail.Err, StringComparison.Ordinal);

        string json = Path.Combine(_dir, "s.json");
        var skip = Run("--input", input, "--on-error", "skip", "--summary", json);
        Assert.True(skip.Code == 0, skip.Err);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(2, doc.RootElement.GetProperty("rejected_rows").GetInt64());
        Assert.Equal(2, doc.RootElement.GetProperty("transactions").GetInt64());
        Assert.Equal(1, doc.RootElement.GetProperty("customers").GetInt32());
    }

    [Fact]
    public void Tiers_stages_rule_files_and_explanations()
    {
        string json = Path.Combine(_dir, "tiers.json");
        var (code, output, error) = Run("--summary", json, "--explain", "0509");
        Assert.True(code == 0, error);
        using (JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json)))
        {
            JsonElement tiers = doc.RootElement.GetProperty("tiers");
            // Default value tiers: VIP top 1%, Gold next 4%, Silver next 15%, Bronze the rest (of 2,357 customers).
            Assert.Equal(2357, tiers.EnumerateObject().Sum(p => p.Value.GetInt32()));
            Assert.InRange(tiers.GetProperty("VIP").GetInt32(), 23, 24);
            Assert.Equal(2357, doc.RootElement.GetProperty("lifecycle_stages").EnumerateObject().Sum(p => p.Value.GetInt32()));
        }

        Assert.Contains("Customer 0509:", output, StringComparison.Ordinal);
        Assert.Contains("  tier: ", output, StringComparison.Ordinal);
        Assert.Contains("  lifecycle stage: ", output, StringComparison.Ordinal);

        Assert.Equal(1, Run("--explain", "no-such-customer").Code);

        string rules = Path.Combine(_dir, "bad.json");
        File.WriteAllText(rules, """{ "name": "x", "default": "Other", "rules": [ { "name": "big", "tier": "Big", "when": "total_spend >> 100" } ] }""");
        var bad = Run("--rules", rules);
        Assert.Equal(2, bad.Code); // a bad rule file is a bad option (ExitCode.Usage), named with its flag
        Assert.Contains("--rules", bad.Err, StringComparison.Ordinal);
        Assert.Contains("big", bad.Err, StringComparison.Ordinal);

        File.WriteAllText(rules, """{ "name": "two", "default": "Small", "rules": [ { "name": "big", "tier": "Big", "when": "total_spend >= 100" } ] }""");
        string csv = Path.Combine(_dir, "two.csv");
        var good = Run("--rules", rules, "--output", csv);
        Assert.True(good.Code == 0, good.Err);
        string[] lines = File.ReadAllLines(csv);
        int spend = Array.IndexOf(lines[0].Split(','), "monetary_total");
        int tier = Array.IndexOf(lines[0].Split(','), "tier");
        Assert.All(lines.Skip(1).Select(l => l.Split(',')), f =>
            Assert.Equal(double.Parse(f[spend], CultureInfo.InvariantCulture) >= 100 ? "Big" : "Small", f[tier]));
    }

    [Fact]
    public void Letting_the_transactions_go_before_scoring_changes_no_output()
    {
        // Without --charts (or --cohorts, --holdout-end, --model auto) the command drops the transactions after summarizing and
        // scores the summaries (CustomerScorecard.FromSummaries); with --charts it keeps them and calls CustomerScorecard.Build.
        // Both must write the same scorecard, summary and report (but for the chart lines).
        string[] common = ["--time-unit", "week", "--analysis-date", "1998-06-30", "--margin", "0.3"];
        string card = Path.Combine(_dir, "scorecard.csv"), json = Path.Combine(_dir, "summary.json");
        var released = Run([.. common, "--output", card, "--summary", json]);
        Assert.True(released.Code == 0, released.Err);
        (string Card, string Json) releasedFiles = (File.ReadAllText(card), File.ReadAllText(json));
        var kept = Run([.. common, "--output", card, "--summary", json, "--charts", Path.Combine(_dir, "charts"), "--chart-size", "320x240"]);
        Assert.True(kept.Code == 0, kept.Err);
        Assert.Equal(File.ReadAllText(card), releasedFiles.Card);
        Assert.Equal(File.ReadAllText(json), releasedFiles.Json);
        Assert.Equal(
            kept.Out.Split('\n').Where(l => !l.StartsWith("Chart:", StringComparison.Ordinal)),
            released.Out.Split('\n'));
        Assert.Contains("Scorecard: 2,357 customers", released.Out, StringComparison.Ordinal);
        Assert.Contains("Chart:", kept.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Charts_are_written_as_png_files()
    {
        string folder = Path.Combine(_dir, "charts");
        var (code, output, error) = Run("--charts", folder, "--time-unit", "week");
        Assert.True(code == 0, error);
        string[] names =
        [
            "lorenz.png", "segments.png", "rfm-heatmap.png", "cohorts.png", "p-alive.png", "expected-purchases.png",
            "clv-distribution.png", "p-alive-history.png", "tracking-cumulative.png", "tracking-weekly.png",
        ];
        Assert.Equal(names.Length, Directory.GetFiles(folder, "*.png").Length);
        foreach (string name in names)
        {
            string path = Path.Combine(folder, name);
            Assert.Contains($"Chart: {path}", output, StringComparison.Ordinal);
            byte[] png = File.ReadAllBytes(path);
            Assert.Equal((900, 600), global::CustomerScoring.Tests.Charts.PngImage.Size(png));
        }

        // Size and pixel density: 400 x 300 at scale 2 is 800 x 600 pixels.
        string small = Path.Combine(_dir, "small");
        Assert.Equal(0, Run("--charts", small, "--chart-size", "400x300", "--chart-scale", "2").Code);
        Assert.Equal((800, 600), global::CustomerScoring.Tests.Charts.PngImage.Size(File.ReadAllBytes(Path.Combine(small, "lorenz.png"))));
        var bad = Run("--charts", small, "--chart-size", "400");
        Assert.Equal(2, bad.Code);
        Assert.Contains("--chart-size must be WIDTHxHEIGHT", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Semicolon_files_with_decimal_commas_and_day_first_dates()
    {
        string input = Path.Combine(_dir, "semi.csv");
        File.WriteAllLines(input, ["cust;date;amt", "a;01.02.2024;1234,50", "b;03.02.2024;7,25", "a;04.03.2024;1,00"]);
        string json = Path.Combine(_dir, "semi.json");
        var (code, _, error) = Run("--input", input, "--delimiter", "semicolon", "--customer-column", "cust", "--date-column", "date",
            "--amount-column", "amt", "--date-format", "dd.MM.yyyy", "--decimal-separator", "comma", "--summary", json);
        Assert.True(code == 0, error);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        // 1234.50 + 7.25 + 1.00; the analysis date defaults to the day after 2024-03-04.
        Assert.Equal(1242.75, doc.RootElement.GetProperty("revenue").GetDouble(), 6);
        Assert.Equal("2024-03-05", doc.RootElement.GetProperty("observation_end").GetString());

        var point = Run("--input", input, "--delimiter", "semicolon", "--customer-column", "cust", "--date-column", "date",
            "--amount-column", "amt", "--date-format", "dd.MM.yyyy");
        Assert.Equal(1, point.Code);
        Assert.Contains("Line 2", point.Err, StringComparison.Ordinal);
        Assert.Equal(2, Run("--decimal-separator", "dot-ish").Code);
    }
}
