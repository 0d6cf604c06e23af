using System.Text;
using CustomerScoring.Clv;
using CustomerScoring.Csv;
using CustomerScoring.Scorecard;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Csv;

/// <summary>
/// The scorecard file (UTF-8 formatted in parallel blocks) against the same scorecard written cell by cell through
/// <see cref="CsvTableWriter"/> (CsvHelper): the same bytes.
/// </summary>
public class ScorecardCsvBytesTests
{
    [Fact]
    public void Cdnow_scorecard_with_and_without_clv_models()
    {
        CustomerTransactions<int> data = CdnowData.LoadSample();
        CustomerScorecard<int> card = CustomerScorecard.Build(data);
        AssertSameBytes(new ScorecardCsvWriter<int>(card));

        // The rfm_cell column keeps one label per cell: the same text as the result's own label of each row.
        ScorecardColumn cell = ScorecardColumns.Of(card).Single(c => c.Name == "rfm_cell");
        for (int r = 0; r < card.Count; r++)
        {
            Assert.Equal(card.Rfm.CellLabel(r), cell.TextAt(r));
        }

        var noClv = new ScorecardOptions { AnalysisDate = new DateOnly(1998, 7, 1), PurchaseModel = null };
        string text = AssertSameBytes(new ScorecardCsvWriter<int>(CustomerScorecard.Build(data, noClv)));
        Assert.Contains(",,,,", text, StringComparison.Ordinal); // the four CLV cells are empty
    }

    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(1000)]
    public void Margin_and_interval_columns_read_in_blocks_give_the_bytes_read_row_by_row(int blockRows)
    {
        // The file reads each column a few hundred rows at a time (and blocks cut those reads short); the reference reads
        // one row at a time. Margins and bootstrap intervals add the columns the CDNOW scorecard lacks.
        var builder = new TransactionBatchBuilder<string>(withMargins: true);
        foreach (Row row in RandomTransactions.Generate(21, maxRows: 3000, maxCustomers: 700))
        {
            builder.Add("c" + row.Customer, row.Time, row.Amount, row.Margin);
        }

        CheckBlocks(CustomerScorecard.Build(builder.Build(), new ScorecardOptions { AnalysisDate = new DateOnly(2024, 4, 1) }), "margin_total", blockRows);
        CheckBlocks(CustomerScorecard.Build(CdnowData.LoadSample(), new ScorecardOptions { Intervals = new ClvIntervalOptions { Draws = 20, Seed = 3 } }), "clv_high", blockRows);
    }

    private static void CheckBlocks<TKey>(CustomerScorecard<TKey> card, string column, int blockRows)
        where TKey : notnull
    {
        IReadOnlyList<ScorecardColumn> columns = ScorecardColumns.Of(card);
        Assert.Contains(columns, c => c.Name == column);
        using var reference = new MemoryStream();
        new ScorecardCsvWriter<TKey>(card).WriteByTable(reference);
        using var blocks = new MemoryStream();
        Utf8CsvRows.Write(blocks, columns, card.Count, neutralizeFormulas: true, blockRows);
        Assert.Equal(Encoding.UTF8.GetString(reference.ToArray()), Encoding.UTF8.GetString(blocks.ToArray()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Small_blocks_make_many_waves_with_the_same_bytes(int blockRows)
    {
        // Many waves of formatted blocks, each written while the next is formatted, and a short last wave.
        CustomerScorecard<int> card = CustomerScorecard.Build(CdnowData.LoadSample());
        var writer = new ScorecardCsvWriter<int>(card);
        using var reference = new MemoryStream();
        writer.WriteByTable(reference);
        using var blocks = new MemoryStream();
        Utf8CsvRows.Write(blocks, ScorecardColumns.Of(card), card.Count, neutralizeFormulas: true, blockRows);
        Assert.Equal(reference.ToArray(), blocks.ToArray());
    }

    [Fact]
    public void A_slow_output_holds_the_formatters_back_without_changing_a_byte()
    {
        // Writes slower than formatting: each wave waits for the one before to be written, and its buffers are reused.
        CustomerScorecard<int> card = CustomerScorecard.Build(CdnowData.LoadSample());
        using var reference = new MemoryStream();
        new ScorecardCsvWriter<int>(card).WriteByTable(reference);
        using var slow = new FailingStream(failAtWrite: int.MaxValue, delayMilliseconds: 1);
        Utf8CsvRows.Write(slow, ScorecardColumns.Of(card), card.Count, neutralizeFormulas: true, blockRows: 50);
        Assert.Equal(reference.ToArray(), slow.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(30)]
    public void A_failing_output_stops_the_formatters_and_its_exception_reaches_the_caller(int failAtWrite)
    {
        CustomerScorecard<int> card = CustomerScorecard.Build(CdnowData.LoadSample());
        using var failing = new FailingStream(failAtWrite, delayMilliseconds: 0);
        var e = Assert.Throws<IOException>(() => Utf8CsvRows.Write(failing, ScorecardColumns.Of(card), card.Count, neutralizeFormulas: true, blockRows: 20));
        Assert.Equal("disk full at write " + failAtWrite, e.Message);
        Assert.Equal(failAtWrite, failing.Writes); // nothing written after the failure
    }

    /// <summary>A memory stream whose n-th write (1-based, the header's included) throws, each write after a delay.</summary>
    private sealed class FailingStream(int failAtWrite, int delayMilliseconds) : MemoryStream
    {
        public int Writes { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            if (Writes == failAtWrite)
            {
                throw new IOException("disk full at write " + failAtWrite);
            }

            if (delayMilliseconds > 0)
            {
                Thread.Sleep(delayMilliseconds);
            }

            base.Write(buffer, offset, count);
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void Random_scorecards_with_awkward_text_numbers_and_times(int seed, bool neutralize)
    {
        var rng = new Random(seed);
        var builder = new TransactionBatchBuilder<string>();
        int customers = 2 * Utf8CsvRows.BlockRows + 1 + rng.Next(3000); // several parallel blocks and a short last one
        var start = new DateTime(2023, 1, 1);
        for (int c = 0; c < customers; c++)
        {
            string key = c % 7 == 0 ? Awkward(rng) + "#" + c : "k" + c;
            for (int k = rng.Next(1, 4); k > 0; k--)
            {
                // Midnight, whole seconds, and fractions of a second.
                long ticks = rng.Next(3) switch
                {
                    0 => TimeSpan.TicksPerDay * rng.Next(400),
                    1 => TimeSpan.TicksPerSecond * rng.NextInt64(400L * 86_400),
                    _ => rng.NextInt64(400L * TimeSpan.TicksPerDay),
                };
                builder.Add(key, start.AddTicks(ticks), Math.Round(rng.NextDouble() * 500, rng.Next(0, 4)) + 0.01);
            }
        }

        CustomerScorecard<string> card = CustomerScorecard.Build(builder.Build(), new ScorecardOptions { AnalysisDate = new DateOnly(2024, 3, 1) });
        string[] texts = [.. Enumerable.Range(0, card.Count).Select(_ => rng.Next(4) == 0 ? null! : Awkward(rng))];
        double[] numbers = [.. Enumerable.Range(0, card.Count).Select(_ => Number(rng))];
        DateTime[] times = [.. Enumerable.Range(0, card.Count).Select(_ => new DateTime(rng.NextInt64(DateTime.MaxValue.Ticks)))];
        var writer = new ScorecardCsvWriter<string>(card) { NeutralizeFormulas = neutralize }
            .WithColumn("note", r => texts[r])
            .WithColumn("x_shortest", r => numbers[r])
            .WithColumn("x_0", r => numbers[r], 0)
            .WithColumn("x_2", r => numbers[r], 2)
            .WithColumn("x_7", r => numbers[r], 7)
            .WithColumn("x_15", r => numbers[r], 15)
            .WithColumns([ScorecardColumn.WholeNumber("negative", r => (r * 7919) - 50_000), ScorecardColumn.WholeNumber("extremes", r => Extremes[r % Extremes.Length]), ScorecardColumn.Timestamp("when", r => times[r]), ScorecardColumn.OptionalNumber("maybe", r => r % 3 == 0 ? null : numbers[r], 4)]);
        AssertSameBytes(writer);
    }

    private static readonly int[] Extremes = [int.MinValue, int.MaxValue, -1, 0, 9, 10, -9, -10, 99, 100, 1_000_000_000, -1_000_000_000];

    [Fact]
    public void Fixed_decimals_are_the_text_of_ToString_F()
    {
        var rng = new Random(5);
        Span<byte> to = stackalloc byte[64];
        for (int i = 0; i < 400_000; i++)
        {
            double v = i % 3 == 0 ? Number(rng) : (rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-80, 70));
            if (!double.IsFinite(v))
            {
                continue;
            }

            int d = rng.Next(16);
            if (Utf8CsvRows.TryFormatFixed(v, d, to, out int n))
            {
                Assert.Equal(v.ToString("F" + d, System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(to[..n]));
            }
        }
    }

    [Fact]
    public void Fixed_decimals_round_halves_and_near_halves_like_ToString_F()
    {
        // Values at, just below and just above a half of the last decimal (where the fast path needs the product's exact
        // rounding error), and around 2^51 / 10^d, where the fast path hands over to the 128-bit one.
        var rng = new Random(11);
        Span<byte> to = stackalloc byte[64];
        var values = new List<double> { 0.5, 1.5, 2.5, -0.5, -2.5, 0.125, 0.375, 1.005, 2.675, 1.045, 8.345, 0.045, 1e-320, -0.0 };
        for (int d = 0; d <= 15; d++)
        {
            double unit = Math.Pow(10, d);
            for (int i = 0; i < 2_000; i++)
            {
                double k = Math.Floor(rng.NextDouble() * Math.Pow(10, rng.Next(1, 12)));
                values.Add((k + 0.5) / unit);
                values.Add(-(k + 0.5) / unit);
            }

            double edge = 2251799813685248.0 / unit; // 2^51
            for (int i = -40; i <= 40; i++)
            {
                values.Add(edge * (1 + (i * 1e-16)));
            }
        }

        int checkedCount = 0;
        foreach (double v0 in values)
        {
            foreach (double v in new[] { v0, Math.BitDecrement(v0), Math.BitIncrement(v0) })
            {
                for (int d = 0; d <= 15; d++)
                {
                    if (Utf8CsvRows.TryFormatFixed(v, d, to, out int n))
                    {
                        Assert.Equal(v.ToString("F" + d, System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(to[..n]));
                        checkedCount++;
                    }
                }
            }
        }

        Assert.True(checkedCount > 1_000_000, $"only {checkedCount} values were formatted");
    }

    [Fact]
    public void Header_names_are_quoted_like_the_cells()
    {
        CustomerScorecard<string> card = CustomerScorecard.Build([("a", new DateTime(2024, 1, 2), 5.0)], r => r.Item1, r => r.Item2, r => r.Item3,
            new ScorecardOptions { AnalysisDate = new DateOnly(2024, 2, 1), PurchaseModel = null });
        AssertSameBytes(new ScorecardCsvWriter<string>(card).WithColumn(" spaced, \"quoted\"\r\n", _ => "=x").WithColumn("=sum", _ => 1.5));
    }

    private static string AssertSameBytes<TKey>(ScorecardCsvWriter<TKey> writer)
        where TKey : notnull
    {
        string path = Path.Combine(Path.GetTempPath(), $"scorecard-bytes-{Guid.NewGuid():N}.csv");
        try
        {
            writer.WriteFile(path);
            byte[] actual = File.ReadAllBytes(path);
            using var reference = new MemoryStream();
            writer.WriteByTable(reference);
            byte[] expected = reference.ToArray();
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                int at = expected.AsSpan().CommonPrefixLength(actual);
                Assert.Fail($"First difference at byte {at}: expected '{Around(expected, at)}', got '{Around(actual, at)}'.");
            }

            return Encoding.UTF8.GetString(actual);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Around(byte[] bytes, int at)
    {
        int from = Math.Max(0, at - 60);
        return Encoding.UTF8.GetString(bytes, from, Math.Min(bytes.Length, at + 40) - from);
    }

    private static string Awkward(Random rng)
    {
        string[] parts = ["a", ",", "\"", "\r", "\n", "\r\n", " ", "\t", "=", "+", "-", "@", "\u0001", "\u007f", "é", "€", "\uD83D\uDE00", "\uD800", "\uDC00", "'", "x y", ""];
        var sb = new StringBuilder();
        for (int n = rng.Next(0, 5); n > 0; n--)
        {
            sb.Append(parts[rng.Next(parts.Length)]);
        }

        return sb.ToString();
    }

    private static double Number(Random rng) => rng.Next(14) switch
    {
        0 => double.NaN,
        1 => rng.Next(2) == 0 ? double.PositiveInfinity : double.NegativeInfinity,
        2 => -0.0,
        3 => 0.0,
        4 => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-300, 300)),
        5 => rng.Next(-1000, 1000) / 8.0, // exact halves and eighths: ties at 0..2 decimals
        6 => rng.Next(-1000, 1000) + 0.005,
        7 => BitConverter.Int64BitsToDouble(rng.NextInt64()) is var d && double.IsFinite(d) ? d : 1.0,
        8 => double.Epsilon * rng.Next(1, 100),
        9 => double.MaxValue * rng.NextDouble(),
        10 => -rng.NextDouble() * 1e-3,
        11 => (rng.NextDouble() - 0.5) * 4e15,
        _ => Math.Round((rng.NextDouble() - 0.3) * 1e6, rng.Next(0, 6)),
    };
}
