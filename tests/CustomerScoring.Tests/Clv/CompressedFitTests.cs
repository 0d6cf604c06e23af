using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Clv;

/// <summary>
/// The fits work on unique (x, t_x, T) rows with counts, and the BG/NBD family's likelihood takes ln(α + T) and
/// ln(α + t_x) once per distinct value: both held against the per-customer formula (<c>Single</c>, one customer at a time)
/// and against the same customers given as a histogram in another order and split.
/// </summary>
public class CompressedFitTests
{
    /// <summary>Simulated customers on whole days, so that many share a row (as real day-unit data does).</summary>
    private static ClvSimulator.Customers WholeDays(bool modified, int n, int seed)
    {
        ClvSimulator.Customers c = ClvSimulator.BetaGeometric(modified, 0.3, 4.0, 0.8, 2.5, n, seed, minT: 5, maxT: 60);
        for (int i = 0; i < n; i++)
        {
            c.T[i] = Math.Ceiling(c.T[i]);
            c.Tx[i] = c.X[i] == 0 ? 0 : Math.Min(c.T[i], Math.Max(1, Math.Round(c.Tx[i])));
        }

        return c;
    }

    [Property(MaxTest = 60)]
    public void Weighted_unique_row_likelihood_equals_the_sum_over_customers(int seed, bool modified)
    {
        var rng = new Random(seed);
        ClvSimulator.Customers c = WholeDays(modified, 300, seed);
        double r = 0.1 + rng.NextDouble(), alpha = 0.5 + (10 * rng.NextDouble()), a = 0.2 + rng.NextDouble(), b = 0.5 + (3 * rng.NextDouble());
        CompressedRows rows = ClvInput.Compress(c.X, c.Tx, c.T);
        Assert.True(rows.Count < c.X.Length);

        double Reference(double rr, double al, double aa, double bb)
        {
            double sum = 0;
            for (int i = 0; i < c.X.Length; i++)
            {
                sum += BetaGeometricLikelihood.Single(modified, rr, al, aa, bb, c.X[i], c.Tx[i], c.T[i]);
            }

            return sum;
        }

        var gradient = new double[4];
        double ll = BetaGeometricLikelihood.Evaluate(rows, modified, r, alpha, a, b, gradient);
        double expected = Reference(r, alpha, a, b);
        Assert.Equal(expected, ll, Math.Abs(expected) * 1e-9);

        // The analytic gradient against central differences of the per-customer sum.
        double[] theta = [r, alpha, a, b];
        for (int k = 0; k < 4; k++)
        {
            double h = 1e-5 * theta[k];
            double[] up = [.. theta], down = [.. theta];
            up[k] += h;
            down[k] -= h;
            double numeric = (Reference(up[0], up[1], up[2], up[3]) - Reference(down[0], down[1], down[2], down[3])) / (2 * h);
            Assert.Equal(numeric, gradient[k], (Math.Abs(numeric) * 1e-5) + 1e-4);
        }
    }

    [Property(MaxTest = 8)]
    public void Per_customer_fits_equal_histogram_fits_of_the_same_customers_shuffled_and_split(int seed)
    {
        ClvSimulator.Customers c = WholeDays(modified: false, 2_000, seed);
        var rng = new Random(seed);
        // The same customers as histogram rows of count 1 in a random order: the histogram's own merging has work to do and
        // meets the customers in another order than the per-customer fit.
        int[] order = Enumerable.Range(0, c.X.Length).OrderBy(_ => rng.Next()).ToArray();
        var x = new List<double>();
        var tx = new List<double>();
        var t = new List<double>();
        var count = new List<double>();
        foreach (int i in order)
        {
            x.Add(c.X[i]);
            tx.Add(c.Tx[i]);
            t.Add(c.T[i]);
            count.Add(1);
        }

        var histogram = new ClvHistogram(x.ToArray(), tx.ToArray(), t.ToArray(), count.ToArray(), TimeUnit.Day);

        BgNbdModel perCustomer = BgNbdModel.Fit(c.X, c.Tx, c.T, TimeUnit.Day);
        BgNbdModel fromHistogram = histogram.FitBgNbd();
        // Unique rows are put in one canonical order, so the two fits are the same bits (1e-9 is the bound).
        Assert.Equal(perCustomer.R, fromHistogram.R, perCustomer.R * 1e-9);
        Assert.Equal(perCustomer.Alpha, fromHistogram.Alpha, perCustomer.Alpha * 1e-9);
        Assert.Equal(perCustomer.A, fromHistogram.A, perCustomer.A * 1e-9);
        Assert.Equal(perCustomer.B, fromHistogram.B, perCustomer.B * 1e-9);
        Assert.Equal(perCustomer.Diagnostics!.LogLikelihood, fromHistogram.Diagnostics!.LogLikelihood);

        MbgNbdModel mbg = MbgNbdModel.Fit(c.X, c.Tx, c.T, TimeUnit.Day);
        MbgNbdModel mbgHistogram = histogram.FitMbgNbd();
        Assert.Equal(mbg.R, mbgHistogram.R, mbg.R * 1e-9);
        Assert.Equal(mbg.B, mbgHistogram.B, mbg.B * 1e-9);
    }
}
