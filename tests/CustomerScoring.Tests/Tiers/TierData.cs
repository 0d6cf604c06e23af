using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Tests.Tiers;

/// <summary>Builds summaries from purchases given as days before the observation end, and random portfolios.</summary>
internal static class TierData
{
    public static readonly DateOnly End = new(2024, 6, 30);

    /// <summary>One purchase list per customer: (days before the end, amount).</summary>
    public static CustomerSummaries Summaries(params (int DaysAgo, double Amount)[][] customers)
    {
        var index = new List<int>();
        var time = new List<DateTime>();
        var amount = new List<double>();
        for (int c = 0; c < customers.Length; c++)
        {
            foreach ((int daysAgo, double a) in customers[c])
            {
                index.Add(c);
                time.Add(End.AddDays(-daysAgo).ToDateTime(new TimeOnly(12, 0)));
                amount.Add(a);
            }
        }

        return Summarizer.Summarize(new TransactionBatch([.. index], [.. time], [.. amount]), new SummaryOptions(End));
    }

    /// <summary>A random portfolio: 1..maxCustomers customers with 1..6 purchases each within 500 days, amounts from a small set (ties).</summary>
    public static CustomerSummaries Random(int seed, int maxCustomers = 60)
    {
        var rng = new Random(seed);
        int n = rng.Next(1, maxCustomers + 1);
        var customers = new (int, double)[n][];
        double[] amounts = [5, 10, 20, 20, 35.5, 50, 99.99, 150, 400];
        for (int c = 0; c < n; c++)
        {
            int k = rng.Next(1, 7);
            customers[c] = new (int, double)[k];
            for (int j = 0; j < k; j++)
            {
                customers[c][j] = (rng.Next(0, 500), amounts[rng.Next(amounts.Length)]);
            }
        }

        return Summaries(customers);
    }

    /// <summary>A random CLV column with ties, and a P(alive) column.</summary>
    public static (double[] Clv, double[] PAlive) RandomModel(int seed, int n)
    {
        var rng = new Random(seed ^ 0x5f3759df);
        var clv = new double[n];
        var pAlive = new double[n];
        for (int i = 0; i < n; i++)
        {
            clv[i] = Math.Round(rng.NextDouble() * 20) * 10;
            pAlive[i] = Math.Round(rng.NextDouble(), 2);
        }

        return (clv, pAlive);
    }
}
