namespace CustomerScoring.Rules;

/// <summary>
/// One elementary condition of a rule evaluated for one customer: the field, the customer's value, the operator, the
/// threshold and whether it held, e.g. <c>clv_percentile 0.97 &gt;= 0.95</c> (true). Immutable.
/// </summary>
/// <param name="Field">The field name, e.g. "clv_percentile" (for typed rules, the rule's description).</param>
/// <param name="Value">The customer's value as shown: a number ("undefined" for NaN) or quoted text.</param>
/// <param name="Operator">The operator: &lt;, &lt;=, &gt;, &gt;=, ==, !=, between, in, not in.</param>
/// <param name="Threshold">The threshold as shown: a number, "1 and 5" for between, or a list for in.</param>
/// <param name="Held">Whether the condition held.</param>
public sealed record ConditionOutcome(string Field, string Value, string Operator, string Threshold, bool Held)
{
    /// <summary>"clv_percentile 0.97 &gt;= 0.95".</summary>
    /// <returns>The condition with the customer's value.</returns>
    public override string ToString() => $"{Field} {Value} {Operator} {Threshold}";
}
