namespace CustomerScoring.Rfm;

/// <summary>
/// Weights of the recency, frequency and monetary scores in <see cref="RfmResult.WeightedScore"/>: the weighted score is the
/// weighted mean (wR R + wF F + wM M) / (wR + wF + wM), so it stays on the 1..k score scale whatever the weights' total.
/// Weights must be finite and non-negative with a positive sum.
/// </summary>
/// <param name="Recency">Weight of the recency score.</param>
/// <param name="Frequency">Weight of the frequency score.</param>
/// <param name="Monetary">Weight of the monetary score.</param>
public readonly record struct RfmWeights(double Recency, double Frequency, double Monetary)
{
    /// <summary>Equal weights: the weighted score is the plain mean (R + F + M) / 3.</summary>
    public static RfmWeights Equal => new(1, 1, 1);

    internal double Total(string paramName)
    {
        Check(Recency, nameof(Recency), paramName);
        Check(Frequency, nameof(Frequency), paramName);
        Check(Monetary, nameof(Monetary), paramName);
        double total = Recency + Frequency + Monetary;
        if (!(total > 0))
        {
            throw new ArgumentException("At least one RFM weight must be positive.", paramName);
        }

        return total;
    }

    private static void Check(double w, string name, string paramName)
    {
        if (!double.IsFinite(w) || w < 0)
        {
            throw new ArgumentException($"RFM weight '{name}' must be finite and non-negative; got {w}.", paramName);
        }
    }
}
