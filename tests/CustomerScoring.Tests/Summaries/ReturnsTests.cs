using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Summaries;

/// <summary>Issue 13: the returns policy (Net, Exclude, Keep), checked by hand and against an independent pandas-style LINQ computation.</summary>
public class ReturnsTests
{
    private static readonly DateOnly End = new(2024, 1, 31);

    private static TransactionBatch Sample() => new(
        // a buys 100 on Jan 2 and 50 on Jan 9, returns 30 on Jan 20 (a refund-only day).
        // b buys 77,000 and cancels it the same day. c only returns. d returns after the end.
        [0, 0, 0, 1, 1, 2, 2, 3, 3],
        [new(2024, 1, 2), new(2024, 1, 9), new(2024, 1, 20), new(2024, 1, 5, 10, 0, 0), new(2024, 1, 5, 11, 0, 0), new(2024, 1, 7), new(2024, 1, 8), new(2024, 1, 3), new(2024, 2, 3)],
        [100.0, 50.0, -30.0, 77_000.0, -77_000.0, -5.0, -7.5, 20.0, -20.0]);

    [Fact]
    public void Net_returns_lower_the_total_but_are_no_purchases()
    {
        CustomerSummaries s = Summarizer.Summarize(Sample(), new SummaryOptions(End));
        Assert.Equal(ReturnsPolicy.Net, s.Returns);
        Assert.Equal(3, s.Count); // a, b, d; c has only returns
        int a = s.RowOf(0);
        Assert.Equal(2, s.TransactionCount[a]);
        Assert.Equal(2, s.PurchasePeriods[a]); // the refund-only day is no purchase period
        Assert.Equal(new DateTime(2024, 1, 9), s.LastPurchase[a]); // nor a last purchase
        Assert.Equal(7.0, s.Recency[a]);
        Assert.Equal(22, s.DaysSinceLastPurchase[a]);
        Assert.Equal(150.0, s.GrossAmount[a]);
        Assert.Equal(-30.0, s.ReturnsAmount[a]);
        Assert.Equal(1, s.ReturnCount[a]);
        Assert.Equal(120.0, s.TotalAmount[a]);
        Assert.Equal(20.0, s.MonetaryRepeatMean[a]); // the Jan 20 refund belongs to the repeat period of Jan 9: 50 - 30

        int b = s.RowOf(1);
        Assert.Equal(1, s.TransactionCount[b]);
        Assert.Equal(0.0, s.Frequency[b]);
        Assert.Equal(0.0, s.TotalAmount[b]);

        Assert.Equal(-1, s.RowOf(2));
        Assert.Equal(1, s.CustomersWithOnlyReturns);
        Assert.Equal(2, s.ReturnsOfCustomersWithoutPurchases);
        Assert.Equal(1, s.CustomersWithoutPurchases);
        Assert.Equal(4, s.ReturnTransactions); // a's, b's and c's two; d's is after the end
        Assert.Equal(-77_042.5, s.ReturnsValue);
        Assert.Equal(4, s.TransactionsUsed);
        Assert.Equal(1, s.ExcludedAfterEnd);
        Assert.Equal(77_170.0, s.GrossRevenue);
        Assert.Equal(140.0, s.Revenue); // 120 + 0 + 20: c's returns lower no customer's total
        SummaryAssert.AccountsForEveryRow(9, s);
        Assert.Contains("4 returns of value -77,042.50 netted (1 customers with only returns)", s.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Exclude_drops_returns_and_counts_them()
    {
        CustomerSummaries s = Summarizer.Summarize(Sample(), new SummaryOptions(End) { Returns = ReturnsPolicy.Exclude });
        int a = s.RowOf(0);
        Assert.Equal(150.0, s.TotalAmount[a]);
        Assert.Equal(150.0, s.GrossAmount[a]);
        Assert.Equal(-30.0, s.ReturnsAmount[a]); // listed, not netted
        Assert.Equal(2, s.PurchasePeriods[a]);
        Assert.Equal(77_000.0, s.TotalAmount[s.RowOf(1)]);
        Assert.Equal(4, s.ReturnTransactions);
        Assert.Equal(-77_042.5, s.ReturnsValue);
        Assert.Equal(77_170.0, s.Revenue);
        Assert.Contains("excluded", s.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Keep_treats_returns_as_purchases_as_before()
    {
        CustomerSummaries s = Summarizer.Summarize(Sample(), new SummaryOptions(End) { Returns = ReturnsPolicy.Keep });
        int a = s.RowOf(0);
        Assert.Equal(3, s.TransactionCount[a]);
        Assert.Equal(3, s.PurchasePeriods[a]);
        Assert.Equal(120.0, s.TotalAmount[a]);
        Assert.Equal(0, s.ReturnCount[a]);
        Assert.Equal(0, s.ReturnTransactions);
        Assert.Equal(4, s.Count); // c is a customer again, with a negative total
        Assert.Equal(-12.5, s.TotalAmount[s.RowOf(2)]);
    }

    [Property(MaxTest = 200)]
    public void Every_policy_agrees_with_a_pandas_style_computation(int seed)
    {
        Row[] rows = RandomTransactions.Generate(seed, maxRows: 200, maxCustomers: 20);
        var rng = new Random(seed);
        var options = new SummaryOptions(new DateOnly(2024, 3, 1).AddDays(-rng.Next(30)))
        {
            Returns = (ReturnsPolicy)rng.Next(3),
            HoldoutEnd = rng.Next(2) == 0 ? null : new DateOnly(2024, 3, 15),
        };
        CustomerSummaries s = Summarizer.Summarize(RandomTransactions.ToBatch(rows), options);

        // df[df.day <= end]; returns = df.amount < 0 (unless Keep); groupby customer: purchases, returns.
        int endDay = options.ObservationEnd.DayNumber;
        var window = rows.Where(r => DateOnly.FromDateTime(r.Time).DayNumber <= endDay).ToList();
        bool keep = options.Returns == ReturnsPolicy.Keep;
        var table = window.GroupBy(r => r.Customer).Select(g => new
        {
            Customer = g.Key,
            Purchases = g.Count(r => keep || r.Amount >= 0),
            Gross = g.Where(r => keep || r.Amount >= 0).Sum(r => r.Amount),
            Returns = g.Count(r => !keep && r.Amount < 0),
            ReturnsAmount = g.Where(r => !keep && r.Amount < 0).Sum(r => r.Amount),
            Days = g.Where(r => keep || r.Amount >= 0).Select(r => r.Time.Date).Distinct().Count(),
        }).ToList();
        var buyers = table.Where(t => t.Purchases > 0).OrderBy(t => t.Customer).ToList();
        Assert.Equal(buyers.Select(t => t.Customer), s.CustomerIndex.ToArray());
        for (int i = 0; i < buyers.Count; i++)
        {
            Assert.Equal(buyers[i].Purchases, s.TransactionCount[i]);
            Assert.Equal(buyers[i].Returns, s.ReturnCount[i]);
            SummaryAssert.Close(buyers[i].Gross, s.GrossAmount[i], "gross");
            SummaryAssert.Close(buyers[i].ReturnsAmount, s.ReturnsAmount[i], "returns");
            double net = options.Returns == ReturnsPolicy.Net ? buyers[i].Gross + buyers[i].ReturnsAmount : buyers[i].Gross;
            SummaryAssert.Close(net, s.TotalAmount[i], "total");
            if (options.Period == TimeUnit.Day)
            {
                Assert.Equal(buyers[i].Days, s.PurchasePeriods[i]);
            }
        }

        Assert.Equal(table.Sum(t => t.Returns), s.ReturnTransactions);
        SummaryAssert.Close(table.Sum(t => t.ReturnsAmount), s.ReturnsValue, "returns value");
        Assert.Equal(table.Count(t => t.Purchases == 0 && t.Returns > 0), s.CustomersWithOnlyReturns);
        SummaryAssert.Close(buyers.Sum(t => t.Gross), s.GrossRevenue, "gross revenue");
        SummaryAssert.MatchesReference(ReferenceSummary.Compute(rows, options), s);
        SummaryAssert.AccountsForEveryRow(rows.Length, s);
    }

    [Fact]
    public void Net_m_nets_the_returns_of_repeat_periods_and_a_repeat_spend_returned_in_full_is_worth_nothing()
    {
        // e: Online Retail customer 16446: 2.90 on May 18, 168,469.60 on Dec 9 at 09:15, cancelled at 09:27.
        // f: buys 100, returns it the next day (before any repeat purchase: it belongs to the first period), buys 30 later.
        // g: buys 40, then 60 twice in later periods, and returns 20 after the last: (60 + 60 - 20) / 2 = 50.
        // h: buys 10, buys 25 later and returns 25 + 20 after: net total -10, nothing repeat.
        var batch = new TransactionBatch(
            [0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3],
            [
                new(2011, 5, 18, 9, 52, 0), new(2011, 12, 9, 9, 15, 0), new(2011, 12, 9, 9, 27, 0),
                new(2011, 6, 1), new(2011, 6, 2), new(2011, 6, 10),
                new(2011, 7, 1), new(2011, 7, 5), new(2011, 8, 5), new(2011, 8, 20),
                new(2011, 9, 1), new(2011, 9, 3), new(2011, 9, 4),
            ],
            [2.90, 168_469.60, -168_469.60, 100, -100, 30, 40, 60, 60, -20, 10, 25, -45]);
        var options = new SummaryOptions(new DateOnly(2011, 12, 9));
        CustomerSummaries s = Summarizer.Summarize(batch, options);
        Assert.Equal(0.0, s.MonetaryRepeatMean[s.RowOf(0)]);
        Assert.Equal(1.0, s.Frequency[s.RowOf(0)]);
        Assert.Equal(2.90, s.TotalAmount[s.RowOf(0)], 9);
        Assert.Equal(30.0, s.MonetaryRepeatMean[s.RowOf(1)]);
        Assert.Equal(50.0, s.MonetaryRepeatMean[s.RowOf(2)]);
        Assert.Equal(0.0, s.MonetaryRepeatMean[s.RowOf(3)]);
        Assert.Equal(-10.0, s.TotalAmount[s.RowOf(3)]);

        // Exclude and Keep leave m as before: purchases only (Exclude), every row a purchase (Keep).
        CustomerSummaries excluded = Summarizer.Summarize(batch, options with { Returns = ReturnsPolicy.Exclude });
        Assert.Equal(168_469.60, excluded.MonetaryRepeatMean[excluded.RowOf(0)]);

        // Any split into partials and any row order give the same bits.
        int[] order = [12, 3, 7, 0, 10, 5, 2, 9, 1, 11, 4, 8, 6];
        var shuffled = new TransactionBatch(
            [.. order.Select(i => batch.CustomerIndex[i])], [.. order.Select(i => batch.Timestamps[i])], [.. order.Select(i => batch.Amounts[i])]);
        CustomerSummaries again = Summarizer.Summarize(shuffled, options);
        SummaryAssert.Identical(s, again);
        CustomerSummaries merged = PartialSummary.Create(batch.Slice(7, 6), options).Merge(PartialSummary.Create(batch.Slice(0, 7), options)).ToSummaries();
        SummaryAssert.Identical(s, merged);

        // In the forecast, e and h are expected to spend nothing (CLV 0); f and g are not.
        var forecast = global::CustomerScoring.Clv.ClvForecast.Compute(
            s, new global::CustomerScoring.Clv.BgNbdModel(0.25, 4.4, 0.79, 2.4, TimeUnit.Day), new global::CustomerScoring.Clv.GammaGammaModel(6.25, 3.74, 15.44));
        Assert.Equal(0.0, forecast.ExpectedSpend[s.RowOf(0)]);
        Assert.Equal(0.0, forecast.Value[s.RowOf(0)]);
        Assert.Equal(0.0, forecast.Value[s.RowOf(3)]);
        Assert.True(forecast.Value[s.RowOf(1)] > 0 && forecast.Value[s.RowOf(2)] > 0);
        Assert.Equal(2, forecast.ReturnedAwayCount);
        Assert.Equal(0, forecast.SpendFallbackCount);
    }
}
