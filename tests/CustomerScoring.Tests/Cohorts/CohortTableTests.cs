using CustomerScoring.Cohorts;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Cohorts;

public sealed class CohortTableTests
{
    private static CustomerTransactions<string> Small()
    {
        var b = new TransactionBatchBuilder<string>();
        b.Add("alice", new DateTime(2026, 1, 5), 25.0);
        b.Add("alice", new DateTime(2026, 2, 9), 40.0);
        b.Add("alice", new DateTime(2026, 2, 20, 18, 0, 0), 10.0);
        b.Add("bob", new DateTime(2026, 1, 20), 12.5);
        b.Add("bob", new DateTime(2026, 3, 3), 30.0);
        b.Add("carol", new DateTime(2026, 2, 1), 50.0);
        b.Add("dave", new DateTime(2026, 3, 15), 20.0);
        b.Add("dave", new DateTime(2026, 4, 2), 99.0);   // after the analysis date
        return b.Build();
    }

    [Fact]
    public void Hand_computed_month_cohorts()
    {
        CohortTable t = CohortTable.Compute(Small(), new CohortOptions(new DateOnly(2026, 3, 31)));
        // January: alice and bob; February: carol; March: dave (his April purchase is after the analysis date).
        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1)], t.CohortStarts);
        Assert.Equal(3, t.PeriodCount);
        Assert.Equal(1, t.ExcludedAfterAnalysisDate);
        Assert.Equal([2, 1, 1], Enumerable.Range(0, 3).Select(t.Acquired));

        // January cohort: both in January (25 + 12.5), alice twice in February (40 + 10), bob in March (30).
        Assert.Equal([2, 1, 1], Enumerable.Range(0, 3).Select(k => t.ActiveCustomers(0, k)));
        Assert.Equal([2L, 2L, 1L], Enumerable.Range(0, 3).Select(k => t.Purchases(0, k)));
        Assert.Equal([37.5, 50.0, 30.0], Enumerable.Range(0, 3).Select(k => t.Revenue(0, k)));
        Assert.Equal([1.0, 0.5, 0.5], Enumerable.Range(0, 3).Select(k => t.RetentionShare(0, k)));
        Assert.Equal([18.75, 25.0, 15.0], Enumerable.Range(0, 3).Select(k => t.RevenuePerAcquiredCustomer(0, k)));

        // February cohort: carol in February only; its period 2 (April) is not observed.
        Assert.Equal(1.0, t.RetentionShare(1, 0));
        Assert.Equal(0.0, t.RetentionShare(1, 1));
        Assert.False(t.IsObserved(1, 2));
        Assert.True(double.IsNaN(t.RetentionShare(1, 2)));
        Assert.Equal(20.0, t.Revenue(2, 0));
        Assert.False(t.IsObserved(2, 1));

        Assert.Equal(
            "cohort   customers       0      1      2\n" +
            "2026-01          2  100.0%  50.0%  50.0%\n" +
            "2026-02          1  100.0%   0.0%\n" +
            "2026-03          1  100.0%",
            t.ToString().ReplaceLineEndings("\n"));
        string csv = t.ToCsv();
        Assert.StartsWith("cohort,cohort_start,acquired,period,active_customers,retention_share,purchases,revenue,revenue_per_acquired_customer\n2026-01,2026-01-01,2,0,2,1,2,37.5,18.75\n", csv);
        Assert.Equal(1 + 3 + 2 + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("<td data-value=\"0.5\">50.0%</td>", t.ToHtml(CohortMeasure.RetentionShare));
    }

    [Fact]
    public void Hand_computed_week_cohorts()
    {
        // 2026-01-05 is a Monday. alice: week of Jan 5 and of Feb 9 (5 weeks later); bob: week of Jan 19, then Mar 2.
        CohortTable t = CohortTable.Compute(Small(), new CohortOptions(new DateOnly(2026, 3, 8)) { Period = CohortPeriod.Week });
        Assert.Equal(new DateOnly(2026, 1, 5), t.CohortStarts[0]);
        Assert.Equal(new DateOnly(2026, 1, 19), t.CohortStarts[1]);
        Assert.Equal(new DateOnly(2026, 1, 26), t.CohortStarts[2]);   // carol, Sunday Feb 1 belongs to the week of Jan 26
        Assert.Equal(3, t.CohortCount);                                 // dave (Mar 15) is after the analysis date
        Assert.Equal(9, t.PeriodCount);                                 // weeks of Jan 5 .. Mar 2
        Assert.Equal(1, t.ActiveCustomers(0, 5));
        Assert.Equal(40.0, t.Revenue(0, 5));                            // Feb 9 (40)
        Assert.Equal(10.0, t.Revenue(0, 6));                            // Feb 20 (10) is in the week of Feb 16
        Assert.Equal(1, t.ActiveCustomers(0, 6));
        Assert.Equal(0, t.ActiveCustomers(0, 4));
        Assert.Equal(30.0, t.Revenue(1, 6));                            // bob: Mar 3, the week of Mar 2 = 6 weeks after Jan 19
        Assert.False(t.IsObserved(1, 7));
        Assert.Equal(2, t.ExcludedAfterAnalysisDate);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Cells_add_up_to_the_summaries_totals(int seed)
    {
        var rows = RandomTransactions.Generate(seed, maxRows: 2000, maxCustomers: 200, days: 200);
        var end = DateOnly.FromDateTime(RandomTransactions.Start).AddDays(150);
        TransactionBatch batch = RandomTransactions.ToBatch(rows);
        foreach (ReturnsPolicy returns in (ReturnsPolicy[])[ReturnsPolicy.Net, ReturnsPolicy.Exclude, ReturnsPolicy.Keep])
        {
        CustomerSummaries s = Summarizer.Summarize(batch, new SummaryOptions(end) { Period = TimeUnit.Week, Returns = returns });
        foreach (CohortPeriod period in new[] { CohortPeriod.Month, CohortPeriod.Week })
        {
            CohortTable t = CohortTable.Compute([batch], new CohortOptions(end) { Period = period, Returns = returns });
            double revenue = 0;
            long purchases = 0, active = 0;
            int acquired = 0;
            for (int c = 0; c < t.CohortCount; c++)
            {
                acquired += t.Acquired(c);
                Assert.Equal(t.Acquired(c), t.ActiveCustomers(c, 0));
                for (int k = 0; k < t.PeriodCount; k++)
                {
                    revenue += t.Revenue(c, k);
                    purchases += t.Purchases(c, k);
                    active += t.ActiveCustomers(c, k);
                    Assert.True(t.IsObserved(c, k) || (t.Purchases(c, k) == 0 && t.ActiveCustomers(c, k) == 0));
                }
            }

            Assert.Equal(s.Count, acquired);
            Assert.Equal(s.TransactionsUsed, purchases);
            Assert.Equal(s.ExcludedAfterEnd, t.ExcludedAfterAnalysisDate);
            Assert.Equal(s.Revenue, revenue, 1e-9 * Math.Max(1, Math.Abs(s.Revenue)));
            if (period == CohortPeriod.Week)
            {
                // Weekly cohorts count active customer-weeks: the summaries' purchase periods in weeks.
                long periods = 0;
                foreach (int p in s.PurchasePeriods)
                {
                    periods += p;
                }

                Assert.Equal(periods, active);
            }

            // Each cohort is the customers whose first purchase fell in its month or week.
            for (int row = 0; row < s.Count; row++)
            {
                DateOnly first = DateOnly.FromDateTime(s.FirstPurchase[row]);
                int c = t.CohortStarts.ToList().FindLastIndex(d => d <= first);
                Assert.True(c >= 0 && (c == t.CohortCount - 1 || first < t.CohortStarts[c + 1]));
            }
        }
        }
    }

    [Fact]
    public void Result_does_not_depend_on_row_order_or_batch_split()
    {
        var rows = RandomTransactions.Generate(7, maxRows: 3000, maxCustomers: 300, days: 300);
        var end = DateOnly.FromDateTime(RandomTransactions.Start).AddDays(250);
        var options = new CohortOptions(end);
        string expected = CohortTable.Compute([RandomTransactions.ToBatch(rows)], options).ToCsv();
        var shuffled = RandomTransactions.Shuffle(rows, 11);
        int half = shuffled.Length / 2;
        string actual = CohortTable.Compute([RandomTransactions.ToBatch(shuffled.AsSpan(0, half)), RandomTransactions.ToBatch(shuffled.AsSpan(half))], options).ToCsv();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void No_transactions_before_the_analysis_date_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => CohortTable.Compute(Small(), new CohortOptions(new DateOnly(2025, 12, 31))));
        Assert.Contains("2025-12-31", e.Message);
    }
}
