// Creates a DuckDB database file with a table 'sales' loaded from a CSV file (read_csv's own type detection), so that the
// customer-scoring command can be run against a database file (--db duckdb --connection FILE --table sales) in CI.
//   dotnet run .ci/make-duckdb.cs -- DATABASE.duckdb INPUT.csv
#:package DuckDB.NET.Data.Full
#:property PublishAot=false
#:property InvariantGlobalization=true
using DuckDB.NET.Data;

if (args.Length != 2) { Console.Error.WriteLine("usage: make-duckdb DATABASE.duckdb INPUT.csv"); return 2; }
File.Delete(args[0]);
using var db = new DuckDBConnection("DataSource=" + args[0]);
db.Open();
using DuckDBCommand command = db.CreateCommand();
command.CommandText = $"CREATE TABLE sales AS SELECT * FROM read_csv('{args[1].Replace("'", "''", StringComparison.Ordinal)}')";
command.ExecuteNonQuery();
command.CommandText = "SELECT count(*) FROM sales";
Console.WriteLine($"{args[0]}: table sales, {command.ExecuteScalar()} rows");
return 0;
