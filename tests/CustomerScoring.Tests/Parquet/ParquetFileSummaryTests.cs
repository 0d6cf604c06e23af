using CustomerScoring.Parquet;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using FsCheck.Xunit;
using Parquet.Schema;
using Xunit;
using static CustomerScoring.Tests.Parquet.ParquetFiles;

namespace CustomerScoring.Tests.Parquet;

/// <summary>
/// A Parquet file summarized while it is read (the command line tool's path: row groups summarized on another thread in
/// reused arrays, the customers out of time order read a second time) gives what reading it whole and summarizing gives:
/// the same summaries bit for bit, the same customers in the same order and the same report.
/// </summary>
public sealed class ParquetFileSummaryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cs-parquet-summary-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Property(MaxTest = 20)]
    public bool Equals_reading_the_whole_file_and_summarizing(int seed, bool shuffled, bool margins, bool endFromData, bool integerIds, byte returns, byte groups)
    {
        string path = Path.Combine(_folder, $"t{seed}.parquet");
        // Row groups of 1 to 1,531 rows: many small ones put the first row out of time order after a few row groups.
        Generate(path, seed, shuffled, margins, integerIds, rows: 5_000, rowGroupSize: 1 + (groups * 6));
        var window = new SummaryOptions(new DateOnly(2024, 3, 20))
        {
            Period = seed % 2 == 0 ? TimeUnit.Day : TimeUnit.Week,
            Returns = (ReturnsPolicy)(returns % 3),
        };
        var options = new ParquetImportOptions { OnError = ParquetErrorHandling.Skip, MarginColumn = margins ? "margin" : null };
        ParquetImportResult whole = TransactionParquetReader.ReadFile(path, options);
        DateOnly end = endFromData ? Summarizer.DayAfterLastTransaction(whole.Transactions) : window.ObservationEnd;
        CustomerSummaries expected = Summarizer.Summarize(whole.Transactions, window with { ObservationEnd = end });

        (CustomerSummaries? summaries, CustomerKeyMap<string> customers, ParquetImportReport report) =
            ParquetFileSummary.Summarize(path, options, window, endFromData);
        Assert.NotNull(summaries);
        SummaryAssert.Identical(expected, summaries);
        Assert.Equal(end, summaries.ObservationEnd);
        Assert.Equal(whole.Transactions.Customers.Keys, customers.Keys);
        Assert.Equal(whole.Report.ToString(), report.ToString());
        Assert.True(report.IsBalanced);
        return true;
    }

    [Fact]
    public void Customers_out_of_time_order_are_recounted_from_their_rows_read_again()
    {
        // b's second-week row comes in the first row group, its first-week rows in the third: the row groups before the
        // third are read again for b's rows, the third on is kept. c's return nets its repeat week.
        string path = Path.Combine(_folder, "order.parquet");
        string[] ids = ["a", "b", "c", "a", "b", "b", "c", "c"];
        DateTime[] times =
        [
            new(2024, 1, 1), new(2024, 1, 9), new(2024, 1, 1), new(2024, 1, 8),
            new(2024, 1, 2), new(2024, 1, 3), new(2024, 1, 10), new(2024, 1, 11),
        ];
        double[] amounts = [10, 7, 5, 20, 3, 4, 6, -2];
        using (MemoryStream file = Write(8, 2, Strings("customer_id", ids), Of(TimeField(), times), Of(new DataField<double>("amount"), amounts)))
        {
            File.WriteAllBytes(path, file.ToArray());
        }

        var window = new SummaryOptions(new DateOnly(2024, 1, 31)) { Period = TimeUnit.Week, Returns = ReturnsPolicy.Net };
        (CustomerSummaries? s, CustomerKeyMap<string> customers, ParquetImportReport report) =
            ParquetFileSummary.Summarize(path, new ParquetImportOptions(), window, endFromData: false);
        Assert.NotNull(s);
        Assert.Equal(["a", "b", "c"], customers.Keys);
        Assert.Equal(8, report.Transactions);
        Assert.Equal([2, 2, 2], s.PurchasePeriods.ToArray()); // b: the week of 01-02/01-03 and that of 01-09
        Assert.Equal([1.0, 1.0, 1.0], s.Frequency.ToArray());
        Assert.Equal([30.0, 14.0, 9.0], s.TotalAmount.ToArray()); // c: 5 + 6 - 2
        Assert.Equal([20.0, 7.0, 4.0], s.MonetaryRepeatMean.ToArray()); // c: 6 - 2
    }

    [Fact]
    public void A_file_without_transactions_gives_no_summaries_and_its_report()
    {
        string path = Path.Combine(_folder, "empty.parquet");
        using (MemoryStream file = Write(2, 10, Strings("customer_id", [null, "x"]), Of(TimeField(), new[] { new DateTime(2024, 1, 1), new DateTime(2024, 1, 2) }),
            OfNullable(new DataField<double?>("amount"), new double?[] { 1, null })))
        {
            File.WriteAllBytes(path, file.ToArray());
        }

        (CustomerSummaries? s, CustomerKeyMap<string> customers, ParquetImportReport report) = ParquetFileSummary.Summarize(
            path, new ParquetImportOptions { OnError = ParquetErrorHandling.Skip }, new SummaryOptions(new DateOnly(2024, 1, 1)), endFromData: true);
        Assert.Null(s);
        Assert.Equal(0, customers.Count);
        Assert.Equal(2, report.RowsRejected);
    }

    [Fact]
    public void A_bad_row_in_fail_mode_stops_the_reading_with_its_rejection()
    {
        string path = Path.Combine(_folder, "bad.parquet");
        double?[] amounts = [.. Enumerable.Range(0, 300).Select(i => i == 250 ? (double?)null : i)];
        using (MemoryStream file = Write(300, 7, Strings("customer_id", [.. Enumerable.Range(0, 300).Select(i => $"c{i % 17}")]),
            Of(TimeField(), [.. Enumerable.Range(0, 300).Select(i => new DateTime(2024, 1, 1).AddHours(i))]),
            OfNullable(new DataField<double?>("amount"), amounts)))
        {
            File.WriteAllBytes(path, file.ToArray());
        }

        ParquetImportException e = Assert.Throws<ParquetImportException>(() =>
            ParquetFileSummary.Summarize(path, new ParquetImportOptions(), new SummaryOptions(new DateOnly(2024, 2, 1)), endFromData: false));
        Assert.Equal(251, e.RowNumber);
        Assert.Equal(ParquetRejectionReason.NullAmount, e.Reason);
    }

    [Fact]
    public void An_overflowing_total_names_the_customer()
    {
        string path = Path.Combine(_folder, "overflow.parquet");
        double[] amounts = [.. Enumerable.Repeat(4e18, 40)];
        using (MemoryStream file = Write(40, 3, Strings("customer_id", [.. Enumerable.Range(0, 40).Select(i => i < 20 ? $"n{i}" : "whale")]),
            Of(TimeField(), [.. Enumerable.Range(0, 40).Select(i => new DateTime(2024, 1, 1).AddHours(i))]), Of(new DataField<double>("amount"), amounts)))
        {
            File.WriteAllBytes(path, file.ToArray());
        }

        AmountOverflowException e = Assert.Throws<AmountOverflowException>(() =>
            ParquetFileSummary.Summarize(path, new ParquetImportOptions(), new SummaryOptions(new DateOnly(2024, 2, 1)), endFromData: false));
        Assert.Contains("whale", e.Message, StringComparison.Ordinal);
    }

    private static DateTimeDataField TimeField() =>
        new("timestamp", DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros, isNullable: false);

    /// <summary>Rows of a few hundred customers over two months: in time order or shuffled, with returns, zero amounts and
    /// a few null amounts and ids (rejected).</summary>
    private static void Generate(string path, int seed, bool shuffled, bool margins, bool integerIds, int rows, int rowGroupSize)
    {
        var random = new Random(seed);
        int customers = 50 + random.Next(400);
        var order = Enumerable.Range(0, rows).ToArray();
        if (shuffled)
        {
            random.Shuffle(order);
        }

        var time = new DateTime[rows];
        var t = new DateTime(2024, 1, 1);
        for (int i = 0; i < rows; i++)
        {
            t = t.AddSeconds(random.Next(1800));
            time[order[i]] = t;
        }

        var amount = new double?[rows];
        var margin = new double[rows];
        var numbers = new long?[rows];
        var texts = new string?[rows];
        for (int i = 0; i < rows; i++)
        {
            int customer = (int)(customers * Math.Pow(random.NextDouble(), 2));
            bool nullId = random.Next(200) == 0;
            numbers[i] = nullId ? null : 1_000_000_000L * (customer % 3) + customer;
            texts[i] = nullId ? null : $"c{customer}";
            double value = random.Next(12) == 0 ? -random.Next(1, 3000) / 100.0 : random.Next(0, 50000) / 100.0;
            amount[i] = random.Next(150) == 0 ? null : value;
            margin[i] = value * 0.3;
        }

        var columns = new List<Column>
        {
            integerIds ? OfNullable(new DataField<long?>("customer_id"), numbers) : Strings("customer_id", texts),
            Of(TimeField(), time),
            OfNullable(new DataField<double?>("amount"), amount),
        };
        if (margins)
        {
            columns.Add(Of(new DataField<double>("margin"), margin));
        }

        using MemoryStream file = Write(rows, rowGroupSize, [.. columns]);
        File.WriteAllBytes(path, file.ToArray());
    }
}
