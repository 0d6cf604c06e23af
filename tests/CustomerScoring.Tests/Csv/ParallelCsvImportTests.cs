using System.Globalization;
using System.Text;
using CustomerScoring.Csv;
using CustomerScoring.Transactions;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Csv;

/// <summary>
/// Parallel reading gives what the sequential reader gives, whatever the number of workers: the same customers in the
/// same order, the same rows, the same report (counts, totals, details, first rejection of each reason), the same
/// rejection callbacks in the same order (a rejects file byte for byte), the same exception in fail mode. The files
/// are generated (FsCheck picks the seed and the mix) and are several of CsvHelper's 256 KiB parallel batches long,
/// so records, quoted line breaks and customers cross batch and worker boundaries. Records longer than
/// MaxRecordBytes are left out: CsvHelper stops at one only where its buffer ends, which differs between the two ways
/// of reading (see <see cref="CsvImportOptions.MaxDegreeOfParallelism"/>).
/// </summary>
public class ParallelCsvImportTests
{
    private static readonly string[] Reads = ["sequential", "look-ahead", "look-ahead batches", "1 worker", "2 workers", "4 workers", "default"];

    [Property(MaxTest = 12)]
    public bool Generated_files_read_the_same_with_any_number_of_workers(
        int seed, bool crlf, bool bom, bool skip, bool margins, bool quantityTimesPrice, bool numericIds, bool invoices, byte maxDetails)
    {
        var shape = new Shape(crlf, bom, margins, quantityTimesPrice, numericIds, invoices);
        byte[] file = Generate(seed, shape, lines: 60_000);
        CsvImportOptions options = OptionsFor(shape, skip) with { MaxRejectionDetails = maxDetails % 40, BatchSize = 1000 + (seed & 0xFFF) };

        string[] outcomes = Reads.Select(read => Outcome(file, read, options, out _)).ToArray();
        for (int i = 1; i < outcomes.Length; i++)
        {
            Assert.True(outcomes[0] == outcomes[i], $"{Reads[i]} differs from {Reads[0]}:\n{FirstDifference(outcomes[0], outcomes[i])}");
        }

        return true;
    }

    /// <summary>
    /// The look-ahead (customers looked up on a second thread: a whole read several blocks behind the parsing, an
    /// enumeration of the batches one batch behind) gives what one thread gives with any batch size: small batches put rejections and the end of the input at every place of a round; a limit on the
    /// share of rejected lines is checked once every row is looked up (its message counts the customers).
    /// </summary>
    [Property(MaxTest = 25)]
    public bool The_look_ahead_reads_as_one_thread_with_any_batch_size(int seed, byte batchSize, bool skip, bool margins, bool quantityTimesPrice, bool numericIds, bool share)
    {
        var shape = new Shape(Crlf: seed % 3 == 0, Bom: false, margins, quantityTimesPrice, numericIds, Invoices: false);
        byte[] file = Generate(seed, shape, lines: 3_000);
        CsvImportOptions options = OptionsFor(shape, skip) with
        {
            MaxRejectionDetails = seed & 31,
            MaxRejectedShare = share ? 0.05 + ((seed & 7) * 0.01) : null,
            BatchSize = 1 + (batchSize % 200),
        };

        string sequential = Outcome(file, "sequential", options, out _);
        string lookAhead = Outcome(file, "look-ahead", options, out _);
        string lookAheadBatches = Outcome(file, "look-ahead batches", options, out _);
        Assert.True(sequential == lookAhead, $"the look-ahead differs:\n{FirstDifference(sequential, lookAhead)}");
        Assert.True(sequential == lookAheadBatches, $"the look-ahead's batches differ:\n{FirstDifference(sequential, lookAheadBatches)}");
        return true;
    }

    /// <summary>A line with several faults is rejected for the first one the reader checks, with or without the look-ahead:
    /// the timestamp before the customer id's encoding, the running total before it too.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_line_with_several_faults_is_rejected_for_the_first_with_or_without_the_look_ahead(bool lookAhead)
    {
        byte[] badId = [0x62, 0xFF];
        byte[] file =
        [
            .. "customer_id,timestamp,amount\n"u8,
            .. badId, .. ",2024-13-01,5\n"u8, // bad timestamp and bad id: the timestamp
            .. badId, .. ",2024-01-01,5\n"u8, // bad id alone
            .. "a,2024-01-02,1e308\n"u8,
            .. badId, .. ",2024-01-03,1e308\n"u8, // bad id and a total that overflows: the total
            .. "\"x\"y\",2024-01-04,1\n"u8, // malformed quoting, between the others
            .. "b,2024-01-05,2\n"u8,
        ];
        var options = new CsvImportOptions
        {
            OnError = CsvErrorHandling.Skip, MaxDegreeOfParallelism = 1, LookAheadForTests = lookAhead, BatchSize = 2,
        };
        CsvImportResult result = TransactionCsvReader.Read(new MemoryStream(file), options);
        Assert.Equal(
            [(2L, CsvRejectionReason.UnparsableTimestamp), (3L, CsvRejectionReason.InvalidCustomerId), (5L, CsvRejectionReason.NonFiniteAmount), (6L, CsvRejectionReason.MalformedQuoting)],
            result.Report.Rejections.Select(r => (r.LineNumber, r.Reason)));
        Assert.Equal(["a", "b"], result.Transactions.Customers.Keys);
        Assert.True(result.Report.IsBalanced);

        // In fail mode the first bad line stops the read.
        var failing = options with { OnError = CsvErrorHandling.Fail };
        CsvImportException e = Assert.Throws<CsvImportException>(() => TransactionCsvReader.Read(new MemoryStream(file), failing));
        Assert.Equal(2, e.LineNumber);
    }

