using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using FsCheck.Xunit;
using MathNet.Numerics;
using Xunit;

namespace CustomerScoring.Tests.Clv;

/// <summary>
/// Issue 12 ("fits scale"): the fits' likelihoods work on compressed, sorted, grouped rows (H of Pareto/NBD once per
/// distinct (x, y), the Gamma-Gamma Γ/ψ terms once per distinct x, per-row logarithms vectorized). Held against slow
/// per-customer scalar references written here from the published formulas, to 1e-12 relative; and every fit on a
/// permuted population gives the same bits.
/// </summary>
public class FitScaleTests
{
    private const double Relative = 1e-12;

    /// <summary>Simulated customers rounded to whole days so that many share a row, as day-unit data does.</summary>
    private static ClvSimulator.Customers WholeDays(ClvSimulator.Customers c)
    {
        for (int i = 0; i < c.X.Length; i++)
        {
            c.T[i] = Math.Ceiling(c.T[i]);
            c.Tx[i] = c.X[i] == 0 ? 0 : Math.Min(c.T[i], Math.Max(1, Math.Round(c.Tx[i])));
        }

        return c;
    }

    private static void Close(double expected, double actual, double scale)
    {
        Assert.True(Math.Abs(expected - actual) <= Relative * scale, $"expected {expected:R}, got {actual:R} (scale {scale:G3})");
    }

    /// <summary>
    /// One BG/NBD (MBG/NBD when <paramref name="modified"/>) customer: ln L and ∂ln L/∂(r, α, a, b), from
    /// L = Γ(r+x)αʳ/Γ(r) · B(a, b+x+s)/B(a, b) · [(α+T)^-(r+x) + δ·a/(b+x−1+s)·(α+t_x)^-(r+x)], s = 1 for MBG/NBD,
    /// δ = 1 for MBG/NBD or x &gt; 0.
    /// </summary>
    private static double BetaGeometricCustomer(bool modified, double r, double alpha, double a, double b, double x, double tx, double t, double[] g)
    {
        double shift = modified ? 1 : 0;
        double constant = SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + (r * Math.Log(alpha))
            + SpecialFunctions.BetaLn(a, b + x + shift) - SpecialFunctions.BetaLn(a, b);
        double l1 = -(r + x) * Math.Log(alpha + t);
        bool second = modified || x > 0;
        double kDen = b + x - 1 + shift;
        double l2 = second ? Math.Log(a / kDen) - ((r + x) * Math.Log(alpha + tx)) : double.NegativeInfinity;
        double top = Math.Max(l1, l2);
        double e1 = Math.Exp(l1 - top), e2 = Math.Exp(l2 - top);
        double w1 = e1 / (e1 + e2), w2 = e2 / (e1 + e2);
        double lnTx = second ? Math.Log(alpha + tx) : 0;
        g[0] = SpecialFunctions.DiGamma(r + x) - SpecialFunctions.DiGamma(r) + Math.Log(alpha) - (w1 * Math.Log(alpha + t)) - (w2 * lnTx);
        g[1] = (r / alpha) - ((r + x) * ((w1 / (alpha + t)) + (second ? w2 / (alpha + tx) : 0)));
        g[2] = SpecialFunctions.DiGamma(a + b) - SpecialFunctions.DiGamma(a + b + x + shift) + (w2 / a);
        g[3] = SpecialFunctions.DiGamma(b + x + shift) - SpecialFunctions.DiGamma(a + b + x + shift) - SpecialFunctions.DiGamma(b)
            + SpecialFunctions.DiGamma(a + b) - (second ? w2 / kDen : 0);
        return constant + top + Math.Log(e1 + e2);
    }

    /// <summary>
    /// Sums each customer's [ln L, gradient...] from <paramref name="customer"/> and compares the totals with the compressed
    /// evaluation's to 1e-12 of the sum of the terms' magnitudes (the scale of a sum's rounding error).
    /// </summary>
    private static void AssertEqualsPerCustomerSums(double ll, double[] gradient, int customers, Func<int, double[]> customer)
    {
        int k = gradient.Length;
        var sum = new double[k + 1];
        var scale = new double[k + 1];
        for (int i = 0; i < customers; i++)
        {
            double[] terms = customer(i);
            for (int j = 0; j <= k; j++)
            {
                sum[j] += terms[j];
                scale[j] += Math.Abs(terms[j]);
            }
        }

        Close(sum[0], ll, scale[0]);
        for (int j = 0; j < k; j++)
        {
            Close(sum[j + 1], gradient[j], scale[j + 1]);
        }
    }

