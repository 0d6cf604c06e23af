namespace CustomerScoring.Rfm;

/// <summary>Which amount is the "M" of RFM.</summary>
public enum MonetaryMeasure
{
    /// <summary>The customer's total amount (refunds netted). The default.</summary>
    Total,

    /// <summary>The mean amount per transaction.</summary>
    MeanPerTransaction,

    /// <summary>The mean amount per purchase period.</summary>
    MeanPerPeriod,
}
