using CustomerScoring.Clv;
using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Scorecard;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Scorecard;

/// <summary>The scorecard stage: the caller's objects in, the caller's keys out, the same numbers as the stages called one by one.</summary>
public sealed class CustomerScorecardTests
{
    private sealed record Order(string CustomerId, DateTime OrderedAt, decimal Total);

    private static readonly ScorecardOptions NoClv = new() { AnalysisDate = new DateOnly(2024, 4, 1), PurchaseModel = null };

    private static Order[] Orders(int seed) =>
        RandomTransactions.Generate(seed, maxRows: 400, maxCustomers: 40)
            .Select(r => new Order($"c{r.Customer:D3}", r.Time, (decimal)r.Amount))
            .ToArray();

    [Fact]
    public void Rows_keyed_by_the_callers_ids_equal_the_stages_called_one_by_one()
    {
        Order[] orders = Orders(7);
        CustomerScorecard<string> card = CustomerScorecard.Build(orders, o => o.CustomerId, o => o.OrderedAt, o => o.Total, NoClv);

        // The same pipeline by hand, from the public stages.
        var builder = new TransactionBatchBuilder<string>();
        foreach (Order o in orders)
        {
            builder.Add(o.CustomerId, o.OrderedAt, (double)o.Total);
        }

        CustomerTransactions<string> data = builder.Build();
        CustomerSummaries s = Summarizer.Summarize(data, new SummaryOptions(NoClv.AnalysisDate!.Value));
        RfmResult rfm = RfmScorer.Default.Score(s, data.Customers);
        int[] rank = RfmScorerExtensions.TieBreakRanks(s, data.Customers);
        ParetoAnalysis pareto = ParetoAnalysis.Analyze(s.TotalAmount, NegativeValues.ClipToZero, rank);
        AbcClassification abc = pareto.ClassifyAbc();

        Assert.Equal(s.Count, card.Count);
        for (int r = 0; r < s.Count; r++)
        {
            string key = data.Customers.KeyOf(s.CustomerIndex[r]);
            ScorecardRow<string> row = card[key];
            Assert.Equal(key, row.Key);
            Assert.Equal(s.TransactionCount[r], row.Transactions);
            Assert.Equal(s.TotalAmount[r], row.TotalAmount);
            Assert.Equal(s.Frequency[r], row.Frequency);
            Assert.Equal((int)rfm.RecencyScores[r], row.RScore);
            Assert.Equal((int)rfm.FrequencyScores[r], row.FScore);
            Assert.Equal((int)rfm.MonetaryScores[r], row.MScore);
            Assert.Equal(rfm.SegmentOf(r), row.Segment);
            Assert.Equal(abc.Classes[r].ToString(), row.AbcClass);
            Assert.Null(row.Clv);
        }

        Assert.Equal(card.Select(r => r.Key), Enumerable.Range(0, s.Count).Select(card.KeyOf));
    }

    [Fact]
    public void Every_row_is_the_same_whatever_the_order_of_the_input()
    {
        for (int seed = 1; seed <= 30; seed++)
        {
            Order[] orders = Orders(seed);
            CustomerScorecard<string> card;
            try
            {
                card = CustomerScorecard.Build(orders, o => o.CustomerId, o => o.OrderedAt, o => o.Total, NoClv);
            }
            catch (TransactionDataException)
            {
                // No row on or before the analysis date: the shuffled input must fail the same way.
                Assert.Throws<TransactionDataException>(() => CustomerScorecard.Build(RandomTransactions.Shuffle(orders, seed), o => o.CustomerId, o => o.OrderedAt, o => o.Total, NoClv));
                continue;
            }

            CustomerScorecard<string> shuffled = CustomerScorecard.Build(RandomTransactions.Shuffle(orders, seed * 31), o => o.CustomerId, o => o.OrderedAt, o => o.Total, NoClv);
            Assert.Equal(card.Count, shuffled.Count);
            foreach (ScorecardRow<string> row in card)
            {
                // Records compare every field; the row position follows first appearance, so it is set aside.
                Assert.Equal(row with { Row = 0 }, shuffled[row.Key] with { Row = 0 });
            }
        }
    }

