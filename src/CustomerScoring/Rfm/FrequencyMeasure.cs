namespace CustomerScoring.Rfm;

/// <summary>Which count is the "F" of RFM.</summary>
public enum FrequencyMeasure
{
    /// <summary>The number of transactions (invoices, when the input grouped lines into invoices). The default.</summary>
    Transactions,

    /// <summary>The number of distinct purchase periods (several purchases in one period count once).</summary>
    PurchasePeriods,
}
