using CustomerScoring.Summaries;

namespace CustomerScoring.Cohorts;

/// <summary>The choices a cohort table depends on; the analysis date is always given by the caller.</summary>
/// <param name="AnalysisDate">The last calendar day counted, inclusive; later transactions are left out (and counted).</param>
public sealed record CohortOptions(DateOnly AnalysisDate)
{
    /// <summary>Month (the default) or week cohorts and periods.</summary>
    public CohortPeriod Period { get; init; } = CohortPeriod.Month;

    /// <summary>
    /// What a return (a negative amount) is, as in <see cref="SummaryOptions.Returns"/>: with <see cref="ReturnsPolicy.Net"/>
    /// (the default) it lowers the revenue of its period (the first purchase's period if it comes earlier) but is no purchase,
    /// makes no one active and acquires no one; customers with only returns are in no cohort. <see cref="ReturnsPolicy.Exclude"/>
    /// drops returns, <see cref="ReturnsPolicy.Keep"/> counts them as purchases.
    /// </summary>
    public ReturnsPolicy Returns { get; init; } = ReturnsPolicy.Net;
}
