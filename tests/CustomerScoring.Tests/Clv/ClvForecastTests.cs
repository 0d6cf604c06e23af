using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Clv;

public class ClvForecastTests
{
    private static readonly SummaryOptions CdnowWeeks = new(new DateOnly(1997, 9, 30)) { TimeUnit = TimeUnit.Week };

    private static CustomerSummaries Cdnow() => Summarizer.Summarize(CdnowData.LoadSample(), CdnowWeeks);

    [Fact]
    public void Fits_from_summaries_reproduce_the_published_cdnow_parameters()
    {
        CustomerSummaries s = Cdnow();
        var bg = (BgNbdModel)ClvForecast.FitPurchases(s, PurchaseModelKind.BgNbd);
        // Published: r 0.243, alpha 4.414, a 0.793, b 2.426; LL -9582.43 from unrounded weeks.
        Assert.Equal(0.243, bg.R, 3);
        Assert.Equal(4.414, bg.Alpha, 2);
        Assert.Equal(0.793, bg.A, 3);
        Assert.Equal(2.426, bg.B, 2);
        Assert.Equal(-9582.43, bg.Diagnostics!.LogLikelihood, 1);
        GammaGammaModel gg = ClvForecast.FitSpend(s);
        // Published: p 6.25, q 3.74, gamma 15.44 on the 946 customers with x > 0.
        Assert.Equal(6.25, gg.P, 1);
        Assert.Equal(3.74, gg.Q, 1);
        Assert.Equal(15.44, gg.Gamma, 0);
        Assert.Equal(946, gg.Diagnostics!.CustomerCount);
    }

    [Fact]
    public void Twelve_month_value_agrees_with_the_period_by_period_clv_of_the_models()
    {
        CustomerSummaries s = Cdnow();
        IPurchaseModel bg = ClvForecast.FitPurchases(s, PurchaseModelKind.BgNbd);
        GammaGammaModel gg = ClvForecast.FitSpend(s);
        var options = new ClvForecastOptions { Horizon = 365.25, HorizonUnit = TimeUnit.Day, AnnualDiscountRate = 0.15, MarginRate = 0.3 };
        ClvForecast f = ClvForecast.Compute(s, bg, gg, options);

        var reference = new double[s.Count];
        double monthly = Math.Pow(1.15, 1.0 / 12) - 1;
        CustomerLifetimeValue.Compute(bg, gg, s.Frequency, s.Recency, s.Age, s.MonetaryRepeatMean, 12, 365.25 / 12 / 7, monthly, 0.3, reference);
        for (int i = 0; i < s.Count; i++)
        {
            // One routine; only the schedule's rounding differs (margin / (1 + d)^k there, margin x (1 + d)^-k here).
            Assert.True(Math.Abs(reference[i] - f.Value[i]) <= 1e-12 * (1 + Math.Abs(reference[i])), $"row {i}: {reference[i]} vs {f.Value[i]}");
        }

        Assert.Equal(0, f.SpendFallbackCount);
    }

    [Theory]
    [InlineData(PurchaseModelKind.BgNbd)]
    [InlineData(PurchaseModelKind.MbgNbd)]
    [InlineData(PurchaseModelKind.ParetoNbd)]
    public void The_span_clv_and_the_forecast_are_one_routine_bit_for_bit_on_one_undiscounted_period(PurchaseModelKind kind)
    {
        // Four weeks is less than a month, so the forecast has one period ending at the horizon, factor 1: the same inputs
        // as CustomerLifetimeValue.Compute with one period of 4 weeks, no discount and margin 1, so every bit must agree.
        CustomerSummaries s = Cdnow();
        IPurchaseModel model = ClvForecast.FitPurchases(s, kind);
        GammaGammaModel gg = ClvForecast.FitSpend(s);
        ClvForecast f = ClvForecast.Compute(s, model, gg, new ClvForecastOptions { Horizon = 4, HorizonUnit = TimeUnit.Week, AnnualDiscountRate = 0, MarginRate = 1 });
        var spans = new double[s.Count];
        CustomerLifetimeValue.Compute(model, gg, s.Frequency, s.Recency, s.Age, s.MonetaryRepeatMean, 1, 4.0, 0.0, 1.0, spans);
        Assert.Equal(f.Value, spans);

        // And both are E[Y(4)] x spend, from the model's own public predictions.
        var expected = new double[s.Count];
        model.ExpectedPurchases(s.Frequency, s.Recency, s.Age, 4.0, expected);
        for (int i = 0; i < s.Count; i++)
        {
            Assert.True(Math.Abs((expected[i] * f.ExpectedSpend[i]) - spans[i]) <= 1e-12 * (1 + spans[i]), $"row {i}");
        }
    }

