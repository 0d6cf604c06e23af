namespace CustomerScoring.Tiers;

/// <summary>
/// Thresholds of the built-in lifecycle stages (<see cref="BuiltInRuleSets.Lifecycle"/>), in days. Stages are tested in
/// this order, the first match winning: New, Lapsed, Reactivated, At Risk, otherwise Active.
/// </summary>
/// <remarks>
/// <para><b>Reactivated</b> means "the latest purchase, at most <see cref="ReactivatedWithinDays"/> days ago, came after a gap
/// longer than <see cref="LapsedAfterDays"/>": <c>last_gap_days &gt; L and days_since_last_purchase &lt;= W</c>, from the summaries'
/// exact gap before the last purchase (<see cref="Summaries.CustomerSummaries.GapBeforeLastPurchase"/>).</para>
/// </remarks>
public sealed record LifecycleOptions
{
    /// <summary>New: the first purchase at most this many days before the observation end. Default 30.</summary>
    public int NewWithinDays { get; init; } = 30;

    /// <summary>Lapsed: no purchase for more than this many days. Default 180.</summary>
    public int LapsedAfterDays { get; init; } = 180;

    /// <summary>Reactivated: the last purchase at most this many days ago, after a gap longer than <see cref="LapsedAfterDays"/>. Default 30.</summary>
    public int ReactivatedWithinDays { get; init; } = 30;

    /// <summary>At Risk: no purchase for more than k times the customer's own mean inter-purchase time (overdue_ratio &gt; k). Default 2.</summary>
    public double AtRiskOverdueRatio { get; init; } = 2;

    /// <summary>At Risk for one-time buyers (no inter-purchase time): no purchase for more than this many days. Default 90.</summary>
    public int AtRiskOneTimeBuyerAfterDays { get; init; } = 90;

    /// <summary>At Risk also when P(alive) is below this (needs a P(alive) column); null to ignore P(alive). Default null.</summary>
    public double? AtRiskPAliveBelow { get; init; }

    /// <summary>Stage names.</summary>
    public string New { get; init; } = "New";

    /// <summary>Stage name of active customers (the default).</summary>
    public string Active { get; init; } = "Active";

    /// <summary>Stage name of customers at risk.</summary>
    public string AtRisk { get; init; } = "At Risk";

    /// <summary>Stage name of lapsed customers.</summary>
    public string Lapsed { get; init; } = "Lapsed";

    /// <summary>Stage name of reactivated customers.</summary>
    public string Reactivated { get; init; } = "Reactivated";
}
