// Measures customer summaries computed by embedded DuckDB (and optionally PostgreSQL) against the in-memory Summarizer
// on generated transactions. Not a test: run by hand, figures go to docs/scale.md.
//   dotnet run benchmarks/SqlScale/SqlScale.cs -c Release -- [rows=10000000] [customers=1000000] [postgres connection string]
#:project ../../src/CustomerScoring.Sql/CustomerScoring.Sql.csproj
#:property PublishAot=false

using System.Diagnostics;
using System.Globalization;
using CustomerScoring.Sql;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using DuckDB.NET.Data;
using Npgsql;

long rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
int customers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
string? postgres = args.Length > 2 ? args[2] : null;
var options = new SummaryOptions(new DateOnly(2025, 12, 31)) { TimeUnit = TimeUnit.Week, HoldoutEnd = new DateOnly(2026, 3, 31) };
var source = TransactionSource.FromTable("sales");

// customer = a hash of the row number, timestamps spread over 2024-01-01 .. 2026-03-31, amounts with cents.
string generate = $"""
    CREATE TABLE sales AS
    SELECT
        CAST(hash(i) % {customers} AS BIGINT) AS customer_id,
        TIMESTAMP '2024-01-01' + to_seconds(CAST(hash(i * 7 + 1) % (820 * 86400) AS BIGINT)) AS "timestamp",
        CAST(hash(i * 13 + 5) % 20000 AS DOUBLE) / 100 AS amount
    FROM range({rows}) t(i)
    """;

using var duck = new DuckDBConnection("DataSource=:memory:");
duck.Open();
var sw = Stopwatch.StartNew();
Exec(duck, generate);
Console.WriteLine($"DuckDB: generated {rows:N0} rows in {sw.Elapsed.TotalSeconds:F2} s");

Process self = Process.GetCurrentProcess();
for (int run = 0; run < 2; run++)
{
    sw.Restart();
    KeyedSummaries<long> s = SqlSummaries.Read<long>(duck, source, options, SqlDialect.DuckDb);
    Console.WriteLine($"DuckDB summaries (query + read {s.Summaries.Count:N0} rows into CustomerSummaries): {sw.Elapsed.TotalSeconds:F2} s");
}

sw.Restart();
var histogram = SqlSummaries.ReadHistogram(duck, source, options, SqlDialect.DuckDb);
Console.WriteLine($"DuckDB histogram ({histogram.Count:N0} rows for {histogram.CustomerCount:N0} customers): {sw.Elapsed.TotalSeconds:F2} s");

// The same rows into .NET arrays (dense customer index = the id, which is 0..customers-1), first as generated (each
// customer's rows out of time order), then in time order (as exports usually are).
foreach (string order in new[] { "", " ORDER BY \"timestamp\"" })
{
    sw.Restart();
    var index = new int[rows];
    var time = new DateTime[rows];
    var amount = new double[rows];
    using (var command = duck.CreateCommand())
    {
        command.CommandText = "SELECT customer_id, \"timestamp\", amount FROM sales" + order;
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

    string label = order.Length == 0 ? "rows as generated" : "rows in time order";
    Console.WriteLine($"copy of the rows into .NET arrays ({label}): {sw.Elapsed.TotalSeconds:F2} s");
    var batch = new TransactionBatch(index, time, amount);
    for (int run = 0; run < 2; run++)
    {
        sw.Restart();
        CustomerSummaries m = Summarizer.Summarize([batch], options, customers);
        Console.WriteLine($"in-memory Summarizer, {label} ({m.Count:N0} customers): {sw.Elapsed.TotalSeconds:F2} s");
    }
}

Console.WriteLine($"peak working set: {self.PeakWorkingSet64 / (1 << 20):N0} MiB");

if (postgres is not null)
{
    using var pg = new NpgsqlConnection(postgres);
    pg.Open();
    sw.Restart();
    Exec(pg, $"""
        DROP TABLE IF EXISTS sales;
        CREATE UNLOGGED TABLE sales AS
        SELECT
            (abs(hashint8(i)) % {customers})::bigint AS customer_id,
            TIMESTAMP '2024-01-01' + make_interval(secs => (abs(hashint8(i * 7 + 1)) % (820 * 86400))::double precision) AS "timestamp",
            (abs(hashint8(i * 13 + 5)) % 20000)::double precision / 100 AS amount
        FROM generate_series(0, {rows - 1}) AS g(i);
        ANALYZE sales;
        """);
    Console.WriteLine($"PostgreSQL: generated {rows:N0} rows in {sw.Elapsed.TotalSeconds:F2} s");
    for (int run = 0; run < 2; run++)
    {
        sw.Restart();
        KeyedSummaries<long> s = SqlSummaries.Read<long>(pg, source, options, SqlDialect.PostgreSql);
        Console.WriteLine($"PostgreSQL summaries ({s.Summaries.Count:N0} customers): {sw.Elapsed.TotalSeconds:F2} s");
    }
}

static void Exec(System.Data.Common.DbConnection c, string sql)
{
    using var command = c.CreateCommand();
    command.CommandText = sql;
    command.CommandTimeout = 0;
    command.ExecuteNonQuery();
}