    [Fact]
    public void Several_workers_do_parse_and_the_result_is_the_sequential_one()
    {
        byte[] file = Generate(7, new Shape(Crlf: false, Bom: true, Margins: true, QuantityTimesPrice: false, NumericIds: false, Invoices: false), lines: 120_000);
        var options = new CsvImportOptions { OnError = CsvErrorHandling.Skip, MarginColumn = "margin" };
        string sequential = Outcome(file, "sequential", options, out int none);
        string parallel = Outcome(file, "4 workers", options, out int workers);
        Assert.Equal(0, none);
        // CsvHelper starts workers as batches appear: under heavy load one worker can take them all.
        Assert.True(workers >= 1, $"{workers} worker(s) parsed the {file.Length:N0} bytes");
        Assert.Equal(sequential, parallel);
        Assert.Contains("MalformedQuoting", sequential, StringComparison.Ordinal);
        Assert.Contains("NonFiniteAmount", sequential, StringComparison.Ordinal);
        Assert.Contains("InvalidCustomerId", sequential, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoices_are_read_on_the_calling_thread()
    {
        byte[] file = Generate(3, new Shape(Crlf: true, Bom: false, Margins: false, QuantityTimesPrice: true, NumericIds: true, Invoices: true), lines: 20_000);
        var options = new CsvImportOptions
        {
            OnError = CsvErrorHandling.Skip, InvoiceColumn = "invoice", QuantityColumn = "quantity", PriceColumn = "price",
            CustomerIdFormat = CsvIdFormat.Number,
        };
        Assert.Equal(Outcome(file, "sequential", options, out _), Outcome(file, "4 workers", options, out int workers));
        Assert.Equal(0, workers);
    }

    [Fact]
    public void MaxDegreeOfParallelism_below_one_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new CsvImportOptions { MaxDegreeOfParallelism = 0 }.Validate());
        Assert.Contains("MaxDegreeOfParallelism", e.Message, StringComparison.Ordinal);
    }

    private readonly record struct Shape(bool Crlf, bool Bom, bool Margins, bool QuantityTimesPrice, bool NumericIds, bool Invoices);

    /// <summary>The options that read the columns of a generated file of this shape.</summary>
    private static CsvImportOptions OptionsFor(Shape shape, bool skip) => new()
    {
        OnError = skip ? CsvErrorHandling.Skip : CsvErrorHandling.Fail,
        MarginColumn = shape.Margins ? CsvColumn.Named("margin") : (CsvColumn?)null,
        QuantityColumn = shape.QuantityTimesPrice ? CsvColumn.Named("quantity") : (CsvColumn?)null,
        PriceColumn = shape.QuantityTimesPrice ? CsvColumn.Named("price") : (CsvColumn?)null,
        InvoiceColumn = shape.Invoices ? CsvColumn.Named("invoice") : (CsvColumn?)null,
        CustomerIdFormat = shape.NumericIds ? CsvIdFormat.Number : CsvIdFormat.AsWritten,
    };

    /// <summary>A transaction file: mostly good lines of a few thousand customers (some quoted, with commas, quotes and
    /// line breaks in their ids), and lines of every kind of problem, blank lines and, rarely, an amount so large that
    /// the running total overflows.</summary>
    private static byte[] Generate(int seed, Shape shape, int lines)
    {
        var random = new Random(seed);
        string nl = shape.Crlf ? "\r\n" : "\n";
        var text = new StringBuilder();
        text.Append("invoice,customer_id,timestamp,").Append(shape.QuantityTimesPrice ? "quantity,price" : "amount")
            .Append(shape.Margins ? ",margin" : "").Append(nl);
        int customers = 500 + random.Next(4000);
        var time = new DateTime(2024, 1, 1);
        int invoice = 0;
        for (int line = 0; line < lines; line++)
        {
            time = time.AddSeconds(random.Next(600));
            int customer = (int)(customers * Math.Pow(random.NextDouble(), 2));
            string id = shape.NumericIds ? (random.Next(8) == 0 ? $"{customer}.0" : $"{customer}") : Id(customer);
            if (random.Next(3) != 0)
            {
                invoice++;
            }

            string amount = $"{random.Next(1, 50000) / 100.0:0.##}";
            string[] fields =
            [
                $"{(random.Next(20) == 0 ? "" : $"I{invoice}")}", id, $"{time:yyyy-MM-ddTHH:mm:ss}",
                .. shape.QuantityTimesPrice ? new[] { $"{random.Next(-2, 9)}", amount } : [amount],
                .. shape.Margins ? new[] { $"{random.Next(-500, 5000) / 100.0:0.##}" } : [],
            ];
            int amountField = 3 + (shape.QuantityTimesPrice ? 1 : 0);
            switch (random.Next(100))
            {
                case 0: fields[1] = ""; break;
                case 1: fields[2] = "2024-02-30"; break;
                case 2: fields[amountField] = "12,5x"; break;
                case 3: fields[amountField] = "NaN"; break;
                case 4: fields = fields[..^1]; break;
                case 5: text.Append(nl); break;
                case 6: text.Append("   ").Append(nl); break;
                case 7: fields[1] = $"\"{id.Trim('"')}x\"y\""; break; // a quote in the middle: malformed
                case 8 when random.Next(20) == 0: fields[amountField] = "1e308"; break;
                case 9: fields[1] = "\u0001bad"; break; // becomes an invalid UTF-8 byte
            }

            text.Append(string.Join(',', fields)).Append(nl);
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(text.ToString());
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == 1)
            {
                utf8[i] = 0xFF;
            }
        }

