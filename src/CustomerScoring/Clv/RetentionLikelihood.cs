using CustomerScoring.Numerics.Functions;
using MathNet.Numerics;

namespace CustomerScoring.Clv;

/// <summary>
/// The contractual retention likelihoods in log space with analytic gradients. BdW (Fader, Hardie, Liu, Davin &amp;
/// Steenburgh 2018): S(t) = B(α, β + t^c) / B(α, β); sBG (Fader &amp; Hardie 2007) is c = 1, where
/// P(T = t) = B(α + 1, β + t − 1) / B(α, β) is used directly.
/// </summary>
internal static class RetentionLikelihood
{
    /// <summary>ln S(t) of the BdW; the gradient (∂α, ∂β, ∂c) is written when <paramref name="gradient"/> is not empty.</summary>
    public static double LogSurvival(double alpha, double beta, double c, int t, Span<double> gradient)
    {
        if (t <= 0)
        {
            gradient.Clear();
            return 0.0;
        }

        double u = c == 1.0 ? t : Math.Pow(t, c);
        double value = SpecialFunctions.BetaLn(alpha, beta + u) - SpecialFunctions.BetaLn(alpha, beta);
        if (!gradient.IsEmpty)
        {
            double psiAb = SpecialFunctions.DiGamma(alpha + beta);
            double psiAbu = SpecialFunctions.DiGamma(alpha + beta + u);
            double psiBu = SpecialFunctions.DiGamma(beta + u);
            gradient[0] = psiAb - psiAbu;
            gradient[1] = psiBu - psiAbu - SpecialFunctions.DiGamma(beta) + psiAb;
            if (gradient.Length > 2)
            {
                gradient[2] = (psiBu - psiAbu) * u * Math.Log(t);
            }
        }

        return value;
    }

    /// <summary>ln P(T = t) = ln(S(t − 1) − S(t)) of the BdW, t ≥ 1, with its gradient as above.</summary>
    public static double LogChurn(double alpha, double beta, double c, int t, Span<double> gradient)
    {
        if (c == 1.0 && gradient.Length < 3)
        {
            // sBG closed form.
            double value = SpecialFunctions.BetaLn(alpha + 1.0, beta + t - 1.0) - SpecialFunctions.BetaLn(alpha, beta);
            if (!gradient.IsEmpty)
            {
                double psiAb = SpecialFunctions.DiGamma(alpha + beta);
                double psiAbt = SpecialFunctions.DiGamma(alpha + beta + t);
                gradient[0] = SpecialFunctions.DiGamma(alpha + 1.0) - psiAbt - SpecialFunctions.DiGamma(alpha) + psiAb;
                gradient[1] = SpecialFunctions.DiGamma(beta + t - 1.0) - psiAbt - SpecialFunctions.DiGamma(beta) + psiAb;
            }

            return value;
        }

        Span<double> g1 = stackalloc double[3];
        Span<double> g2 = stackalloc double[3];
        int k = gradient.Length;
        double s1 = LogSurvival(alpha, beta, c, t - 1, k == 0 ? default : g1[..k]);
        double s2 = LogSurvival(alpha, beta, c, t, k == 0 ? default : g2[..k]);
        double d = s2 - s1;                        // ln r, r = S(t)/S(t-1) < 1
        double log1mr = d > -0.6931471805599453 ? Math.Log(-LogSpace.ExpM1(d)) : LogSpace.Log1P(-Math.Exp(d));
        if (k > 0)
        {
            double r = Math.Exp(d);
            for (int i = 0; i < k; i++)
            {
                gradient[i] = (g1[i] - (r * g2[i])) / (1.0 - r);
            }
        }

        return s1 + log1mr;
    }

    /// <summary>
    /// Σ count · ln L over the cells; <paramref name="theta"/> is (α, β) for the sBG or (α, β, c) for the BdW, and the
    /// gradient has the same length.
    /// </summary>
    public static double LogLikelihood((int Period, double Count, bool Censored)[] cells, ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double alpha = theta[0], beta = theta[1], c = theta.Length > 2 ? theta[2] : 1.0;
        int k = gradient.Length;
        gradient.Clear();
        Span<double> g = stackalloc double[3];
        double total = 0.0;
        foreach (var (t, count, censored) in cells)
        {
            Span<double> gk = k == 0 ? default : g[..k];
            double value = censored ? LogSurvival(alpha, beta, c, t, gk) : LogChurn(alpha, beta, c, t, gk);
            total += count * value;
            for (int i = 0; i < k; i++)
            {
                gradient[i] += count * gk[i];
            }
        }

        return total;
    }

    /// <summary>
    /// Σ_{k ≥ 0} S(n + k) / S(n − 1) zᵏ, z = 1 / (1 + d): the discounted expected residual lifetime of a member active
    /// in period n (n − 1 renewals made), the next payment undiscounted. Summed until the terms vanish.
    /// </summary>
    public static double ResidualSum(Func<int, double> logSurvival, int n, double discountRate)
    {
        double logZ = -Math.Log(1.0 + discountRate);
        double logBase = logSurvival(n - 1);
        double sum = 0.0;
        for (int k = 0; k < 10_000_000; k++)
        {
            double term = Math.Exp(logSurvival(n + k) - logBase + (k * logZ));
            sum += term;
            if (term <= 1e-17 * sum)
            {
                return sum;
            }
        }

        return sum;
    }

    public static void CheckDiscountRate(double discountRate)
    {
        if (!(discountRate > 0.0) || !double.IsFinite(discountRate))
        {
            throw new ArgumentOutOfRangeException(nameof(discountRate), discountRate, "The discount rate per period must be a finite number > 0 (e.g. 0.10 for 10% per period); with no discounting the expected lifetime can be infinite.");
        }
    }

    public static void CheckPeriod(int period, int minimum, string name)
    {
        if (period < minimum)
        {
            throw new ArgumentOutOfRangeException(name, period, $"The period must be >= {minimum}.");
        }
    }
}
