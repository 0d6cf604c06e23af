namespace CustomerScoring.Numerics.Functions;

/// <summary>Small helpers for numerically stable arithmetic in log space.</summary>
internal static class LogSpace
{
    /// <summary>ln(eᵘ + eᵛ) without overflow.</summary>
    public static double Add(double u, double v)
    {
        double m = Math.Max(u, v);
        if (double.IsNegativeInfinity(m))
        {
            return double.NegativeInfinity;
        }

        return m + Math.Log(Math.Exp(u - m) + Math.Exp(v - m));
    }

    /// <summary>1 / (1 + eᵘ), the logistic of -u, without overflow.</summary>
    public static double InverseOnePlusExp(double u) =>
        u > 0.0 ? Math.Exp(-u) / (1.0 + Math.Exp(-u)) : 1.0 / (1.0 + Math.Exp(u));

    /// <summary>(1 - e^(-k·L)) / k for L ≥ 0, continuous at k = 0 (where it equals L).</summary>
    public static double OneMinusExpOverK(double k, double l)
    {
        double kl = k * l;
        return Math.Abs(kl) < 1e-10 ? l * (1.0 - 0.5 * kl) : -LogSpace.ExpM1(-kl) / k;
    }

    /// <summary>ln(1 + x), accurate for small x (the .NET built-in computes Log(1 + x)).</summary>
    public static double Log1P(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>eˣ − 1, accurate for small x (Kahan's method).</summary>
    public static double ExpM1(double x)
    {
        if (Math.Abs(x) > 0.5)
        {
            return Math.Exp(x) - 1.0;
        }

        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        double um1 = u - 1.0;
        return um1 * x / Math.Log(u);
    }
}
