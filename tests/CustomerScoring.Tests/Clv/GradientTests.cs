using CustomerScoring.Clv;
using Xunit;

namespace CustomerScoring.Tests.Clv;

/// <summary>The analytic gradients against central finite differences of the log-likelihood itself.</summary>
public sealed class GradientTests
{
    private static void CheckGradient(Func<double[], double[], double> f, double[] theta)
    {
        var analytic = new double[theta.Length];
        f(theta, analytic);
        for (int i = 0; i < theta.Length; i++)
        {
            double h = 1e-5 * theta[i]; // large enough that rounding noise of a ~1e4 total stays below 1e-6
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (f(plus, []) - f(minus, [])) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-5 * (Math.Abs(numeric) + 1.0), $"parameter {i}: analytic {analytic[i]}, numeric {numeric}");
        }
    }

    private static CompressedRows CdnowRows()
    {
        var d = CdnowSummary.Instance;
        return ClvInput.Compress(d.X, d.Tx, d.T);
    }

    [Theory]
    [InlineData(false, 0.243, 4.414, 0.793, 2.426)]
    [InlineData(true, 0.5, 10.0, 1.5, 3.0)]
    [InlineData(false, 2.0, 1.0, 0.3, 0.2)]
    public void BetaGeometric_gradient(bool modified, double r, double alpha, double a, double b)
    {
        var rows = CdnowRows();
        CheckGradient((t, g) => BetaGeometricLikelihood.Evaluate(rows, modified, t[0], t[1], t[2], t[3], g), [r, alpha, a, b]);
    }

    [Theory]
    [InlineData(0.553, 10.578, 0.606, 11.669)]
    [InlineData(0.553, 10.578, 0.606, 3.0)]
    [InlineData(1.5, 2.0, 2.0, 30.0)]
    public void ParetoNbd_gradient(double r, double alpha, double s, double beta)
    {
        var rows = CdnowRows();
        CheckGradient((t, g) => ParetoNbdLikelihood.Evaluate(rows, t[0], t[1], t[2], t[3], g), [r, alpha, s, beta]);
    }

    [Fact]
    public void GammaGamma_gradient()
    {
        var d = CdnowSummary.Instance;
        var idx = Enumerable.Range(0, d.X.Length).Where(i => d.X[i] > 0).ToArray();
        double[] x = idx.Select(i => d.X[i]).ToArray(), m = idx.Select(i => d.Zbar[i]).ToArray(), w = idx.Select(_ => 1.0).ToArray();
        CheckGradient((t, g) => GammaGammaModel.LogLikelihood(x, m, w, t[0], t[1], t[2], g), [6.25, 3.74, 15.44]);
    }
}
