namespace CustomerScoring.Profiles;

/// <summary>
/// A named per-customer field that rules can read. Each field has a snake_case name used in rule files
/// (see <see cref="ProfileFields.NameOf"/>); day counts are calendar days between the dates of the timestamps and
/// the observation end, whatever the period unit of the summaries, except <see cref="LastGapDays"/>, which is measured
/// between purchase periods (with weekly periods a multiple of 7, between the Mondays of the weeks).
/// </summary>
/// <remarks>
/// Undefined values (e.g. <see cref="MeanInterpurchaseDays"/> of a one-time buyer) are NaN: every comparison with an
/// undefined value is false, including <c>!=</c>, <c>between</c> and <c>in</c>; <c>not</c> negates that result.
/// </remarks>
public enum ProfileField
{
    /// <summary><c>days_since_last_purchase</c> (alias <c>recency</c>): days from the last purchase to the observation end.</summary>
    DaysSinceLastPurchase,

    /// <summary><c>frequency</c> (alias <c>x</c>): repeat purchase periods, x = purchase periods - 1.</summary>
    Frequency,

    /// <summary><c>transactions</c>: the number of transactions.</summary>
    Transactions,

    /// <summary><c>purchase_periods</c>: the number of distinct periods with a purchase.</summary>
    PurchasePeriods,

    /// <summary><c>total_spend</c>: total amount, refunds netted.</summary>
    TotalSpend,

    /// <summary><c>total_margin</c>: total margin (0 without a margin column).</summary>
    TotalMargin,

    /// <summary><c>monetary_repeat_mean</c>: m, mean amount of the repeat purchase periods (0 when x = 0).</summary>
    MonetaryRepeatMean,

    /// <summary><c>first_purchase_days_ago</c>: days from the first purchase to the observation end (the customer's age T in days).</summary>
    FirstPurchaseDaysAgo,

    /// <summary><c>tenure_days</c>: days from the first to the last purchase (the active span, t_x in days; 0 for one-time buyers).</summary>
    TenureDays,

    /// <summary><c>mean_interpurchase_days</c>: tenure_days / frequency (t_x / x in days); undefined (NaN) when x = 0.</summary>
    MeanInterpurchaseDays,

    /// <summary><c>overdue_ratio</c>: days_since_last_purchase / mean_interpurchase_days; undefined when x = 0 (and
    /// infinite when the mean is 0 but time has passed).</summary>
    OverdueRatio,

    /// <summary><c>spend_percentile</c>: the fraction of customers whose total spend is strictly smaller (ties share a value; 0..(n-1)/n).</summary>
    SpendPercentile,

    /// <summary><c>frequency_percentile</c>: the fraction of customers whose frequency is strictly smaller.</summary>
    FrequencyPercentile,

    /// <summary><c>r_score</c>: RFM recency score (needs an RFM result).</summary>
    RScore,

    /// <summary><c>f_score</c>: RFM frequency score (needs an RFM result).</summary>
    FScore,

    /// <summary><c>m_score</c>: RFM monetary score (needs an RFM result).</summary>
    MScore,

    /// <summary><c>rfm_cell</c>: R x 100 + F x 10 + M, e.g. 545 (needs an RFM result).</summary>
    RfmCell,

    /// <summary><c>segment</c> (text): the RFM segment name (needs an RFM result).</summary>
    Segment,

    /// <summary><c>abc_class</c> (text): "A", "B", "C" or "Excluded"; from the given ABC classification, or by default
    /// computed from total spend with 80/95 cumulative shares and negative totals clipped to zero.</summary>
    AbcClass,

    /// <summary><c>clv</c>: customer lifetime value (needs a CLV column).</summary>
    Clv,

    /// <summary><c>clv_percentile</c>: the fraction of customers whose CLV is strictly smaller (needs a CLV column).</summary>
    ClvPercentile,

    /// <summary><c>p_alive</c>: probability that the customer is still active (needs a P(alive) column).</summary>
    PAlive,

    /// <summary><c>expected_purchases</c>: expected purchases over the model's horizon (needs an expected-purchases column).</summary>
    ExpectedPurchases,

    /// <summary><c>points</c>: loyalty points earned on total spend (needs a <see cref="LoyaltyProgram"/> on the rule set or profiles).</summary>
    Points,

    /// <summary><c>last_gap_days</c>: days between the last two distinct purchase periods, i.e. how long the customer had
    /// been away before the latest purchase; undefined (NaN) when x = 0.</summary>
    LastGapDays,
}
