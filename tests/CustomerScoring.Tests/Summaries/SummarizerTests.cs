using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using FsCheck;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Summaries;

public class SummarizerTests
{
    private static readonly DateOnly End = new(2024, 2, 29);

    [Fact]
    public void Hand_computed_case_in_days_and_weeks()
    {
        // Customer 0 buys on Mon 2024-01-01 (10 + 5, same day), Wed 2024-01-03 (20) and Mon 2024-01-15 (30).
        // Customer 1 buys once on 2024-01-10 (7) and again after the end on 2024-03-05 (excluded).
        var batch = new TransactionBatch(
            [0, 0, 0, 1, 0, 1],
            [new(2024, 1, 1, 9, 0, 0), new(2024, 1, 1, 17, 0, 0), new(2024, 1, 3), new(2024, 1, 10), new(2024, 1, 15), new(2024, 3, 5)],
            [10.0, 5.0, 20.0, 7.0, 30.0, 99.0]);
        var end = new DateOnly(2024, 1, 31);

        CustomerSummaries days = Summarizer.Summarize(batch, new SummaryOptions(end));
        // Days: periods {Jan 1, Jan 3, Jan 15} -> x = 2; t_x = 14 days; T = Jan 31 - Jan 1 = 30 days;
        // since last = 16 days; repeat mean = (20 + 30) / 2 = 25.
        Assert.Equal(2, days.Count);
        Assert.Equal(4, days.TransactionCount[0]);
        Assert.Equal(3, days.PurchasePeriods[0]);
        Assert.Equal(2.0, days.Frequency[0]);
        Assert.Equal(14.0, days.Recency[0]);
        Assert.Equal(30.0, days.Age[0]);
        Assert.Equal(16.0, days.TimeSinceLastPurchase[0]);
        Assert.Equal(25.0, days.MonetaryRepeatMean[0]);
        Assert.Equal(65.0, days.TotalAmount[0]);
        Assert.Equal(12.0, days.GapBeforeLastPurchase[0]); // Jan 15 - Jan 3
        Assert.Equal(new DateTime(2024, 1, 1, 9, 0, 0), days.FirstPurchase[0]);
        // Customer 1: one purchase: x = 0, t_x = 0, T = 21 days, m = 0.
        Assert.Equal(0.0, days.Frequency[1]);
        Assert.Equal(0.0, days.Recency[1]);
        Assert.Equal(21.0, days.Age[1]);
        Assert.Equal(0.0, days.MonetaryRepeatMean[1]);
        Assert.Equal(1, days.ExcludedAfterEnd);
        Assert.Equal(5, days.TransactionsUsed);
        Assert.Equal(72.0, days.Revenue);

        CustomerSummaries weeks = Summarizer.Summarize(batch, new SummaryOptions(end) { Period = TimeUnit.Week, TimeUnit = TimeUnit.Week });
        // Weeks (Monday start): Jan 1 and Jan 3 share week 1, Jan 15 is week 3 -> 2 periods, x = 1,
        // t_x = 2 weeks, end Jan 31 is in week 5 -> T = 4 weeks; repeat mean = 30 / 1.
        Assert.Equal(2, weeks.PurchasePeriods[0]);
        Assert.Equal(1.0, weeks.Frequency[0]);
        Assert.Equal(2.0, weeks.Recency[0]);
        Assert.Equal(4.0, weeks.Age[0]);
        Assert.Equal(30.0, weeks.MonetaryRepeatMean[0]);

        CustomerSummaries daysInWeeks = Summarizer.Summarize(batch, new SummaryOptions(end) { TimeUnit = TimeUnit.Week });
        Assert.Equal(14.0 / 7, daysInWeeks.Recency[0]);
        Assert.Equal(30.0 / 7, daysInWeeks.Age[0]);
    }

    [Fact]
    public void Customers_with_only_later_purchases_have_no_row_and_are_counted()
    {
        var batch = new TransactionBatch([0, 2, 2], [new(2024, 1, 5), new(2024, 1, 6), new(2024, 4, 1)], [1.0, 2.0, 3.0]);
        var holdout = new SummaryOptions(new DateOnly(2024, 1, 31)) { HoldoutEnd = new DateOnly(2024, 6, 30) };
        CustomerSummaries s = Summarizer.Summarize([batch], holdout, customerCount: 4);
        Assert.Equal(2, s.Count);
        Assert.Equal(-1, s.RowOf(1));
        Assert.Equal(1, s.RowOf(2));
        Assert.Equal(2, s.CustomersWithoutPurchases);
        Assert.Equal(1, s.HoldoutTransactionsUsed);
        Assert.Equal(3.0, s.HoldoutAmount[1]);
        Assert.Equal(1, s.HoldoutPurchasePeriods[1]);
    }

