using System.Globalization;
using CustomerScoring.Profiles;
using CustomerScoring.Rules;

namespace CustomerScoring.Tiers;

/// <summary>
/// Ready-made rule sets, written in the condition language so that <see cref="RuleSet.ToJson"/> gives a rule file to copy
/// and edit. Percentiles are fractions of customers with a strictly smaller value (see <see cref="CustomerProfiles"/>).
/// </summary>
public static class BuiltInRuleSets
{
    /// <summary>
    /// Value tiers by percentile: VIP the top 1% (percentile &gt;= 0.99), Gold the next 4% (&gt;= 0.95), Silver the next 15%
    /// (&gt;= 0.80), Bronze the rest. Exact shares on distinct values when n is a multiple of 100; ties stay together.
    /// </summary>
    /// <param name="measure">Rank by CLV (needs a CLV column) or by total spend.</param>
    /// <returns>The rule set "value-tiers".</returns>
    public static RuleSet ValueTiers(ValueMeasure measure = ValueMeasure.Spend)
    {
        string f = measure == ValueMeasure.Clv ? "clv_percentile" : "spend_percentile";
        return new RuleSet(
            "value-tiers",
            [Rule.Parse("VIP", $"{f} >= 0.99"), Rule.Parse("Gold", $"{f} >= 0.95"), Rule.Parse("Silver", $"{f} >= 0.80")],
            "Bronze",
            description: $"VIP top 1%, Gold next 4%, Silver next 15%, Bronze the rest, by {(measure == ValueMeasure.Clv ? "CLV" : "total spend")}");
    }

    /// <summary>
    /// ABC classes as tiers: A, B, C from the profiles' ABC classification (by default 80% / 95% cumulative shares of total
    /// spend, i.e. 80/15/5), "Excluded" for customers the classification left out.
    /// </summary>
    /// <returns>The rule set "abc-classes".</returns>
    public static RuleSet AbcClasses() => new(
        "abc-classes",
        [Rule.Parse("A", "abc_class == \"A\""), Rule.Parse("B", "abc_class == \"B\""), Rule.Parse("C", "abc_class == \"C\"")],
        "Excluded",
        description: "ABC classes by cumulative share of value (A to 80%, B to 95%, C the rest)");

    /// <summary>
    /// Lifecycle stages, first match wins: New (first purchase at most N days ago), Lapsed (no purchase for more than L days),
    /// Reactivated (the latest purchase, at most W days ago, ended a gap longer than L days), At Risk (overdue by k times the own mean
    /// inter-purchase time, one-time buyers after D days, or P(alive) below a threshold when asked), otherwise Active.
    /// </summary>
    /// <param name="options">Thresholds and names; defaults when null.</param>
    /// <returns>The rule set "lifecycle".</returns>
    public static RuleSet Lifecycle(LifecycleOptions? options = null)
    {
        LifecycleOptions o = options ?? new LifecycleOptions();
        if (o.NewWithinDays < 0 || o.LapsedAfterDays < 0 || o.ReactivatedWithinDays < 0 || o.AtRiskOneTimeBuyerAfterDays < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Day thresholds must be non-negative.");
        }

        if (!double.IsFinite(o.AtRiskOverdueRatio) || o.AtRiskOverdueRatio <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), o.AtRiskOverdueRatio, "AtRiskOverdueRatio must be positive and finite.");
        }

        if (o.AtRiskPAliveBelow is { } pa && !(pa > 0 && pa <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), pa, "AtRiskPAliveBelow must be in (0, 1].");
        }

        CultureInfo inv = CultureInfo.InvariantCulture;
        string atRisk = string.Create(inv, $"overdue_ratio > {o.AtRiskOverdueRatio:R} or (frequency == 0 and days_since_last_purchase > {o.AtRiskOneTimeBuyerAfterDays})");
        if (o.AtRiskPAliveBelow is { } p)
        {
            atRisk += string.Create(inv, $" or p_alive < {p:R}");
        }

        return new RuleSet(
            "lifecycle",
            [
                Rule.Parse(o.New, string.Create(inv, $"first_purchase_days_ago <= {o.NewWithinDays}")),
                Rule.Parse(o.Lapsed, string.Create(inv, $"days_since_last_purchase > {o.LapsedAfterDays}")),
                Rule.Parse(o.Reactivated, string.Create(inv, $"last_gap_days > {o.LapsedAfterDays} and days_since_last_purchase <= {o.ReactivatedWithinDays}")),
                Rule.Parse(o.AtRisk, atRisk),
            ],
            o.Active,
            description: "Lifecycle stages: New, Lapsed, Reactivated, At Risk, otherwise Active");
    }

    /// <summary>
    /// The value x loyalty 2x2 matrix: high or low value (percentile &gt;= <paramref name="valueSplit"/>) against high or low
    /// purchase frequency (frequency_percentile &gt;= <paramref name="frequencySplit"/>); 0.5 splits at the median (a customer is
    /// "high" when at least half of the customers have a strictly smaller value).
    /// </summary>
    /// <param name="measure">Value by CLV or total spend.</param>
    /// <param name="valueSplit">Value percentile from which a customer is high value.</param>
    /// <param name="frequencySplit">Frequency percentile from which a customer is frequent.</param>
    /// <returns>The rule set "value-loyalty".</returns>
    public static RuleSet ValueLoyaltyMatrix(ValueMeasure measure = ValueMeasure.Spend, double valueSplit = 0.5, double frequencySplit = 0.5)
    {
        if (!(valueSplit > 0 && valueSplit < 1) || !(frequencySplit > 0 && frequencySplit < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(valueSplit), "Splits must be strictly between 0 and 1.");
        }

        string f = measure == ValueMeasure.Clv ? "clv_percentile" : "spend_percentile";
        CultureInfo inv = CultureInfo.InvariantCulture;
        string high = string.Create(inv, $"{f} >= {valueSplit:R}");
        string frequent = string.Create(inv, $"frequency_percentile >= {frequencySplit:R}");
        return new RuleSet(
            "value-loyalty",
            [
                Rule.Parse("High value, frequent", $"{high} and {frequent}"),
                Rule.Parse("High value, infrequent", $"{high} and not {frequent}"),
                Rule.Parse("Low value, frequent", $"not {high} and {frequent}"),
            ],
            "Low value, infrequent",
            description: "Value x loyalty matrix split at the medians");
    }

    /// <summary>
    /// Loyalty tiers by points earned on total spend: Platinum from 5,000 points, Gold from 1,000, Silver from 250, otherwise
    /// Member. (samples/rules/loyalty-tiers.json extends it: lapsed members drop to Member and Gold also opens at 500 points
    /// with 12 or more purchases.)
    /// </summary>
    /// <param name="program">The points program; 1 point per 10 spent, rounded down, 100 points = 1 unit when null.</param>
    /// <returns>The rule set "loyalty-tiers".</returns>
    public static RuleSet LoyaltyTiers(LoyaltyProgram? program = null) => new(
        "loyalty-tiers",
        [Rule.Parse("Platinum", "points >= 5000"), Rule.Parse("Gold", "points >= 1000"), Rule.Parse("Silver", "points >= 250")],
        "Member",
        HitPolicy.First,
        program ?? new LoyaltyProgram(),
        "Loyalty tiers by points earned on total spend");
}
