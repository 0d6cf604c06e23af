namespace CustomerScoring.Cohorts;

/// <summary>What a cell of a <see cref="CohortTable"/> shows when rendered.</summary>
public enum CohortMeasure
{
    /// <summary>Customers of the cohort with at least one purchase in the period.</summary>
    ActiveCustomers = 0,

    /// <summary>Active customers over the customers acquired (period 0 is 100%).</summary>
    RetentionShare = 1,

    /// <summary>The sum of the amounts of the cohort's purchases in the period.</summary>
    Revenue = 2,

    /// <summary>Revenue over the customers acquired.</summary>
    RevenuePerAcquiredCustomer = 3,
}