    /// <summary>
    /// One Pareto/NBD customer: [ln L, ∂ln L/∂(r, α, s, β)] with ln L = lnΓ(r+x) − lnΓ(r) + r ln α + s ln β + ln Q, Q and its
    /// gradient from the customer's own two H values.
    /// </summary>
    private static double[] ParetoNbdCustomer(double r, double alpha, double s, double beta, double x, double tx, double t)
    {
        var g = new double[4];
        double v = SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + (r * Math.Log(alpha)) + (s * Math.Log(beta))
            + ParetoNbdLikelihood.LogQ(r, alpha, s, beta, x, tx, t, g);
        g[0] += SpecialFunctions.DiGamma(r + x) - SpecialFunctions.DiGamma(r) + Math.Log(alpha);
        g[1] += r / alpha;
        g[2] += Math.Log(beta);
        g[3] += s / beta;
        return [v, .. g];
    }

    [Property(MaxTest = 25)]
    public void Beta_geometric_compressed_likelihood_and_gradient_equal_the_per_customer_reference(int seed, bool modified)
    {
        var rng = new Random(seed);
        ClvSimulator.Customers c = WholeDays(ClvSimulator.BetaGeometric(modified, 0.3, 4.0, 0.8, 2.5, 500, seed, minT: 5, maxT: 60));
        double r = 0.1 + rng.NextDouble(), alpha = 0.5 + (10 * rng.NextDouble()), a = 0.2 + rng.NextDouble(), b = 0.5 + (3 * rng.NextDouble());
        var gradient = new double[4];
        double ll = BetaGeometricLikelihood.Evaluate(ClvInput.Compress(c.X, c.Tx, c.T), modified, r, alpha, a, b, gradient);

        AssertEqualsPerCustomerSums(ll, gradient, c.X.Length, i =>
        {
            var g = new double[4];
            double v = BetaGeometricCustomer(modified, r, alpha, a, b, c.X[i], c.Tx[i], c.T[i], g);
            return [v, .. g];
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Beta_geometric_likelihood_in_pieces_on_both_cores_equals_the_per_customer_reference(bool modified)
    {
        // Enough distinct rows that the pieces are summed side by side, and groups of equal x cut into several pieces.
        ClvSimulator.Customers c = WholeDays(ClvSimulator.BetaGeometric(modified, 0.5, 2.0, 0.8, 2.5, 400_000, 7, minT: 5, maxT: 3000));
        CompressedRows rows = ClvInput.Compress(c.X, c.Tx, c.T);
        Assert.True(rows.Count >= BetaGeometricLikelihood.ParallelRows, $"{rows.Count} rows");
        Assert.Contains(rows.Pieces.GroupBy(p => p.Group), g => g.Count() > 1);
        const double r = 0.6, alpha = 3.0, a = 0.7, b = 2.2;
        var gradient = new double[4];
        double ll = BetaGeometricLikelihood.Evaluate(rows, modified, r, alpha, a, b, gradient);
        AssertEqualsPerCustomerSums(ll, gradient, c.X.Length, i =>
        {
            var g = new double[4];
            double v = BetaGeometricCustomer(modified, r, alpha, a, b, c.X[i], c.Tx[i], c.T[i], g);
            return [v, .. g];
        });

        // Whatever thread sums which piece, the pieces are added in one order: the same bits every time.
        for (int k = 0; k < 5; k++)
        {
            var again = new double[4];
            Assert.Equal(BitConverter.DoubleToInt64Bits(ll), BitConverter.DoubleToInt64Bits(BetaGeometricLikelihood.Evaluate(rows, modified, r, alpha, a, b, again)));
            Assert.Equal(gradient, again);
        }
    }

    [Property(MaxTest = 15)]
    public void Pareto_nbd_likelihood_with_h_per_distinct_x_and_y_equals_the_per_customer_reference(int seed)
    {
        var rng = new Random(seed);
        ClvSimulator.Customers c = WholeDays(ClvSimulator.ParetoNbd(0.5, 8.0, 0.6, 12.0, 400, seed, minT: 5, maxT: 60));
        double r = 0.2 + rng.NextDouble(), alpha = 1 + (10 * rng.NextDouble()), s = 0.2 + rng.NextDouble(), beta = 1 + (20 * rng.NextDouble());
        var gradient = new double[4];
        double ll = ParetoNbdLikelihood.Evaluate(ClvInput.Compress(c.X, c.Tx, c.T), r, alpha, s, beta, gradient);

        AssertEqualsPerCustomerSums(ll, gradient, c.X.Length, i => ParetoNbdCustomer(r, alpha, s, beta, c.X[i], c.Tx[i], c.T[i]));
    }

    [Fact]
    public void Pareto_nbd_likelihood_in_pieces_on_both_cores_equals_the_per_customer_reference()
    {
        // Enough distinct rows that H is computed by groups side by side and the rows summed in pieces, some groups of
        // equal x cut into several pieces.
        ClvSimulator.Customers c = WholeDays(ClvSimulator.ParetoNbd(0.5, 2.0, 0.6, 12.0, 500_000, 7, minT: 5, maxT: 8000));
        CompressedRows rows = ClvInput.Compress(c.X, c.Tx, c.T);
        Assert.True(rows.Count >= BetaGeometricLikelihood.ParallelRows, $"{rows.Count} rows");
        Assert.Contains(rows.Pieces.GroupBy(p => p.Group), g => g.Count() > 1);
        const double r = 0.6, alpha = 3.0, s = 0.7, beta = 9.0;
        var gradient = new double[4];
        double ll = ParetoNbdLikelihood.Evaluate(rows, r, alpha, s, beta, gradient);
        AssertEqualsPerCustomerSums(ll, gradient, c.X.Length, i => ParetoNbdCustomer(r, alpha, s, beta, c.X[i], c.Tx[i], c.T[i]));

        // The value without the gradient is the same, and the pieces are added in one order: the same bits every time.
        Assert.Equal(BitConverter.DoubleToInt64Bits(ll), BitConverter.DoubleToInt64Bits(ParetoNbdLikelihood.Evaluate(rows, r, alpha, s, beta, default)));
        for (int k = 0; k < 5; k++)
        {
            var again = new double[4];
            Assert.Equal(BitConverter.DoubleToInt64Bits(ll), BitConverter.DoubleToInt64Bits(ParetoNbdLikelihood.Evaluate(rows, r, alpha, s, beta, again)));
            Assert.Equal(gradient, again);
        }
    }

    [Fact]
    public void Pareto_nbd_likelihood_is_not_a_number_where_h_is_out_of_range()
    {
        // β/α far below 5e-4: H's series is out of range for every distinct (x, y); the rows' vector lanes must carry the
        // NaN (a fit treats it as outside the parameter space), not turn it into a finite sum.
        ClvSimulator.Customers c = WholeDays(ClvSimulator.ParetoNbd(0.5, 8.0, 0.6, 12.0, 300, 3, minT: 5, maxT: 60));
        CompressedRows rows = ClvInput.Compress(c.X, c.Tx, c.T);
        Assert.True(double.IsNaN(ParetoNbdLikelihood.Evaluate(rows, 0.6, 1e8, 0.7, 1.0, new double[4])));
        Assert.True(double.IsNaN(ParetoNbdLikelihood.Evaluate(rows, 0.6, 1e8, 0.7, 1.0, default)));
    }

    [Property(MaxTest = 25)]
    public void Gamma_gamma_grouped_vectorized_likelihood_equals_the_per_customer_reference(int seed)
    {
        var rng = new Random(seed);
        var (x, m) = ClvSimulator.GammaGamma(6.25, 3.74, 15.44, 600, seed);
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = Math.Round(m[i], 1); // shared (x, m) rows, as cents make them in real data
            m[i] = Math.Max(m[i], 0.1);
        }

        double p = 0.5 + (8 * rng.NextDouble()), q = 0.5 + (5 * rng.NextDouble()), gamma = 1 + (30 * rng.NextDouble());
        var gradient = new double[3];
        double ll = GammaGammaLikelihood.Compress(x, m, out int customers, out _).Evaluate(p, q, gamma, gradient);
        Assert.Equal(x.Length, customers);

        double[] ones = [1.0];
        AssertEqualsPerCustomerSums(ll, gradient, x.Length, i =>
        {
            var g = new double[3];
            double v = GammaGammaModel.LogLikelihood([x[i]], [m[i]], ones, p, q, gamma, g);
            return [v, .. g];
        });
    }

    [Property(MaxTest = 4)]
    public void Every_fit_on_a_permuted_population_gives_the_same_bits(int seed)
    {
        ClvSimulator.Customers c = WholeDays(ClvSimulator.BetaGeometric(false, 0.3, 4.0, 0.8, 2.5, 3_000, seed, minT: 5, maxT: 60));
        var rng = new Random(seed);
        var m = new double[c.X.Length];
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = c.X[i] > 0 ? Math.Round(5 + (40 * rng.NextDouble()), 2) : 0;
        }

        int[] order = Enumerable.Range(0, c.X.Length).OrderBy(_ => rng.Next()).ToArray();
        double[] Permute(double[] v) => order.Select(i => v[i]).ToArray();
        double[] x2 = Permute(c.X), tx2 = Permute(c.Tx), t2 = Permute(c.T), m2 = Permute(m);

        static double[] Fits(double[] x, double[] tx, double[] t, double[] m)
        {
            BgNbdModel bg = BgNbdModel.Fit(x, tx, t, TimeUnit.Day);
            MbgNbdModel mbg = MbgNbdModel.Fit(x, tx, t, TimeUnit.Day);
            ParetoNbdModel pn = ParetoNbdModel.Fit(x, tx, t, TimeUnit.Day);
            GammaGammaModel gg = GammaGammaModel.Fit(x, m);
            return [bg.R, bg.Alpha, bg.A, bg.B, bg.Diagnostics!.LogLikelihood, mbg.R, mbg.Alpha, mbg.A, mbg.B,
                pn.R, pn.Alpha, pn.S, pn.Beta, pn.Diagnostics!.LogLikelihood, gg.P, gg.Q, gg.Gamma, gg.Diagnostics!.LogLikelihood];
        }

        double[] original = Fits(c.X, c.Tx, c.T, m);
        double[] permuted = Fits(x2, tx2, t2, m2);
        for (int k = 0; k < original.Length; k++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(original[k]) == BitConverter.DoubleToInt64Bits(permuted[k]), $"value {k}: {original[k]:R} vs {permuted[k]:R}");
        }
    }