    [Fact]
    public void The_span_clv_refuses_a_repeat_buyer_without_positive_spend_that_the_forecast_gives_the_mean()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426, TimeUnit.Week);
        var gg = new GammaGammaModel(6.25, 3.74, 15.44);
        var e = Assert.Throws<ArgumentException>(() => CustomerLifetimeValue.Compute(model, gg, [2.0], [10.0], [20.0], [-5.0], 12, 1.0, 0.01, 1.0, new double[1]));
        Assert.Contains("mean spend m = -5 is not positive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_discounting_value_is_expected_purchases_times_spend_times_margin()
    {
        CustomerSummaries s = Cdnow();
        IPurchaseModel model = ClvForecast.FitPurchases(s, PurchaseModelKind.ParetoNbd);
        GammaGammaModel gg = ClvForecast.FitSpend(s);
        ClvForecast f = ClvForecast.Compute(s, model, gg, new ClvForecastOptions { Horizon = 39, AnnualDiscountRate = 0, MarginRate = 0.5 });
        for (int i = 0; i < s.Count; i++)
        {
            Assert.Equal(f.ExpectedPurchases[i] * f.ExpectedSpend[i] * 0.5, f.Value[i], 9);
            Assert.InRange(f.ProbabilityAlive[i], 0, 1);
        }

        // Discounting lowers every positive value.
        ClvForecast discounted = ClvForecast.Compute(s, model, gg, new ClvForecastOptions { Horizon = 39, AnnualDiscountRate = 0.2, MarginRate = 0.5 });
        Assert.All(Enumerable.Range(0, s.Count), i => Assert.True(discounted.Value[i] < f.Value[i] || f.Value[i] == 0));
    }

    [Fact]
    public void A_model_fitted_in_days_refuses_summaries_in_weeks()
    {
        CustomerSummaries weeks = Cdnow();
        CustomerSummaries days = Summarizer.Summarize(CdnowData.LoadSample(), CdnowWeeks with { TimeUnit = TimeUnit.Day });
        IPurchaseModel dayModel = ClvForecast.FitPurchases(days, PurchaseModelKind.BgNbd);
        var e = Assert.Throws<ArgumentException>(() => ClvForecast.Compute(weeks, dayModel, ClvForecast.FitSpend(weeks)));
        Assert.Contains("days but the summaries are in weeks", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refund_heavy_repeat_buyers_get_the_population_mean_spend_and_keep_their_purchase_forecast()
    {
        CustomerTransactions<int> data = CdnowData.LoadSample();
        var b = new TransactionBatchBuilder<int>(keys: data.Customers);
        // Customer 99999 buys 40 then refunds 100 on a later day; with returns kept as purchases: x = 1, repeat mean -100.
        b.Add(99999, new DateTime(1997, 2, 1), 40);
        b.Add(99999, new DateTime(1997, 5, 1), -100);
        CustomerTransactions<int> extra = b.Build();
        CustomerSummaries s = Summarizer.Summarize([.. data.Batches, .. extra.Batches], CdnowWeeks with { Returns = ReturnsPolicy.Keep }, data.Customers.Count);
        int row = s.RowOf(data.Customers.IndexOf(99999));
        Assert.Equal(1.0, s.Frequency[row]);
        Assert.Equal(-100.0, s.MonetaryRepeatMean[row]);

        IPurchaseModel bg = ClvForecast.FitPurchases(s, PurchaseModelKind.BgNbd);
        GammaGammaModel gg = ClvForecast.FitSpend(s);
        ClvForecast f = ClvForecast.Compute(s, bg, gg, new ClvForecastOptions { AnnualDiscountRate = 0 });
        Assert.Equal(1, f.SpendFallbackCount);
        Assert.Equal(gg.PopulationMeanSpend, f.ExpectedSpend[row], 9);
        var one = new double[1];
        bg.ExpectedPurchases([1.0], [s.Recency[row]], [s.Age[row]], 52, one);
        Assert.Equal(one[0], f.ExpectedPurchases[row], 12);
        Assert.Equal(one[0] * gg.PopulationMeanSpend, f.Value[row], 9);
    }
}