    [Fact]
    public void Rejects_bad_options_and_index_space()
    {
        var end = new DateOnly(2024, 1, 31);
        var batch = new TransactionBatch([0, 5], [new(2024, 1, 5), new(2024, 1, 6)], [1.0, 2.0]);
        var e1 = Assert.Throws<ArgumentException>(() => Summarizer.Summarize(batch, new SummaryOptions(end) { HoldoutEnd = end }));
        Assert.Contains("HoldoutEnd", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<ArgumentException>(() => Summarizer.Summarize([batch], new SummaryOptions(end), customerCount: 3));
        Assert.Contains("customer index 5", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_is_observed()
    {
        var batch = new TransactionBatch([0], [new(2024, 1, 5)], [1.0]);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => Summarizer.Summarize([batch], new SummaryOptions(End), 0, cancellationToken: cts.Token));
    }

    private static SummaryOptions OptionsFor(int seed)
    {
        var rng = new Random(seed ^ 0x5bd1e995);
        var options = new SummaryOptions(End.AddDays(-rng.Next(0, 40)))
        {
            Period = rng.Next(2) == 0 ? TimeUnit.Day : TimeUnit.Week,
            TimeUnit = rng.Next(2) == 0 ? TimeUnit.Day : TimeUnit.Week,
            Returns = (ReturnsPolicy)rng.Next(3),
        };
        return rng.Next(2) == 0 ? options : options with { HoldoutEnd = options.ObservationEnd.AddDays(rng.Next(1, 30)) };
    }

    [Fact]
    public void Purchases_on_the_first_day_of_the_calendar_are_counted()
    {
        // Day number 0 (0001-01-01) is period 0 in days and in weeks: the first row of a customer must still open a period.
        var batch = new TransactionBatch([0, 0, 1], [DateTime.MinValue, new DateTime(1, 1, 3), DateTime.MinValue.AddHours(5)], [10.0, 4.0, 2.0]);
        CustomerSummaries s = Summarizer.Summarize(batch, new SummaryOptions(new DateOnly(1, 1, 10)));
        // Customer 0: days 0 and 2 -> x = 1, t_x = 2, T = 9, m = 4. Customer 1: one purchase on day 0, T = 9.
        Assert.Equal([2, 1], s.PurchasePeriods.ToArray());
        Assert.Equal([2.0, 0.0], s.Recency.ToArray());
        Assert.Equal([9.0, 9.0], s.Age.ToArray());
        Assert.Equal([4.0, 0.0], s.MonetaryRepeatMean.ToArray());
        Assert.Equal([DateTime.MinValue, DateTime.MinValue.AddHours(5)], s.FirstPurchase.ToArray());

        CustomerSummaries weeks = Summarizer.Summarize(batch, new SummaryOptions(new DateOnly(1, 1, 10)) { Period = TimeUnit.Week });
        Assert.Equal([1, 1], weeks.PurchasePeriods.ToArray());
        Assert.Equal([0.0, 0.0], weeks.MonetaryRepeatMean.ToArray());
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void Many_blocks_in_time_order_or_shuffled_agree_with_the_slow_reference(int threads, bool shuffled)
    {
        // More rows than one kernel block (4,096) and many customers, so block edges, prefetching and per-thread
        // compaction all run; shuffled rows make most customers go through the out-of-order recount.
        Row[] rows = RandomTransactions.Generate(99, maxRows: 30_000, maxCustomers: 3_000, days: 200);
        rows = shuffled ? RandomTransactions.Shuffle(rows, 5) : [.. rows.OrderBy(r => r.Time)];
        SummaryOptions options = new(new DateOnly(2024, 6, 1)) { HoldoutEnd = new DateOnly(2024, 7, 1), MaxDegreeOfParallelism = threads };
        CustomerSummaries s = Summarizer.Summarize(RandomTransactions.ToBatch(rows), options);
        SummaryAssert.MatchesReference(ReferenceSummary.Compute(rows, options), s);
        SummaryAssert.AccountsForEveryRow(rows.Length, s);
    }

    [Property(MaxTest = 200)]
    public void Inputs_without_returns_or_margins_give_zero_columns_and_gross_equal_to_total(int seed)
    {
        // Without a return the summary shares one array for gross and net totals and leaves the returns' columns unwritten
        // (zeros), and without margins the margin column: each must still be the reference's, customer by customer. Some
        // inputs keep one return (or, with the Keep policy, count none), so that both the shared and the separate columns run.
        var rng = new Random(seed);
        bool margins = rng.Next(2) == 0;
        Row[] rows = [.. RandomTransactions.Generate(seed).Select(r => r with { Amount = Math.Abs(r.Amount), Margin = margins ? Math.Abs(r.Margin) : 0.0 })];
        if (rows.Length > 0 && rng.Next(3) == 0)
        {
            int k = rng.Next(rows.Length);
            rows[k] = rows[k] with { Amount = -1.25 };
        }

        SummaryOptions options = OptionsFor(seed);
        CustomerSummaries s = Summarizer.Summarize(RandomTransactions.ToBatch(rows, margins), options);
        SummaryAssert.MatchesReference(ReferenceSummary.Compute(rows, options), s);
        SummaryAssert.AccountsForEveryRow(rows.Length, s);
        if (s.ReturnTransactions == 0 && s.HoldoutReturnTransactions == 0)
        {
            Assert.True(s.GrossAmount.SequenceEqual(s.TotalAmount));
            Assert.All(s.ReturnsAmount.ToArray(), v => Assert.Equal(0.0, v));
            Assert.All(s.ReturnCount.ToArray(), v => Assert.Equal(0, v));
        }

        if (!margins)
        {
            Assert.All(s.TotalMargin.ToArray(), v => Assert.Equal(0.0, v));
        }
    }

    [Property(MaxTest = 200)]
    public void Agrees_with_the_slow_reference(int seed)
    {
        Row[] rows = RandomTransactions.Generate(seed);
        SummaryOptions options = OptionsFor(seed);
        CustomerSummaries s = Summarizer.Summarize(RandomTransactions.ToBatch(rows), options);
        SummaryAssert.MatchesReference(ReferenceSummary.Compute(rows, options), s);
        SummaryAssert.AccountsForEveryRow(rows.Length, s);
    }

    [Property(MaxTest = 200)]
    public void Is_invariant_to_row_order(int seed)
    {
        Row[] rows = RandomTransactions.Generate(seed);
        SummaryOptions options = OptionsFor(seed);
        CustomerSummaries ordered = Summarizer.Summarize(RandomTransactions.ToBatch(rows.OrderBy(r => r.Time).ToArray()), options);
        CustomerSummaries shuffled = Summarizer.Summarize(RandomTransactions.ToBatch(RandomTransactions.Shuffle(rows, seed)), options);
        SummaryAssert.MatchesReference(ReferenceSummary.Compute(rows, options), ordered);
        SummaryAssert.MatchesReference(ReferenceSummary.Compute(rows, options), shuffled);
        Assert.True(ordered.PurchasePeriods.SequenceEqual(shuffled.PurchasePeriods));
    }

    [Property(MaxTest = 200)]
    public void Merge_of_partials_equals_summary_of_all_rows_for_any_split(int seed)
    {
        Row[] rows = RandomTransactions.Shuffle(RandomTransactions.Generate(seed), seed + 1);
        SummaryOptions options = OptionsFor(seed);
        var rng = new Random(seed);
        int cut1 = rng.Next(rows.Length + 1);
        int cut2 = rng.Next(cut1, rows.Length + 1);
        PartialSummary a = PartialSummary.Create(RandomTransactions.ToBatch(rows.AsSpan(0, cut1)), options);
        PartialSummary b = PartialSummary.Create(RandomTransactions.ToBatch(rows.AsSpan(cut1, cut2 - cut1)), options);
        PartialSummary c = PartialSummary.Create(RandomTransactions.ToBatch(rows.AsSpan(cut2)), options);

        CustomerSummaries whole = Summarizer.Summarize(RandomTransactions.ToBatch(rows), options);
        CustomerSummaries abc = a.Merge(b).Merge(c).ToSummaries();
        CustomerSummaries cba = c.Merge(b.Merge(a)).ToSummaries();
        List<ReferenceCustomer> expected = ReferenceSummary.Compute(rows, options);
        SummaryAssert.MatchesReference(expected, whole);
        SummaryAssert.MatchesReference(expected, abc);
        SummaryAssert.MatchesReference(expected, cba);
        Assert.Equal(rows.Length, a.RowCount + b.RowCount + c.RowCount);
    }

    [Property(MaxTest = 100)]
    public void Batch_split_and_thread_count_do_not_change_the_result(int seed)
    {
        Row[] rows = RandomTransactions.Generate(seed, maxRows: 2000, maxCustomers: 300);
        SummaryOptions options = OptionsFor(seed);
        int cut = new Random(seed).Next(rows.Length + 1);
        TransactionBatch[] split = [RandomTransactions.ToBatch(rows.AsSpan(0, cut)), RandomTransactions.ToBatch(rows.AsSpan(cut))];
        CustomerSummaries one = Summarizer.Summarize([RandomTransactions.ToBatch(rows)], options with { MaxDegreeOfParallelism = 1 });
        CustomerSummaries two = Summarizer.Summarize(split, options with { MaxDegreeOfParallelism = 2 + (Math.Abs(seed % 3)) });
        SummaryAssert.Identical(one, two);
    }

    [Property(MaxTest = 100)]
    public void Rows_are_not_read_after_the_rows_done_call(int seed)
    {
        // The command line tool lets the transactions go in the rows-done call (before the columns are allocated): every pass
        // over the rows (accumulation, the out-of-order recount, the repeat returns) must be over by then. The call empties
        // the list and overwrites every row, so a later read changes the result or throws.
        Row[] rows = RandomTransactions.Shuffle(RandomTransactions.Generate(seed), seed + 7);
        SummaryOptions options = OptionsFor(seed) with { MaxDegreeOfParallelism = 1 + Math.Abs(seed % 3) };
        int cut = new Random(seed).Next(rows.Length + 1);
        Row[][] parts = [rows[..cut], rows[cut..]];
        var columns = parts.Select(part => (
            Index: part.Select(r => r.Customer).ToArray(), Time: part.Select(r => r.Time).ToArray(),
            Amount: part.Select(r => r.Amount).ToArray(), Margin: part.Select(r => r.Margin).ToArray())).ToArray();
        var batches = columns.Select(c => new TransactionBatch(c.Index, c.Time, c.Amount, c.Margin)).ToList();
        int calls = 0;
        void RowsDone()
        {
            calls++;
            batches.Clear();
            foreach (var c in columns)
            {
                Array.Fill(c.Index, 0);
                Array.Fill(c.Time, DateTime.MinValue);
                Array.Fill(c.Amount, -1e300);
                Array.Fill(c.Margin, double.NaN);
            }
        }

        CustomerSummaries s = Summarizer.Summarize(batches, options, customerCount: 0, workspace: null, RowsDone, CancellationToken.None);
        Assert.Equal(1, calls);
        SummaryAssert.MatchesReference(ReferenceSummary.Compute(rows, options), s);
        SummaryAssert.AccountsForEveryRow(rows.Length, s);
    }

    [Fact]
    public void Parallel_result_is_identical_to_single_threaded()
    {
        // Explicit thread counts, with shuffled rows so the out-of-order recount runs too.
        var rng = new Random(42);
        int n = 300_000;
        var index = new int[n];
        var time = new DateTime[n];
        var amount = new double[n];
        for (int i = 0; i < n; i++)
        {
            index[i] = rng.Next(100_000);
            time[i] = RandomTransactions.Start.AddDays(rng.Next(365));
            amount[i] = Math.Round(rng.NextDouble() * 100, 2);
        }

        var batch = new TransactionBatch(index, time, amount);
        var options = new SummaryOptions(new DateOnly(2024, 10, 31)) { HoldoutEnd = new DateOnly(2024, 12, 31) };
        CustomerSummaries single = Summarizer.Summarize(batch, options with { MaxDegreeOfParallelism = 1 });
        CustomerSummaries parallel = Summarizer.Summarize(batch, options with { MaxDegreeOfParallelism = 2 });
        CustomerSummaries many = Summarizer.Summarize(batch, options with { MaxDegreeOfParallelism = 7 });
        SummaryAssert.Identical(single, parallel);
        SummaryAssert.Identical(single, many);
    }
}
