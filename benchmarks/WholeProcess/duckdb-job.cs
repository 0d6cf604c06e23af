// The SQL engine's side of the whole-process benchmark (issue 12): embedded DuckDB, as a user of DuckDB would write the
// job: load the CSV (or Parquet: read_parquet, the columns as the file types them), per-customer summaries (recency,
// frequency, monetary), NTILE(5) scores per dimension, the 80/20 figures, the per-customer table written as CSV.
// Published and run as its own process by whole-process.sh, which also has it write the Parquet file of a generated CSV
// (--to-parquet: integer ids as BIGINT, row groups of 1M rows, DuckDB's default compression).
//   duckdb-job INPUT.csv|INPUT.parquet OUTPUT.csv [threads]
//   duckdb-job --to-parquet INPUT.csv OUTPUT.parquet
#:package DuckDB.NET.Data.Full
#:property PublishAot=false
#:property InvariantGlobalization=true
using DuckDB.NET.Data;

if (args.Length < 2) { Console.Error.WriteLine("usage: duckdb-job INPUT.csv|INPUT.parquet OUTPUT.csv [threads] | --to-parquet INPUT.csv OUTPUT.parquet"); return 2; }
using var connection = new DuckDBConnection("DataSource=:memory:");
connection.Open();
if (args[0] == "--to-parquet" && args.Length == 3)
{
    Execute($$"""
        COPY (SELECT * FROM read_csv('{{Quoted(args[1])}}', header = true,
            columns = {'customer_id': 'BIGINT', 'timestamp': 'TIMESTAMP', 'amount': 'DOUBLE'}))
        TO '{{Quoted(args[2])}}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)
        """);
    return 0;
}

string input = Quoted(args[0]);
string output = Quoted(args[1]);
string threads = args.Length > 2 ? args[2] : "2";
Execute($"SET threads = {int.Parse(threads)}");
Execute(input.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
    ? $"CREATE TABLE sales AS SELECT customer_id, \"timestamp\", amount FROM read_parquet('{input}')"
    : $$"""
        CREATE TABLE sales AS
        SELECT * FROM read_csv('{{input}}', header = true,
            columns = {'customer_id': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'amount': 'DOUBLE'})
        """);
Execute("""
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
using (var command = connection.CreateCommand())
{
    command.CommandText = """
        WITH ranked AS (
            SELECT monetary, row_number() OVER (ORDER BY monetary DESC, customer_id) AS rank,
                   sum(monetary) OVER (ORDER BY monetary DESC, customer_id ROWS UNBOUNDED PRECEDING) AS running,
                   count(*) OVER () AS n, sum(monetary) OVER () AS total
            FROM customers)
        SELECT max(n), sum(monetary) FILTER (WHERE rank <= n * 0.2) / max(total),
               min(rank) FILTER (WHERE running >= 0.8 * total)
        FROM ranked
        """;
    using var reader = command.ExecuteReader();
    reader.Read();
    Console.WriteLine($"{reader.GetInt64(0):N0} customers; top 20% hold {reader.GetDouble(1):P1} of revenue; {reader.GetInt64(2):N0} customers make 80%");
}
Execute($"COPY customers TO '{output}' (HEADER, DELIMITER ',')");
return 0;

static string Quoted(string path) => path.Replace("'", "''", StringComparison.Ordinal);

void Execute(string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}
