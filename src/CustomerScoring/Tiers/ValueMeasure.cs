namespace CustomerScoring.Tiers;

/// <summary>The customer value that value tiers rank by.</summary>
public enum ValueMeasure
{
    /// <summary>Total spend (needs no model): the spend_percentile field.</summary>
    Spend,

    /// <summary>Customer lifetime value from a fitted model: the clv_percentile field.</summary>
    Clv,
}
