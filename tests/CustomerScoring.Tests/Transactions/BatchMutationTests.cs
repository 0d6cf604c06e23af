using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Transactions;

/// <summary>Issue 19: a batch wraps the caller's arrays; values changed after creation are reported, never used unchecked.</summary>
public class BatchMutationTests
{
    private static readonly DateOnly End = new(2024, 12, 31);

    private static (int[] Index, double[] Amount, double[] Margin, TransactionBatch Batch) Make(int rows = 10_000, int customers = 100)
    {
        var index = new int[rows];
        var time = new DateTime[rows];
        var amount = new double[rows];
        var margin = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            index[i] = i % customers;
            time[i] = new DateTime(2024, 1, 1).AddDays(i % 300);
            amount[i] = 10 + (i % 7);
            margin[i] = 2;
        }

        return (index, amount, margin, new TransactionBatch(index, time, amount, margin));
    }

    [Theory]
    [InlineData(1, 1_000_000)]
    [InlineData(1, -5)]
    [InlineData(1, int.MaxValue)]
    [InlineData(2, 1_000_000)]
    [InlineData(2, int.MinValue)]
    [InlineData(3, 100)]
    public void An_index_changed_after_creation_is_reported_not_written(int threads, int value)
    {
        var (index, _, _, batch) = Make();
        index[7_777] = value;
        var e = Assert.Throws<TransactionBatchChangedException>(() =>
            Summarizer.Summarize([batch], new SummaryOptions(End) { MaxDegreeOfParallelism = threads }, customerCount: 100));
        Assert.Equal("customerIndex", e.Column);
        Assert.Equal(7_777, e.Position);
        Assert.Contains("position 7777", e.Message, StringComparison.Ordinal);

        // Nothing was corrupted: restored, the same batch summarizes as a fresh one does.
        index[7_777] = 7_777 % 100;
        CustomerSummaries again = Summarizer.Summarize([batch], new SummaryOptions(End) { MaxDegreeOfParallelism = threads }, customerCount: 100);
        CustomerSummaries fresh = Summarizer.Summarize([Make().Batch], new SummaryOptions(End), customerCount: 100);
        Support.SummaryAssert.Identical(fresh, again);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void An_amount_or_margin_changed_to_a_bad_value_is_reported_not_summed(double value)
    {
        var (_, amount, margin, batch) = Make();
        amount[42] = value;
        var e = Assert.Throws<TransactionBatchChangedException>(() => Summarizer.Summarize(batch, new SummaryOptions(End)));
        Assert.Equal("amounts", e.Column);
        Assert.Equal(42, e.Position);
        amount[42] = 10;
        margin[43] = value;
        var m = Assert.Throws<TransactionBatchChangedException>(() => PartialSummary.Create(batch, new SummaryOptions(End)));
        Assert.Equal("margins", m.Column);
        Assert.Equal(43, m.Position);
    }

    [Fact]
    public void Amounts_of_1e308_twice_name_the_customer_instead_of_summing_to_infinity()
    {
        // The repro: 1e308 twice. A batch takes any finite amount; the summary refuses what it cannot sum exactly.
        var builder = new TransactionBatchBuilder<string>();
        builder.Add("ok", new DateTime(2024, 1, 1), 5.0);
        builder.Add("big", new DateTime(2024, 1, 1), 1e308);
        builder.Add("big", new DateTime(2024, 1, 2), 1e308);
        CustomerTransactions<string> data = builder.Build();
        var e = Assert.Throws<AmountOverflowException>(() => Summarizer.Summarize(data, new SummaryOptions(End)));
        Assert.Equal("big", e.CustomerKey);
        Assert.Equal("amount", e.Total);
        var m = Assert.Throws<AmountOverflowException>(() =>
            Summarizer.Summarize(new TransactionBatch([0, 1], [new DateTime(2024, 1, 1), new DateTime(2024, 1, 1)], [1.0, 2.0], [1.0, -1e300]), new SummaryOptions(End)));
        Assert.Equal(1, m.CustomerIndex);
        Assert.Equal("margin", m.Total);
        CustomerSummaries fine = Summarizer.Summarize(new TransactionBatch([0], [new DateTime(2024, 1, 1)], [-4.6e18]), new SummaryOptions(End) { Returns = ReturnsPolicy.Keep });
        Assert.Equal(-4.6e18, fine.TotalAmount[0]);
    }

    [Fact]
    public void A_total_that_overflows_names_the_customer_instead_of_becoming_infinite()
    {
        var builder = new TransactionBatchBuilder<string>();
        builder.Add("small", new DateTime(2024, 1, 1), 5.0);
        builder.Add("whale", new DateTime(2024, 1, 1), 4.6e18);
        builder.Add("whale", new DateTime(2024, 1, 2), 4.6e18);
        builder.Add("whale", new DateTime(2024, 1, 3), 1e308 / 1e290);
        CustomerTransactions<string> data = builder.Build();
        var e = Assert.Throws<AmountOverflowException>(() => Summarizer.Summarize(data, new SummaryOptions(End)));
        Assert.Equal(1, e.CustomerIndex);
        Assert.Equal("whale", e.CustomerKey);
        Assert.Contains("'whale'", e.Message, StringComparison.Ordinal);
        var p = Assert.Throws<AmountOverflowException>(() => Summarizer.Summarize(data.Batches, new SummaryOptions(End) { MaxDegreeOfParallelism = 2 }, 2));
        Assert.Equal(1, p.CustomerIndex);
    }

    [Fact]
    public void Day_after_last_transaction_is_safe_at_the_end_of_the_calendar()
    {
        var ok = new TransactionBatch([0, 1], [new DateTime(2024, 5, 1, 23, 0, 0), new DateTime(2024, 3, 1)], [1.0, 2.0]);
        Assert.Equal(new DateOnly(2024, 5, 2), Summarizer.DayAfterLastTransaction([ok]));
        var typo = new TransactionBatch([0, 1], [new DateTime(2024, 5, 1), new DateTime(9999, 12, 31, 12, 0, 0)], [1.0, 2.0]);
        var e = Assert.Throws<TransactionDataException>(() => Summarizer.DayAfterLastTransaction([ok, typo]));
        Assert.Contains("batch 1, row 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("9999-12-31", e.Message, StringComparison.Ordinal);
        Assert.Throws<TransactionDataException>(() => Summarizer.DayAfterLastTransaction([]));
        // A summary up to the last day of the calendar itself works.
        CustomerSummaries s = Summarizer.Summarize(typo, new SummaryOptions(DateOnly.MaxValue));
        Assert.Equal(2, s.Count);
    }
}
