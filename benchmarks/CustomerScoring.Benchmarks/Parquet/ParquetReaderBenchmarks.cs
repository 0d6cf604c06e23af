using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using CustomerScoring.Csv;
using CustomerScoring.Parquet;

namespace CustomerScoring.Benchmarks.Parquet;

/// <summary>
/// The same transactions (<c>customer_id</c>, <c>timestamp</c>, <c>amount</c> double) read through the public API
/// from CSV (<see cref="TransactionCsvReader.ReadFile"/>, the baseline) and from Parquet
/// (<see cref="TransactionParquetReader.ReadFile"/>, Snappy, row groups of 131,072 rows as written by
/// <see cref="ParquetTableWriter"/>). Ids are strings (<c>C123</c>) or integers (<c>123</c>: text in the CSV file, int64 in
/// the Parquet file); both readers key them as text in a key map.
/// Run: dotnet run -c Release --project benchmarks/CustomerScoring.Benchmarks -- --filter '*ParquetReader*'
/// </summary>
[MemoryDiagnoser]
public class ParquetReaderBenchmarks
{
    private string _directory = "";
    private string _csv = "";
    private string _parquet = "";

    /// <summary>Rows in the generated files.</summary>
    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    /// <summary>1M rows; 200k in quick mode (<see cref="BenchmarkSizes"/>).</summary>
    public static IEnumerable<int> RowCounts => BenchmarkSizes.Choose(full: [1_000_000], quick: [200_000]);

    /// <summary>Distinct customers.</summary>
    [Params(100_000)]
    public int Customers { get; set; }

    /// <summary>Whether the ids are integers (int64 in the Parquet file) rather than strings.</summary>
    [Params(false, true)]
    public bool IntegerIds { get; set; }

    /// <summary>Writes both files into a fresh temporary directory.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("parquet-bench-").FullName;
        _csv = Path.Combine(_directory, "transactions.csv");
        _parquet = Path.Combine(_directory, "transactions.parquet");
        var random = new Random(42);
        var start = new DateTime(2020, 1, 1);
        var ids = new string[Rows];
        var numbers = new long[Rows];
        var times = new DateTime[Rows];
        var amounts = new double[Rows];
        using (var writer = new StreamWriter(_csv, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.Write("customer_id,timestamp,amount\n");
            for (int i = 0; i < Rows; i++)
            {
                numbers[i] = random.Next(Customers);
                ids[i] = (IntegerIds ? "" : "C") + numbers[i].ToString(CultureInfo.InvariantCulture);
                times[i] = start.AddDays(random.Next(1500)).AddSeconds(random.Next(86_400));
                amounts[i] = random.Next(1, 100_000) / 100.0;
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{ids[i]},{times[i]:yyyy-MM-dd HH:mm:ss},{amounts[i]:R}\n"));
            }
        }

        var table = new ParquetTableWriter(Rows) { RowGroupSize = 1 << 17 };
        if (IntegerIds)
        {
            table.Add("customer_id", numbers.AsMemory());
        }
        else
        {
            table.Add("customer_id", ids);
        }

        table.Add("timestamp", times.AsMemory()).Add("amount", amounts.AsMemory()).WriteFile(_parquet);
    }

    /// <summary>Deletes the files.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>The CSV file into batches.</summary>
    [Benchmark(Baseline = true)]
    public long Csv() => TransactionCsvReader.ReadFile(_csv).Transactions.Count;

    /// <summary>The Parquet file into batches.</summary>
    [Benchmark]
    public long Parquet() => TransactionParquetReader.ReadFile(_parquet).Transactions.Count;
}
