// Measures customer summaries computed by embedded DuckDB and PostgreSQL against the in-memory Summarizer on generated
// transactions. Not a test: run by hand (benchmarks/SqlScale/run.sh wraps the measurements of docs/scale.md).
//   dotnet run benchmarks/SqlScale/SqlScale.cs -c Release -- duckdb ROWS CUSTOMERS
//       DuckDB (embedded, in memory) summaries and histogram against the in-memory Summarizer on the same rows
//   dotnet run benchmarks/SqlScale/SqlScale.cs -c Release -- parquet FILE ROWS CUSTOMERS
//       writes the generated rows as a Parquet file (customer_id BIGINT, "timestamp" TIMESTAMP, amount DOUBLE)
//   dotnet run benchmarks/SqlScale/SqlScale.cs -c Release -- postgres ROWS CUSTOMERS CONNECTION
//       the same rows copied (binary COPY) into a PostgreSQL table; PostgreSQL summaries against the in-memory ones
// Every mode also checks that the engine's summaries equal the in-memory ones (totals bit for bit).
#:project ../../src/CustomerScoring.Sql/CustomerScoring.Sql.csproj
#:property PublishAot=false

using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using CustomerScoring.Sql;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: SqlScale.cs duckdb ROWS CUSTOMERS | parquet FILE ROWS CUSTOMERS | postgres ROWS CUSTOMERS CONNECTION");
    return 2;
}

string mode = args[0];
int at = mode == "parquet" ? 2 : 1;
long rows = long.Parse(args[at], CultureInfo.InvariantCulture);
int customers = int.Parse(args[at + 1], CultureInfo.InvariantCulture);
var options = new SummaryOptions(new DateOnly(2025, 12, 31)) { TimeUnit = TimeUnit.Week, HoldoutEnd = new DateOnly(2026, 3, 31) };
var source = TransactionSource.FromTable("sales");

// customer = a hash of the row number, timestamps spread over 2024-01-01 .. 2026-03-31, amounts with cents.
string generated = $"""
    SELECT
        CAST(hash(i) % {customers} AS BIGINT) AS customer_id,
        TIMESTAMP '2024-01-01' + to_seconds(CAST(hash(i * 7 + 1) % (820 * 86400) AS BIGINT)) AS "timestamp",
        CAST(hash(i * 13 + 5) % 20000 AS DOUBLE) / 100 AS amount
    FROM range({rows}) t(i)
    """;

using var duck = new DuckDBConnection("DataSource=:memory:");
duck.Open();
var sw = Stopwatch.StartNew();
Process self = Process.GetCurrentProcess();

if (mode == "parquet")
{
    string file = Path.GetFullPath(args[1]);
    Exec(duck, $"COPY ({generated}) TO '{file.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)");
    Console.WriteLine($"wrote {rows:N0} rows of {customers:N0} customer ids to {file} ({new FileInfo(file).Length / 1e6:N0} MB) in {sw.Elapsed.TotalSeconds:F1} s");
    return 0;
}

Exec(duck, "CREATE TABLE sales AS " + generated);
Console.WriteLine($"DuckDB: generated {rows:N0} rows in {sw.Elapsed.TotalSeconds:F2} s");

// The same rows in .NET arrays (dense customer index = the id, 0..customers-1), as generated: each customer's rows out of time order.
sw.Restart();
var index = new int[rows];
var time = new DateTime[rows];
var amount = new double[rows];
using (var command = duck.CreateCommand())
{
    command.CommandText = "SELECT customer_id, \"timestamp\", amount FROM sales";
    using var reader = command.ExecuteReader();
    long i = 0;
    while (reader.Read())
    {
        index[i] = (int)reader.GetInt64(0);
        time[i] = reader.GetDateTime(1);
        amount[i] = reader.GetDouble(2);
        i++;
    }
}

