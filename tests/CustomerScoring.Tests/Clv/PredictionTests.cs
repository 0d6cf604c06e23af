using System.Globalization;
using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace CustomerScoring.Tests.Clv;

/// <summary>Predictions against simulation, hand-computed CLV sums, the simple formulas and the holdout report.</summary>
public sealed class PredictionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void New_customer_expectation_matches_simulation(int model)
    {
        // Simulate 200,000 customers observed for exactly t = 30 weeks: the mean x estimates E[X(30)].
        const int n = 200_000;
        const double t = 30;
        var c = model == 2
            ? ClvSimulator.ParetoNbd(0.6, 10, 0.8, 15, n, 5, t, t)
            : ClvSimulator.BetaGeometric(model == 1, 0.6, 10, 1.8, 2.5, n, 5, t, t);
        IPurchaseModel m = model switch
        {
            0 => new BgNbdModel(0.6, 10, 1.8, 2.5, TimeUnit.Week),
            1 => new MbgNbdModel(0.6, 10, 1.8, 2.5, TimeUnit.Week),
            _ => new ParetoNbdModel(0.6, 10, 0.8, 15, TimeUnit.Week),
        };
        double mean = c.X.Average();
        double sd = Math.Sqrt(c.X.Select(v => (v - mean) * (v - mean)).Sum() / (n - 1));
        double expected = m.ExpectedPurchasesNewCustomer(t);
        output.WriteLine($"simulated {mean} ± {sd / Math.Sqrt(n)}, model {expected}");
        Assert.True(Math.Abs(mean - expected) <= 4 * sd / Math.Sqrt(n), $"simulated {mean}, model {expected}");
    }

    [Fact]
    public void Conditional_expectation_matches_simulation_of_the_future()
    {
        // Simulate customers over 30 + 20 weeks; among those with the same calibration history (x, t_x rounded away
        // is impossible in continuous time), the conditional expectation averaged over all customers must equal the
        // mean of the simulated holdout counts (law of total expectation): E[E[Y | history]] = E[Y].
        const int n = 100_000;
        var rng = new Random(7);
        double r = 0.6, alpha = 10, a = 1.8, b = 2.5, t = 30, h = 20;
        var x = new double[n];
        var tx = new double[n];
        var ages = new double[n];
        double totalFuture = 0;
        for (int i = 0; i < n; i++)
        {
            double lambda = MathNet.Numerics.Distributions.Gamma.Sample(rng, r, alpha);
            double p = MathNet.Numerics.Distributions.Beta.Sample(rng, a, b);
            double now = 0, last = 0;
            int calibration = 0, future = 0;
            while (true)
            {
                now += MathNet.Numerics.Distributions.Exponential.Sample(rng, lambda);
                if (now > t + h)
                {
                    break;
                }

                if (now <= t)
                {
                    calibration++;
                    last = now;
                }
                else
                {
                    future++;
                }

                if (rng.NextDouble() < p)
                {
                    break;
                }
            }

            x[i] = calibration;
            tx[i] = last;
            ages[i] = t;
            totalFuture += future;
        }

        var predicted = new double[n];
        new BgNbdModel(r, alpha, a, b, TimeUnit.Week).ExpectedPurchases(x, tx, ages, h, predicted);
        double meanPredicted = predicted.Average();
        double meanActual = totalFuture / n;
        output.WriteLine($"predicted {meanPredicted}, simulated {meanActual}");
        Assert.True(Math.Abs(meanPredicted - meanActual) <= 0.02 * meanActual + 0.005);
    }

    [Fact]
    public void Clv_is_the_hand_computed_discounted_sum()
    {
        // Pareto/NBD with s = 2, x = 0, T = 0 (P(alive) = 1): E[Y(t)] = rβ/α · (1 − β/(β+t)) = r/α · βt/(β+t).
        // r = 1, α = 1, β = 1: E[Y(1)] = 1/2, E[Y(2)] = 2/3. Gamma-Gamma p = 2, q = 3, γ = 10, x = 0: spend 2·10/2 = 10.
        // Margin 0.5, d = 0.1: CLV = 0.5 · 10 · (0.5/1.1 + (2/3 − 1/2)/1.21) = 5 · (0.4545454... + 0.1377410...) = 2.9614325...
        var purchases = new ParetoNbdModel(1, 1, 2, 1, TimeUnit.Week);
        var spend = new GammaGammaModel(2, 3, 10);
        var clv = new double[1];
        CustomerLifetimeValue.Compute(purchases, spend, [0.0], [0.0], [0.0], [0.0], 2, 1.0, 0.1, 0.5, clv);
        double expected = 5 * ((0.5 / 1.1) + ((2.0 / 3.0 - 0.5) / 1.21));
        Assert.Equal(expected, clv[0], 12);

        // Without discounting the sum telescopes to E[Y(n·L)]: 2 periods of 1.5 weeks = 3 weeks, E[Y(3)] = 3/4.
        CustomerLifetimeValue.Compute(purchases, spend, [0.0], [0.0], [0.0], [0.0], 2, 1.5, 0.0, 1.0, clv);
        Assert.Equal(10 * 0.75, clv[0], 12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Clv_fast_path_equals_the_period_by_period_sum(int which)
    {
        var d = CdnowSummary.Instance;
        IPurchaseModel model = which switch
        {
            0 => new BgNbdModel(0.243, 4.414, 0.793, 2.426, TimeUnit.Week),
            1 => new MbgNbdModel(0.525, 6.183, 0.891, 1.614, TimeUnit.Week),
            _ => new ParetoNbdModel(0.553, 10.578, 0.606, 11.669, TimeUnit.Week),
        };
        var spend = new GammaGammaModel(6.25, 3.74, 15.44);
        var fast = new double[d.X.Length];
        var slow = new double[d.X.Length];
        CustomerLifetimeValue.Compute(model, spend, d.X, d.Tx, d.T, d.Zbar, 12, 30.0 / 7.0, 0.01, 0.3, fast);
        CustomerLifetimeValue.Compute(new OpaquePurchaseModel(model), spend, d.X, d.Tx, d.T, d.Zbar, 12, 30.0 / 7.0, 0.01, 0.3, slow);
        for (int i = 0; i < fast.Length; i++)
        {
            Assert.True(Math.Abs(fast[i] - slow[i]) <= 1e-12 * (1 + Math.Abs(slow[i])), $"customer {i}: {fast[i]} vs {slow[i]}");
        }

        // Sanity: undiscounted CLV over one period = margin · spend · E[Y(L)].
        var e = new double[d.X.Length];
        var s = new double[d.X.Length];
        model.ExpectedPurchases(d.X, d.Tx, d.T, 4.0, e);
        spend.ConditionalExpectedSpend(d.X, d.Zbar, s);
        CustomerLifetimeValue.Compute(model, spend, d.X, d.Tx, d.T, d.Zbar, 1, 4.0, 0.0, 0.3, fast);
        for (int i = 0; i < fast.Length; i++)
        {
            Assert.True(Math.Abs((0.3 * s[i] * e[i]) - fast[i]) <= 1e-12 * (1 + fast[i]), $"customer {i}");
        }
    }

    [Fact]
    public void Gamma_gamma_expected_spend_is_the_weighted_mean()
    {
        // p = 6, q = 4, γ = 15: population mean pγ/(q−1) = 30. x = 3, m = 50: (15 + 150)·6/(18 + 3) = 990/21 = 47.142857...
        var model = new GammaGammaModel(6, 4, 15);
        var d = new double[2];
        model.ConditionalExpectedSpend([3.0, 0.0], [50.0, 0.0], d);
        Assert.Equal(990.0 / 21.0, d[0], 12);
        Assert.Equal(30.0, d[1], 12);
        Assert.Equal(30.0, model.PopulationMeanSpend, 12);
    }

    [Fact]
    public void Simple_formulas_match_hand_computation()
    {
        Assert.Equal(30.0, SimpleClv.HistoricValue(120, 0.25));
        Assert.Equal(50.0 * 2 * 0.3 * 24, SimpleClv.FormulaValue(50, 2, 0.3, 24), 12);

        // m·r/(1+d−r) with m = 100, r = 0.8, d = 0.1: 80/0.3 = 266.67; it is the series Σ_k 100·0.8^k/1.1^k.
        double series = 0;
        for (int k = 1; k < 2000; k++)
        {
            series += 100 * Math.Pow(0.8 / 1.1, k);
        }

        Assert.Equal(series, SimpleClv.RetentionValue(100, 0.8, 0.1), 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => SimpleClv.RetentionValue(100, 1.2, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimpleClv.RetentionValue(100, 1.0, 0.0));
    }

    [Fact]
    public void Holdout_report_on_CDNOW_matches_a_direct_computation()
    {
        // Actual holdout purchases: distinct purchase days per customer in 1997-10-01 .. 1998-06-30 from the raw log.
        var data = CdnowSummary.Instance;
        var actual = new double[data.X.Length];
        var days = new HashSet<(int, string)>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "data", "CDNOW_sample.txt")))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int id = int.Parse(f[1], CultureInfo.InvariantCulture);
            if (string.CompareOrdinal(f[2], "19971001") >= 0 && days.Add((id, f[2])))
            {
                actual[id - 1]++;
            }
        }

        var model = BgNbdModel.Fit(data.X, data.Tx, data.T, TimeUnit.Week);
        var predicted = new double[data.X.Length];
        model.ExpectedPurchases(data.X, data.Tx, data.T, 39, predicted);
        var report = HoldoutReport.Evaluate(data.X, predicted, actual);
        output.WriteLine(report.ToString());

        // Independent reference with LINQ.
        Assert.Equal(actual.Sum(), report.TotalActual, 9);
        Assert.Equal(1882.0, report.TotalActual); // distinct customer-days in the holdout (shared data README)
        Assert.Equal(predicted.Sum(), report.TotalPredicted, 9);
        Assert.Equal(predicted.Zip(actual, (p, a) => Math.Abs(p - a)).Average(), report.MeanAbsoluteError, 12);
        Assert.Equal(Math.Sqrt(predicted.Zip(actual, (p, a) => (p - a) * (p - a)).Average()), report.RootMeanSquaredError, 12);
        for (int g = 0; g <= 7; g++)
        {
            var members = Enumerable.Range(0, actual.Length).Where(i => g < 7 ? data.X[i] == g : data.X[i] >= 7).ToArray();
            Assert.Equal(members.Length, report.Groups[g].Customers);
            Assert.Equal(members.Average(i => predicted[i]), report.Groups[g].MeanPredicted, 12);
            Assert.Equal(members.Average(i => actual[i]), report.Groups[g].MeanActual, 12);
        }

        Assert.Equal("7+", report.Groups[7].Label);
        Assert.Equal(1411, report.Groups[0].Customers);
    }

    [Fact]
    public void Holdout_report_rejects_bad_input_by_position()
    {
        var e = Assert.Throws<ArgumentException>(() => HoldoutReport.Evaluate([0, 1.5], [1, 1], [1, 1]));
        Assert.Contains("position 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => HoldoutReport.Evaluate([0, 1], [1], [1, 1]));
        Assert.Throws<ArgumentException>(() => HoldoutReport.Evaluate([0, 1], [1, double.NaN], [1, 1]));
    }
}
