using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using DuckDB.NET.Data;
using Npgsql;
using Xunit;

namespace CustomerScoring.Sql.Tests;

/// <summary>
/// Amounts whose double sum depends on the order of the additions: the engines sum them exactly (whole numbers of
/// 2^-64 units, rounded to a double once), so every permutation gives the in-memory Summarizer's totals bit for bit.
/// </summary>
internal static class ExactSumCases
{
    /// <summary>The amounts every "perm" customer buys, in a different order each; naive double sums of them differ by order.</summary>
    public static readonly double[] Amounts = [0.1, 0.2, 0.3, 0.7, 1e16, 1.0, 1.0, 0.07, 1234.56, 3.3, 1e-3, 2.0 / 3.0];

    public const int Permutations = 24;

    public static readonly DateOnly End = new(2026, 3, 31);

    /// <summary>
    /// Customers perm0..perm23: the same amounts, each on the day fixed by its position in <see cref="Amounts"/> (so the
    /// purchase periods hold the same amounts), inserted and time-stamped in a different order per customer. Hand-checked
    /// customers: 0.1 + 0.2 + 0.3 (exact sum rounds to 0.6; left to right gives 0.6000000000000001); 1e16 + 1 + 1 (exact
    /// 10000000000000002; left to right gives 1e16); amounts below 2^-12 (rounded to 2^-64 units, ties to even).
    /// </summary>
    public static Txn[] Rows()
    {
        var rows = new List<Txn>();
        var random = new Random(14);
        DateTime start = End.ToDateTime(TimeOnly.MinValue).AddDays(-30);
        for (int c = 0; c < Permutations; c++)
        {
            int[] order = Enumerable.Range(0, Amounts.Length).ToArray();
            random.Shuffle(order);
            for (int k = 0; k < order.Length; k++)
            {
                int i = order[k];
                rows.Add(new Txn($"perm{c}", start.AddDays(i % 4 == 3 ? 35 : 7 * (i % 4)).AddMinutes(k), Amounts[i], Amounts[i] / 3));
            }
        }

        Add(rows, "tenths", start, 0.1, 0.2, 0.3);
        Add(rows, "large-small", start, 1e16, 1.0, 1.0);
        Add(rows, "tiny-ties", start, Math.ScaleB(1, -65), Math.ScaleB(1, -65), Math.ScaleB(1, -65), Math.ScaleB(1, -65));
        Add(rows, "tiny-ties-up", start, Math.ScaleB(3, -65), Math.ScaleB(3, -65));
        Add(rows, "tiny", start, 1.0, 1e-5, 3.3e-7, 2e-19, 1e-30);
        return [.. rows];
    }

    private static void Add(List<Txn> rows, string customer, DateTime day, params double[] amounts)
    {
        for (int k = 0; k < amounts.Length; k++)
        {
            rows.Add(new Txn(customer, day.AddMinutes(k), amounts[k], amounts[k]));
        }
    }

    public static void AssertExact(Txn[] rows, KeyedSummaries<string> actual, SummaryOptions options)
    {
        CustomerTransactions<string> data = TestData.InMemory(rows, withMargins: true);
        CustomerSummaries expected = Summarizer.Summarize(data, options);
        SummaryComparison.AssertEqual(expected, data.Customers, actual);

        // The case is order-sensitive: naive double sums of the permutations are not all the same.
        var naive = new HashSet<double>();
        foreach (IGrouping<string, Txn> customer in rows.Where(t => t.Customer.StartsWith("perm", StringComparison.Ordinal)).GroupBy(t => t.Customer))
        {
            double sum = 0;
            foreach (Txn t in customer)
            {
                sum += t.Amount;
            }

            naive.Add(sum);
        }

        Assert.True(naive.Count > 1);

        // Every permutation: the same total, mean repeat amount and margin, to the bit.
        CustomerSummaries a = actual.Summaries;
        int first = a.RowOf(actual.Customers.IndexOf("perm0"));
        for (int c = 1; c < Permutations; c++)
        {
            int row = a.RowOf(actual.Customers.IndexOf($"perm{c}"));
            SummaryComparison.Same(a.TotalAmount[first], a.TotalAmount[row], "total", $"perm{c}");
            SummaryComparison.Same(a.MonetaryRepeatMean[first], a.MonetaryRepeatMean[row], "m", $"perm{c}");
            SummaryComparison.Same(a.TotalMargin[first], a.TotalMargin[row], "margin", $"perm{c}");
        }

        // Hand-computed: exact sums rounded once, where left-to-right double addition gives other values.
        Assert.Equal(0.6000000000000001, 0.1 + 0.2 + 0.3);
        SummaryComparison.Same(0.6, Total(actual, "tenths"), "total", "tenths");
        Assert.Equal(1e16, 1e16 + 1.0 + 1.0);
        SummaryComparison.Same(10000000000000002.0, Total(actual, "large-small"), "total", "large-small");

        // Amounts below 2^-12 are first rounded to whole 2^-64 units, ties to even: 2^-65 (half a unit) rounds to 0, and
        // 3 * 2^-65 (one and a half units) to 2 units.
        SummaryComparison.Same(0.0, Total(actual, "tiny-ties"), "total", "tiny-ties");
        SummaryComparison.Same(Math.ScaleB(1, -62), Total(actual, "tiny-ties-up"), "total", "tiny-ties-up");
        Assert.NotEqual(1.0, Total(actual, "tiny"));
    }

    private static double Total(KeyedSummaries<string> s, string key) => s.Summaries.TotalAmount[s.Summaries.RowOf(s.Customers.IndexOf(key))];
}

/// <summary>The exact sums on embedded DuckDB.</summary>
public sealed class DuckDbExactSumTests
{
    [Fact]
    public void Order_sensitive_amounts_sum_to_the_in_memory_totals_bit_for_bit()
    {
        Txn[] rows = ExactSumCases.Rows();
        using DuckDBConnection db = Engines.OpenDuckDb();
        Engines.LoadDuckDb(db, rows);
        foreach (SummaryOptions options in TestData.OptionVariants(ExactSumCases.End, ExactSumCases.End.AddDays(30)))
        {
            KeyedSummaries<string> actual = SqlSummaries.Read<string>(db, TransactionSource.FromTable("sales") with { MarginColumn = "margin" }, options, SqlDialect.DuckDb);
            ExactSumCases.AssertExact(rows, actual, options);
        }
    }
}

/// <summary>The exact sums on the PostgreSQL test server.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresExactSumTests(PostgresServer server)
{
    [Fact]
    public void Order_sensitive_amounts_sum_to_the_in_memory_totals_bit_for_bit()
    {
        Txn[] rows = ExactSumCases.Rows();
        using NpgsqlConnection db = server.Open();
        Engines.LoadPostgres(db, rows, "exact_sales");
        foreach (SummaryOptions options in TestData.OptionVariants(ExactSumCases.End, ExactSumCases.End.AddDays(30)))
        {
            KeyedSummaries<string> actual = SqlSummaries.Read<string>(db, TransactionSource.FromTable("exact_sales") with { MarginColumn = "margin" }, options, SqlDialect.PostgreSql);
            ExactSumCases.AssertExact(rows, actual, options);
        }
    }
}
