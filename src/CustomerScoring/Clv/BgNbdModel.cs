using CustomerScoring.Summaries;
using MathNet.Numerics;

namespace CustomerScoring.Clv;

/// <summary>
/// The BG/NBD model (Fader, Hardie &amp; Lee 2005, "Counting Your Customers the Easy Way"): while active, a customer
/// buys at Poisson rate λ ~ Gamma(r, α); after each repeat purchase the customer drops out with probability p ~ Beta(a, b).
/// Immutable and thread-safe; fit once with <see cref="Fit"/>, predict many.
/// </summary>
public sealed class BgNbdModel : BetaGeometricNbdModel
{
    internal const string Name = "BG/NBD";

    /// <summary>A model with given parameters (e.g. published ones), rates per <paramref name="timeUnit"/>.</summary>
    /// <param name="r">Shape of the purchase-rate gamma distribution.</param>
    /// <param name="alpha">Scale (in time units) of the purchase-rate gamma distribution.</param>
    /// <param name="a">First shape of the dropout-probability beta distribution.</param>
    /// <param name="b">Second shape of the dropout-probability beta distribution.</param>
    /// <param name="timeUnit">The time unit of recency, age and horizons.</param>
    public BgNbdModel(double r, double alpha, double a, double b, TimeUnit timeUnit)
        : this(r, alpha, a, b, timeUnit, null)
    {
    }

    internal BgNbdModel(double r, double alpha, double a, double b, TimeUnit timeUnit, ClvFitDiagnostics? diagnostics)
        : base(false, Name, r, alpha, a, b, timeUnit, diagnostics)
    {
    }

    /// <summary>
    /// Fits the model by maximum likelihood. Identical (x, t_x, T) customers are merged into weighted rows first.
    /// </summary>
    /// <param name="frequency">Repeat purchase periods x (whole numbers).</param>
    /// <param name="recency">t_x in <paramref name="timeUnit"/>s (0 when x = 0).</param>
    /// <param name="age">T in <paramref name="timeUnit"/>s.</param>
    /// <param name="timeUnit">The unit of recency and age; recorded on the model.</param>
    /// <param name="options">Fit options; null for <see cref="ClvFitOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the fit, checked before each likelihood evaluation.</param>
    /// <returns>The fitted model with its <see cref="BetaGeometricNbdModel.Diagnostics"/>.</returns>
    /// <exception cref="ArgumentException">Invalid input; the message names the customer position and value.</exception>
    /// <exception cref="ClvFitException">Fewer repeat buyers than parameters, or the fit did not converge, ran off to a boundary or has a singular Hessian and <see cref="ClvFitOptions.ThrowOnNonConvergence"/> is true; <see cref="ClvFitException.Problem"/> says which.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static BgNbdModel Fit(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, TimeUnit timeUnit, ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ClvFitDiagnostics d = BetaGeometricFamily.Fit(false, Name, frequency, recency, age, timeUnit, options, cancellationToken);
        return new BgNbdModel(d.Estimates[0], d.Estimates[1], d.Estimates[2], d.Estimates[3], timeUnit, d);
    }

    /// <summary>The fit from weighted distinct rows (validated input); <paramref name="repeatBuyers"/> -1 when the caller checked them.</summary>
    internal static BgNbdModel FitRows(CompressedRows rows, TimeUnit timeUnit, ClvFitOptions? options, CancellationToken cancellationToken, int repeatBuyers = -1)
    {
        ClvFitDiagnostics d = BetaGeometricFamily.FitRows(false, Name, rows, timeUnit, options, cancellationToken, repeatBuyers);
        return new BgNbdModel(d.Estimates[0], d.Estimates[1], d.Estimates[2], d.Estimates[3], timeUnit, d);
    }

    /// <summary>
    /// P(X(t) = n): probability that a new customer makes exactly <paramref name="purchases"/> repeat purchases in (0, t]
    /// (FHL 2005, eq. 8; the negative-binomial tail is the regularized incomplete beta function).
    /// </summary>
    /// <param name="purchases">The number n ≥ 0.</param>
    /// <param name="horizon">t in time units.</param>
    /// <returns>The probability.</returns>
    public double ProbabilityOfPurchases(int purchases, double horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(purchases);
        ModelFitting.CheckHorizon(horizon, nameof(horizon));
        if (horizon == 0.0)
        {
            return purchases == 0 ? 1.0 : 0.0;
        }

        double n = purchases;
        double lnBetaAB = SpecialFunctions.BetaLn(A, B);
        double p = horizon / (Alpha + horizon);
        double first = Math.Exp(
            SpecialFunctions.BetaLn(A, B + n) - lnBetaAB + SpecialFunctions.GammaLn(R + n) - SpecialFunctions.GammaLn(R) - SpecialFunctions.GammaLn(n + 1.0)
            + (R * Math.Log(Alpha / (Alpha + horizon))) + (n * Math.Log(p)));
        if (purchases == 0)
        {
            return first;
        }

        // P(NBD count >= n) = I_p(n, r).
        double tail = SpecialFunctions.BetaRegularized(n, R, p);
        double second = Math.Exp(SpecialFunctions.BetaLn(A + 1.0, B + n - 1.0) - lnBetaAB) * tail;
        return first + second;
    }
}
