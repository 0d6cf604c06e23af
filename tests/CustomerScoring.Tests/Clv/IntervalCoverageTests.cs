using System.Globalization;
using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using Xunit;
using Xunit.Abstractions;

namespace CustomerScoring.Tests.Clv;

/// <summary>
/// How often the intervals cover the truth, on populations simulated from known BG/NBD and Pareto/NBD parameters
/// (<see cref="ClvSimulator"/>, written from the models' stories): the 95% log-scale parameter intervals against the true
/// parameters, and the bootstrap portfolio CLV interval against the portfolio CLV computed with the true parameters
/// for the same customers. The fast default runs 8 replications of BG/NBD with a loose band; the measurement of
/// docs/clv.md runs on demand: <c>CLV_COVERAGE_REPLICATIONS=200 dotnet test --filter "FullyQualifiedName~IntervalCoverage"</c>
/// (optionally <c>CLV_COVERAGE_OUT=file</c> for the table).
/// </summary>
public sealed class IntervalCoverageTests(ITestOutputHelper output)
{
    private const int Customers = 2000;

    private static readonly GammaGammaModel Spend = new(6.0, 4.0, 15.0);

    private static readonly ClvForecastOptions Horizon = new() { Horizon = 12, HorizonUnit = TimeUnit.Week, AnnualDiscountRate = 0.1 };

    internal sealed record Coverage(string Model, int Replications, int Failed, int[] ParameterHits, string[] Names, int PortfolioHits, double MeanRelativeWidth);

    internal static Coverage Measure(bool pareto, int replications, int draws, int seedBase)
    {
        double[] truth = pareto ? [0.6, 10.0, 0.8, 15.0] : [0.5, 8.0, 0.8, 2.5];
        var results = new (bool Ok, bool[] Hits, bool Portfolio, double Width)[replications];
        Parallel.For(0, replications, rep =>
        {
            int seed = seedBase + rep;
            var c = pareto
                ? ClvSimulator.ParetoNbd(truth[0], truth[1], truth[2], truth[3], Customers, seed)
                : ClvSimulator.BetaGeometric(false, truth[0], truth[1], truth[2], truth[3], Customers, seed);
            IPurchaseModel fitted;
            IPurchaseModel trueModel;
            try
            {
                fitted = pareto ? ParetoNbdModel.Fit(c.X, c.Tx, c.T, TimeUnit.Week) : BgNbdModel.Fit(c.X, c.Tx, c.T, TimeUnit.Week);
                trueModel = pareto ? new ParetoNbdModel(truth[0], truth[1], truth[2], truth[3], TimeUnit.Week) : new BgNbdModel(truth[0], truth[1], truth[2], truth[3], TimeUnit.Week);
            }
            catch (ClvFitException)
            {
                results[rep] = (false, [], false, 0);
                return;
            }

            var d = fitted.Diagnostics!;
            var hits = new bool[4];
            for (int i = 0; i < 4; i++)
            {
                var (lo, hi) = d.ConfidenceInterval95(i);
                hits[i] = truth[i] >= lo && truth[i] <= hi;
            }

            // Everyone gets the population mean spend (m = 0): the CLV interval reflects the purchase model only.
            double[] m = new double[c.X.Length];
            var (_, totals, _) = ClvForecastIntervals.Bootstrap(fitted, Spend, c.X, c.Tx, c.T, m, TimeUnit.Week, Horizon, new ClvIntervalOptions { Draws = draws, Seed = seed, MaxDegreeOfParallelism = 1 }, default);
            var (horizons, discounts) = ClvForecast.Schedule(Horizon, TimeUnit.Week);
            int n = c.X.Length;
            double[] e = new double[n], p = new double[n], s = new double[n], v = new double[n];
            ClvForecast.Evaluate(trueModel, Spend, c.X, c.Tx, c.T, m, horizons, discounts, 1.0, e, p, s, v, default);
            double trueTotal = v.Sum();
            ClvForecast.Evaluate(fitted, Spend, c.X, c.Tx, c.T, m, horizons, discounts, 1.0, e, p, s, v, default);
            double estimate = v.Sum();
            results[rep] = (true, hits, trueTotal >= totals[2] && trueTotal <= totals[3], (totals[3] - totals[2]) / estimate);
        });

        var ok = results.Where(r => r.Ok).ToArray();
        return new Coverage(
            pareto ? "Pareto/NBD" : "BG/NBD",
            replications,
            replications - ok.Length,
            Enumerable.Range(0, 4).Select(i => ok.Count(r => r.Hits[i])).ToArray(),
            pareto ? ["r", "alpha", "s", "beta"] : ["r", "alpha", "a", "b"],
            ok.Count(r => r.Portfolio),
            ok.Length > 0 ? ok.Average(r => r.Width) : 0);
    }

    internal static string Row(Coverage c)
    {
        int n = c.Replications - c.Failed;
        string Pct(int hits) => (100.0 * hits / n).ToString("F1", CultureInfo.InvariantCulture) + "%";
        return $"| {c.Model} | {c.Replications} ({c.Failed} failed fits) | " + string.Join(" | ", c.Names.Select((name, i) => $"{name} {Pct(c.ParameterHits[i])}"))
            + $" | {Pct(c.PortfolioHits)} | {(100 * c.MeanRelativeWidth).ToString("F1", CultureInfo.InvariantCulture)}% |";
    }

    [Fact]
    public void Intervals_cover_the_truth_about_as_often_as_their_level_says()
    {
        string? requested = Environment.GetEnvironmentVariable("CLV_COVERAGE_REPLICATIONS");
        if (requested is null)
        {
            // Fast: 8 BG/NBD replications, 100 draws. With true 95% coverage, P(fewer than 26 of 32 parameter hits) and
            // P(fewer than 6 of 8 portfolio hits) are both below 1%.
            var fast = Measure(pareto: false, replications: 8, draws: 100, seedBase: 1000);
            output.WriteLine(Row(fast));
            Assert.Equal(0, fast.Failed);
            Assert.True(fast.ParameterHits.Sum() >= 26, Row(fast));
            Assert.True(fast.PortfolioHits >= 6, Row(fast));
            return;
        }

        int replications = int.Parse(requested, CultureInfo.InvariantCulture);
        int draws = int.Parse(Environment.GetEnvironmentVariable("CLV_COVERAGE_DRAWS") ?? "200", CultureInfo.InvariantCulture);
        string models = Environment.GetEnvironmentVariable("CLV_COVERAGE_MODELS") ?? "bgnbd,paretonbd";
        string? file = Environment.GetEnvironmentVariable("CLV_COVERAGE_OUT");
        var lines = new List<string>
        {
            $"{replications} replications of {Customers} customers (T uniform on 20..60 weeks), {draws} bootstrap draws, 12-week CLV at 10% a year",
            "| model | replications | parameter interval coverage (95%) | | | | portfolio CLV interval coverage (95%) | mean width / estimate |",
            "|---|---|---|---|---|---|---|---|",
        };
        foreach (bool pareto in new[] { false, true })
        {
            if (!models.Contains(pareto ? "pareto" : "bgnbd", StringComparison.Ordinal))
            {
                continue;
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var c = Measure(pareto, replications, draws, 1000);
            lines.Add(Row(c));
            if (file is not null)
            {
                File.AppendAllLines(file, [Row(c) + $" <!-- {watch.Elapsed.TotalSeconds:F0} s -->"]);
            }
        }

        foreach (string line in lines)
        {
            output.WriteLine(line);
        }
    }
}
