using CustomerScoring.Profiles;
namespace CustomerScoring.Rules;

/// <summary>
/// Builds rules: from a condition expression (<see cref="Parse"/>, the language of rule files) or from a typed
/// predicate (<see cref="When"/>). Implement <see cref="ITierRule"/> for anything else.
/// </summary>
public static class Rule
{
    /// <summary>
    /// A rule from a condition expression, e.g. <c>Rule.Parse("Gold", "clv_percentile &gt;= 0.95 and days_since_last_purchase &lt;= 30")</c>.
    /// The expression is parsed and type-checked now and compiled to closures over the columns when a rule set runs.
    /// </summary>
    /// <param name="tier">The tier assigned.</param>
    /// <param name="condition">The condition: comparisons (&lt;, &lt;=, &gt;, &gt;=, ==, !=), <c>between a and b</c>, <c>in (...)</c>,
    /// and/or/not, parentheses, numbers and quoted strings over the <see cref="ProfileFields"/> names; <c>true</c> always applies.</param>
    /// <param name="name">The rule's name; the tier when null.</param>
    /// <param name="priority">Priority under <see cref="HitPolicy.Priority"/>.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="RuleDefinitionException">Bad syntax, an unknown field or a type mismatch; the message gives the position.</exception>
    public static ITierRule Parse(string tier, string condition, string? name = null, int priority = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tier);
        ArgumentNullException.ThrowIfNull(condition);
        return new ExpressionRule(name ?? tier, tier, condition, priority);
    }

    /// <summary>
    /// A rule from a typed predicate, e.g. <c>Rule.When("Gold", p =&gt; p.ClvPercentile &gt;= 0.95, "top 5% by CLV")</c>.
    /// The predicate runs once per customer: keep it pure and allocation-free.
    /// </summary>
    /// <param name="tier">The tier assigned.</param>
    /// <param name="predicate">The condition.</param>
    /// <param name="description">The condition in words, used in explanations.</param>
    /// <param name="name">The rule's name; the tier when null.</param>
    /// <param name="priority">Priority under <see cref="HitPolicy.Priority"/>.</param>
    /// <returns>The rule.</returns>
    public static ITierRule When(string tier, Func<CustomerProfile, bool> predicate, string? description = null, string? name = null, int priority = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tier);
        ArgumentNullException.ThrowIfNull(predicate);
        return new LambdaRule(name ?? tier, tier, predicate, description ?? "the condition of rule " + (name ?? tier), priority);
    }
}
