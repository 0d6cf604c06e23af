using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>
/// The MBG/NBD model (Batislam, Denizel &amp; Filiztekin 2007): as BG/NBD, but the customer may also drop out right
/// after the first purchase, so customers without repeat purchases are not assumed alive; dropout at each purchase
/// (including the first) with probability p ~ Beta(a, b), purchases at Poisson rate λ ~ Gamma(r, α) while active.
/// Immutable and thread-safe; fit once with <see cref="Fit"/>, predict many.
/// </summary>
public sealed class MbgNbdModel : BetaGeometricNbdModel
{
    internal const string Name = "MBG/NBD";

    /// <summary>A model with given parameters (e.g. published ones), rates per <paramref name="timeUnit"/>.</summary>
    /// <param name="r">Shape of the purchase-rate gamma distribution.</param>
    /// <param name="alpha">Scale (in time units) of the purchase-rate gamma distribution.</param>
    /// <param name="a">First shape of the dropout-probability beta distribution.</param>
    /// <param name="b">Second shape of the dropout-probability beta distribution.</param>
    /// <param name="timeUnit">The time unit of recency, age and horizons.</param>
    public MbgNbdModel(double r, double alpha, double a, double b, TimeUnit timeUnit)
        : this(r, alpha, a, b, timeUnit, null)
    {
    }

    internal MbgNbdModel(double r, double alpha, double a, double b, TimeUnit timeUnit, ClvFitDiagnostics? diagnostics)
        : base(true, Name, r, alpha, a, b, timeUnit, diagnostics)
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
    public static MbgNbdModel Fit(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, TimeUnit timeUnit, ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ClvFitDiagnostics d = BetaGeometricFamily.Fit(true, Name, frequency, recency, age, timeUnit, options, cancellationToken);
        return new MbgNbdModel(d.Estimates[0], d.Estimates[1], d.Estimates[2], d.Estimates[3], timeUnit, d);
    }

    /// <summary>The fit from weighted distinct rows (validated input); <paramref name="repeatBuyers"/> -1 when the caller checked them.</summary>
    internal static MbgNbdModel FitRows(CompressedRows rows, TimeUnit timeUnit, ClvFitOptions? options, CancellationToken cancellationToken, int repeatBuyers = -1)
    {
        ClvFitDiagnostics d = BetaGeometricFamily.FitRows(true, Name, rows, timeUnit, options, cancellationToken, repeatBuyers);
        return new MbgNbdModel(d.Estimates[0], d.Estimates[1], d.Estimates[2], d.Estimates[3], timeUnit, d);
    }
}