Console.WriteLine($"copy of the rows into .NET arrays: {sw.Elapsed.TotalSeconds:F2} s");
var batch = new TransactionBatch(index, time, amount);
CustomerSummaries inMemory = null!;
for (int run = 0; run < 2; run++)
{
    sw.Restart();
    inMemory = Summarizer.Summarize([batch], options, customers);
    Console.WriteLine($"in-memory Summarizer ({inMemory.Count:N0} customers): {sw.Elapsed.TotalSeconds:F2} s");
}

DbConnection engine = duck;
SqlDialect dialect = SqlDialect.DuckDb;
if (mode == "postgres")
{
    Exec(duck, "DROP TABLE sales");
    var pg = new NpgsqlConnection(args[3]);
    pg.Open();
    sw.Restart();
    Exec(pg, """
        DROP TABLE IF EXISTS sales;
        CREATE UNLOGGED TABLE sales (customer_id BIGINT, "timestamp" TIMESTAMP, amount DOUBLE PRECISION);
        """);
    using (NpgsqlBinaryImporter copy = pg.BeginBinaryImport("COPY sales (customer_id, \"timestamp\", amount) FROM STDIN (FORMAT BINARY)"))
    {
        for (long i = 0; i < rows; i++)
        {
            copy.StartRow();
            copy.Write((long)index[i], NpgsqlDbType.Bigint);
            copy.Write(time[i], NpgsqlDbType.Timestamp);
            copy.Write(amount[i], NpgsqlDbType.Double);
        }

        copy.Complete();
    }

    Exec(pg, "ANALYZE sales");
    Console.WriteLine($"PostgreSQL: COPY of the same {rows:N0} rows in {sw.Elapsed.TotalSeconds:F2} s");
    engine = pg;
    dialect = SqlDialect.PostgreSql;
}
else if (mode != "duckdb")
{
    Console.Error.WriteLine($"unknown mode '{mode}'");
    return 2;
}

KeyedSummaries<long> fromEngine = null!;
for (int run = 0; run < 2; run++)
{
    sw.Restart();
    fromEngine = SqlSummaries.Read<long>(engine, source, options, dialect);
    Console.WriteLine($"{dialect} summaries (portfolio + summary query, {fromEngine.Summaries.Count:N0} rows read into CustomerSummaries): {sw.Elapsed.TotalSeconds:F2} s");
}

if (mode == "duckdb")
{
    sw.Restart();
    var histogram = SqlSummaries.ReadHistogram(duck, source, options, SqlDialect.DuckDb);
    Console.WriteLine($"DuckDB histogram ({histogram.Count:N0} rows for {histogram.CustomerCount:N0} customers): {sw.Elapsed.TotalSeconds:F2} s");
}

// The engine's summaries against the in-memory ones: same customers, same counts and times, totals bit for bit.
CustomerSummaries e = fromEngine.Summaries;
int differences = 0;
for (int row = 0; row < inMemory.Count; row++)
{
    int customer = inMemory.CustomerIndex[row];
    int other = e.RowOf(fromEngine.Customers.IndexOf(customer));
    bool same = e.Frequency[other] == inMemory.Frequency[row] && e.Recency[other] == inMemory.Recency[row] && e.Age[other] == inMemory.Age[row]
        && e.TotalAmount[other] == inMemory.TotalAmount[row] && e.MonetaryRepeatMean[other] == inMemory.MonetaryRepeatMean[row]
        && e.HoldoutAmount[other] == inMemory.HoldoutAmount[row];
    differences += same ? 0 : 1;
}

Console.WriteLine($"{dialect} against in memory: {e.Count:N0} and {inMemory.Count:N0} customers, {differences:N0} with a different x, t_x, T, total, m or holdout amount (bit for bit)");
Console.WriteLine($"peak working set: {self.PeakWorkingSet64 / (1 << 20):N0} MiB");
return e.Count == inMemory.Count && differences == 0 ? 0 : 1;

static void Exec(DbConnection c, string sql)
{
    using var command = c.CreateCommand();
    command.CommandText = sql;
    command.CommandTimeout = 0;
    command.ExecuteNonQuery();
}
