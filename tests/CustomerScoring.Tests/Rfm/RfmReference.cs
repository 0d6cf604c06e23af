using CustomerScoring.Rfm;

namespace CustomerScoring.Tests.Rfm;

/// <summary>Slow, obvious reference implementations written from the definitions, with LINQ, for comparison.</summary>
internal static class RfmReference
{
    /// <summary>Customers from worst to best: value ascending (descending when lower is better), ties by tie-break rank.</summary>
    public static int[] WorstToBest(double[] values, int[] rank, ScoreDirection direction) =>
        direction == ScoreDirection.HigherIsBetter
            ? Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ThenBy(i => rank[i]).ToArray()
            : Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).ThenBy(i => rank[i]).ToArray();

    /// <summary>SQL NTILE: group sizes q+1 for the first n mod k groups, q after them.</summary>
    public static byte[] Ntile(double[] values, int[] rank, int k, ScoreDirection direction, bool tiesShared)
    {
        int n = values.Length;
        int[] order = WorstToBest(values, rank, direction);
        var groupOfPosition = new List<int>();
        for (int g = 1; g <= k; g++)
        {
            int size = (n / k) + (g <= n % k ? 1 : 0);
            groupOfPosition.AddRange(Enumerable.Repeat(g, size));
        }

        byte[] scores = new byte[n];
        for (int p = 0; p < n; p++)
        {
            int g = groupOfPosition[p];
            if (tiesShared)
            {
                // The group takes the bin of its first member in worst-to-best order.
                int first = Array.FindIndex(order, c => values[c] == values[order[p]]);
                g = groupOfPosition[first];
            }

            scores[order[p]] = (byte)g;
        }

        return scores;
    }

    /// <summary>R's quantile type 7: h = (n - 1) p; (1 - frac) x[lo] + frac x[lo + 1] where the neighbours differ.</summary>
    public static double[] Type7Cuts(double[] values, int k)
    {
        double[] x = values.OrderBy(v => v).ToArray();
        var cuts = new double[k - 1];
        for (int j = 1; j < k; j++)
        {
            int lo = (x.Length - 1) * j / k;
            double frac = (double)((x.Length - 1) * j % k) / k;
            cuts[j - 1] = frac == 0 || x[lo] == x[lo + 1] ? x[lo] : ((1 - frac) * x[lo]) + (frac * x[lo + 1]);
        }

        return cuts;
    }

    /// <summary>Right-closed bins: bin = 1 + count of cuts strictly below the value; reversed for lower is better.</summary>
    public static byte[] ByCuts(double[] values, double[] cuts, ScoreDirection direction)
    {
        int k = cuts.Length + 1;
        return values.Select(v =>
        {
            int bin = 1 + cuts.Count(c => c < v);
            return (byte)(direction == ScoreDirection.HigherIsBetter ? bin : k + 1 - bin);
        }).ToArray();
    }
}
