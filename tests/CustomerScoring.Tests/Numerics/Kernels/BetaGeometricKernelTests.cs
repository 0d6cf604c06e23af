using System.Numerics;
using CustomerScoring.Clv;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;
using Xunit;

namespace CustomerScoring.Tests.Numerics.Kernels;

/// <summary>
/// The vectorized BG/NBD and MBG/NBD expectation kernels against their scalar references (the per-customer code they
/// replaced), over random parameters, customers, horizons and span lengths (0, 1 and around the vector width).
/// </summary>
/// <remarks>
/// Tolerance: 1e-12 relative (with a floor of 1e-300 for values that underflow). The 2F1 series and P(alive) are
/// bit-identical to the scalar code; the bracket's ln(1−z), exponential and expm1 use the vector functions, which
/// differ from <see cref="Math.Log(double)"/> and <see cref="Math.Exp"/> by at most 3 ulp, magnified by the
/// cancellation inside the bracket and by the differences of consecutive periods: the largest relative difference seen
/// in 30,000-case runs was 1.7e-13 (and 1e-12 held in 3 × 90,000 cases). 1e-12 keeps that margin while any formula
/// difference, which shows up at 1e-9 or worse, still fails.
/// </remarks>
public sealed class BetaGeometricKernelTests
{
    private const double Tolerance = 1e-12;

    internal sealed record Case(BetaGeometricParameters P, double[] X, double[] Tx, double[] T);

    private static Gen<Case> Cases =>
        from n in KernelGen.Length
        from modified in Gen.Elements(false, true)
        from r in KernelGen.Parameter
        from alpha in KernelGen.Parameter
        from a in Gen.Frequency((9, KernelGen.Parameter), (1, Gen.Elements(1.0, 1.0 + 3e-8, 1.0 - 5e-8)))
        from b in KernelGen.Parameter
        from c in KernelGen.Customers(n)
        select new Case(new BetaGeometricParameters(modified, r, alpha, a, b), c.X, c.Tx, c.T);

    [Property(MaxTest = 300)]
    public Property Expected_purchases_equal_the_scalar_reference() =>
        Prop.ForAll(Arb.From(Cases), Arb.From(Gen.Elements(0.0, 0.01, 1.0, 12.0, 52.0, 520.0, 5200.0)), (k, horizon) =>
        {
            var actual = new double[k.X.Length];
            var expected = new double[k.X.Length];
            BetaGeometricExpectationKernel.ExpectedPurchases(k.P, k.X, k.Tx, k.T, horizon, actual);
            BetaGeometricExpectationKernel.ExpectedPurchasesReference(k.P, k.X, k.Tx, k.T, horizon, expected);
            return KernelGen.Close(actual, expected, Tolerance).Label(KernelGen.WorstDifference(actual, expected));
        });

    [Property(MaxTest = 300)]
    public Property Discounted_sums_equal_the_scalar_reference() =>
        Prop.ForAll(Arb.From(Cases), Arb.From(Gen.Choose(1, 36)), Arb.From(Gen.Elements(0.5, 1.0, 30.0 / 7, 30.0).Zip(Gen.Elements(1.0, 0.4))), (k, periods, lengths) =>
        {
            (double length, double last) = lengths;
            // Period ends k·L, the last one possibly shorter (as ClvForecast cuts the horizon).
            double[] horizons = Enumerable.Range(1, periods).Select(j => j < periods ? j * length : (j - 1 + last) * length).ToArray();
            double[] factors = Enumerable.Range(1, periods).Select(j => Math.Pow(1.01, -j)).ToArray();
            int n = k.X.Length;
            double[] actual = new double[n], expected = new double[n], actualEnd = new double[n], expectedEnd = new double[n], direct = new double[n];
            BetaGeometricExpectationKernel.DiscountedSum(k.P, k.X, k.Tx, k.T, horizons, factors, actual, actualEnd);
            BetaGeometricExpectationKernel.DiscountedSumReference(k.P, k.X, k.Tx, k.T, horizons, factors, expected, expectedEnd);
            BetaGeometricExpectationKernel.ExpectedPurchasesReference(k.P, k.X, k.Tx, k.T, horizons[^1], direct);
            return (KernelGen.Close(actual, expected, Tolerance).Label("sum: " + KernelGen.WorstDifference(actual, expected))
                .And(KernelGen.Close(actualEnd, expectedEnd, Tolerance).Label("expected at the end: " + KernelGen.WorstDifference(actualEnd, expectedEnd)))
                .And(KernelGen.Identical(expectedEnd, direct).Label("reference end vs ExpectedPurchases: " + KernelGen.WorstDifference(expectedEnd, direct))));
        });

    [Property(MaxTest = 200)]
    public Property Distinct_rows_by_age_pairs_equal_the_scalar_reference() =>
        Prop.ForAll(Arb.From(Cases), Arb.From(Gen.Choose(1, 100)), Arb.From(Gen.Choose(1, 24)), (k, ages, periods) =>
        {
            // Few distinct T (as whole days give), so that many rows share an (x, T) pair with different t_x.
            double[] t = k.T.Select(v => 1.0 + Math.Floor(v) % ages).ToArray();
            double[] tx = k.X.Select((x, i) => x == 0 ? 0.0 : Math.Min(t[i], Math.Max(k.Tx[i], 0.01))).ToArray();
            double[] horizons = Enumerable.Range(1, periods).Select(j => j * 30.0 / 7).ToArray();
            double[] factors = Enumerable.Range(1, periods).Select(j => Math.Pow(1.008, -j)).ToArray();
            string? mismatch = RowsMismatch(k.P, k.X, tx, t, horizons, factors);
            return (mismatch is null).Label(mismatch ?? "");
        });

