namespace CustomerScoring.Benchmarks;

/// <summary>Seeded, deterministic per-customer columns shaped like real customer summaries.</summary>
internal static class BenchmarkData
{
    /// <summary>Recency in days (uniform 0..729), frequency (gamma-ish: sum of exponentials, rounded up), monetary (lognormal).</summary>
    public static (double[] Recency, double[] Frequency, double[] Monetary) Customers(int n, int seed = 20260101)
    {
        var rng = new Random(seed);
        double[] recency = new double[n];
        double[] frequency = new double[n];
        double[] monetary = new double[n];
        for (int i = 0; i < n; i++)
        {
            recency[i] = rng.Next(730);
            double shape2 = -Math.Log(1 - rng.NextDouble()) - Math.Log(1 - rng.NextDouble()); // gamma(2, 1)
            frequency[i] = Math.Ceiling(shape2 * 2);
            monetary[i] = Math.Round(Math.Exp(4 + (1.2 * Normal(rng))), 2);
        }

        return (recency, frequency, monetary);
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
