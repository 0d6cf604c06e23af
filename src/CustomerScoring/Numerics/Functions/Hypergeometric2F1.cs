using MathNet.Numerics;

namespace CustomerScoring.Numerics.Functions;

/// <summary>
/// The Gauss hypergeometric function 2F1(a, b; c; z) for real parameters and real z &lt; 1.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>-0.75 ≤ z ≤ 0.9: the defining power series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ.</item>
/// <item>z &lt; -0.75: Pfaff's transformation 2F1(a,b;c;z) = (1-z)^(-a) 2F1(a, c-b; c; z/(z-1)), which maps z into (0.43, 1).</item>
/// <item>0.9 &lt; z &lt; 1: the connection formula in 1-z (Abramowitz &amp; Stegun 15.3.6) when c-a-b is at least 0.05
/// from an integer. Nearer an integer the formula's terms cancel (they have poles there), so up to z = 0.999 the
/// power series is summed instead; beyond, the connection formula is used down to a distance of 1e-3 and, nearer
/// still, extrapolated from c ± 1e-3 and c ± 2e-3 (Richardson; about 1e-9 relative in our tests).</item>
/// <item>a or b a non-positive integer: the terminating series (a polynomial), for any z &lt; 1.</item>
/// </list>
/// c must not be a non-positive integer.
/// </remarks>
internal static class Hypergeometric2F1
{
    private const int MaxTerms = 500_000;

    /// <summary>2F1(a, b; c; z) for z &lt; 1.</summary>
    public static double Evaluate(double a, double b, double c, double z)
    {
        if (!(z < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "2F1 is implemented for z < 1 only.");
        }

        if (z == 0.0 || a == 0.0 || b == 0.0)
        {
            return 1.0;
        }

        if ((a < 0.0 && a == Math.Floor(a)) || (b < 0.0 && b == Math.Floor(b)))
        {
            return Series(a, b, c, z); // a polynomial: the series terminates
        }

        if (z < -0.75)
        {
            // Pfaff: z/(z-1) lies in (0.43, 1) here, where the series or the connection formula applies.
            double w = z / (z - 1.0);
            return Math.Pow(1.0 - z, -a) * Evaluate(a, c - b, c, w);
        }

        if (z <= 0.9)
        {
            return Series(a, b, c, z);
        }

        double d = c - a - b;
        double distance = Math.Abs(d - Math.Round(d));
        if (distance > 0.05)
        {
            return Connection(a, b, c, z);
        }

        if (z <= 0.999)
        {
            // Near-integer c-a-b: the connection formula would cancel terms of size 1/distance; the series still
            // converges (at most a few ten thousand terms here) and is accurate.
            return Series(a, b, c, z);
        }

        if (distance > 1e-3)
        {
            return Connection(a, b, c, z);
        }

        // The function is analytic in c: symmetric means at c ± δ and c ± 2δ, combined by Richardson
        // extrapolation, cancel the δ² term, leaving O(δ⁴) plus cancellation of order ε/δ.
        const double delta = 1e-3;
        double near = 0.5 * (Connection(a, b, c + delta, z) + Connection(a, b, c - delta, z));
        double far = 0.5 * (Connection(a, b, c + (2.0 * delta), z) + Connection(a, b, c - (2.0 * delta), z));
        return ((4.0 * near) - far) / 3.0;
    }

    /// <summary>The power series about z = 0; converges for |z| &lt; 1.</summary>
    internal static double Series(double a, double b, double c, double z)
    {
        double term = 1.0;
        double sum = 1.0;
        for (int n = 0; n < MaxTerms; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (term == 0.0 || (Math.Abs(term) <= 1e-17 * Math.Abs(sum) && n > 2))
            {
                return sum;
            }
        }

        return sum;
    }

    private static double Connection(double a, double b, double c, double z)
    {
        double d = c - a - b;
        double w = 1.0 - z;
        double first = GammaRatio(c, d, c - a, c - b);
        if (first != 0.0)
        {
            first *= Series(a, b, 1.0 - d, w);
        }

        double second = GammaRatio(c, -d, a, b);
        if (second != 0.0)
        {
            second *= Math.Pow(w, d) * Series(c - a, c - b, 1.0 + d, w);
        }

        return first + second;
    }

    /// <summary>Γ(p1)Γ(p2) / (Γ(q1)Γ(q2)), zero when a denominator argument is a pole.</summary>
    internal static double GammaRatio(double p1, double p2, double q1, double q2)
    {
        if (IsPole(q1) || IsPole(q2))
        {
            return 0.0;
        }

        double log = LogAbsGamma(p1, out int s1) + LogAbsGamma(p2, out int s2) - LogAbsGamma(q1, out int s3) - LogAbsGamma(q2, out int s4);
        return s1 * s2 * s3 * s4 * Math.Exp(log);
    }

    private static bool IsPole(double x) => x <= 0.0 && x == Math.Floor(x);

    /// <summary>ln|Γ(x)| and the sign of Γ(x), for x not a non-positive integer.</summary>
    internal static double LogAbsGamma(double x, out int sign)
    {
        if (x > 0.0)
        {
            sign = 1;
            return SpecialFunctions.GammaLn(x);
        }

        // Reflection: Γ(x) = π / (sin(πx) Γ(1-x)); sin(πx) with exact argument reduction, since near the poles
        // the connection formula multiplies this relative error by the size of its cancelling terms.
        double sin = SinPi(x);
        sign = sin >= 0.0 ? 1 : -1;
        return Math.Log(Math.PI) - Math.Log(Math.Abs(sin)) - SpecialFunctions.GammaLn(1.0 - x);
    }

    /// <summary>sin(πx) with the argument reduced exactly to |s| ≤ 1/2 first.</summary>
    internal static double SinPi(double x)
    {
        double r = x - (2.0 * Math.Round(x / 2.0)); // exact, r in [-1, 1]
        if (r > 0.5)
        {
            return Math.Sin(Math.PI * (1.0 - r));
        }

        if (r < -0.5)
        {
            return -Math.Sin(Math.PI * (1.0 + r));
        }

        return Math.Sin(Math.PI * r);
    }
}
