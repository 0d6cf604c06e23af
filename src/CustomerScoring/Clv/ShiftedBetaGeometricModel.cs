using System.Globalization;
using CustomerScoring.Numerics.Functions;

namespace CustomerScoring.Clv;

/// <summary>
/// The shifted-beta-geometric (sBG) model of contractual retention (Fader &amp; Hardie 2007, "How to Project Customer
/// Retention", J. Interactive Marketing 21(1)): at the end of each period a member leaves with probability θ, constant
/// over the member's renewals, and θ ~ Beta(α, β) across members. Periods are whatever the contract renews on (months,
/// years). P(T = t) = B(α + 1, β + t − 1) / B(α, β), survival S(t) = B(α, β + t) / B(α, β) and retention
/// r(t) = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1), which rises with tenure as the members likely to leave go first.
/// Immutable and thread-safe.
/// </summary>
public sealed class ShiftedBetaGeometricModel
{
    private const string Name = "sBG";

    /// <summary>A model with given parameters.</summary>
    /// <param name="alpha">First shape of the churn-probability beta distribution.</param>
    /// <param name="beta">Second shape of the churn-probability beta distribution.</param>
    public ShiftedBetaGeometricModel(double alpha, double beta)
        : this(alpha, beta, null)
    {
    }

    private ShiftedBetaGeometricModel(double alpha, double beta, ClvFitDiagnostics? diagnostics)
    {
        ModelFitting.CheckParameters(Name, (nameof(alpha), alpha), (nameof(beta), beta));
        Alpha = alpha;
        Beta = beta;
        Diagnostics = diagnostics;
    }

    /// <summary>α: first shape of the churn-probability distribution (mean churn probability α / (α + β)).</summary>
    public double Alpha { get; }

    /// <summary>β: second shape of the churn-probability distribution.</summary>
    public double Beta { get; }

    /// <summary>The fit facts, or null for a model built from given parameters.</summary>
    public ClvFitDiagnostics? Diagnostics { get; }

    /// <summary>Fits α and β by maximum likelihood (analytic gradients) to churned and right-censored members.</summary>
    /// <param name="data">Survivor counts of one or more cohorts, or individual durations.</param>
    /// <param name="options">Fit options; null for <see cref="ClvFitOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the fit, checked before each likelihood evaluation.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ClvFitException">The fit did not converge and <see cref="ClvFitOptions.ThrowOnNonConvergence"/> is true.</exception>
    public static ShiftedBetaGeometricModel Fit(RetentionData data, ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var cells = data.Cells();
        CheckFittable(data, cells);
        ClvFitDiagnostics d = ModelFitting.Fit(
            Name,
            ["alpha", "beta"],
            (theta, grad) => RetentionLikelihood.LogLikelihood(cells, theta, grad),
            [1.0, 1.0],
            (int)Math.Round(data.CustomerCount),
            cells.Length,
            options,
            null,
            cancellationToken);
        return new ShiftedBetaGeometricModel(d.Estimates[0], d.Estimates[1], d);
    }

    /// <summary>S(t) = B(α, β + t) / B(α, β): the share of a new cohort still members after t periods.</summary>
    /// <param name="period">t ≥ 0.</param>
    /// <returns>The survival probability.</returns>
    public double Survival(int period)
    {
        RetentionLikelihood.CheckPeriod(period, 0, nameof(period));
        return Math.Exp(RetentionLikelihood.LogSurvival(Alpha, Beta, 1.0, period, default));
    }

    /// <summary>S(0), S(1), ..., S(<paramref name="periods"/>).</summary>
    /// <param name="periods">The last period, ≥ 0.</param>
    /// <returns><paramref name="periods"/> + 1 values.</returns>
    public double[] SurvivalCurve(int periods)
    {
        RetentionLikelihood.CheckPeriod(periods, 0, nameof(periods));
        var s = new double[periods + 1];
        for (int t = 0; t <= periods; t++)
        {
            s[t] = Survival(t);
        }

        return s;
    }

    /// <summary>P(T = t) = B(α + 1, β + t − 1) / B(α, β): the probability that a new member leaves in period t.</summary>
    /// <param name="period">t ≥ 1.</param>
    /// <returns>The probability.</returns>
    public double ChurnProbability(int period)
    {
        RetentionLikelihood.CheckPeriod(period, 1, nameof(period));
        return Math.Exp(RetentionLikelihood.LogChurn(Alpha, Beta, 1.0, period, default));
    }

