namespace CustomerScoring.Cohorts;

/// <summary>The calendar unit of acquisition cohorts and of the periods since acquisition.</summary>
public enum CohortPeriod
{
    /// <summary>Calendar months: a cohort is the customers whose first purchase fell in one month.</summary>
    Month = 0,

    /// <summary>Weeks from Monday to Sunday (as <see cref="Summaries.TimeUnit.Week"/>).</summary>
    Week = 1,
}
