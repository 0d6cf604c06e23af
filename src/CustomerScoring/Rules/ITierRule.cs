using CustomerScoring.Profiles;
namespace CustomerScoring.Rules;

/// <summary>
/// A rule of a <see cref="RuleSet"/>: a condition over a customer's profile and the tier (or tag) it assigns.
/// Implement it for rules that neither a condition expression nor a typed lambda (<see cref="Rule"/>) can state.
/// </summary>
/// <remarks>
/// <see cref="Evaluate"/> runs once per customer during assignment: it must be pure, thread-safe and should not allocate.
/// Rules built by <see cref="Rule.Parse"/> are compiled to closures over the profile columns instead.
/// </remarks>
public interface ITierRule
{
    /// <summary>The rule's name, unique within a rule set (used in explanations and error messages).</summary>
    string Name { get; }

    /// <summary>The tier (or, under <see cref="HitPolicy.Collect"/>, the tag) assigned when the rule matches.</summary>
    string Tier { get; }

    /// <summary>Priority under <see cref="HitPolicy.Priority"/>: the matching rule with the highest value wins (ties: the earlier rule).</summary>
    int Priority { get; }

    /// <summary>The condition in words, e.g. "clv_percentile &gt;= 0.95".</summary>
    string Condition { get; }

    /// <summary>Whether the rule matches a customer.</summary>
    /// <param name="profiles">The profiles.</param>
    /// <param name="row">Row.</param>
    /// <returns>True when the condition holds.</returns>
    bool Evaluate(CustomerProfiles profiles, int row);

    /// <summary>Evaluates the rule for one customer and says why it did or did not match.</summary>
    /// <param name="profiles">The profiles.</param>
    /// <param name="row">Row.</param>
    /// <returns>The outcome with each elementary condition.</returns>
    RuleOutcome Explain(CustomerProfiles profiles, int row);
}
