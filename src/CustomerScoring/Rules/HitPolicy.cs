namespace CustomerScoring.Rules;

/// <summary>How a <see cref="RuleSet"/> picks among matching rules (the decision-table hit policies of DMN).</summary>
public enum HitPolicy
{
    /// <summary>The first matching rule in order wins; no match gives the default tier.</summary>
    First,

    /// <summary>The matching rule with the highest <see cref="ITierRule.Priority"/> wins (ties: the earlier rule).</summary>
    Priority,

    /// <summary>Every matching rule adds its tier as a tag (up to 64 rules); the tier is the first match's, or the default.</summary>
    Collect,
}
