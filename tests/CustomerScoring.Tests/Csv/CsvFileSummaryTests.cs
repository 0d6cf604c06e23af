using System.Globalization;
using System.Text;
using CustomerScoring.Csv;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Csv;

/// <summary>
/// A file summarized while it is read (the command line tool's path: no batch kept, the customers out of time order or
/// with netted returns read a second time) gives what reading it whole and summarizing gives: the same summaries bit for
/// bit, the same customers in the same order, the same report, and each rejected line reported once.
/// </summary>
public sealed class CsvFileSummaryTests : IDisposable
{
    private static readonly string[] Reads = ["sequential", "look-ahead", "2 workers"];
    private readonly string _folder = Directory.CreateTempSubdirectory("cs-file-summary-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Property(MaxTest = 15)]
    public bool Equals_reading_the_whole_file_and_summarizing(int seed, bool shuffled, bool margins, bool endFromData, byte returns, byte batch)
    {
        string path = Path.Combine(_folder, $"t{seed}.csv");
        File.WriteAllText(path, Generate(seed, shuffled, margins, lines: 6_000));
        var window = new SummaryOptions(new DateOnly(2024, 3, 20))
        {
            Period = seed % 2 == 0 ? TimeUnit.Day : TimeUnit.Week,
            Returns = (ReturnsPolicy)(returns % 3),
        };
        foreach (string read in Reads)
        {
            // Small batches put the first row out of time order after a few batches: the rows before it are read again.
            CsvImportOptions options = OptionsFor(read, margins) with { BatchSize = read == "sequential" ? 1 + (batch % 97) : 1 + (batch * 13) };
            CsvImportResult whole = TransactionCsvReader.ReadFile(path, options);
            DateOnly end = endFromData ? Summarizer.DayAfterLastTransaction(whole.Transactions) : window.ObservationEnd;
            CustomerSummaries expected = Summarizer.Summarize(whole.Transactions, window with { ObservationEnd = end });

            int callbacks = 0;
            (CustomerSummaries? summaries, CustomerKeyMap<string> customers, CsvImportReport report) =
                CsvFileSummary.Summarize(path, options with { OnRejection = _ => callbacks++ }, window, endFromData);
            Assert.NotNull(summaries);
            SummaryAssert.Identical(expected, summaries);
            Assert.Equal(end, summaries.ObservationEnd);
            Assert.Equal(whole.Transactions.Customers.Keys, customers.Keys);
            Assert.Equal(whole.Report.ToString(), report.ToString());
            Assert.Equal(whole.Report.LinesRejected, report.LinesRejected);
            Assert.Equal(report.LinesRejected, callbacks);
        }

        return true;
    }

    [Fact]
    public void Customers_out_of_time_order_and_with_returns_are_recounted_from_their_rows()
    {
        // b's second-week row comes before its first-week rows, c has a return in a repeat period: both need their rows again.
        string path = Path.Combine(_folder, "order.csv");
        File.WriteAllLines(path,
        [
            "customer_id,timestamp,amount",
            "a,2024-01-01,10", "b,2024-01-09,7", "c,2024-01-01,5", "a,2024-01-08,20",
            "b,2024-01-02,3", "b,2024-01-03,4", "c,2024-01-10,6", "c,2024-01-11,-2", "bad line",
        ]);
        var window = new SummaryOptions(new DateOnly(2024, 1, 31)) { Period = TimeUnit.Week, Returns = ReturnsPolicy.Net };
        // One batch (the whole file), or batches of two lines: b's row out of order comes in the third batch, so the two
        // batches before it are read again for b's rows and the batches from there on are kept.
        foreach (int batchSize in (int[])[65_536, 2])
        {
            var options = new CsvImportOptions { OnError = CsvErrorHandling.Skip, MaxDegreeOfParallelism = 1, BatchSize = batchSize };
            AssertRecounted(path, window, options);
        }
    }

    private static void AssertRecounted(string path, SummaryOptions window, CsvImportOptions options)
    {
        (CustomerSummaries? s, CustomerKeyMap<string> customers, CsvImportReport report) = CsvFileSummary.Summarize(path, options, window, endFromData: false);
        Assert.NotNull(s);
        Assert.Equal(["a", "b", "c"], customers.Keys);
        Assert.Equal(1, report.LinesRejected);
        Assert.Equal([2, 2, 2], s.PurchasePeriods.ToArray()); // b: weeks of 01-02/01-03 and 01-09
        Assert.Equal([1.0, 1.0, 1.0], s.Frequency.ToArray());
        Assert.Equal([30.0, 14.0, 9.0], s.TotalAmount.ToArray()); // c: 5 + 6 - 2
        Assert.Equal([20.0, 7.0, 4.0], s.MonetaryRepeatMean.ToArray()); // c: the return nets the repeat week: 6 - 2
        SummaryAssert.Identical(Summarizer.Summarize(TransactionCsvReader.ReadFile(path, options).Transactions, window), s);
    }

    [Fact]
    public void A_file_without_transactions_gives_no_summaries_and_its_report()
    {
        string path = Path.Combine(_folder, "empty.csv");
        File.WriteAllLines(path, ["customer_id,timestamp,amount", "x,not a date,1"]);
        (CustomerSummaries? s, CustomerKeyMap<string> customers, CsvImportReport report) = CsvFileSummary.Summarize(
            path, new CsvImportOptions { OnError = CsvErrorHandling.Skip }, new SummaryOptions(new DateOnly(2024, 1, 1)), endFromData: true);
        Assert.Null(s);
        Assert.Equal(0, customers.Count);
        Assert.Equal(1, report.LinesRejected);
    }

    private static CsvImportOptions OptionsFor(string read, bool margins)
    {
        var options = new CsvImportOptions { OnError = CsvErrorHandling.Skip, MarginColumn = margins ? CsvColumn.Named("margin") : (CsvColumn?)null };
        return read switch
        {
            "sequential" => options with { MaxDegreeOfParallelism = 1, LookAheadForTests = false },
            "look-ahead" => options with { MaxDegreeOfParallelism = 1, LookAheadForTests = true },
            _ => options with { MaxDegreeOfParallelism = 2 },
        };
    }

    /// <summary>Lines of a few hundred customers over two months: in time order or shuffled, with returns, zero amounts,
    /// quoted ids and a few bad lines.</summary>
    private static string Generate(int seed, bool shuffled, bool margins, int lines)
    {
        var random = new Random(seed);
        int customers = 50 + random.Next(400);
        var rows = new List<string>();
        var time = new DateTime(2024, 1, 1);
        for (int line = 0; line < lines; line++)
        {
            time = time.AddSeconds(random.Next(1800));
            int customer = (int)(customers * Math.Pow(random.NextDouble(), 2));
            string id = customer % 5 == 0 ? $"\"c{customer}, quoted\"" : $"c{customer}";
            double amount = random.Next(12) == 0 ? -random.Next(1, 3000) / 100.0 : random.Next(0, 50000) / 100.0;
            string text = string.Create(CultureInfo.InvariantCulture, $"{id},{time:yyyy-MM-ddTHH:mm:ss},{amount:0.##}");
            if (margins)
            {
                text += string.Create(CultureInfo.InvariantCulture, $",{amount * 0.3:0.##}");
            }

            rows.Add(random.Next(150) == 0 ? $"{id},2024-02-30,1{(margins ? ",0" : "")}" : text);
        }

        if (shuffled)
        {
            string[] all = [.. rows];
            random.Shuffle(all);
            rows = [.. all];
        }

        var file = new StringBuilder("customer_id,timestamp,amount").Append(margins ? ",margin" : "").Append('\n');
        foreach (string row in rows)
        {
            file.Append(row).Append('\n');
        }

        return file.ToString();
    }
}
