using CustomerScoring.Transactions;

namespace CustomerScoring.Tests.Support;

/// <summary>Seeded random transactions with repeated customers, same-day purchases, refunds and rows after the end.</summary>
internal static class RandomTransactions
{
    public static readonly DateTime Start = new(2024, 1, 1);

    public static Row[] Generate(int seed, int maxRows = 300, int maxCustomers = 25, int days = 90)
    {
        var rng = new Random(seed);
        int n = rng.Next(0, maxRows + 1);
        int customers = rng.Next(1, maxCustomers + 1);
        var rows = new Row[n];
        for (int i = 0; i < n; i++)
        {
            int c = rng.Next(customers);
            // Hours as well as days, so several purchases fall in one period.
            DateTime t = Start.AddDays(rng.Next(days)).AddHours(rng.Next(24));
            double amount = Math.Round((rng.NextDouble() * 120) - 10, 2);
            double margin = Math.Round(amount * 0.3, 2);
            rows[i] = new Row(c, t, amount, margin);
        }

        return rows;
    }

    public static TransactionBatch ToBatch(ReadOnlySpan<Row> rows, bool margins = true)
    {
        var index = new int[rows.Length];
        var time = new DateTime[rows.Length];
        var amount = new double[rows.Length];
        var margin = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            index[i] = rows[i].Customer;
            time[i] = rows[i].Time;
            amount[i] = rows[i].Amount;
            margin[i] = rows[i].Margin;
        }

        return new TransactionBatch(index, time, amount, margins ? margin : null);
    }

    public static T[] Shuffle<T>(T[] items, int seed)
    {
        var copy = (T[])items.Clone();
        new Random(seed).Shuffle(copy);
        return copy;
    }
}
