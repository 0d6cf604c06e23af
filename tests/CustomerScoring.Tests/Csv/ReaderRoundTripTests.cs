using System.Globalization;
using System.Text;
using CustomerScoring.Csv;
using CustomerScoring.Transactions;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Csv;

/// <summary>Random files against what was written into them, and random damage against the line accounting.</summary>
public class ReaderRoundTripTests
{
    [Property(MaxTest = 200)]
    public void Every_written_row_is_read_back_exactly(int[] customers, double[] amounts, int[] days, byte batchSize, bool crlf)
    {
        int n = Math.Min(customers.Length, Math.Min(amounts.Length, days.Length));
        string newline = crlf ? "\r\n" : "\n";
        var csv = new StringBuilder("customer_id,timestamp,amount" + newline);
        var expected = new List<(string, DateTime, double)>();
        for (int i = 0; i < n; i++)
        {
            double amount = double.IsFinite(amounts[i]) && Math.Abs(amounts[i]) < 1e300 ? amounts[i] : i; // totals must stay finite
            string customer = "id-" + (customers[i] % 50).ToString(CultureInfo.InvariantCulture);
            var time = new DateTime(2020, 1, 1).AddDays(Math.Abs(days[i] % 3000)).AddSeconds(Math.Abs(days[i] % 86400));
            csv.Append(CultureInfo.InvariantCulture, $"{customer},{time:yyyy-MM-dd HH:mm:ss},{amount:R}{newline}");
            expected.Add((customer, time, amount));
        }

        CsvImportResult result = CsvText.Read(csv.ToString(), new CsvImportOptions { BatchSize = 1 + (batchSize % 7) });
        Assert.Equal(expected, CsvText.Rows(result.Transactions).Select(r => (r.Customer, r.Time, r.Amount)));
        Assert.Equal(expected.Select(e => e.Item1).Distinct(), result.Transactions.Customers.Keys);
        Assert.All(result.Transactions.Batches, b => Assert.InRange(b.Count, 1, 1 + (batchSize % 7)));
    }

    /// <summary>Lines picked at random from good and bad kinds: each must end up used, rejected with its
    /// kind's reason at its line number, or blank.</summary>
    [Property(MaxTest = 200)]
    public void Every_line_is_used_rejected_or_blank(byte[] kinds)
    {
        (string Line, CsvRejectionReason? Reason)[] menu =
        [
            ("a,2026-01-01,1", null),
            ("b,2026-01-02 03:04:05,-2.5", null),
            ("", null),
            ("c,2026-01-32,1", CsvRejectionReason.UnparsableTimestamp),
            ("c,2026-01-01,1.2.3", CsvRejectionReason.UnparsableAmount),
            ("c,2026-01-01,-Infinity", CsvRejectionReason.NonFiniteAmount),
            (",2026-01-01,1", CsvRejectionReason.BlankCustomerId),
            ("c,2026-01-01", CsvRejectionReason.WrongFieldCount),
            ("c,\"2026-01-01\"x,1", CsvRejectionReason.MalformedQuoting),
            ("c,2026\"-01-01,1", CsvRejectionReason.MalformedQuoting),
        ];
        var csv = new StringBuilder("customer_id,timestamp,amount\n");
        var expectedRejections = new List<(long, CsvRejectionReason)>();
        int used = 0, blank = 0;
        for (int i = 0; i < kinds.Length; i++)
        {
            var (line, reason) = menu[kinds[i] % menu.Length];
            csv.Append(line).Append('\n');
            if (reason is { } r)
            {
                expectedRejections.Add((i + 2, r));
            }
            else if (line.Length == 0)
            {
                blank++;
            }
            else
            {
                used++;
            }
        }

        CsvImportResult result = CsvText.Read(csv.ToString(), CsvText.Skip with { MaxRejectionDetails = int.MaxValue });
        Assert.Equal(kinds.Length, result.Report.LinesRead);
        Assert.Equal(used, result.Report.Transactions);
        Assert.Equal(blank, result.Report.BlankLines);
        Assert.Equal(expectedRejections, result.Report.Rejections.Select(r => (r.LineNumber, r.Reason)));
        Assert.True(result.Report.IsBalanced);
    }

    /// <summary>
    /// A file longer than the reader's block of pending lookups (PendingRows), with many customers, ids longer than 8
    /// bytes and multi-byte UTF-8, whole numbers found by value or hashed (canonical, with leading zeros, signed, either
    /// side of the direct table's limit), and lines with invalid UTF-8 ids or bad timestamps in between: whatever the
    /// batch size (below, at and above the block; up to 65,536 rows a batch is parsed while the one before is looked up,
    /// above it not), on one thread and with two parallel workers, the rows, the order of first appearance, the batch
    /// sizes and the rejections are those written, as a row-by-row reading gives them.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(97)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(300)]
    [InlineData(65_536)]
    [InlineData(65_537)]
    public void Many_customers_in_blocks_read_back_in_file_order_whatever_the_batch_size(int batchSize)
    {
        foreach (int? workers in new int?[] { null, 2 })
        {
            ManyCustomers(batchSize, workers);
        }
    }

