using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using CustomerScoring.Benchmarks.Data;
using CustomerScoring.Concentration;
using CustomerScoring.Csv;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using DuckDB.NET.Data;

namespace CustomerScoring.Benchmarks.Pipeline;

/// <summary>
/// The user's path in one call (issue 12): from a CSV file with the user's string ids through the public API exactly as
/// the README's tour goes (<see cref="TransactionCsvReader.ReadFile"/>, <see cref="Summarizer.Summarize{TKey}(CustomerTransactions{TKey}, SummaryOptions, ScoringWorkspace?, CancellationToken)"/>,
/// RFM with ties by the user's keys, <see cref="ParetoAnalysis"/> with the same key ranks), beside the SQL engine doing the
/// same job embedded in the process (DuckDB: read_csv, per-customer summaries, NTILE(5) per dimension, the 80/20 figures)
/// as the baseline. Warm calls of a running process (BenchmarkDotNet); the cold process is benchmarks/whole-process.sh's.
/// Run: dotnet run -c Release --project benchmarks/CustomerScoring.Benchmarks -- --filter '*UserPath*'
/// </summary>
[MemoryDiagnoser]
public class UserPathBenchmarks
{
    private string _directory = "";
    private string _path = "";

    /// <summary>Rows in the generated file; customers are a tenth of that.</summary>
    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    /// <summary>1M rows (100k customers); 200k in quick mode (<see cref="BenchmarkSizes"/>).</summary>
    public static IEnumerable<int> RowCounts => BenchmarkSizes.Choose(full: [1_000_000], quick: [200_000]);

    /// <summary>
    /// Writes <c>customer_id,timestamp,amount</c> as a shop exports it: rows in time order, integer ids written as text and
    /// scrambled (first-seen order is not key order), ISO timestamps, amounts with cents.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("user-path-bench-").FullName;
        _path = Path.Combine(_directory, "transactions.csv");
        TransactionBatch batch = SyntheticTransactions.Generate(Rows, Rows / 10);
        using var writer = new StreamWriter(_path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("customer_id,timestamp,amount\n");
        for (int i = 0; i < batch.Count; i++)
        {
            long id = 10_000 + ((batch.CustomerIndex[i] * 2_654_435_761L) % 4_294_967_291L);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{id},{batch.Timestamps[i]:yyyy-MM-ddTHH:mm:ss},{batch.Amounts[i]:F2}\n"));
        }
    }

    /// <summary>Deletes the file.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>Embedded DuckDB as a SQL user writes the job: load the CSV, summarize, NTILE(5) per dimension (ties by id), 80/20.</summary>
    [Benchmark(Baseline = true)]
    public double DuckDb()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"SET threads = {Environment.ProcessorCount}"));
        Execute(connection, $$"""
            CREATE TABLE sales AS
            SELECT * FROM read_csv('{{_path.Replace("'", "''", StringComparison.Ordinal)}}', header = true,
                columns = {'customer_id': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'amount': 'DOUBLE'})
            """);
        Execute(connection, """
            CREATE TABLE customers AS
            WITH summary AS (
                SELECT customer_id,
                       date_diff('day', max("timestamp")::DATE, (SELECT max("timestamp")::DATE + 1 FROM sales)) AS recency,
                       count(*) AS frequency,
                       sum(amount) AS monetary
                FROM sales GROUP BY customer_id)
            SELECT *,
                   ntile(5) OVER (ORDER BY recency DESC, customer_id) AS r_score,
                   ntile(5) OVER (ORDER BY frequency, customer_id) AS f_score,
                   ntile(5) OVER (ORDER BY monetary, customer_id) AS m_score
            FROM summary
            """);
        using var command = connection.CreateCommand();
        command.CommandText = """
            WITH ranked AS (
                SELECT monetary, row_number() OVER (ORDER BY monetary DESC, customer_id) AS rank,
                       sum(monetary) OVER (ORDER BY monetary DESC, customer_id ROWS UNBOUNDED PRECEDING) AS running,
                       count(*) OVER () AS n, sum(monetary) OVER () AS total
                FROM customers)
            SELECT sum(monetary) FILTER (WHERE rank <= n * 0.2) / max(total), min(rank) FILTER (WHERE running >= 0.8 * total)
            FROM ranked
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.GetDouble(0) + reader.GetInt64(1);
    }

    /// <summary>The README's tour on the file: import, summaries to the day after the last purchase, RFM with ties by the
    /// user's ids, 80/20 with the same key ranks.</summary>
    [Benchmark]
    public double Library()
    {
        CsvImportResult imported = TransactionCsvReader.ReadFile(_path);
        CustomerTransactions<string> data = imported.Transactions;
        CustomerSummaries summaries = Summarizer.Summarize(data, new SummaryOptions(Summarizer.DayAfterLastTransaction(data)));
        RfmResult rfm = RfmScorer.Default.Score(summaries, data.Customers);
        int[] keyRanks = RfmScorerExtensions.TieBreakRanks(summaries, data.Customers);
        ParetoAnalysis pareto = ParetoAnalysis.Analyze(summaries.TotalAmount, tieBreakRank: keyRanks);
        return pareto.TopShare(0.2) + pareto.CustomersForShare(0.8) + rfm.SegmentCounts[0];
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
