namespace CustomerScoring.Scorecard;

/// <summary>The value type of a <see cref="ScorecardColumn"/>; each file or table format maps it to its own type.</summary>
public enum ScorecardColumnType
{
    /// <summary>Text (<see cref="string"/>): CSV text, Parquet STRING, SQL VARCHAR/TEXT.</summary>
    Text = 1,

    /// <summary>A whole number, 32 bits (<see cref="int"/>): counts and scores. CSV digits, Parquet INT32, SQL BIGINT.</summary>
    WholeNumber = 2,

    /// <summary>A double: amounts, times and model outputs. CSV with the column's <see cref="ScorecardColumn.Decimals"/>,
    /// Parquet DOUBLE (full precision), SQL DOUBLE / DOUBLE PRECISION.</summary>
    Number = 3,

    /// <summary>A timestamp without time zone (<see cref="DateTime"/>): CSV <c>yyyy-MM-dd[ HH:mm:ss]</c>, Parquet TIMESTAMP,
    /// SQL TIMESTAMP.</summary>
    Timestamp = 4,
}
