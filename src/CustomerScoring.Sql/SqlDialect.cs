namespace CustomerScoring.Sql;

/// <summary>The SQL dialects the summary, histogram and portfolio queries are generated for.</summary>
public enum SqlDialect
{
    /// <summary>DuckDB (embedded; through DuckDB.NET). Parameters are written <c>$name</c>.</summary>
    DuckDb = 1,

    /// <summary>PostgreSQL (through Npgsql). Parameters are written <c>@name</c>, which Npgsql binds by name.</summary>
    PostgreSql = 2,

    /// <summary>Spark SQL / Databricks SQL (Spark 3.4 or later for named parameter markers <c>:name</c>). Generated only: Spark cannot run in this project's tests.</summary>
    Spark = 3,
}
