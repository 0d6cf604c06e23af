using CustomerScoring.Numerics;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Transactions;

public class TransactionBatchTests
{
    private static readonly DateTime T0 = new(2025, 3, 1);

    [Fact]
    public void Wraps_arrays_without_copying()
    {
        int[] index = [0, 1];
        double[] amount = [1.5, 2.5];
        var batch = new TransactionBatch(index, [T0, T0], amount);
        amount[1] = 9;
        Assert.Equal(9, batch.Amounts[1]);
        Assert.False(batch.HasMargins);
        Assert.True(batch.Margins.IsEmpty);
        Assert.Equal(1, batch.MaxCustomerIndex);
    }

    [Fact]
    public void Names_column_position_and_value_of_the_first_bad_entry()
    {
        var e = Assert.Throws<ArgumentException>(() => new TransactionBatch([0, 1, -4, -5], [T0, T0, T0, T0], [1.0, 2, 3, 4]));
        Assert.Contains("'customerIndex'", e.Message, StringComparison.Ordinal);
        Assert.Contains("-4 at position 2", e.Message, StringComparison.Ordinal);

        var n = Assert.Throws<ArgumentException>(() => new TransactionBatch([0, 1, 2], [T0, T0, T0], [1.0, double.NaN, double.PositiveInfinity]));
        Assert.Contains("'amounts'", n.Message, StringComparison.Ordinal);
        Assert.Contains("NaN at position 1", n.Message, StringComparison.Ordinal);

        var m = Assert.Throws<ArgumentException>(() => new TransactionBatch([0, 1], [T0, T0], [1.0, 2.0], [0.5, double.NegativeInfinity]));
        Assert.Contains("'margins'", m.Message, StringComparison.Ordinal);
        Assert.Contains("position 1", m.Message, StringComparison.Ordinal);

        var l = Assert.Throws<ArgumentException>(() => new TransactionBatch([0, 1], [T0], [1.0, 2.0]));
        Assert.Contains("'timestamps' has 1 rows", l.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public void Non_finite_check_finds_the_first_bad_value_at_any_length(byte length, byte where, bool infinity)
    {
        // Lengths around the vector widths: the vectorized scan must agree with a plain loop.
        var values = new double[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i - 3.5;
        }

        int expected = -1;
        if (length > 0 && where % 3 != 0)
        {
            expected = where % length;
            values[expected] = infinity ? double.NegativeInfinity : double.NaN;
        }

        Assert.Equal(expected, ColumnChecks.IndexOfNonFinite(values));
        Assert.Equal(Array.FindIndex(values, v => !double.IsFinite(v)), ColumnChecks.IndexOfNonFinite(values));
    }

    [Property(MaxTest = 300)]
    public void Latest_ticks_agree_with_a_plain_loop_at_any_length_and_kind(byte length, int seed)
    {
        // Lengths around the vector widths, timestamps of every kind (the kind lives in the top bits of a DateTime), and
        // the extremes of the calendar: the vectorized maximum must be the largest Ticks a plain loop finds.
        var random = new Random(seed);
        var values = new DateTime[length];
        for (int i = 0; i < values.Length; i++)
        {
            long ticks = random.Next(8) switch
            {
                0 => DateTime.MinValue.Ticks,
                1 => DateTime.MaxValue.Ticks,
                _ => random.NextInt64(DateTime.MaxValue.Ticks),
            };
            values[i] = new DateTime(ticks, (DateTimeKind)random.Next(3));
        }

        long expected = values.Length == 0 ? long.MinValue : values.Max(v => v.Ticks);
        Assert.Equal(expected, ColumnChecks.MaxTicks(values));
    }

    [Property(MaxTest = 100)]
    public void Day_after_last_transaction_is_the_day_after_the_largest_timestamp_of_any_batch(byte batches, int seed)
    {
        var random = new Random(seed);
        var list = new List<TransactionBatch>();
        DateTime latest = DateTime.MinValue;
        for (int b = 0; b <= batches % 6; b++)
        {
            int n = random.Next(40);
            var time = new DateTime[n];
            for (int i = 0; i < n; i++)
            {
                time[i] = T0.AddMinutes(random.Next(-500_000, 500_000)).ToUniversalTime();
                latest = time[i] > latest ? time[i] : latest;
            }

            list.Add(new TransactionBatch(new int[n], time, new double[n]));
        }

        if (latest == DateTime.MinValue)
        {
            Assert.Throws<TransactionDataException>(() => Summarizer.DayAfterLastTransaction(list));
            return;
        }

        Assert.Equal(DateOnly.FromDateTime(latest).AddDays(1), Summarizer.DayAfterLastTransaction(list));
    }

    [Fact]
    public void Slice_shares_memory_and_keeps_margins()
    {
        var batch = new TransactionBatch([0, 1, 2], [T0, T0, T0], [1.0, 2, 3], [0.1, 0.2, 0.3]);
        TransactionBatch s = batch.Slice(1, 2);
        Assert.Equal(2, s.Count);
        Assert.True(s.HasMargins);
        Assert.Equal(0.3, s.Margins[1]);
        Assert.Equal(2, s.MaxCustomerIndex);
    }
}

public class CustomerKeyMapTests
{
    [Fact]
    public void Gives_dense_indices_in_first_seen_order_and_maps_back()
    {
        var map = new CustomerKeyMap<string>(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(0, map.GetOrAdd("b"));
        Assert.Equal(1, map.GetOrAdd("a"));
        Assert.Equal(0, map.GetOrAdd("B"));
        Assert.Equal(2, map.Count);
        Assert.Equal("a", map.KeyOf(1));
        Assert.True(map.TryGetIndex("A", out int i) && i == 1);
        Assert.Contains("'zed'", Assert.Throws<KeyNotFoundException>(() => map.IndexOf("zed")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => map.KeyOf(2));
    }
}

public class TransactionBatchBuilderTests
{
    private sealed record Order(Guid Customer, DateTime When, decimal Total, decimal Cost);

    [Fact]
    public void Builds_chunks_from_user_objects_and_summarizes_like_one_batch()
    {
        var rng = new Random(7);
        Guid[] customers = Enumerable.Range(0, 13).Select(_ => new Guid(rng.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 16))).ToArray();
        Order[] orders = Enumerable.Range(0, 1000)
            .Select(i => new Order(customers[rng.Next(customers.Length)], new DateTime(2025, 1, 1).AddDays(rng.Next(100)), rng.Next(1, 500), rng.Next(0, 100)))
            .ToArray();

        var builder = new TransactionBatchBuilder<Guid>(withMargins: true, chunkSize: 64);
        builder.AddRange(orders, o => o.Customer, o => o.When, o => (double)o.Total, o => (double)(o.Total - o.Cost));
        CustomerTransactions<Guid> data = builder.Build();

        Assert.Equal(1000, data.Count);
        Assert.Equal(16, data.Batches.Count); // 15 full chunks of 64 and one of 40
        Assert.Equal(40, data.Batches[^1].Count);
        var options = new SummaryOptions(new DateOnly(2025, 12, 31));
        CustomerSummaries s = Summarizer.Summarize(data, options);
        foreach (Guid c in customers.Distinct())
        {
            int row = s.RowOf(data.Customers.IndexOf(c));
            Assert.Equal((double)orders.Where(o => o.Customer == c).Sum(o => o.Total), s.TotalAmount[row], 9);
            Assert.Equal((double)orders.Where(o => o.Customer == c).Sum(o => o.Total - o.Cost), s.TotalMargin[row], 9);
            Assert.Equal(orders.Count(o => o.Customer == c), s.TransactionCount[row]);
        }
    }

    [Fact]
    public void Refuses_mixed_margin_use_non_finite_values_and_reuse()
    {
        var plain = new TransactionBatchBuilder<int>();
        Assert.Throws<InvalidOperationException>(() => plain.Add(1, DateTime.Today, 1.0, 0.5));
        Assert.Contains("Row 0", Assert.Throws<ArgumentException>(() => plain.Add(1, DateTime.Today, double.NaN)).Message, StringComparison.Ordinal);
        plain.Add(1, DateTime.Today, 2.0);
        plain.Build();
        Assert.Throws<InvalidOperationException>(() => plain.Build());
        Assert.Throws<InvalidOperationException>(() => plain.Add(1, DateTime.Today, 2.0));

        var withMargins = new TransactionBatchBuilder<int>(withMargins: true);
        Assert.Throws<InvalidOperationException>(() => withMargins.Add(1, DateTime.Today, 1.0));
        Assert.Throws<ArgumentException>(() => withMargins.Add(1, DateTime.Today, 1.0, double.NaN));
    }

    [Fact]
    public void Empty_builder_gives_no_batches_and_an_empty_summary()
    {
        CustomerTransactions<string> data = new TransactionBatchBuilder<string>().Build();
        Assert.Empty(data.Batches);
        CustomerSummaries s = Summarizer.Summarize(data, new SummaryOptions(new DateOnly(2025, 1, 1)));
        Assert.Equal(0, s.Count);
        Assert.Equal(0, s.Revenue);
    }
}
