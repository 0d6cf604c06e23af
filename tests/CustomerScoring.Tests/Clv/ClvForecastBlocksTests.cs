using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Clv;

/// <summary>
/// A large forecast: the distinct (x, t_x, T) rows of the summaries are merged once and shared by the purchase fit and the
/// forecast, and their blocks (of 32,768 rows) are evaluated on several threads. Checked against what does neither: the
/// models' per-customer P(alive) on the summaries' columns, the models' Fit on the columns, and the same customers in
/// another order.
/// </summary>
public sealed class ClvForecastBlocksTests
{
    private static readonly DateOnly End = new(2026, 1, 1);

    /// <summary>About 90,000 customers with purchases at any second of 700 days: more than two blocks of distinct rows.</summary>
    private static (int[] Index, DateTime[] Time, double[] Amount) Transactions(int customers, int seed)
    {
        var random = new Random(seed);
        var index = new List<int>();
        var time = new List<DateTime>();
        var amount = new List<double>();
        DateTime start = End.ToDateTime(TimeOnly.MinValue).AddDays(-700);
        for (int c = 0; c < customers; c++)
        {
            int purchases = 1 + (int)(-Math.Log(1 - random.NextDouble()) * 4);
            for (int k = 0; k < purchases; k++)
            {
                index.Add(c);
                time.Add(start.AddSeconds(random.NextDouble() * 699 * 86_400));
                amount.Add(Math.Round(5 + (random.NextDouble() * 95), 2));
            }
        }

        return (index.ToArray(), time.ToArray(), amount.ToArray());
    }

    private static CustomerSummaries Summaries(int[] index, DateTime[] time, double[] amount) =>
        Summarizer.Summarize(new TransactionBatch(index, time, amount), new SummaryOptions(End) { TimeUnit = TimeUnit.Week });

    [Fact]
    public void A_forecast_in_blocks_matches_the_per_customer_models_and_any_customer_order()
    {
        (int[] index, DateTime[] time, double[] amount) = Transactions(90_000, 7);
        CustomerSummaries s = Summaries(index, time, amount);
        Assert.True(ClvHistogram.FromSummaries(s).Count > 2 * 32_768, "the test needs more than two blocks of distinct rows");

        // The fit from the shared rows is the models' own fit on the columns, estimate for estimate.
        var options = new ClvFitOptions { ThrowOnNonConvergence = false };
        IPurchaseModel fitted = ClvForecast.FitPurchases(s, PurchaseModelKind.BgNbd, options);
        BgNbdModel direct = BgNbdModel.Fit(s.Frequency, s.Recency, s.Age, s.TimeUnit, options);
        var bg = Assert.IsType<BgNbdModel>(fitted);
        Assert.Equal([direct.R, direct.Alpha, direct.A, direct.B], [bg.R, bg.Alpha, bg.A, bg.B]);

        var spend = new GammaGammaModel(6.25, 3.74, 15.44);
        var forecastOptions = new ClvForecastOptions { Horizon = 52, AnnualDiscountRate = 0.1 };
        foreach (IPurchaseModel model in new IPurchaseModel[] { bg, new ParetoNbdModel(0.55, 10.6, 0.61, 11.7, TimeUnit.Week) })
        {
            ClvForecast forecast = ClvForecast.Compute(s, model, spend, forecastOptions);
            ClvForecast again = ClvForecast.Compute(s, model, spend, forecastOptions);
            Assert.Equal(forecast.Value.ToArray(), again.Value.ToArray());

            // P(alive) is a per-customer formula: each customer gets exactly the model's value for its own columns.
            var alive = new double[s.Count];
            model.ProbabilityAlive(s.Frequency, s.Recency, s.Age, alive);
            Assert.Equal(alive, forecast.ProbabilityAlive.ToArray());

            // The expected spend is the spend model's per-customer formula on the customer's own columns (the forecast
            // computes it in blocks of customers on several threads), and the value is that spend times the customer's
            // discounted expected purchases, which customers with equal (x, t_x, T) share.
            var spendPer = new double[s.Count];
            spend.ConditionalExpectedSpend(s.Frequency, s.MonetaryRepeatMean, spendPer);
            Assert.Equal(spendPer, forecast.ExpectedSpend);
            var discounted = new Dictionary<(double, double, double), double>();
            for (int row = 0; row < s.Count; row++)
            {
                double perPurchase = forecast.Value[row] / forecast.ExpectedSpend[row];
                (double, double, double) key = (s.Frequency[row], s.Recency[row], s.Age[row]);
                double shared = discounted.TryAdd(key, perPurchase) ? perPurchase : discounted[key];
                Assert.True(Math.Abs(shared - perPurchase) <= 1e-12 * Math.Abs(shared), $"row {row}: {perPurchase:R} against {shared:R}");
            }

            // The same customers in reverse order of their indices: every customer's forecast is the same bits.
            int last = s.Count - 1;
            int[] reversed = Array.ConvertAll(index, i => last - i);
            CustomerSummaries r = Summaries(reversed, time, amount);
            ClvForecast other = ClvForecast.Compute(r, model, spend, forecastOptions);
            for (int row = 0; row < s.Count; row++)
            {
                int otherRow = r.Count - 1 - row;
                Assert.Equal(last - s.CustomerIndex[row], r.CustomerIndex[otherRow]);
                Assert.Equal(forecast.Value[row], other.Value[otherRow]);
                Assert.Equal(forecast.ExpectedPurchases[row], other.ExpectedPurchases[otherRow]);
                Assert.Equal(forecast.ProbabilityAlive[row], other.ProbabilityAlive[otherRow]);
            }
        }
    }
}
