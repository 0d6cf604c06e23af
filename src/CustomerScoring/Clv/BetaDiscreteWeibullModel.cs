using System.Globalization;

namespace CustomerScoring.Clv;

/// <summary>
/// The beta-discrete-Weibull (BdW) model of contractual retention (Fader, Hardie, Liu, Davin &amp; Steenburgh 2018,
/// "'How to Project Customer Retention' Revisited: The Role of Duration Dependence", J. Interactive Marketing 43):
/// each member's churn probability changes with tenure through the discrete Weibull, S(t | θ) = (1 − θ)^(t^c), with
/// θ ~ Beta(α, β); so S(t) = B(α, β + t^c) / B(α, β). c &lt; 1: a member's churn probability falls with tenure;
/// c &gt; 1: it rises; c = 1 is the <see cref="ShiftedBetaGeometricModel"/>. Immutable and thread-safe.
/// </summary>
public sealed class BetaDiscreteWeibullModel
{
    private const string Name = "BdW";

    /// <summary>A model with given parameters.</summary>
    /// <param name="alpha">First shape of the beta distribution of θ.</param>
    /// <param name="beta">Second shape of the beta distribution of θ.</param>
    /// <param name="c">Weibull shape: duration dependence of each member's churn probability.</param>
    public BetaDiscreteWeibullModel(double alpha, double beta, double c)
        : this(alpha, beta, c, null)
    {
    }

    private BetaDiscreteWeibullModel(double alpha, double beta, double c, ClvFitDiagnostics? diagnostics)
    {
        ModelFitting.CheckParameters(Name, (nameof(alpha), alpha), (nameof(beta), beta), (nameof(c), c));
        Alpha = alpha;
        Beta = beta;
        C = c;
        Diagnostics = diagnostics;
    }

    /// <summary>α: first shape of the beta distribution of θ.</summary>
    public double Alpha { get; }

    /// <summary>β: second shape of the beta distribution of θ.</summary>
    public double Beta { get; }

    /// <summary>c: the Weibull shape (1 = no duration dependence).</summary>
    public double C { get; }

    /// <summary>The fit facts, or null for a model built from given parameters.</summary>
    public ClvFitDiagnostics? Diagnostics { get; }

    /// <summary>Fits α, β and c by maximum likelihood (analytic gradients) to churned and right-censored members.</summary>
    /// <param name="data">Survivor counts of one or more cohorts, or individual durations.</param>
    /// <param name="options">Fit options; null for <see cref="ClvFitOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the fit, checked before each likelihood evaluation.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ClvFitException">The fit did not converge and <see cref="ClvFitOptions.ThrowOnNonConvergence"/> is true.</exception>
    public static BetaDiscreteWeibullModel Fit(RetentionData data, ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var cells = data.Cells();
        ShiftedBetaGeometricModel.CheckFittable(data, cells);
        ClvFitDiagnostics d = ModelFitting.Fit(
            Name,
            ["alpha", "beta", "c"],
            (theta, grad) => RetentionLikelihood.LogLikelihood(cells, theta, grad),
            [1.0, 1.0, 1.0],
            (int)Math.Round(data.CustomerCount),
            cells.Length,
            options,
            null,
            cancellationToken);
        return new BetaDiscreteWeibullModel(d.Estimates[0], d.Estimates[1], d.Estimates[2], d);
    }

    /// <summary>S(t) = B(α, β + t^c) / B(α, β).</summary>
    /// <param name="period">t ≥ 0.</param>
    /// <returns>The survival probability.</returns>
    public double Survival(int period)
    {
        RetentionLikelihood.CheckPeriod(period, 0, nameof(period));
        return Math.Exp(RetentionLikelihood.LogSurvival(Alpha, Beta, C, period, default));
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

    /// <summary>P(T = t) = S(t − 1) − S(t).</summary>
    /// <param name="period">t ≥ 1.</param>
    /// <returns>The probability.</returns>
    public double ChurnProbability(int period)
    {
        RetentionLikelihood.CheckPeriod(period, 1, nameof(period));
        return Math.Exp(RetentionLikelihood.LogChurn(Alpha, Beta, C, period, [0.0, 0.0, 0.0]));
    }

    /// <summary>r(t) = S(t) / S(t − 1).</summary>
    /// <param name="period">t ≥ 1.</param>
    /// <returns>The retention rate.</returns>
    public double RetentionRate(int period)
    {
        RetentionLikelihood.CheckPeriod(period, 1, nameof(period));
        return Math.Exp(RetentionLikelihood.LogSurvival(Alpha, Beta, C, period, default) - RetentionLikelihood.LogSurvival(Alpha, Beta, C, period - 1, default));
    }

    /// <summary>DEL(d) = Σ_{t ≥ 0} S(t) / (1 + d)^t, summed until the terms vanish (see <see cref="ShiftedBetaGeometricModel.DiscountedExpectedLifetime"/>).</summary>
    /// <param name="discountRate">Discount rate per period, &gt; 0.</param>
    /// <returns>The expected discounted lifetime in periods.</returns>
    public double DiscountedExpectedLifetime(double discountRate)
    {
        RetentionLikelihood.CheckDiscountRate(discountRate);
        return 1.0 + (RetentionLikelihood.ResidualSum(LogSurvival, 1, discountRate) / (1.0 + discountRate));
    }

    /// <summary>DERL = Σ_{t ≥ n} S(t) / S(n − 1) / (1 + d)^(t − n) for a member after n − 1 = <paramref name="renewals"/> renewals (see <see cref="ShiftedBetaGeometricModel.DiscountedExpectedResidualLifetime"/>).</summary>
    /// <param name="discountRate">Discount rate per period, &gt; 0.</param>
    /// <param name="renewals">Renewals made so far (≥ 0).</param>
    /// <returns>The discounted expected residual lifetime in periods.</returns>
    public double DiscountedExpectedResidualLifetime(double discountRate, int renewals)
    {
        RetentionLikelihood.CheckDiscountRate(discountRate);
        RetentionLikelihood.CheckPeriod(renewals, 0, nameof(renewals));
        return RetentionLikelihood.ResidualSum(LogSurvival, renewals + 1, discountRate);
    }

    /// <summary>Expected CLV of a member just acquired who pays <paramref name="paymentPerPeriod"/> at the start of each period.</summary>
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
        return RetentionLikelihood.LogLikelihood(data.Cells(), [Alpha, Beta, C], default);
    }

    /// <summary>The parameters, e.g. "BdW(alpha 1.2, beta 3.4, c 0.8)".</summary>
    /// <returns>One line.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"BdW(alpha {Alpha:G4}, beta {Beta:G4}, c {C:G4})");

    private double LogSurvival(int t) => RetentionLikelihood.LogSurvival(Alpha, Beta, C, t, default);
}
