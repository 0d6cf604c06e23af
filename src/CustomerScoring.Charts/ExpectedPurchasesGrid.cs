using CustomerScoring.Clv;

namespace CustomerScoring.Charts;

/// <summary>
/// Expected purchases in the next <c>horizon</c> for a customer of age T with x repeat purchases (rows 0..maxFrequency) and
/// last purchase at t_x (columns: the centres of equal-width bins of [0, T]); x = 0 has t_x = 0 in every column (the models
/// do not depend on t_x then). The frequency/recency matrix of the buy-till-you-die literature.
/// </summary>
internal sealed class ExpectedPurchasesGrid
{
    private ExpectedPurchasesGrid(double[,] values, double[] recency)
    {
        Values = values;
        Recency = recency;
    }

    /// <summary>[x, column] expected purchases.</summary>
    public double[,] Values { get; }

    /// <summary>t_x of each column.</summary>
    public double[] Recency { get; }

    public static ExpectedPurchasesGrid From(IPurchaseModel model, double age, double horizon, int maxFrequency, int recencyBins)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(age > 0) || !double.IsFinite(age))
        {
            throw new ArgumentOutOfRangeException(nameof(age), age, "The age T must be a finite number above 0, in the model's time unit.");
        }

        if (!(horizon > 0) || !double.IsFinite(horizon))
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon must be a finite number above 0, in the model's time unit.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrequency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrequency, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(recencyBins, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recencyBins, 200);
        int rows = maxFrequency + 1;
        double[] recency = [.. Enumerable.Range(0, recencyBins).Select(k => age * (k + 0.5) / recencyBins)];
        var x = new double[rows * recencyBins];
        var tx = new double[x.Length];
        var t = new double[x.Length];
        for (int f = 0; f < rows; f++)
        {
            for (int k = 0; k < recencyBins; k++)
            {
                int i = (f * recencyBins) + k;
                x[i] = f;
                tx[i] = f == 0 ? 0 : recency[k];
                t[i] = age;
            }
        }

        var expected = new double[x.Length];
        model.ExpectedPurchases(x, tx, t, horizon, expected);
        var values = new double[rows, recencyBins];
        for (int f = 0; f < rows; f++)
        {
            for (int k = 0; k < recencyBins; k++)
            {
                values[f, k] = expected[(f * recencyBins) + k];
            }
        }

        return new ExpectedPurchasesGrid(values, recency);
    }
}
