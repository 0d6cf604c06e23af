namespace CustomerScoring.Rules;

/// <summary>
/// The evaluation of one rule for one customer: whether it matched, a readable reason built from the customer's values,
/// and each elementary condition. Created on demand by explanations, never stored per customer. Immutable.
/// </summary>
/// <param name="RuleName">The rule's name.</param>
/// <param name="Tier">The tier (or tag) the rule assigns.</param>
/// <param name="Matched">Whether the rule's condition held.</param>
/// <param name="Reason">The condition with the customer's values, e.g. "clv_percentile 0.97 &gt;= 0.95 and days_since_last_purchase 12 &lt;= 30";
/// elementary conditions that did not hold are marked "[false]".</param>
/// <param name="Conditions">The elementary conditions in the order written.</param>
public sealed record RuleOutcome(string RuleName, string Tier, bool Matched, string Reason, IReadOnlyList<ConditionOutcome> Conditions)
{
    /// <summary>"Gold because ..." when matched, otherwise "not Gold (rule gold): ...".</summary>
    /// <returns>The sentence.</returns>
    public override string ToString() => Matched
        ? $"{Tier} because {Reason}"
        : $"not {Tier} (rule {RuleName}): {Reason}";
}
