using System.Text;

namespace CustomerScoring.Rules;

/// <summary>
/// Why one customer got its tier: the rule that fired with each of its conditions (field, value, operator, threshold,
/// whether it held), or, for the default tier, why every rule failed. Computed on demand. Immutable.
/// </summary>
public sealed class TierExplanation
{
    internal TierExplanation(RuleSet ruleSet, int row, string tier, RuleOutcome? fired, IReadOnlyList<RuleOutcome> rules, IReadOnlyList<string> tags)
    {
        RuleSet = ruleSet;
        Row = row;
        Tier = tier;
        Fired = fired;
        Rules = rules;
        Tags = tags;
    }

    /// <summary>The rule set.</summary>
    public RuleSet RuleSet { get; }

    /// <summary>The customer's row (in the profiles explained; the summary row).</summary>
    public int Row { get; }

    /// <summary>The tier assigned.</summary>
    public string Tier { get; }

    /// <summary>The rule that decided the tier, or null when no rule matched (the default tier).</summary>
    public RuleOutcome? Fired { get; }

    /// <summary>Whether the tier is the default.</summary>
    public bool IsDefault => Fired is null;

    /// <summary>Every rule's outcome, in evaluation order (priority order under <see cref="HitPolicy.Priority"/>).</summary>
    public IReadOnlyList<RuleOutcome> Rules { get; }

    /// <summary>Under <see cref="HitPolicy.Collect"/>, the tags of the matching rules; otherwise empty.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>
    /// "Gold because clv_percentile 0.97 &gt;= 0.95 and days_since_last_purchase 12 &lt;= 30"; for the default,
    /// "Bronze (default) because no rule matched: ..." with each rule's failed conditions.
    /// </summary>
    /// <returns>The sentence.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (RuleSet.HitPolicy == HitPolicy.Collect)
        {
            if (Tags.Count == 0)
            {
                sb.Append("No tags; ").Append(Tier).Append(" (default) because no rule matched: ");
                AppendAll(sb, Rules);
            }
            else
            {
                sb.Append("Tags ").AppendJoin(", ", Tags).Append(": ");
                AppendAll(sb, Rules.Where(r => r.Matched));
            }

            return sb.ToString();
        }

        if (Fired is not null)
        {
            return Fired.ToString();
        }

        sb.Append(Tier).Append(" (default) because no rule matched: ");
        AppendAll(sb, Rules);
        return sb.ToString();
    }

    private static void AppendAll(StringBuilder sb, IEnumerable<RuleOutcome> outcomes)
    {
        bool first = true;
        foreach (RuleOutcome o in outcomes)
        {
            if (!first)
            {
                sb.Append("; ");
            }

            sb.Append(o.ToString());
            first = false;
        }
    }
}
