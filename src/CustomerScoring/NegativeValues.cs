namespace CustomerScoring;

/// <summary>
/// What a stage does with customers whose per-customer value is negative (refund-heavy customers: a negative total or mean
/// spend): one policy for every stage that takes one, <c>ParetoAnalysis.Analyze</c> (concentration; <see cref="Reject"/> by
/// default) and <c>RfmValueOptions.Negatives</c> (the M of RFM; <see cref="Keep"/> by default). A stage refuses a policy it
/// cannot apply with an <see cref="ArgumentOutOfRangeException"/> that says which ones it takes.
/// </summary>
/// <remarks>
/// This is about a customer's value, after the summary. What a negative transaction amount (a return) does to the summary
/// itself is <c>SummaryOptions.Returns</c> (<c>ReturnsPolicy</c>): netted, excluded or kept as a purchase.
/// </remarks>
public enum NegativeValues
{
    /// <summary>Throw an <see cref="ArgumentException"/> naming the first negative customer (its row) and its value. The
    /// default of concentration, whose shares are undefined for negative values.</summary>
    Reject = 0,

    /// <summary>Count the customer with value zero. The number of clipped customers is reported.</summary>
    ClipToZero = 1,

    /// <summary>Leave the customer out (concentration only: not counted in n). The number of excluded customers is reported.
    /// RFM scores every row and refuses it.</summary>
    Exclude = 2,

    /// <summary>Use the value as it is (RFM only: it lands in the lowest monetary bins; the default of RFM). Concentration
    /// refuses it.</summary>
    Keep = 3,
}
