using CustomerScoring.Summaries;

namespace CustomerScoring.Rfm;

/// <summary>Which count is the "F" of RFM.</summary>
public enum FrequencyMeasure
{
    /// <summary>The number of transactions (invoices, when the input grouped lines into invoices). The default.</summary>
    Transactions,

    /// <summary>The number of distinct purchase periods (several purchases in one period count once).</summary>
    PurchasePeriods,
}

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

/// <summary>What to do with a negative monetary value (a refund-heavy customer).</summary>
public enum NegativeMonetary
{
    /// <summary>Bin it as an ordinary number: it lands in the lowest monetary bins. The default.</summary>
    Keep,

    /// <summary>Replace it by zero before binning.</summary>
    ClampToZero,
}

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

    /// <summary>Negative monetary values; <see cref="NegativeMonetary.Keep"/> by default.</summary>
    public NegativeMonetary Negatives { get; init; } = NegativeMonetary.Keep;
}

/// <summary>The R, F and M values of every summary row, ready for binning.</summary>
/// <param name="Recency">Time since the last purchase, in the summaries' time unit.</param>
/// <param name="Frequency">Transactions or purchase periods.</param>
/// <param name="Monetary">Total or mean amount.</param>
/// <param name="NegativeCount">How many customers had a negative monetary value (clamped, if asked).</param>
public sealed record RfmValues(double[] Recency, double[] Frequency, double[] Monetary, int NegativeCount)
{
    /// <summary>Takes the values from summaries.</summary>
    public static RfmValues From(CustomerSummaries summaries, RfmValueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        options ??= RfmValueOptions.Default;
        int n = summaries.Count;
        double[] recency = summaries.TimeSinceLastPurchase.ToArray();
        var frequency = new double[n];
        var monetary = new double[n];
        ReadOnlySpan<int> transactions = summaries.TransactionCount;
        ReadOnlySpan<int> periods = summaries.PurchasePeriods;
        ReadOnlySpan<double> total = summaries.TotalAmount;
        int negatives = 0;
        for (int i = 0; i < n; i++)
        {
            frequency[i] = options.Frequency == FrequencyMeasure.Transactions ? transactions[i] : periods[i];
            double m = options.Monetary switch
            {
                MonetaryMeasure.Total => total[i],
                MonetaryMeasure.MeanPerTransaction => total[i] / transactions[i],
                MonetaryMeasure.MeanPerPeriod => total[i] / periods[i],
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.Monetary, "Unknown monetary measure."),
            };
            if (m < 0)
            {
                negatives++;
                if (options.Negatives == NegativeMonetary.ClampToZero)
                {
                    m = 0;
                }
            }

            monetary[i] = m;
        }

        return new RfmValues(recency, frequency, monetary, negatives);
    }
}