    [Fact]
    public void Date_time_offsets_are_taken_in_utc_and_decimal_equals_double()
    {
        // 01:30 at +02:00 on 1 March is 23:30 UTC on 28 February: the purchase day is the UTC date.
        var offsetRows = new[] { ("a", new DateTimeOffset(2024, 3, 1, 1, 30, 0, TimeSpan.FromHours(2)), 10m) };
        CustomerScorecard<string> card = CustomerScorecard.Build(offsetRows, r => r.Item1, r => r.Item2, r => r.Item3, NoClv);
        Assert.Equal(new DateTime(2024, 2, 29, 23, 30, 0), card["a"].FirstPurchase);

        Order[] orders = Orders(3);
        CustomerScorecard<string> byDecimal = CustomerScorecard.Build(orders, o => o.CustomerId, o => o.OrderedAt, o => o.Total, NoClv);
        CustomerScorecard<string> byDouble = CustomerScorecard.Build(orders, o => o.CustomerId, o => o.OrderedAt, o => (double)o.Total, NoClv);
        Assert.Equal(byDecimal.Select(r => r), byDouble.Select(r => r));
    }

    [Fact]
    public void Unknown_keys_and_unusable_data_fail_clearly()
    {
        CustomerScorecard<string> card = CustomerScorecard.Build(Orders(5), o => o.CustomerId, o => o.OrderedAt, o => o.Total, NoClv);
        Assert.False(card.TryGet("nobody", out ScorecardRow<string>? none));
        Assert.Null(none);
        Assert.Equal(-1, card.RowOf("nobody"));
        Assert.Contains("nobody", Assert.Throws<KeyNotFoundException>(() => card["nobody"]).Message, StringComparison.Ordinal);

        var empty = Assert.Throws<TransactionDataException>(() => CustomerScorecard.Build(Array.Empty<Order>(), o => o.CustomerId, o => o.OrderedAt, o => o.Total));
        Assert.Equal(FailureKind.BadData, empty.Kind);

        Order[] endOfTime = [new("a", new DateTime(9999, 12, 31), 5m)];
        var overflow = Assert.Throws<TransactionDataException>(() => CustomerScorecard.Build(endOfTime, o => o.CustomerId, o => o.OrderedAt, o => o.Total));
        Assert.Contains("9999-12-31", overflow.Message, StringComparison.Ordinal);

        Order[] late = [new("a", new DateTime(2025, 1, 1), 5m)];
        Assert.Throws<TransactionDataException>(() => CustomerScorecard.Build(late, o => o.CustomerId, o => o.OrderedAt, o => o.Total, NoClv));
    }

    [Fact]
    public void On_cdnow_the_scorecard_carries_the_published_bg_nbd_fit_and_its_forecast()
    {
        CustomerTransactions<int> data = CdnowData.LoadSample();
        var options = new ScorecardOptions { AnalysisDate = new DateOnly(1997, 9, 30), TimeUnit = TimeUnit.Week };
        CustomerScorecard<int> card = CustomerScorecard.Build(data, options);

        Assert.Equal(2357, card.Count);
        Assert.Null(card.ClvFailure);
        var bg = Assert.IsType<BgNbdModel>(card.Clv!.Purchases);
        Assert.Equal(0.243, bg.R, 3);
        Assert.Equal(4.414, bg.Alpha, 2);
        Assert.Equal(0.793, bg.A, 3);
        Assert.Equal(2.426, bg.B, 2);
        foreach (ScorecardRow<int> row in card)
        {
            Assert.NotNull(row.Clv);
            Assert.InRange(row.ProbabilityAlive!.Value, 0, 1);
            Assert.Equal(card.Clv.Forecast.Value[row.Row], row.Clv!.Value);
        }
    }

    [Fact]
    public void A_scorecard_from_summaries_equals_the_one_built_from_the_transactions()
    {
        // Summaries computed elsewhere (here by the Summarizer, as a database would) with their key map: the same card, CLV included.
        Order[] orders = Orders(11);
        var builder = new TransactionBatchBuilder<string>();
        foreach (Order o in orders)
        {
            builder.Add(o.CustomerId, o.OrderedAt, (double)o.Total);
        }

        CustomerTransactions<string> data = builder.Build();
        var options = new ScorecardOptions { AnalysisDate = new DateOnly(2024, 4, 1) };
        CustomerScorecard<string> fromTransactions = CustomerScorecard.Build(data, options);
        CustomerSummaries s = Summarizer.Summarize(data, new SummaryOptions(options.AnalysisDate!.Value) { Period = options.Period, TimeUnit = options.TimeUnit, Returns = options.Returns });
        CustomerScorecard<string> fromSummaries = CustomerScorecard.FromSummaries(s, data.Customers, options);
        Assert.Equal(Csv(fromTransactions), Csv(fromSummaries));
        Assert.Equal(fromTransactions.ClvFailure, fromSummaries.ClvFailure);

        // Without an analysis date the summaries' observation end is the date.
        Assert.Equal(Csv(fromTransactions), Csv(CustomerScorecard.FromSummaries(s, data.Customers, options with { AnalysisDate = null })));
    }

