using System.Globalization;
using CustomerScoring.Numerics.Functions;
using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>
/// The Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987): while active, a customer buys at Poisson rate
/// λ ~ Gamma(r, α) and stays active for an exponential lifetime with rate μ ~ Gamma(s, β).
/// Immutable and thread-safe; fit once with <see cref="Fit"/>, predict many.
/// </summary>
public sealed class ParetoNbdModel : IPurchaseModel, IDiscountedPurchaseKernel
{
    internal const string Name = "Pareto/NBD";

    /// <summary>A model with given parameters (e.g. published ones), rates per <paramref name="timeUnit"/>.</summary>
    /// <param name="r">Shape of the purchase-rate gamma distribution.</param>
    /// <param name="alpha">Scale (in time units) of the purchase-rate gamma distribution.</param>
    /// <param name="s">Shape of the dropout-rate gamma distribution.</param>
    /// <param name="beta">Scale (in time units) of the dropout-rate gamma distribution.</param>
    /// <param name="timeUnit">The time unit of recency, age and horizons.</param>
    public ParetoNbdModel(double r, double alpha, double s, double beta, TimeUnit timeUnit)
        : this(r, alpha, s, beta, timeUnit, null)
    {
    }

    internal ParetoNbdModel(double r, double alpha, double s, double beta, TimeUnit timeUnit, ClvFitDiagnostics? diagnostics)
    {
        ModelFitting.CheckParameters(Name, (nameof(r), r), (nameof(alpha), alpha), (nameof(s), s), (nameof(beta), beta));
        _ = timeUnit.Days();
        R = r;
        Alpha = alpha;
        S = s;
        Beta = beta;
        TimeUnit = timeUnit;
        Diagnostics = diagnostics;
    }

    /// <summary>r: shape of the purchase-rate distribution.</summary>
    public double R { get; }

    /// <summary>α: scale of the purchase-rate distribution, in time units.</summary>
    public double Alpha { get; }

    /// <summary>s: shape of the dropout-rate distribution.</summary>
    public double S { get; }

    /// <summary>β: scale of the dropout-rate distribution, in time units.</summary>
    public double Beta { get; }

    /// <inheritdoc/>
    public TimeUnit TimeUnit { get; }

    /// <inheritdoc/>
    public ClvFitDiagnostics? Diagnostics { get; }

