using CustomerScoring.Transactions;

namespace CustomerScoring.Benchmarks.Data;

/// <summary>
/// Deterministic synthetic transactions with realistic skew: each customer's purchase rate is
/// gamma-distributed (a few heavy buyers, many light ones) and amounts are lognormal. Rows are in time order.
/// </summary>
internal static class SyntheticTransactions
{
    public static readonly DateTime Start = new(2024, 1, 1);
    public const int Days = 365;

    public static TransactionBatch Generate(int transactions, int customers, int seed = 12345)
    {
        var rng = new Random(seed);
        // Gamma(shape 0.7) weights via the sum of exponentials approximation is overkill; use a
        // Marsaglia-Tsang-free inverse: weight = -ln(U)^(1/0.7) gives a heavy right tail of buyers.
        var cumulative = new double[customers];
        double total = 0;
        for (int c = 0; c < customers; c++)
        {
            total += Math.Pow(-Math.Log(1 - rng.NextDouble()), 1.0 / 0.7);
            cumulative[c] = total;
        }

        var index = new int[transactions];
        var time = new DateTime[transactions];
        var amount = new double[transactions];
        for (int i = 0; i < transactions; i++)
        {
            int c = Array.BinarySearch(cumulative, rng.NextDouble() * total);
            index[i] = c < 0 ? Math.Min(~c, customers - 1) : c;
            // Time order: row i falls on day i * Days / n, with a random hour.
            time[i] = Start.AddDays((long)i * Days / transactions).AddHours(rng.Next(24));
            double z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            amount[i] = Math.Round(Math.Exp(3.2 + (0.8 * z)), 2);
        }

        return new TransactionBatch(index, time, amount);
    }
}
