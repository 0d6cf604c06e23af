using MathNet.Numerics.Distributions;

namespace CustomerScoring.Benchmarks.Clv;

/// <summary>Deterministic (seeded) BG/NBD customers for the CLV benchmarks.</summary>
internal static class ClvBenchmarkData
{
    /// <summary>
    /// BG/NBD customers with CDNOW-like parameters (r 0.243, α 4.414, a 0.793, b 2.426, weeks). With
    /// <paramref name="wholeWeeks"/> T is a whole number of weeks in 1..52 and t_x is rounded up to whole weeks
    /// (data recorded at weekly resolution, so many customers share a row); otherwise T is uniform in [27, 39] and
    /// t_x, T are rounded to 1/100 week like the CDNOW summary.
    /// </summary>
    public static (double[] X, double[] Tx, double[] T) BgNbd(int n, bool wholeWeeks, int seed = 42)
    {
        var rng = new Random(seed);
        var x = new double[n];
        var tx = new double[n];
        var ts = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = wholeWeeks ? rng.Next(1, 53) : Math.Round(27 + (12 * rng.NextDouble()), 2);
            double lambda = Gamma.Sample(rng, 0.243, 4.414);
            double p = Beta.Sample(rng, 0.793, 2.426);
            double now = 0, last = 0;
            int count = 0;
            while (true)
            {
                now += Exponential.Sample(rng, lambda);
                if (now > t)
                {
                    break;
                }

                count++;
                last = now;
                if (rng.NextDouble() < p)
                {
                    break;
                }
            }

            double recency = count == 0 ? 0 : wholeWeeks ? Math.Ceiling(last) : Math.Max(0.01, Math.Round(last, 2));
            x[i] = count;
            tx[i] = Math.Min(recency, t);
            ts[i] = t;
        }

        return (x, tx, ts);
    }
}
