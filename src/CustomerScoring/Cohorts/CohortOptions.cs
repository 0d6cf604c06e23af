namespace CustomerScoring.Cohorts;

/// <summary>The choices a cohort table depends on; the analysis date is always given by the caller.</summary>
/// <param name="AnalysisDate">The last calendar day counted, inclusive; later transactions are left out (and counted).</param>
public sealed record CohortOptions(DateOnly AnalysisDate)
{
    /// <summary>Month (the default) or week cohorts and periods.</summary>
    public CohortPeriod Period { get; init; } = CohortPeriod.Month;
}
