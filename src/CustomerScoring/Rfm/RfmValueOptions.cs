using CustomerScoring.Summaries;

namespace CustomerScoring.Rfm;

/// <summary>
/// How the R, F and M values are taken from <see cref="CustomerSummaries"/>. Every choice that RFM tools
/// make silently is explicit here, with the default named.
/// </summary>
/// <remarks>
/// Recency is always the time from the last purchase period to the analysis date
/// (<see cref="CustomerSummaries.TimeSinceLastPurchase"/>), in the summaries' time unit (days by
/// default); a smaller recency scores higher.
/// </remarks>
public sealed record RfmValueOptions
{
    /// <summary>The defaults: transactions, total amount, negatives kept.</summary>
    public static RfmValueOptions Default { get; } = new();

    /// <summary>The "F" measure; <see cref="FrequencyMeasure.Transactions"/> by default.</summary>
    public FrequencyMeasure Frequency { get; init; } = FrequencyMeasure.Transactions;

    /// <summary>The "M" measure; <see cref="MonetaryMeasure.Total"/> by default.</summary>
    public MonetaryMeasure Monetary { get; init; } = MonetaryMeasure.Total;

    /// <summary>
    /// Negative monetary values: <see cref="NegativeValues.Keep"/> (the default) bins them as numbers,
    /// <see cref="NegativeValues.ClipToZero"/> replaces them by zero, <see cref="NegativeValues.Reject"/> throws naming the
    /// first one. <see cref="NegativeValues.Exclude"/> is refused: RFM scores every summary row.
    /// </summary>
    public NegativeValues Negatives { get; init; } = NegativeValues.Keep;
}