    private static void ManyCustomers(int batchSize, int? workers)
    {
        var rng = new Random(20261202);
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes("customer_id,timestamp,amount\n"));
        var expected = new List<(string, DateTime, double)>();
        var expectedRejections = new List<(long, CsvRejectionReason)>();
        for (int i = 0; i < 5_000; i++)
        {
            long line = i + 2;
            int kind = rng.Next(100);
            var time = new DateTime(2024, 1, 1).AddMinutes(rng.Next(1_000_000));
            double amount = Math.Round(rng.NextDouble() * 500, 2);
            if (kind < 3)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes("bad"));
                bytes.AddRange(new byte[] { 0xC3, 0x28 }); // an invalid two-byte sequence
                bytes.AddRange(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $",{time:yyyy-MM-ddTHH:mm:ss},{amount:R}\n")));
                expectedRejections.Add((line, CsvRejectionReason.InvalidCustomerId));
                continue;
            }

            int who = rng.Next(1_500);
            string number = who.ToString(CultureInfo.InvariantCulture);
            string customer = (who % 7) switch
            {
                // Whole numbers: the canonical ones (also "0") go to the reader's direct table, the rest are hashed, and
                // "7", "07" and "007" are three customers.
                0 => number,
                1 => who < 50 ? "0" : (who / 10).ToString(CultureInfo.InvariantCulture),
                2 => (who % 2 == 0 ? "0" : "00") + (who / 10).ToString(CultureInfo.InvariantCulture),
                3 => (CustomerIdTable.DirectLimit - 750 + who).ToString(CultureInfo.InvariantCulture), // either side of the direct table's limit
                4 => "-" + number,
                5 => "customer-number-" + number,
                _ => "kund\u00e9-\u65e5\u672c-" + number,
            };
            if (kind < 6)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(customer + ",2024-13-01T00:00:00,1\n"));
                expectedRejections.Add((line, CsvRejectionReason.UnparsableTimestamp));
                continue;
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{customer},{time:yyyy-MM-ddTHH:mm:ss},{amount:R}\n")));
            expected.Add((customer, time, amount));
        }

        using var stream = new MemoryStream([.. bytes]);
        CsvImportResult result = TransactionCsvReader.Read(stream, new CsvImportOptions { BatchSize = batchSize, OnError = CsvErrorHandling.Skip, MaxRejectionDetails = 10_000, ParallelWorkersForTests = workers });

        Assert.Equal(expected, CsvText.Rows(result.Transactions).Select(r => (r.Customer, r.Time, r.Amount)));
        Assert.Equal(expected.Select(e => e.Item1).Distinct(), result.Transactions.Customers.Keys);
        IReadOnlyList<TransactionBatch> batches = result.Transactions.Batches;
        Assert.All(batches.Take(batches.Count - 1), b => Assert.Equal(batchSize, b.Count));
        Assert.InRange(batches[^1].Count, 1, batchSize);
        Assert.Equal(expectedRejections, result.Report.Rejections.Select(r => (r.LineNumber, r.Reason)));
        Assert.True(result.Report.IsBalanced);
    }

    /// <summary>
    /// The reader adds customers to its key map without indexing them (its own id table knows them); the map's lookups by
    /// key index them on first use: every key is found at its index, from several threads at once, and keys that a caller
    /// adds to the map while the file is read keep one index each.
    /// </summary>
    [Fact]
    public void The_key_map_of_a_read_finds_every_customer_by_key()
    {
        var text = new StringBuilder("customer_id,timestamp,amount\n");
        for (int i = 0; i < 3_000; i++)
        {
            string id = (i % 3) switch { 0 => (i * 7 % 1_000).ToString(CultureInfo.InvariantCulture), 1 => "c" + (i % 500), _ => "0" + (i % 200) };
            text.Append(CultureInfo.InvariantCulture, $"{id},2025-01-{1 + (i % 28):00},1.5\n");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        CsvImportResult result = TransactionCsvReader.Read(new MemoryStream(bytes));
        CustomerKeyMap<string> map = result.Transactions.Customers;
        int[] found = new int[map.Count];
        Parallel.For(0, map.Count, i => found[i] = map.IndexOf(map.KeyOf(i)));
        Assert.Equal(Enumerable.Range(0, map.Count), found);
        Assert.False(map.TryGetIndex("not-a-customer", out _));

        // A caller adds keys to the reader's map between batches: one that the file names later, and one it never names.
        using TransactionCsvReader reader = TransactionCsvReader.Open(new MemoryStream(bytes), new CsvImportOptions { BatchSize = 100 });
        var rows = new List<(int Customer, string Key)>();
        int added = -1, extra = -1;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (TransactionBatch batch in reader.ReadBatches())
        {
            foreach (int customer in batch.CustomerIndex)
            {
                rows.Add((customer, reader.Customers.KeyOf(customer)));
                seen.Add(reader.Customers.KeyOf(customer));
            }

            // The map holds the customers of the batches returned so far (and the caller's), not those of a batch read ahead.
            Assert.Equal(seen.Count, reader.Customers.Count);
            if (added < 0)
            {
                added = reader.Customers.GetOrAdd("c499");
                extra = reader.Customers.GetOrAdd("only-added-by-the-caller");
                seen.Add("c499");
                seen.Add("only-added-by-the-caller");
            }
        }

        CustomerKeyMap<string> keys = reader.Customers;
        Assert.Equal(map.Count + 1, keys.Count);
        Assert.Equal(keys.Keys.Count, keys.Keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(rows, r => Assert.Equal(r.Customer, keys.IndexOf(r.Key)));
        Assert.Equal(added, keys.IndexOf("c499"));
        Assert.Contains(rows, r => r.Key == "c499" && r.Customer == added);
        Assert.Equal(extra, keys.IndexOf("only-added-by-the-caller"));
    }
}

