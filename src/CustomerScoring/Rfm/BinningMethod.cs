namespace CustomerScoring.Rfm;

/// <summary>How one RFM dimension is cut into scored bins. See <see cref="DimensionBinning"/> for the exact rules and worked examples.</summary>
public enum BinningMethod
{
    /// <summary>Rank-based equal-size groups with SQL <c>NTILE</c> semantics; ties broken by tie-break rank.</summary>
    Ntile = 0,

    /// <summary>As <see cref="Ntile"/>, but equal values always share a score: a tie group goes wholly to the bin where it starts.</summary>
    NtileTiesShared = 1,

    /// <summary>Value cut points at the k-quantiles (type 7 interpolation); bins closed on the right.</summary>
    QuantileBreaks = 2,

    /// <summary>Business-defined ascending cut points; bins closed on the right.</summary>
    FixedThresholds = 3,
}
