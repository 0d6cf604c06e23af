using System.Data.Common;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;

namespace CustomerScoring.Sql.Tests;

/// <summary>Loads test transactions into a table "sales"(customer_id, timestamp, amount, margin) with each engine's own bulk API.</summary>
internal static class Engines
{
    public static DuckDBConnection OpenDuckDb()
    {
        var c = new DuckDBConnection("DataSource=:memory:");
        c.Open();
        return c;
    }

    public static void LoadDuckDb(DuckDBConnection connection, IEnumerable<Txn> rows, string table = "sales")
    {
        Execute(connection, $"CREATE OR REPLACE TABLE \"{table}\" (customer_id VARCHAR, \"timestamp\" TIMESTAMP, amount DOUBLE, margin DOUBLE)");
        using DuckDBAppender appender = connection.CreateAppender(table);
        foreach (Txn t in rows)
        {
            appender.CreateRow().AppendValue(t.Customer).AppendValue(t.Timestamp).AppendValue(t.Amount).AppendValue(t.Margin).EndRow();
        }
    }

    public static void LoadPostgres(NpgsqlConnection connection, IEnumerable<Txn> rows, string table = "sales")
    {
        Execute(connection, $"DROP TABLE IF EXISTS \"{table}\"; CREATE TABLE \"{table}\" (customer_id TEXT, \"timestamp\" TIMESTAMP, amount DOUBLE PRECISION, margin DOUBLE PRECISION)");
        using NpgsqlBinaryImporter importer = connection.BeginBinaryImport($"COPY \"{table}\" (customer_id, \"timestamp\", amount, margin) FROM STDIN (FORMAT BINARY)");
        foreach (Txn t in rows)
        {
            importer.StartRow();
            importer.Write(t.Customer, NpgsqlDbType.Text);
            importer.Write(t.Timestamp, NpgsqlDbType.Timestamp);
            importer.Write(t.Amount, NpgsqlDbType.Double);
            importer.Write(t.Margin, NpgsqlDbType.Double);
        }

        importer.Complete();
    }

    public static void Execute(DbConnection connection, string sql)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