    [Property(MaxTest = 30)]
    public void Compressed_rows_are_the_distinct_customers_sorted_with_their_counts(int seed)
    {
        var rng = new Random(seed);
        int n = 1 + rng.Next(400);
        var x = new double[n];
        var tx = new double[n];
        var t = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = rng.Next(4);
            t[i] = rng.Next(2) == 0 ? rng.Next(1, 8) : Math.Round(rng.NextDouble() * 8, 2) + 0.01;
            tx[i] = x[i] == 0 ? 0 : Math.Min(t[i], rng.Next(1, 8));
        }

        var expected = Enumerable.Range(0, n).GroupBy(i => (x[i], tx[i], t[i]))
            .Select(grp => (grp.Key.Item1, grp.Key.Item2, grp.Key.Item3, W: (double)grp.Count()))
            .OrderBy(k => k.Item1).ThenBy(k => k.Item2).ThenBy(k => k.Item3).ToArray();
        CompressedRows rows = ClvInput.Compress(x, tx, t);
        Assert.Equal(expected.Length, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i], (rows.X[i], rows.Tx[i], rows.T[i], rows.Weight[i]));
            Assert.Equal(rows.T[i], rows.DistinctT[rows.TIndex[i]]);
            Assert.Equal(rows.Tx[i], rows.DistinctTx[rows.TxIndex[i]]);
            CompressedRows.GroupValueTable table = rows.GroupValues;
            int g = Array.FindLastIndex(rows.GroupStart, s => s <= i);
            Assert.Equal(rows.Tx[i], table.Values[table.GroupStart[g] + table.TxSlot[i]]);
            Assert.Equal(rows.T[i], table.Values[table.GroupStart[g] + table.TSlot[i]]);
        }

        Assert.Equal(n, rows.CustomerCount);

        // With counts per input row and each customer's row asked for: the weights are the counts' sums, in input order.
        double[] counts = Enumerable.Range(0, n).Select(_ => (double)rng.Next(1, 5)).ToArray();
        int[] rowOf = new int[n];
        CompressedRows weighted = ClvInput.Compress(x, tx, t, counts, rowOf);
        Assert.Equal(rows.X, weighted.X);
        Assert.Equal(rows.Tx, weighted.Tx);
        Assert.Equal(rows.T, weighted.T);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal((x[i], tx[i], t[i]), (weighted.X[rowOf[i]], weighted.Tx[rowOf[i]], weighted.T[rowOf[i]]));
        }

        for (int r = 0; r < weighted.Count; r++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += rowOf[i] == r ? counts[i] : 0;
            }

            Assert.Equal(sum, weighted.Weight[r]);
        }

        Assert.Equal((int)counts.Sum(), weighted.CustomerCount);
    }
}
