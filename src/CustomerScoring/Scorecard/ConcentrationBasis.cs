namespace CustomerScoring.Scorecard;

/// <summary>The per-customer value that concentration (80/20, Lorenz, Gini, ABC classes) is measured on.</summary>
public enum ConcentrationBasis
{
    /// <summary>Total amount per customer (refunds netted).</summary>
    Revenue,

    /// <summary>Total margin per customer (needs margins in the transactions).</summary>
    Margin,

    /// <summary>Customer lifetime value (needs a fitted CLV model).</summary>
    Clv,
}
