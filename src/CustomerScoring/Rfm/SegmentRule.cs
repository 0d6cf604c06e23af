namespace CustomerScoring.Rfm;

/// <summary>
/// One row of a <see cref="SegmentMap"/>: a segment name and inclusive recency, frequency and monetary score ranges.
/// A customer matches when all three scores lie in their ranges. Immutable; copy and edit with a <c>with</c> expression.
/// </summary>
/// <param name="Name">The segment's name, e.g. "Champions".</param>
/// <param name="Recency">Recency scores that match.</param>
/// <param name="Frequency">Frequency scores that match.</param>
/// <param name="Monetary">Monetary scores that match.</param>
public sealed record SegmentRule(string Name, ScoreRange Recency, ScoreRange Frequency, ScoreRange Monetary)
{
    /// <summary>Whether the scores fall in all three ranges.</summary>
    /// <param name="recency">Recency score.</param>
    /// <param name="frequency">Frequency score.</param>
    /// <param name="monetary">Monetary score.</param>
    /// <returns>True when the rule matches.</returns>
    public bool Matches(int recency, int frequency, int monetary) =>
        Recency.Contains(recency) && Frequency.Contains(frequency) && Monetary.Contains(monetary);

    /// <summary>"Champions: R 5, F 5, M 5".</summary>
    /// <returns>The rule as text.</returns>
    public override string ToString() => $"{Name}: R {Recency}, F {Frequency}, M {Monetary}";
}
