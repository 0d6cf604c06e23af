using CustomerScoring.Numerics.Functions;

namespace CustomerScoring.Clv;

/// <summary>Closed-form predictions of the BG/NBD and MBG/NBD models for one customer.</summary>
/// <remarks>
/// BG/NBD (FHL 2005, eq. 10): E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x−1; z)] · P(alive),
/// z = t/(α+T+t). MBG/NBD (Batislam et al. 2007): (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x+1; a+b+x; z)] · P(alive).
/// Euler's transformation 2F1(A,B;C;z) = (1−z)^(C−A−B) 2F1(C−A, C−B; C; z) turns the bracket into
/// 1 − (1−z)^(a−1) 2F1(a+b−1−r, a−1; a+b+x−1; z) (BG) and 1 − (1−z)^(a−1) 2F1(a+b−r, a−1; a+b+x; z) (MBG):
/// the numerator parameters no longer grow with x, so heavy buyers neither overflow nor lose precision.
/// P(alive) = 1/(1 + [x&gt;0]·a/(b+x−1)·((α+T)/(α+t_x))^(r+x)) (BG), 1/(1 + a/(b+x)·((α+T)/(α+t_x))^(r+x)) (MBG).
/// E[X(t)] of a new customer is the conditional expectation at x = t_x = T = 0. At a = 1 the prefactor and the
/// bracket both vanish; there the value is the mean of a = 1 ± 1e-7.
/// </remarks>
internal static class BetaGeometricPredictions
{
    public static double ProbabilityAlive(bool modified, double r, double alpha, double a, double b, double x, double tx, double t)
    {
        if (!modified && x == 0.0)
        {
            return 1.0;
        }

        double kDen = modified ? b + x : b + x - 1.0;
        double u = Math.Log(a) - Math.Log(kDen) + ((r + x) * (Math.Log(alpha + t) - Math.Log(alpha + tx)));
        return LogSpace.InverseOnePlusExp(u);
    }

    public static double ExpectedPurchases(bool modified, double r, double alpha, double a, double b, double x, double tx, double t, double horizon)
    {
        if (horizon == 0.0)
        {
            return 0.0;
        }

        double alive = ProbabilityAlive(modified, r, alpha, a, b, x, tx, t);
        if (alive == 0.0)
        {
            return 0.0;
        }

        const double gap = 1e-7;
        double unconditional = Math.Abs(a - 1.0) < gap
            ? 0.5 * (Bracket(modified, r, alpha, 1.0 + gap, b, x, t, horizon) + Bracket(modified, r, alpha, 1.0 - gap, b, x, t, horizon))
            : Bracket(modified, r, alpha, a, b, x, t, horizon);
        return Math.Max(unconditional * alive, 0.0);
    }

    /// <summary>
    /// Σₖ (E[Y(tₖ)] − E[Y(tₖ₋₁)])·factorₖ for one customer over the period ends tₖ = <paramref name="horizons"/>[k] (t₀ = 0),
    /// with P(alive) computed once; <paramref name="expectedAtEnd"/> = E[Y(tₙ)], as <see cref="ExpectedPurchases"/> gives it.
    /// </summary>
    public static double DiscountedSum(bool modified, double r, double alpha, double a, double b, double x, double tx, double t, ReadOnlySpan<double> horizons, ReadOnlySpan<double> factors, out double expectedAtEnd)
    {
        expectedAtEnd = 0.0;
        double alive = ProbabilityAlive(modified, r, alpha, a, b, x, tx, t);
        if (alive == 0.0)
        {
            return 0.0;
        }

        double sum = BracketSum(modified, r, alpha, a, b, x, t, horizons, factors, out double last);
        expectedAtEnd = Math.Max(last * alive, 0.0);
        return Math.Max(sum * alive, 0.0);
    }

    /// <summary>
    /// The part of <see cref="DiscountedSum"/> that depends on (x, T) alone: Σₖ (Bₖ − Bₖ₋₁)·factorₖ over the brackets
    /// Bₖ = prefactor × bracket at the period ends (B₀ = 0), and <paramref name="lastBracket"/> = Bₙ; P(alive) multiplies both.
    /// </summary>
    public static double BracketSum(bool modified, double r, double alpha, double a, double b, double x, double t, ReadOnlySpan<double> horizons, ReadOnlySpan<double> factors, out double lastBracket)
    {
        const double gap = 1e-7;
        bool nearOne = Math.Abs(a - 1.0) < gap;
        double previous = 0.0, sum = 0.0;
        for (int k = 0; k < factors.Length; k++)
        {
            double horizon = horizons[k];
            double current = nearOne
                ? 0.5 * (Bracket(modified, r, alpha, 1.0 + gap, b, x, t, horizon) + Bracket(modified, r, alpha, 1.0 - gap, b, x, t, horizon))
                : Bracket(modified, r, alpha, a, b, x, t, horizon);
            sum += (current - previous) * factors[k];
            previous = current;
        }

        lastBracket = previous;
        return sum;
    }

    /// <summary>Prefactor × bracket (the expectation given alive-weighting excluded).</summary>
    private static double Bracket(bool modified, double r, double alpha, double a, double b, double x, double t, double horizon)
    {
        double z = horizon / (alpha + t + horizon);
        double oneMinusZ = (alpha + t) / (alpha + t + horizon);
        double c = modified ? a + b + x : a + b + x - 1.0;
        double hyper = Hypergeometric2F1.Evaluate(c - r - x, a - 1.0, c, z);
        return Combine(c, a - 1.0, oneMinusZ, hyper);
    }

    /// <summary>c/(a−1) · [−expm1((a−1) ln(1−z)) + (1−z)^(a−1) (1 − 2F1)]: the bracket from its 2F1 value.</summary>
    internal static double Combine(double c, double aMinusOne, double oneMinusZ, double hyper)
    {
        double bracket = -LogSpace.ExpM1(aMinusOne * Math.Log(oneMinusZ)) + (Math.Pow(oneMinusZ, aMinusOne) * (1.0 - hyper));
        return c / aMinusOne * bracket;
    }
}