    /// <summary>
    /// Fits the model by maximum likelihood. The likelihood uses the Gauss hypergeometric function after Euler's
    /// transformation, in logs, so heavy buyers neither overflow nor lose precision. Identical (x, t_x, T) customers are
    /// merged into weighted rows first.
    /// </summary>
    /// <param name="frequency">Repeat purchase periods x (whole numbers).</param>
    /// <param name="recency">t_x in <paramref name="timeUnit"/>s (0 when x = 0).</param>
    /// <param name="age">T in <paramref name="timeUnit"/>s.</param>
    /// <param name="timeUnit">The unit of recency and age; recorded on the model.</param>
    /// <param name="options">Fit options; null for <see cref="ClvFitOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the fit, checked before each likelihood evaluation.</param>
    /// <returns>The fitted model with its <see cref="Diagnostics"/>.</returns>
    /// <exception cref="ArgumentException">Invalid input; the message names the customer position and value.</exception>
    /// <exception cref="ClvFitException">Fewer repeat buyers than parameters, or the fit did not converge, ran off to a boundary or has a singular Hessian and <see cref="ClvFitOptions.ThrowOnNonConvergence"/> is true; <see cref="ClvFitException.Problem"/> says which.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ParetoNbdModel Fit(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, TimeUnit timeUnit, ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = timeUnit.Days();
        ClvInput.Validate(frequency, recency, age, forFitting: true);
        return FitRows(ClvInput.Compress(frequency, recency, age), timeUnit, options, cancellationToken, ClvInput.RepeatBuyers(frequency));
    }

    /// <summary>The fit from weighted distinct rows (validated input); <paramref name="repeatBuyers"/> -1 when the caller checked them.</summary>
    internal static ParetoNbdModel FitRows(CompressedRows rows, TimeUnit timeUnit, ClvFitOptions? options, CancellationToken cancellationToken, int repeatBuyers = -1)
    {
        ClvFitDiagnostics d = ModelFitting.Fit(
            Name,
            ["r", "alpha", "s", "beta"],
            (theta, grad) => ParetoNbdLikelihood.Evaluate(rows, theta[0], theta[1], theta[2], theta[3], grad),
            [1.0, ModelFitting.RateScale(rows), 1.0, Math.Max(ModelFitting.MeanAge(rows), 1e-3)],
            rows.CustomerCount,
            rows.Count,
            options,
            timeUnit,
            cancellationToken,
            repeatBuyers,
            () => rows.FitSample() is { } sample ? (theta, grad) => ParetoNbdLikelihood.Evaluate(sample, theta[0], theta[1], theta[2], theta[3], grad) : null);
        return new ParetoNbdModel(d.Estimates[0], d.Estimates[1], d.Estimates[2], d.Estimates[3], timeUnit, d);
    }

    /// <summary>
    /// Conditional expected purchases in (T, T + horizon]:
    /// (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive), continuous at s = 1.
    /// </summary>
    /// <param name="frequency">Repeat purchase periods x.</param>
    /// <param name="recency">Time of the last purchase since the first, t_x.</param>
    /// <param name="age">Time since the first purchase, T.</param>
    /// <param name="horizon">Length of the prediction window in <see cref="TimeUnit"/>s.</param>
    /// <param name="destination">Receives one value per customer.</param>
    public void ExpectedPurchases(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, double horizon, Span<double> destination)
    {
        ModelFitting.CheckHorizon(horizon, nameof(horizon));
        ClvInput.Validate(frequency, recency, age, forFitting: false);
        ClvInput.CheckDestination(frequency.Length, destination.Length, nameof(destination));
        for (int i = 0; i < frequency.Length; i++)
        {
            double x = frequency[i], t = age[i];
            double alive = ParetoNbdLikelihood.ProbabilityAlive(R, Alpha, S, Beta, x, recency[i], t);
            double growth = LogSpace.OneMinusExpOverK(S - 1.0, LogSpace.Log1P(horizon / (Beta + t)));
            destination[i] = ModelFitting.CheckedResult((R + x) * (Beta + t) / (Alpha + t) * growth * alive, "expected purchases", Name);
        }
    }

    /// <inheritdoc/>
    void IDiscountedPurchaseKernel.DiscountedExpectedPurchases(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> horizons, ReadOnlySpan<double> discountFactors, Span<double> destination, Span<double> expectedAtEnd)
    {
        for (int i = 0; i < frequency.Length; i++)
        {
            double x = frequency[i], t = age[i];
            double alive = ParetoNbdLikelihood.ProbabilityAlive(R, Alpha, S, Beta, x, recency[i], t);
            double scale = (R + x) * (Beta + t) / (Alpha + t) * alive;
            double previous = 0.0, sum = 0.0;
            for (int k = 0; k < discountFactors.Length; k++)
            {
                double current = LogSpace.OneMinusExpOverK(S - 1.0, LogSpace.Log1P(horizons[k] / (Beta + t)));
                sum += (current - previous) * discountFactors[k];
                previous = current;
            }

            destination[i] = ModelFitting.CheckedResult(scale * sum, "expected purchases", Name);
            if (!expectedAtEnd.IsEmpty)
            {
                // As ExpectedPurchases evaluates it.
                expectedAtEnd[i] = ModelFitting.CheckedResult((R + x) * (Beta + t) / (Alpha + t) * previous * alive, "expected purchases", Name);
            }
        }
    }

    /// <inheritdoc/>
    public void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        ClvInput.Validate(frequency, recency, age, forFitting: false);
        ClvInput.CheckDestination(frequency.Length, destination.Length, nameof(destination));
        for (int i = 0; i < frequency.Length; i++)
        {
            destination[i] = ModelFitting.CheckedResult(ParetoNbdLikelihood.ProbabilityAlive(R, Alpha, S, Beta, frequency[i], recency[i], age[i]), "P(alive)", Name);
        }
    }

    /// <summary>E[X(t)] = rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)], continuous at s = 1.</summary>
    /// <param name="horizon">Length of the window in <see cref="TimeUnit"/>s.</param>
    /// <returns>The expected number of purchases.</returns>
    public double ExpectedPurchasesNewCustomer(double horizon)
    {
        ModelFitting.CheckHorizon(horizon, nameof(horizon));
        return R * Beta / Alpha * LogSpace.OneMinusExpOverK(S - 1.0, LogSpace.Log1P(horizon / Beta));
    }

    /// <inheritdoc/>
    public double LogLikelihood(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age)
    {
        ClvInput.Validate(frequency, recency, age, forFitting: false);
        double total = 0.0;
        for (int i = 0; i < frequency.Length; i++)
        {
            total += ParetoNbdLikelihood.Single(R, Alpha, S, Beta, frequency[i], recency[i], age[i]);
        }

        return total;
    }

    /// <summary>The parameters (with standard errors when fitted) and the time unit.</summary>
    /// <returns>Readable text.</returns>
    public override string ToString() => Diagnostics?.ToString()
        ?? string.Create(CultureInfo.InvariantCulture, $"{Name} (time unit: {TimeUnit.ToName()}): r = {R:G6}, alpha = {Alpha:G6}, s = {S:G6}, beta = {Beta:G6}");
}