        return shape.Bom ? [0xEF, 0xBB, 0xBF, .. utf8] : utf8;

        string Id(int customer) => (customer % 7) switch
        {
            0 => $"\"c{customer}, the \"\"first\"\"\"",
            1 => $"\"c{customer}{nl}second line\"",
            2 => $" c{customer} ",
            _ => $"c{customer}",
        };
    }

    /// <summary>Everything a read gives, as text: the customers, the rows, the report, the rejects file written by the
    /// callback, or the exception.</summary>
    private static string Outcome(byte[] file, string read, CsvImportOptions options, out int workers)
    {
        var rejects = new StringWriter(CultureInfo.InvariantCulture);
        using var rejectsWriter = new CsvRejectsWriter(rejects, leaveOpen: true);
        options = read switch
        {
            "sequential" => options with { MaxDegreeOfParallelism = 1, LookAheadForTests = false },
            "look-ahead" or "look-ahead batches" => options with { MaxDegreeOfParallelism = 1, LookAheadForTests = true },
            "1 worker" => options with { ParallelWorkersForTests = 1 },
            "2 workers" => options with { MaxDegreeOfParallelism = 2 },
            "4 workers" => options with { MaxDegreeOfParallelism = 4 },
            _ => options,
        };
        options = options with { OnRejection = options.OnError == CsvErrorHandling.Skip ? rejectsWriter.Write : null };
        var outcome = new StringBuilder();
        workers = 0;
        try
        {
            using var reader = TransactionCsvReader.Open(new MemoryStream(file), options);
            // A whole read (the look-ups run several blocks behind the parsing), or the enumeration (one batch behind).
            CsvImportResult result = read == "look-ahead batches"
                ? new CsvImportResult(new CustomerTransactions<string>([.. reader.ReadBatches()], reader.Customers), reader.Report)
                : reader.ReadAll();
            workers = reader.WorkersUsed;
            CustomerKeyMap<string> map = result.Transactions.Customers;
            outcome.AppendLine(CultureInfo.InvariantCulture, $"customers: {string.Join("|", map.Keys)}");
            outcome.AppendLine(CultureInfo.InvariantCulture, $"batches: {string.Join(",", result.Transactions.Batches.Select(b => b.Count))}");
            foreach (TransactionBatch batch in result.Transactions.Batches)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    outcome.AppendLine(CultureInfo.InvariantCulture,
                        $"{batch.CustomerIndex[i]} {batch.Timestamps[i]:O} {batch.Amounts[i]:R} {(batch.HasMargins ? batch.Margins[i] : double.NaN):R}");
                }
            }

            CsvImportReport report = result.Report;
            outcome.AppendLine(report.ToString());
            outcome.AppendLine(CultureInfo.InvariantCulture,
                $"{report.LinesRead} {report.BlankLines} {report.Transactions} {report.Customers} {report.AmountUsed:R} {report.AmountRejected:R} {report.LinesMergedIntoInvoices} {report.InvoiceTimestampConflicts} {report.CancelledLines}");
            foreach ((CsvRejectionReason reason, CsvRejectionTotal total) in report.RejectionTotals.OrderBy(r => r.Key))
            {
                outcome.AppendLine(CultureInfo.InvariantCulture, $"{reason}: {total.Count} {total.Amount:R} {total.LinesWithAmount} {total.First}");
            }

            foreach (CsvRejection detail in report.Rejections)
            {
                outcome.AppendLine(detail.ToString());
            }
        }
        catch (CsvImportException e)
        {
            outcome.AppendLine(CultureInfo.InvariantCulture, $"{e.GetType().Name} line {e.LineNumber} column {e.Column}: {e.Message}");
        }

        rejectsWriter.Dispose();
        outcome.AppendLine("rejects:").Append(rejects);
        return outcome.ToString();
    }

    private static string FirstDifference(string a, string b)
    {
        string[] x = a.Split('\n'), y = b.Split('\n');
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            if (x[i] != y[i])
            {
                return $"line {i}:\n  {x[i]}\n  {y[i]}";
            }
        }

        return $"lengths {x.Length} and {y.Length}";
    }
}
