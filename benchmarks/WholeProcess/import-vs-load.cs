// The CSV import against the SQL engine's CSV load on the same file, in one process, warm, alternating (issue 12:
// "CSV import at least 2x faster than the SQL engine's CSV load"). Not a test and not the gate; run by hand:
//   dotnet run benchmarks/WholeProcess/import-vs-load.cs -c Release -- INPUT.csv [runs=5]
// Each run: DuckDB (embedded, 2 threads) loads the file into a table with the whole-process job's statement (string ids,
// TIMESTAMP, DOUBLE), then TransactionCsvReader.ReadFile reads it (string ids, every row kept as a transaction, as the
// README's tour does). Prints each time and the ratio of medians.
#:package DuckDB.NET.Data.Full
#:project ../../src/CustomerScoring.Csv/CustomerScoring.Csv.csproj
#:property PublishAot=false
#:property InvariantGlobalization=true
using System.Diagnostics;
using CustomerScoring.Csv;
using DuckDB.NET.Data;

string path = args[0];
int runs = args.Length > 1 ? int.Parse(args[1]) : 5;
var duck = new List<double>();
var read = new List<double>();
for (int run = 0; run < runs; run++)
{
    var clock = Stopwatch.StartNew();
    using (var connection = new DuckDBConnection("DataSource=:memory:"))
    {
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SET threads = 2";
        command.ExecuteNonQuery();
        command.CommandText = $$"""
            CREATE TABLE sales AS SELECT * FROM read_csv('{{path.Replace("'", "''")}}', header = true,
                columns = {'customer_id': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'amount': 'DOUBLE'})
            """;
        command.ExecuteNonQuery();
    }

    duck.Add(clock.Elapsed.TotalSeconds);
    Collect();
    clock.Restart();
    CsvImportResult imported = TransactionCsvReader.ReadFile(path);
    read.Add(clock.Elapsed.TotalSeconds);
    long rows = imported.Report.Transactions;
    imported = null!;
    Collect();
    Console.WriteLine($"run {run + 1}: DuckDB load {duck[^1]:F2} s | ReadFile {read[^1]:F2} s ({rows:N0} rows)");
}

double Median(List<double> v) { var s = v.Order().ToArray(); return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2; }
Console.WriteLine($"medians: DuckDB load {Median(duck):F2} s, ReadFile {Median(read):F2} s ({Median(duck) / Median(read):F2}x faster)");

static void Collect()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
}
