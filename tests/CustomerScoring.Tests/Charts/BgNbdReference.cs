using CustomerScoring.Numerics.Functions;
namespace CustomerScoring.Tests.Charts;

/// <summary>
/// BG/NBD closed forms with the parameters Fader, Hardie and Lee (2005, "Counting your customers the easy way") report for the
/// CDNOW sample in weeks: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426. Test data for the charts only; the library's own
/// model is written elsewhere.
/// </summary>
internal static class BgNbdReference
{
    private const double R = 0.243;
    private const double Alpha = 4.414;
    private const double A = 0.793;
    private const double B = 2.426;

    /// <summary>P(alive | x, t_x, T), equation (12) of the paper's note.</summary>
    public static double ProbabilityAlive(double x, double tx, double t) =>
        x == 0 ? 1 : 1 / (1 + (A / (B + x - 1) * Math.Pow((Alpha + t) / (Alpha + tx), R + x)));

    /// <summary>E[Y(t) | x, t_x, T], equation (10), with the Gauss series for 2F1.</summary>
    public static double ExpectedPurchases(double horizon, double x, double tx, double t)
    {
        double z = horizon / (Alpha + t + horizon);
        double f = Hypergeometric2F1(R + x, B + x, A + B + x - 1, z);
        double numerator = (A + B + x - 1) / (A - 1) * (1 - (Math.Pow((Alpha + t) / (Alpha + t + horizon), R + x) * f));
        double denominator = 1 + (x > 0 ? A / (B + x - 1) * Math.Pow((Alpha + t) / (Alpha + tx), R + x) : 0);
        return numerator / denominator;
    }

    private static double Hypergeometric2F1(double a, double b, double c, double z)
    {
        double term = 1;
        double sum = 1;
        for (int j = 0; j < 100_000 && Math.Abs(term) > 1e-15 * Math.Abs(sum); j++)
        {
            term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z;
            sum += term;
        }

        return sum;
    }
}
