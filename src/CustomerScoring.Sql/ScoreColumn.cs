namespace CustomerScoring.Sql;

/// <summary>The value types a score table column can hold, and the .NET type each expects.</summary>
public enum ScoreColumnType
{
    /// <summary>Text (<see cref="string"/>): VARCHAR in DuckDB, TEXT in PostgreSQL.</summary>
    Text = 1,

    /// <summary>A 64-bit integer (<see cref="long"/>; <see cref="int"/> is accepted): BIGINT.</summary>
    WholeNumber = 2,

    /// <summary>A double (<see cref="double"/>): DOUBLE / DOUBLE PRECISION.</summary>
    Number = 3,

    /// <summary>A calendar date (<see cref="DateOnly"/>): DATE.</summary>
    Date = 4,

    /// <summary>A timestamp without time zone (<see cref="DateTime"/>): TIMESTAMP.</summary>
    Timestamp = 5,
}

/// <summary>One column of a score table: its name (quoted as an identifier, any text allowed) and type.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The column type.</param>
public sealed record ScoreColumn(string Name, ScoreColumnType Type);
