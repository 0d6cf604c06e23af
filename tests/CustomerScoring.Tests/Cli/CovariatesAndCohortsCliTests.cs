using System.Globalization;
using System.Text.Json;
using CustomerScoring.Cli;
using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using MathNet.Numerics.Distributions;
using Xunit;

namespace CustomerScoring.Tests.Cli;

/// <summary>--covariates and --cohorts as the command runs them (issue 16), on a population simulated with known coefficients.</summary>
public sealed class CovariatesAndCohortsCliTests : IDisposable
{
    // Pareto/NBD in weeks; "store" customers buy more and live longer, the numeric score buys less and dies sooner.
    private const double R = 0.8, Alpha = 8, S = 0.6, Beta = 12;
    private const double StoreTrans = 0.7, ScoreTrans = -0.3, StoreLife = -0.5, ScoreLife = 0.25;
    private static readonly DateOnly Origin = new(2023, 1, 2);
    private static readonly DateOnly AnalysisDate = new(2023, 12, 31);

    private readonly string _dir = Directory.CreateTempSubdirectory("covariates-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private sealed record Simulated(string Transactions, string Covariates, Dictionary<string, (bool Store, double Score, DateOnly First)> Customers);

    /// <summary>Pareto/NBD customers with individual rates from the covariates (the model's definition), written as files.</summary>
    private Simulated Simulate(int n, int seed)
    {
        var rng = new Random(seed);
        var lines = new List<string> { "customer_id,timestamp,amount" };
        var customers = new Dictionary<string, (bool Store, double Score, DateOnly First)>();
        for (int i = 0; i < n; i++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"c{i:D4}");
            bool store = rng.NextDouble() < 0.35; // web is the most frequent level: the reference
            double score = Math.Round(Normal.Sample(rng, 0, 1), 3);
            double trans = (StoreTrans * (store ? 1 : 0)) + (ScoreTrans * score);
            double life = (StoreLife * (store ? 1 : 0)) + (ScoreLife * score);
            DateOnly first = Origin.AddDays(rng.Next(0, 120));
            double weeks = (AnalysisDate.DayNumber - first.DayNumber) / 7.0;
            double lambda = Gamma.Sample(rng, R, Alpha * Math.Exp(-trans));
            double mu = Gamma.Sample(rng, S, Beta * Math.Exp(-life));
            double end = Math.Min(weeks, Exponential.Sample(rng, mu));
            double nu = Gamma.Sample(rng, 4, 15); // Gamma-Gamma spend: each customer's own mean
            string Amount() => Math.Max(0.01, Math.Round(Gamma.Sample(rng, 6, nu), 2)).ToString(CultureInfo.InvariantCulture);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{id},{first:yyyy-MM-dd},{Amount()}"));
            int lastDay = first.DayNumber;
            for (double t = Exponential.Sample(rng, lambda); t <= end; t += Exponential.Sample(rng, lambda))
            {
                int day = first.DayNumber + (int)Math.Ceiling(t * 7);
                if (day > lastDay && day <= AnalysisDate.DayNumber)
                {
                    lines.Add(string.Create(CultureInfo.InvariantCulture, $"{id},{DateOnly.FromDayNumber(day):yyyy-MM-dd},{Amount()}"));
                    lastDay = day;
                }
            }

            customers[id] = (store, score, first);
        }

        string transactions = Path.Combine(_dir, "tx.csv");
        File.WriteAllLines(transactions, lines);

        // The covariates file: another column order, customers in reverse order, a quoted field and a customer not in the input.
        var rows = new List<string> { "channel,customer_id,score,unused" };
        foreach (var (id, c) in customers.Reverse())
        {
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"{(c.Store ? "\"store\"" : "web")},{id},{c.Score},x"));
        }

        rows.Add("web,nobody,0.5,x");
        string covariates = Path.Combine(_dir, "covariates.csv");
        File.WriteAllLines(covariates, rows);
        return new Simulated(transactions, covariates, customers);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Covariates_recover_the_simulated_coefficients_and_every_customer_is_forecast_with_its_own()
    {
        Simulated sim = Simulate(1500, seed: 16);
        string json = Path.Combine(_dir, "summary.json");
        string card = Path.Combine(_dir, "card.csv");
        var (code, output, error) = Run("--input", sim.Transactions, "--analysis-date", "2023-12-31", "--time-unit", "week", "--model", "paretonbd",
            "--covariates", sim.Covariates, "--covariate-columns", "channel,score", "--summary", json, "--output", card);
        Assert.True(code == 0, error);
        Assert.True(output.Contains("channel (categorical, reference level 'web')", StringComparison.Ordinal), output + error);
        Assert.Contains("channel=store", output, StringComparison.Ordinal);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement model = doc.RootElement.GetProperty("model");
        Assert.Equal("paretonbd", model.GetProperty("name").GetString());
        Assert.Equal(["r", "alpha", "s", "beta"], model.GetProperty("parameters").EnumerateObject().Select(p => p.Name));
        JsonElement covariates = model.GetProperty("covariates");
        Assert.Equal(["channel=store", "score"], covariates.EnumerateObject().Select(p => p.Name));

        // Every coefficient's 95% interval (estimate +- 1.96 s.e.) holds the simulated truth.
        foreach (var (name, process, truth) in new[] { ("channel=store", "purchase", StoreTrans), ("score", "purchase", ScoreTrans), ("channel=store", "dropout", StoreLife), ("score", "dropout", ScoreLife) })
        {
            JsonElement c = covariates.GetProperty(name).GetProperty(process);
            double estimate = c.GetProperty("coefficient").GetDouble(), se = c.GetProperty("standard_error").GetDouble();
            Assert.True(se is > 0 and < 0.5, $"{name} {process}: s.e. {se}");
            Assert.True(Math.Abs(estimate - truth) <= 1.96 * se, $"{name} {process}: {estimate} +- {1.96 * se} misses {truth}");
        }

        // Each customer's expected purchases are the plain Pareto/NBD of its own alpha_i and beta_i (the docs' formulas).
        JsonElement p = model.GetProperty("parameters");
        double Coefficient(string name, string process) => covariates.GetProperty(name).GetProperty(process).GetProperty("coefficient").GetDouble();
        string[] lines = File.ReadAllLines(card);
        string[] header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split(',');
            var c = sim.Customers[f[Col("customer_id")]];
            double z1 = c.Store ? 1 : 0;
            double alphaI = p.GetProperty("alpha").GetDouble() * Math.Exp(-((Coefficient("channel=store", "purchase") * z1) + (Coefficient("score", "purchase") * c.Score)));
            double betaI = p.GetProperty("beta").GetDouble() * Math.Exp(-((Coefficient("channel=store", "dropout") * z1) + (Coefficient("score", "dropout") * c.Score)));
            var own = new ParetoNbdModel(p.GetProperty("r").GetDouble(), alphaI, p.GetProperty("s").GetDouble(), betaI, TimeUnit.Week);
            var one = new double[1];
            own.ExpectedPurchases([double.Parse(f[Col("frequency")], CultureInfo.InvariantCulture)],
                [double.Parse(f[Col("recency")], CultureInfo.InvariantCulture)], [double.Parse(f[Col("t")], CultureInfo.InvariantCulture)], 52, one);
            double expected = one[0];
            Assert.Equal(expected, double.Parse(f[Col("expected_purchases")], CultureInfo.InvariantCulture), 0.002 + (0.001 * expected));
        }
    }

    [Fact]
    public void Charts_with_covariates_include_the_coefficient_chart()
    {
        Simulated sim = Simulate(400, seed: 5);
        string charts = Path.Combine(_dir, "charts"), plain = Path.Combine(_dir, "plain");
        var (code, output, error) = Run("--input", sim.Transactions, "--analysis-date", "2023-12-31", "--time-unit", "week", "--model", "bgnbd",
            "--covariates", sim.Covariates, "--covariate-columns", "channel,score", "--charts", charts, "--chart-size", "640x480");
        Assert.True(code == 0, error);
        string png = Path.Combine(charts, "covariates.png");
        Assert.Contains("Chart: " + png, output, StringComparison.Ordinal);
        Charts.PngImage.AssertSize(File.ReadAllBytes(png), 640, 480);

        // Without --covariates the same run draws no coefficient chart.
        (code, output, error) = Run("--input", sim.Transactions, "--analysis-date", "2023-12-31", "--time-unit", "week", "--model", "bgnbd", "--charts", plain);
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(plain, "p-alive.png")), output);
        Assert.False(File.Exists(Path.Combine(plain, "covariates.png")));
    }

    [Fact]
    public void A_customer_missing_from_the_covariates_file_is_named_in_one_line_with_exit_code_1()
    {
        string input = Path.Combine(_dir, "in.csv");
        File.WriteAllLines(input, ["customer_id,timestamp,amount", "a,2024-01-01,10", "a,2024-02-01,20", "b,2024-01-15,5", "c,2024-01-20,8"]);
        string covariates = Path.Combine(_dir, "z.csv");
        File.WriteAllLines(covariates, ["customer_id,channel", "a,web", "c,store"]);
        var (code, _, error) = Run("--input", input, "--covariates", covariates);
        Assert.Equal((int)ExitCode.BadData, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("no row for customer 'b'", error, StringComparison.Ordinal);

        File.WriteAllLines(covariates, ["customer_id,channel", "a,web", "b,web", "c,store", "a,store"]);
        (code, _, error) = Run("--input", input, "--covariates", covariates);
        Assert.Equal((int)ExitCode.BadData, code);
        Assert.Contains("customer 'a' has a second row", error, StringComparison.Ordinal);

        File.WriteAllLines(covariates, ["customer_id,channel", "a,web", "b,web", "c,store"]);
        (code, _, error) = Run("--input", input, "--covariates", covariates, "--covariate-columns", "region");
        Assert.Equal((int)ExitCode.Usage, code);
        Assert.Contains("'region' is not a column", error, StringComparison.Ordinal);
        (code, _, error) = Run("--input", input, "--covariates", covariates, "--model", "auto");
        Assert.Equal((int)ExitCode.Usage, code);
        Assert.Contains("--covariates works with --model bgnbd or paretonbd", error, StringComparison.Ordinal);
        (code, _, _) = Run("--input", input, "--covariate-columns", "channel");
        Assert.Equal((int)ExitCode.Usage, code);
    }

    [Fact]
    public void Cohorts_are_written_as_csv_and_match_a_count_by_hand()
    {
        // Hand count: a and b acquired in January, c in February; a buys again in February and March, c in March.
        string input = Path.Combine(_dir, "in.csv");
        File.WriteAllLines(input, ["customer_id,timestamp,amount",
            "a,2024-01-05,10", "a,2024-02-10,20", "a,2024-03-01,5", "b,2024-01-20,7", "c,2024-02-03,8", "c,2024-03-15,4", "c,2024-03-16,6"]);
        string cohorts = Path.Combine(_dir, "cohorts.csv");
        var (code, output, error) = Run("--input", input, "--cohorts", cohorts, "--analysis-date", "2024-03-31");
        Assert.True(code == 0, error);
        Assert.Contains("Acquisition cohorts by month", output, StringComparison.Ordinal);
        Assert.Contains($"Cohorts: 2 month cohorts written to {cohorts}", output, StringComparison.Ordinal);

        string[] lines = File.ReadAllLines(cohorts);
        Assert.Equal("cohort,cohort_start,acquired,period,active_customers,retention_share,purchases,revenue,revenue_per_acquired_customer", lines[0]);
        Assert.Equal(
            [
                "2024-01,2024-01-01,2,0,2,1,2,17,8.5",
                "2024-01,2024-01-01,2,1,1,0.5,1,20,10",
                "2024-01,2024-01-01,2,2,1,0.5,1,5,2.5",
                "2024-02,2024-02-01,1,0,1,1,1,8,8",
                "2024-02,2024-02-01,1,1,1,1,2,10,10",
            ],
            lines.Skip(1));

        var weekly = Run("--input", input, "--cohorts", cohorts, "--cohort-period", "week", "--analysis-date", "2024-03-31");
        Assert.True(weekly.Code == 0, weekly.Err);
        Assert.Contains("Cohorts: 3 week cohorts", weekly.Out, StringComparison.Ordinal);
    }
}