    [Fact]
    public void Distinct_rows_over_many_blocks_equal_the_scalar_reference_and_repeat_bit_for_bit()
    {
        // 300,000 customers: more distinct rows than one row block and more pairs than one pair block, so that the
        // blocks run on several threads; T and t_x in whole days, x up to 60.
        var random = new Random(12);
        int n = 300_000;
        double[] x = new double[n], tx = new double[n], t = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = random.Next(1, 731);
            x[i] = random.Next(0, 61);
            tx[i] = x[i] == 0 ? 0.0 : random.Next(1, (int)t[i] + 1);
        }

        var p = new BetaGeometricParameters(false, 0.243, 4.414, 0.793, 2.426);
        double[] horizons = Enumerable.Range(1, 12).Select(j => j * 365.0 / 12).ToArray();
        double[] factors = Enumerable.Range(1, 12).Select(j => Math.Pow(1.0 + (0.1 / 12), -j)).ToArray();
        CompressedRows rows = ClvInput.Compress(x, tx, t);
        Assert.True(rows.Count > (1 << 15) && rows.Ages.X.Length > (1 << 12), $"{rows.Count} rows, {rows.Ages.X.Length} pairs");
        Assert.Null(RowsMismatch(p, x, tx, t, horizons, factors));
        double[] first = new double[rows.Count], second = new double[rows.Count], end = new double[rows.Count], alive = new double[rows.Count];
        BetaGeometricExpectationKernel.DiscountedRows(p, rows, horizons, factors, first, end, alive, default);
        BetaGeometricExpectationKernel.DiscountedRows(p, rows, horizons, factors, second, [], [], default);
        Assert.True(KernelGen.Identical(second, first));
    }

    /// <summary>
    /// DiscountedRows over the compressed customers against the scalar reference of each distinct row (sum and E[Y] at the
    /// end within the tolerance), its P(alive) bit for bit the scalar one, and every row's pair holding the row's x and T;
    /// null when all hold, else what failed.
    /// </summary>
    private static string? RowsMismatch(BetaGeometricParameters p, double[] x, double[] tx, double[] t, double[] horizons, double[] factors)
    {
        CompressedRows rows = ClvInput.Compress(x, tx, t);
        int u = rows.Count;
        double[] value = new double[u], end = new double[u], alive = new double[u];
        double[] expected = new double[u], expectedEnd = new double[u], expectedAlive = new double[u];
        BetaGeometricExpectationKernel.DiscountedRows(p, rows, horizons, factors, value, end, alive, default);
        BetaGeometricExpectationKernel.DiscountedSumReference(p, rows.X, rows.Tx, rows.T, horizons, factors, expected, expectedEnd);
        for (int i = 0; i < u; i++)
        {
            expectedAlive[i] = BetaGeometricPredictions.ProbabilityAlive(p.Modified, p.R, p.Alpha, p.A, p.B, rows.X[i], rows.Tx[i], rows.T[i]);
        }

        CompressedRows.AgeTable ages = rows.Ages;
        bool pairsHold = Enumerable.Range(0, u).All(i => ages.X[ages.PairOf[i]] == rows.X[i] && ages.T[ages.PairOf[i]] == rows.T[i])
            && ages.X.Zip(ages.T).Distinct().Count() == ages.X.Length;
        return !pairsHold ? "a row's pair does not hold its x and T, or pairs repeat"
            : !KernelGen.Close(value, expected, Tolerance) ? "sum: " + KernelGen.WorstDifference(value, expected)
            : !KernelGen.Close(end, expectedEnd, Tolerance) ? "expected at the end: " + KernelGen.WorstDifference(end, expectedEnd)
            : !KernelGen.Identical(alive, expectedAlive) ? "P(alive) differs from the scalar code"
            : null;
    }

    [Fact]
    public void Destination_beyond_the_customers_is_left_alone()
    {
        int n = Vector<double>.Count + 1;
        var p = new BetaGeometricParameters(false, 0.243, 4.414, 0.793, 2.426);
        double[] x = Enumerable.Repeat(2.0, n).ToArray(), tx = Enumerable.Repeat(10.0, n).ToArray(), t = Enumerable.Repeat(30.0, n).ToArray();
        var destination = Enumerable.Repeat(-7.0, n + 3).ToArray();
        BetaGeometricExpectationKernel.ExpectedPurchases(p, x, tx, t, 0.0, destination.AsSpan(0, n));
        Assert.All(destination[..n], v => Assert.Equal(0.0, v));
        BetaGeometricExpectationKernel.ExpectedPurchases(p, x, tx, t, 12.0, destination.AsSpan(0, n));
        Assert.All(destination[..n], v => Assert.True(v > 0));
        BetaGeometricExpectationKernel.DiscountedSum(p, x, tx, t, [1.0, 2.0], [1.0, 0.5], destination.AsSpan(0, n), default);
        Assert.All(destination[n..], v => Assert.Equal(-7.0, v));
    }
}
