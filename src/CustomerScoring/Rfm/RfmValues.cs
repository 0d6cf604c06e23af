using CustomerScoring.Summaries;

namespace CustomerScoring.Rfm;

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