    [Fact]
    public void A_scorecard_from_summaries_of_another_window_or_keys_is_refused()
    {
        var builder = new TransactionBatchBuilder<string>();
        builder.Add("a", new DateTime(2024, 1, 5), 10.0);
        builder.Add("b", new DateTime(2024, 2, 5), 20.0);
        CustomerTransactions<string> data = builder.Build();
        CustomerSummaries s = Summarizer.Summarize(data, new SummaryOptions(new DateOnly(2024, 4, 1)));
        Assert.Contains("differ from the summaries'", Assert.Throws<ArgumentException>(() => CustomerScorecard.FromSummaries(s, data.Customers, NoClv with { AnalysisDate = new DateOnly(2024, 4, 2) })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CustomerScorecard.FromSummaries(s, data.Customers, NoClv with { Returns = ReturnsPolicy.Keep }));
        var fewer = new CustomerKeyMap<string>();
        fewer.GetOrAdd("a");
        Assert.Contains("has no key", Assert.Throws<ArgumentException>(() => CustomerScorecard.FromSummaries(s, fewer, NoClv)).Message, StringComparison.Ordinal);
    }

    private static string Csv(CustomerScorecard<string> card)
    {
        using var text = new StringWriter();
        new CustomerScoring.Csv.ScorecardCsvWriter<string>(card).Write(text);
        return text.ToString();
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void With_covariates_each_customer_is_forecast_by_the_plain_model_of_its_own_covariates()
    {
        CustomerTransactions<int> data = CdnowData.LoadSample();
        var options = new ScorecardOptions { AnalysisDate = new DateOnly(1997, 9, 30), TimeUnit = TimeUnit.Week };
        CustomerScorecard<int> plain = CustomerScorecard.Build(data, options);

        // Covariates by customer index of the key map: the acquisition month as a categorical (January the reference).
        var month = new string[data.Customers.Count];
        var firstSeen = new Dictionary<int, DateTime>();
        foreach (TransactionBatch batch in data.Batches)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                int c = batch.CustomerIndex[i];
                if (!firstSeen.TryGetValue(c, out DateTime t) || batch.Timestamps[i] < t)
                {
                    firstSeen[c] = batch.Timestamps[i];
                }
            }
        }

        foreach (var (c, t) in firstSeen)
        {
            month[c] = t.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        }

        var covariates = CustomerCovariates.Categorical("cohort", month, "1997-01");
        CustomerScorecard<int> card = CustomerScorecard.Build(data, options with { Covariates = covariates });
        Assert.Null(card.ClvFailure);
        CovariatePurchaseModel model = card.Clv!.Covariates!;
        Assert.Equal(["cohort=1997-02", "cohort=1997-03"], model.CovariateNames);
        Assert.Equal(4 + 4, card.Clv.PurchaseDiagnostics!.ParameterNames.Count);

        // Row by row: the customer's own plain model (its acquisition month's indicators) gives its expected purchases and P(alive).
        var one = new double[1];
        foreach (ScorecardRow<int> row in card)
        {
            string m = row.FirstPurchase.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            IPurchaseModel own = model.ForCustomer([m == "1997-02" ? 1 : 0, m == "1997-03" ? 1 : 0]);
            own.ExpectedPurchases([row.Frequency], [row.Recency], [row.Age], 52, one);
            Assert.Equal(one[0], row.ExpectedPurchases!.Value, 1e-9 * Math.Max(1, one[0]));
            own.ProbabilityAlive([row.Frequency], [row.Recency], [row.Age], one);
            Assert.Equal(one[0], row.ProbabilityAlive!.Value, 1e-12);
        }

        // The fit is the docs' BG/NBD with the cohort covariates: it can only raise the plain model's log-likelihood.
        Assert.True(card.Clv.PurchaseDiagnostics.LogLikelihood >= plain.Clv!.Purchases.Diagnostics!.LogLikelihood - 1e-6);

        // Covariate rows that do not match the transactions' customers, or with model selection, are refused clearly.
        var wrong = CustomerCovariates.Categorical("cohort", month[..^1], "1997-01");
        Assert.Throws<ArgumentException>(() => CustomerScorecard.Build(data, options with { Covariates = wrong }));
        Assert.Throws<ArgumentException>(() => CustomerScorecard.Build(data, options with { Covariates = covariates, SelectModelByBic = true }));
    }
}
