using System.Globalization;
using System.Numerics;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Summaries;

/// <summary>Issue 19: per-customer sums are exact, so row order, batch split and thread count change no bit.</summary>
public class ExactSumTests
{
    private static readonly DateOnly End = new(2024, 3, 31);

    [Fact]
    public void Repro_a_in_either_order_gives_the_same_bits_as_b()
    {
        // a: 0.1, 0.2, 0.3 in this row order; a': 0.3, 0.2, 0.1; b: 0.6. Summed in row order, a gave 0.6000000000000001.
        DateTime t = new(2024, 1, 10);
        DateTime[] times = [t, t.AddHours(1), t.AddHours(2), t];
        var forward = new TransactionBatch([0, 0, 0, 1], times, [0.1, 0.2, 0.3, 0.6]);
        var backward = new TransactionBatch([0, 0, 0, 1], times, [0.3, 0.2, 0.1, 0.6]);
        CustomerSummaries f = Summarizer.Summarize(forward, new SummaryOptions(End));
        CustomerSummaries b = Summarizer.Summarize(backward, new SummaryOptions(End));
        Assert.Equal(BitConverter.DoubleToInt64Bits(f.TotalAmount[0]), BitConverter.DoubleToInt64Bits(b.TotalAmount[0]));
        // The exact sum of the three doubles, 0.60000000000000000555..., rounds to the double 0.6, b's total.
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.6), BitConverter.DoubleToInt64Bits(f.TotalAmount[0]));
        Assert.Equal(BitConverter.DoubleToInt64Bits(f.TotalAmount[1]), BitConverter.DoubleToInt64Bits(f.TotalAmount[0]));
        double inRowOrder = 0.1;
        inRowOrder += 0.2;
        inRowOrder += 0.3;
        Assert.Equal(0.6000000000000001, inRowOrder); // what row-order summation gave
        SummaryAssert.Identical(f, b);
    }

    [Property(MaxTest = 300)]
    public void Totals_are_the_exact_sum_rounded_once(int seed)
    {
        Row[] rows = AwkwardRows(seed, 200, 8);
        var options = new SummaryOptions(End) { Returns = ReturnsPolicy.Keep };
        CustomerSummaries s = Summarizer.Summarize(RandomTransactions.ToBatch(rows), options);
        foreach (IGrouping<int, Row> g in rows.Where(r => DateOnly.FromDateTime(r.Time) <= End).GroupBy(r => r.Customer))
        {
            int row = s.RowOf(g.Key);
            Assert.Equal(BitConverter.DoubleToInt64Bits(ExactReference(g.Select(r => r.Amount))), BitConverter.DoubleToInt64Bits(s.TotalAmount[row]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(ExactReference(g.Select(r => r.Margin))), BitConverter.DoubleToInt64Bits(s.TotalMargin[row]));
        }
    }

    [Property(MaxTest = 200)]
    public void Any_permutation_batch_split_and_thread_count_give_identical_bits(int seed)
    {
        var rng = new Random(seed);
        Row[] rows = AwkwardRows(seed, 400, 30);
        var options = new SummaryOptions(End.AddDays(-rng.Next(0, 60)))
        {
            Period = rng.Next(2) == 0 ? TimeUnit.Day : TimeUnit.Week,
            Returns = (ReturnsPolicy)rng.Next(3),
            HoldoutEnd = rng.Next(2) == 0 ? null : End.AddDays(rng.Next(1, 20)),
        };
        CustomerSummaries reference = Summarizer.Summarize(RandomTransactions.ToBatch(rows), options with { MaxDegreeOfParallelism = 1 });
        Assert.Equal(rows.Length, reference.TransactionsUsed + reference.ReturnTransactions + reference.HoldoutTransactionsUsed
            + reference.HoldoutTransactionsOfNewCustomers + reference.HoldoutReturnTransactions + reference.ExcludedAfterEnd);

        Row[] shuffled = RandomTransactions.Shuffle(rows, seed + 1);
        TransactionBatch[] batches = Split(shuffled, rng, 4);
        CustomerSummaries permuted = Summarizer.Summarize(batches, options with { MaxDegreeOfParallelism = rng.Next(1, 6) });
        SummaryAssert.Identical(reference, permuted);

        // Partials of another split, merged in another order.
        TransactionBatch[] parts = Split(RandomTransactions.Shuffle(rows, seed + 2), rng, 3);
        PartialSummary merged = PartialSummary.Create(parts[^1], options);
        for (int i = parts.Length - 2; i >= 0; i--)
        {
            merged = PartialSummary.Create(parts[i], options).Merge(merged);
        }

        CustomerSummaries fromPartials = merged.ToSummaries();
        SummaryAssert.Identical(reference, fromPartials);
    }

    [Fact]
    public void Many_threads_on_many_blocks_give_identical_bits()
    {
        Row[] rows = AwkwardRows(7, 60_000, 4_000);
        var options = new SummaryOptions(End) { HoldoutEnd = End.AddDays(30) };
        CustomerSummaries one = Summarizer.Summarize(RandomTransactions.ToBatch(rows), options with { MaxDegreeOfParallelism = 1 });
        CustomerSummaries three = Summarizer.Summarize(RandomTransactions.ToBatch(RandomTransactions.Shuffle(rows, 3)), options with { MaxDegreeOfParallelism = 3 });
        SummaryAssert.Identical(one, three);
    }

    [Property(MaxTest = 500)]
    public void Rounding_to_double_is_correct_and_to_nearest_even(long hi, ulong lo, byte shift)
    {
        Int128 units = new Int128((ulong)hi, lo) >> (shift % 128);
        double expected = double.Parse(UnitsToDecimal((BigInteger)units), CultureInfo.InvariantCulture);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(ExactSum.ToDouble(units)));
    }

    [Fact]
    public void Scaling_is_exact_from_2_to_the_minus_12_and_refuses_what_cannot_be_summed()
    {
        foreach (double x in new[] { 0.1, -0.1, 1.0 / 3, 0.000244140625, 123456789.87654321, 4.5e15, -4.6e18, 1e-300, 0.0 })
        {
            Assert.True(ExactSum.TryScale(x, out Int128 units));
            Assert.Equal(Math.Abs(x) >= 0.000244140625 ? x : 0.0, ExactSum.ToDouble(units));
        }

        Assert.False(ExactSum.TryScale(double.NaN, out _));
        Assert.False(ExactSum.TryScale(double.NegativeInfinity, out _));
        Assert.False(ExactSum.TryScale(4611686018427387904.0, out _));
        Assert.False(ExactSum.TryScale(1e308, out _));
    }

    /// <summary>Amounts with awkward bits: cents, thirds, large and small magnitudes, negatives and zeros.</summary>
    internal static Row[] AwkwardRows(int seed, int maxRows, int maxCustomers)
    {
        var rng = new Random(seed);
        int n = rng.Next(0, maxRows + 1);
        int customers = rng.Next(1, maxCustomers + 1);
        var rows = new Row[n];
        for (int i = 0; i < n; i++)
        {
            double amount = rng.Next(8) switch
            {
                0 => 0.1 * rng.Next(1, 10),
                1 => rng.Next(1, 1000) / 3.0,
                2 => rng.NextDouble() * 1e12,
                3 => -Math.Round(rng.NextDouble() * 50, 2),
                4 => 0.0,
                5 => rng.NextDouble() * 1e-3,
                _ => Math.Round(rng.NextDouble() * 200, 2),
            };
            double margin = rng.Next(3) == 0 ? -amount / 7 : amount * 0.3;
            rows[i] = new Row(rng.Next(customers), RandomTransactions.Start.AddDays(rng.Next(120)).AddHours(rng.Next(24)), amount, margin);
        }

        return rows;
    }

    private static TransactionBatch[] Split(Row[] rows, Random rng, int maxParts)
    {
        int parts = rng.Next(1, maxParts + 1);
        var cuts = Enumerable.Range(0, parts - 1).Select(_ => rng.Next(rows.Length + 1)).Append(0).Append(rows.Length).Order().ToArray();
        return [.. Enumerable.Range(0, cuts.Length - 1).Select(i => RandomTransactions.ToBatch(rows.AsSpan(cuts[i], cuts[i + 1] - cuts[i])))];
    }

    /// <summary>
    /// An independent exact reference: each double as a BigInteger count of 2^-1074, summed, then written as a decimal
    /// fraction and parsed (which .NET rounds correctly). Amounts below 2^-12 are first rounded to 2^-64 units, as documented.
    /// </summary>
    private static double ExactReference(IEnumerable<double> values)
    {
        BigInteger sum = 0;
        foreach (double v in values)
        {
            // v * 2^64 rounded to an integer, ties to even: exact for |v| >= 2^-12.
            long bits = BitConverter.DoubleToInt64Bits(v);
            int e = (int)((bits >> 52) & 0x7FF);
            if (e == 0)
            {
                continue;
            }

            BigInteger m = (bits & ((1L << 52) - 1)) | (1L << 52);
            int shift = e - 1075 + 64;
            BigInteger units;
            if (shift >= 0)
            {
                units = m << shift;
            }
            else
            {
                BigInteger q = BigInteger.DivRem(m, BigInteger.One << -shift, out BigInteger r);
                BigInteger twice = r * 2;
                BigInteger d = BigInteger.One << -shift;
                units = twice > d || (twice == d && !q.IsEven) ? q + 1 : q;
            }

            sum += bits < 0 ? -units : units;
        }

        return double.Parse(UnitsToDecimal(sum), CultureInfo.InvariantCulture);
    }

    /// <summary>units * 2^-64 as an exact decimal string (2^-64 = 5^64 / 10^64).</summary>
    private static string UnitsToDecimal(BigInteger units)
    {
        BigInteger scaled = BigInteger.Abs(units) * BigInteger.Pow(5, 64);
        string digits = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(65, '0');
        return (units.Sign < 0 ? "-" : "") + digits[..^64] + "." + digits[^64..];
    }
}
