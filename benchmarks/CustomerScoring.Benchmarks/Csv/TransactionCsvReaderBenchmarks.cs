using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using CustomerScoring.Csv;
using CustomerScoring.Transactions;

namespace CustomerScoring.Benchmarks.Csv;

/// <summary>
/// Importing a generated <c>customer_id,timestamp,amount</c> file (ISO dates) with <see cref="TransactionCsvReader"/>
/// beside a naive reader (File.ReadLines, string.Split, double.Parse, DateTime.ParseExact, Dictionary) as the baseline.
/// Run: dotnet run -c Release --project benchmarks/CustomerScoring.Benchmarks -- --filter '*TransactionCsvReader*'
/// </summary>
[MemoryDiagnoser]
public class TransactionCsvReaderBenchmarks
{
    private static readonly CsvImportOptions Parallel = new() { MaxDegreeOfParallelism = null };
    private string _directory = "";
    private string _path = "";

    /// <summary>Rows in the generated file.</summary>
    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    /// <summary>1M rows; 200k in quick mode (<see cref="BenchmarkSizes"/>).</summary>
    public static IEnumerable<int> RowCounts => BenchmarkSizes.Choose(full: [1_000_000], quick: [200_000]);

    /// <summary>Distinct customers in the generated file.</summary>
    [Params(1_000, 100_000)]
    public int Customers { get; set; }

    /// <summary>Writes the file into a fresh temporary directory.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("csv-bench-").FullName;
        _path = Path.Combine(_directory, "transactions.csv");
        var random = new Random(42);
        var start = new DateTime(2020, 1, 1);
        using var writer = new StreamWriter(_path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("customer_id,timestamp,amount\n");
        for (int i = 0; i < Rows; i++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"C{random.Next(Customers)},{start.AddDays(random.Next(1500)):yyyy-MM-dd},{random.Next(1, 100_000) / 100.0}\n"));
        }
    }

    /// <summary>Deletes the file.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>The obvious reader: a string per line and per field.</summary>
    [Benchmark(Baseline = true)]
    public long Naive()
    {
        var customers = new Dictionary<string, int>();
        var index = new List<int>();
        var times = new List<DateTime>();
        var amounts = new List<double>();
        foreach (string line in File.ReadLines(_path).Skip(1))
        {
            string[] fields = line.Split(',');
            if (!customers.TryGetValue(fields[0], out int customer))
            {
                customer = customers.Count;
                customers.Add(fields[0], customer);
            }

            index.Add(customer);
            times.Add(DateTime.ParseExact(fields[1], "yyyy-MM-dd", CultureInfo.InvariantCulture));
            amounts.Add(double.Parse(fields[2], CultureInfo.InvariantCulture));
        }

        return amounts.Count;
    }

    /// <summary>The whole file into batches (the default: the calling thread alone).</summary>
    [Benchmark]
    public long ReadFile()
    {
        CsvImportResult result = TransactionCsvReader.ReadFile(_path);
        return result.Transactions.Count;
    }

    /// <summary>The whole file into batches with CsvHelper's parallel reading, one worker per processor
    /// (MaxDegreeOfParallelism = null), beside ReadFile (one thread) of the same run.</summary>
    [Benchmark]
    public long ReadFileParallel()
    {
        CsvImportResult result = TransactionCsvReader.ReadFile(_path, Parallel);
        return result.Transactions.Count;
    }

    /// <summary>Batch by batch, each summed and dropped (bounded memory).</summary>
    [Benchmark]
    public double Streaming()
    {
        double total = 0;
        using TransactionCsvReader reader = TransactionCsvReader.Open(_path);
        foreach (TransactionBatch batch in reader.ReadBatches())
        {
            foreach (double amount in batch.Amounts)
            {
                total += amount;
            }
        }

        return total;
    }
}
