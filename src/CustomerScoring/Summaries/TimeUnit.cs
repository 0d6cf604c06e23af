namespace CustomerScoring.Summaries;

/// <summary>
/// A unit of calendar time. Used both as the <em>period</em> into which purchases are bucketed
/// (several purchases in one period count as one purchase period) and as the <em>time unit</em> in
/// which recency, customer age and model horizons are expressed.
/// </summary>
/// <remarks>Days are calendar days of the timestamps as given. Weeks are 7 days starting on Monday.</remarks>
public enum TimeUnit
{
    /// <summary>One calendar day.</summary>
    Day = 1,

    /// <summary>Seven days; as a period, Monday to Sunday.</summary>
    Week = 7,
}

/// <summary>Conversions between <see cref="TimeUnit"/>s.</summary>
public static class TimeUnitExtensions
{
    /// <summary>The length of the unit in days (1 or 7).</summary>
    public static int Days(this TimeUnit unit) => unit switch
    {
        TimeUnit.Day => 1,
        TimeUnit.Week => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };

    /// <summary>The lowercase name used in files and command lines: "day" or "week".</summary>
    public static string ToName(this TimeUnit unit) => unit switch
    {
        TimeUnit.Day => "day",
        TimeUnit.Week => "week",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };
}