    /// <summary>r(t) = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1): the share of period t − 1's members who renew at t.</summary>
    /// <param name="period">t ≥ 1.</param>
    /// <returns>The retention rate.</returns>
    public double RetentionRate(int period)
    {
        RetentionLikelihood.CheckPeriod(period, 1, nameof(period));
        return (Beta + period - 1.0) / (Alpha + Beta + period - 1.0);
    }

    /// <summary>
    /// DEL(d) = Σ_{t ≥ 0} S(t) / (1 + d)^t = 2F1(1, β; α + β; 1 / (1 + d)): the discounted expected number of payments
    /// of a member just acquired, one payment at the start of each period, the first (now) undiscounted.
    /// </summary>
    /// <param name="discountRate">Discount rate per period, &gt; 0.</param>
    /// <returns>The expected discounted lifetime in periods.</returns>
    public double DiscountedExpectedLifetime(double discountRate)
    {
        RetentionLikelihood.CheckDiscountRate(discountRate);
        return ModelFitting.CheckedResult(Hypergeometric2F1.Evaluate(1.0, Beta, Alpha + Beta, 1.0 / (1.0 + discountRate)), "discounted expected lifetime", Name);
    }

    /// <summary>
    /// DERL (Fader &amp; Hardie 2010, "Customer-Base Valuation in a Contractual Setting", Marketing Science 29(1)) of a member
    /// who has made <paramref name="renewals"/> = n − 1 renewals and is about to decide on the next:
    /// Σ_{t ≥ n} S(t) / S(n − 1) / (1 + d)^(t − n) = B(α, β + n) / B(α, β + n − 1) · 2F1(1, β + n; α + β + n; 1 / (1 + d)),
    /// the next payment (if the member renews) undiscounted.
    /// </summary>
    /// <param name="discountRate">Discount rate per period, &gt; 0.</param>
    /// <param name="renewals">Renewals made so far (n − 1 ≥ 0).</param>
    /// <returns>The discounted expected residual lifetime in periods.</returns>
    public double DiscountedExpectedResidualLifetime(double discountRate, int renewals)
    {
        RetentionLikelihood.CheckDiscountRate(discountRate);
        RetentionLikelihood.CheckPeriod(renewals, 0, nameof(renewals));
        double n = renewals + 1.0;
        double value = (Beta + n - 1.0) / (Alpha + Beta + n - 1.0) * Hypergeometric2F1.Evaluate(1.0, Beta + n, Alpha + Beta + n, 1.0 / (1.0 + discountRate));
        return ModelFitting.CheckedResult(value, "discounted expected residual lifetime", Name);
    }

    /// <summary>Expected CLV of a member just acquired who pays <paramref name="paymentPerPeriod"/> at the start of each period: payment × DEL(d).</summary>
    /// <param name="paymentPerPeriod">Payment (or margin) per period.</param>
    /// <param name="discountRate">Discount rate per period, &gt; 0.</param>
    /// <returns>The expected discounted value.</returns>
    public double LifetimeValue(double paymentPerPeriod, double discountRate) => paymentPerPeriod * DiscountedExpectedLifetime(discountRate);

    /// <summary>Expected residual value of an existing member after <paramref name="renewals"/> renewals: payment × DERL.</summary>
    /// <param name="paymentPerPeriod">Payment (or margin) per period.</param>
    /// <param name="discountRate">Discount rate per period, &gt; 0.</param>
    /// <param name="renewals">Renewals made so far (≥ 0).</param>
    /// <returns>The expected discounted value of the payments to come.</returns>
    public double ResidualLifetimeValue(double paymentPerPeriod, double discountRate, int renewals) =>
        paymentPerPeriod * DiscountedExpectedResidualLifetime(discountRate, renewals);

    /// <summary>Total log-likelihood of the data under the model.</summary>
    /// <param name="data">Churned and censored members.</param>
    /// <returns>Σ ln L.</returns>
    public double LogLikelihood(RetentionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return RetentionLikelihood.LogLikelihood(data.Cells(), [Alpha, Beta], default);
    }

    /// <summary>The parameters, e.g. "sBG(alpha 0.704, beta 1.182)".</summary>
    /// <returns>One line.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"sBG(alpha {Alpha:G4}, beta {Beta:G4})");

    internal static void CheckFittable(RetentionData data, (int Period, double Count, bool Censored)[] cells)
    {
        bool anyChurn = false, anyPeriod = false;
        foreach (var (_, _, censored) in cells)
        {
            anyPeriod = true;
            anyChurn |= !censored;
        }

        if (!anyPeriod || !anyChurn)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The data ({data.CustomerCount} members over {data.Periods} periods) has no member who left: churn cannot be estimated."), nameof(data));
        }
    }
}
