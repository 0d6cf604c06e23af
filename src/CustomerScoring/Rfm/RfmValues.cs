using CustomerScoring.Summaries;

namespace CustomerScoring.Rfm;

/// <summary>The R, F and M values of every summary row, ready for binning.</summary>
/// <param name="Recency">Time since the last purchase, in the summaries' time unit.</param>
/// <param name="Frequency">Transactions or purchase periods.</param>
/// <param name="Monetary">Total or mean amount.</param>
/// <param name="NegativeCount">How many customers had a negative monetary value (clipped to zero, if asked).</param>
public sealed record RfmValues(double[] Recency, double[] Frequency, double[] Monetary, int NegativeCount)
{
    /// <summary>Takes the values from summaries.</summary>
    public static RfmValues From(CustomerSummaries summaries, RfmValueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        int n = summaries.Count;
        var recency = new double[n];
        var frequency = new double[n];
        var monetary = new double[n];
        int negatives = Fill(summaries, options ?? RfmValueOptions.Default, recency, frequency, monetary);
        return new RfmValues(recency, frequency, monetary, negatives);
    }

    /// <summary>Writes the values of every summary row into the given columns (each at least as long as the summaries); returns the negative count.</summary>
    internal static int Fill(CustomerSummaries summaries, RfmValueOptions options, Span<double> recency, Span<double> frequency, Span<double> monetary)
    {
        if (options.Negatives is not (NegativeValues.Keep or NegativeValues.ClipToZero or NegativeValues.Reject))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.Negatives, "RFM takes NegativeValues.Keep, ClipToZero or Reject for negative monetary values (it scores every summary row, so it cannot exclude one).");
        }

        int n = summaries.Count;
        summaries.TimeSinceLastPurchase.CopyTo(recency);
        ReadOnlySpan<int> transactions = summaries.TransactionCount;
        ReadOnlySpan<int> periods = summaries.PurchasePeriods;
        ReadOnlySpan<double> total = summaries.TotalAmount;
        ReadOnlySpan<int> counts = options.Frequency == FrequencyMeasure.Transactions ? transactions : periods;
        for (int i = 0; i < n; i++)
        {
            frequency[i] = counts[i];
        }

        switch (options.Monetary)
        {
            case MonetaryMeasure.Total:
                total.CopyTo(monetary);
                break;
            case MonetaryMeasure.MeanPerTransaction:
            case MonetaryMeasure.MeanPerPeriod:
                ReadOnlySpan<int> divisor = options.Monetary == MonetaryMeasure.MeanPerTransaction ? transactions : periods;
                for (int i = 0; i < n; i++)
                {
                    monetary[i] = total[i] / divisor[i];
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Monetary, "Unknown monetary measure.");
        }

        int negatives = 0;
        Span<double> m = monetary[..n];
        if (m.IndexOfAnyInRange(double.NegativeInfinity, -double.Epsilon) >= 0)
        {
            for (int i = 0; i < n; i++)
            {
                if (m[i] < 0)
                {
                    if (options.Negatives == NegativeValues.Reject)
                    {
                        throw new ArgumentException(
                            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The monetary value of summary row {i} is negative ({m[i]}); choose NegativeValues.Keep or NegativeValues.ClipToZero to accept negative values."),
                            nameof(options));
                    }

                    negatives++;
                    if (options.Negatives == NegativeValues.ClipToZero)
                    {
                        m[i] = 0;
                    }
                }
            }
        }

        return negatives;
    }
}
