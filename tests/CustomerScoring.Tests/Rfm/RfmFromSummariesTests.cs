using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Rfm;

public class RfmFromSummariesTests
{
    private static readonly SummaryOptions Options = new(new DateOnly(2024, 3, 31));

    private static CustomerTransactions<string> Build(IEnumerable<Row> rows)
    {
        var b = new TransactionBatchBuilder<string>(chunkSize: 50);
        foreach (Row r in rows)
        {
            b.Add("cust-" + r.Customer, r.Time, r.Amount);
        }

        return b.Build();
    }

    private static Dictionary<string, (int R, int F, int M, string Segment)> ScoresByKey(CustomerTransactions<string> data, RfmValueOptions? values = null)
    {
        CustomerSummaries s = Summarizer.Summarize(data, Options);
        RfmResult result = RfmScorer.Default.Score(s, data.Customers, values);
        var byKey = new Dictionary<string, (int, int, int, string)>();
        for (int i = 0; i < s.Count; i++)
        {
            byKey[data.Customers.KeyOf(s.CustomerIndex[i])] =
                (result.RecencyScores[i], result.FrequencyScores[i], result.MonetaryScores[i], result.SegmentOf(i));
        }

        return byKey;
    }

    [Property(MaxTest = 150)]
    public void Scores_per_customer_key_do_not_depend_on_input_order(int seed)
    {
        // Shuffling rows changes which customer appears first and so every dense index; ties are
        // broken by key, so each customer's scores must stay the same.
        Row[] rows = RandomTransactions.Generate(seed, maxRows: 200, maxCustomers: 40);
        var a = ScoresByKey(Build(rows));
        var b = ScoresByKey(Build(RandomTransactions.Shuffle(rows, seed + 7)));
        Assert.Equal(a.Count, b.Count);
        foreach (var (key, scores) in a)
        {
            Assert.Equal(scores, b[key]);
        }
    }

    [Property(MaxTest = 100)]
    public void Scoring_summaries_by_customer_index_equals_scoring_their_values(int seed)
    {
        // The pooled path (summaries -> buffers or their own columns -> scores; the scorecard takes it too) against the plain
        // one (RfmValues arrays -> scores), with every measure.
        Row[] rows = RandomTransactions.Generate(seed, maxRows: 400, maxCustomers: 80);
        CustomerSummaries s = Summarizer.Summarize(RandomTransactions.ToBatch(rows), Options);
        var rng = new Random(seed);
        var options = new RfmValueOptions
        {
            Frequency = rng.Next(2) == 0 ? FrequencyMeasure.Transactions : FrequencyMeasure.PurchasePeriods,
            Monetary = (MonetaryMeasure)rng.Next(3),
            Negatives = rng.Next(2) == 0 ? NegativeValues.Keep : NegativeValues.ClipToZero,
        };
        RfmValues v = RfmValues.From(s, options);
        RfmResult expected = RfmScorer.Default.Score(v.Recency, v.Frequency, v.Monetary);
        RfmResult actual = RfmScorer.Default.Score(s, options);
        Assert.Equal(expected.RecencyScores.ToArray(), actual.RecencyScores.ToArray());
        Assert.Equal(expected.FrequencyScores.ToArray(), actual.FrequencyScores.ToArray());
        Assert.Equal(expected.MonetaryScores.ToArray(), actual.MonetaryScores.ToArray());
        for (int i = 0; i < s.Count; i++)
        {
            Assert.Equal(expected.SegmentOf(i), actual.SegmentOf(i));
        }
    }

    [Fact]
    public void Value_options_choose_frequency_and_monetary_measures_and_clamp_negatives()
    {
        var t = new DateTime(2024, 3, 1);
        // "a": two purchases on one day (10 + 30) and one later (20): 3 transactions, 2 periods, total 60.
        // "b": one refund-heavy day: -15.
        var b = new TransactionBatchBuilder<string>();
        b.Add("a", t, 10);
        b.Add("a", t.AddHours(2), 30);
        b.Add("a", t.AddDays(5), 20);
        b.Add("b", t, -15);
        CustomerTransactions<string> data = b.Build();
        // Returns kept as purchases, so that "b" is a customer with a negative total (the default, Net, gives b no row).
        CustomerSummaries s = Summarizer.Summarize(data, Options with { Returns = ReturnsPolicy.Keep });

        RfmValues defaults = RfmValues.From(s);
        Assert.Equal([3.0, 1.0], defaults.Frequency);
        Assert.Equal([60.0, -15.0], defaults.Monetary);
        Assert.Equal([25.0, 30.0], defaults.Recency); // Mar 31 - Mar 6, Mar 31 - Mar 1
        Assert.Equal(1, defaults.NegativeCount);

        RfmValues periods = RfmValues.From(s, new RfmValueOptions { Frequency = FrequencyMeasure.PurchasePeriods, Monetary = MonetaryMeasure.MeanPerPeriod, Negatives = NegativeValues.ClipToZero });
        Assert.Equal([2.0, 1.0], periods.Frequency);
        Assert.Equal([30.0, 0.0], periods.Monetary);

        RfmValues perTransaction = RfmValues.From(s, new RfmValueOptions { Monetary = MonetaryMeasure.MeanPerTransaction });
        Assert.Equal([20.0, -15.0], perTransaction.Monetary);
    }

    [Fact]
    public void String_keys_break_ties_in_ordinal_order()
    {
        var s = new TransactionBatchBuilder<string>();
        foreach (string key in new[] { "b", "B", "a", "A" })
        {
            s.Add(key, new DateTime(2024, 3, 1), 10);
        }

        CustomerTransactions<string> data = s.Build();
        CustomerSummaries summaries = Summarizer.Summarize(data, Options);
        int[] rank = RfmScorerExtensions.TieBreakRanks(summaries, data.Customers);
        // Ordinal: "A" < "B" < "a" < "b"; rows are in first-seen order b, B, a, A.
        Assert.Equal([3, 1, 2, 0], rank);
    }
}
