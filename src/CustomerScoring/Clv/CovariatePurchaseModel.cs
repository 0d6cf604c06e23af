using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using CustomerScoring.Numerics.Optimization;
using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>
/// Pareto/NBD or BG/NBD with time-invariant customer covariates z (Fader &amp; Hardie's note "Incorporating
/// time-invariant covariates into the Pareto/NBD and BG/NBD models"; CLVTools' formulation), the same covariates acting
/// on both processes with separate coefficients:
/// Pareto/NBD α_i = α·exp(−γ_trans'z_i), β_i = β·exp(−γ_life'z_i); BG/NBD α_i = α·exp(−γ_trans'z_i),
/// a_i = a·exp(γ_life'z_i), b_i = b·exp(γ_life'z_i). Sign convention: a positive γ_trans raises the purchase rate
/// (E[λ] = r/α_i); a positive γ_life shortens lifetimes in the Pareto/NBD (E[μ] = s/β_i) and, in the BG/NBD, scales both
/// dropout shapes (the mean dropout probability a/(a+b) is unchanged; its spread shrinks). All parameters are fitted
/// jointly by maximum likelihood with analytic gradients; every coefficient has a standard error. Immutable and thread-safe.
/// </summary>
public sealed class CovariatePurchaseModel
{
    private readonly double[] baseParameters;
    private readonly double[] gammaTrans;
    private readonly double[] gammaLife;

    private CovariatePurchaseModel(PurchaseModelKind kind, double[] baseParameters, double[] gammaTrans, double[] gammaLife, string[] covariateNames, TimeUnit timeUnit, ClvFitDiagnostics? diagnostics)
    {
        Kind = kind;
        this.baseParameters = baseParameters;
        this.gammaTrans = gammaTrans;
        this.gammaLife = gammaLife;
        CovariateNames = Array.AsReadOnly(covariateNames);
        TimeUnit = timeUnit;
        Diagnostics = diagnostics;
    }

    /// <summary>A model with given parameters (r, α, s, β for Pareto/NBD; r, α, a, b for BG/NBD) and coefficients.</summary>
    /// <param name="kind"><see cref="PurchaseModelKind.ParetoNbd"/> or <see cref="PurchaseModelKind.BgNbd"/>.</param>
    /// <param name="parameters">The four base parameters in the literature's order.</param>
    /// <param name="covariateNames">One name per covariate.</param>
    /// <param name="transactionCoefficients">γ_trans, one per covariate.</param>
    /// <param name="lifetimeCoefficients">γ_life, one per covariate.</param>
    /// <param name="timeUnit">The unit of t_x, T and the rate parameters.</param>
    public CovariatePurchaseModel(PurchaseModelKind kind, IReadOnlyList<double> parameters, IReadOnlyList<string> covariateNames, IReadOnlyList<double> transactionCoefficients, IReadOnlyList<double> lifetimeCoefficients, TimeUnit timeUnit)
        : this(CheckKind(kind), [.. parameters], [.. transactionCoefficients], [.. lifetimeCoefficients], [.. covariateNames], timeUnit, null)
    {
        if (parameters.Count != 4 || transactionCoefficients.Count != covariateNames.Count || lifetimeCoefficients.Count != covariateNames.Count)
        {
            throw new ArgumentException("Give 4 base parameters and one transaction and one lifetime coefficient per covariate name.");
        }

        ModelFitting.CheckParameters(kind.ToString(), ("r", parameters[0]), ("alpha", parameters[1]), ("third", parameters[2]), ("fourth", parameters[3]));
        _ = timeUnit.Days();
    }

    /// <summary>Pareto/NBD or BG/NBD.</summary>
    public PurchaseModelKind Kind { get; }

    /// <summary>The unit of t_x, T, horizons and the rate parameters.</summary>
    public TimeUnit TimeUnit { get; }

    /// <summary>The base parameters: r, α, s, β (Pareto/NBD) or r, α, a, b (BG/NBD), at z = 0.</summary>
    public ReadOnlyCollection<double> Parameters => Array.AsReadOnly(baseParameters);

    /// <summary>The covariate names, in the order of the coefficients.</summary>
    public ReadOnlyCollection<string> CovariateNames { get; }

    /// <summary>γ_trans: the purchase-process coefficients (positive: more purchases).</summary>
    public ReadOnlyCollection<double> TransactionCoefficients => Array.AsReadOnly(gammaTrans);

    /// <summary>γ_life: the lifetime-process coefficients (see the class remarks for their sign).</summary>
    public ReadOnlyCollection<double> LifetimeCoefficients => Array.AsReadOnly(gammaLife);

    /// <summary>
    /// The fit facts: parameters named r, alpha, s|a, beta|b, then "trans:NAME" and "life:NAME" per covariate, with
    /// standard errors; null for a model built from given parameters.
    /// </summary>
    public ClvFitDiagnostics? Diagnostics { get; }

    /// <summary>Fits the model jointly by maximum likelihood.</summary>
    /// <param name="kind"><see cref="PurchaseModelKind.ParetoNbd"/> or <see cref="PurchaseModelKind.BgNbd"/>.</param>
    /// <param name="frequency">x per customer.</param>
    /// <param name="recency">t_x per customer.</param>
    /// <param name="age">T per customer.</param>
    /// <param name="covariates">One row per customer, in the same order.</param>
    /// <param name="timeUnit">The unit of recency and age.</param>
    /// <param name="options">Fit options; null for <see cref="ClvFitOptions.Default"/>. Initial parameters, if given, are the 4 base parameters then the coefficients (trans, then life).</param>
    /// <param name="cancellationToken">Stops the fit, checked before each likelihood evaluation.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">Invalid input or a covariate count that differs from the customers.</exception>
    /// <exception cref="ClvFitException">The fit did not converge and <see cref="ClvFitOptions.ThrowOnNonConvergence"/> is true.</exception>
    public static CovariatePurchaseModel Fit(PurchaseModelKind kind, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, CustomerCovariates covariates, TimeUnit timeUnit, ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckKind(kind);
        ArgumentNullException.ThrowIfNull(covariates);
        _ = timeUnit.Days();
        ClvInput.Validate(frequency, recency, age, forFitting: true);
        if (covariates.Count != frequency.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The covariates have {covariates.Count} customers but the summaries have {frequency.Length}; give one row per customer in the same order."), nameof(covariates));
        }

        options ??= ClvFitOptions.Default;
        int k = covariates.Names.Count;
        int p = 4 + (2 * k);
        ClvFitOptions.Validate(options, p);
        var likelihood = new CovariateLikelihood(kind, frequency, recency, age, covariates);

        double[] start;
        if (options.InitialParameters is { } init)
        {
            start = [.. init];
            for (int j = 4; j < p; j++)
            {
                start[j] = Math.Exp(start[j]);
            }
        }
        else
        {
            // The plain model's fit is the start, with all coefficients 0.
            IPurchaseModel plain = kind == PurchaseModelKind.ParetoNbd
                ? ParetoNbdModel.Fit(frequency, recency, age, timeUnit, options with { ThrowOnNonConvergence = false }, cancellationToken)
                : BgNbdModel.Fit(frequency, recency, age, timeUnit, options with { ThrowOnNonConvergence = false }, cancellationToken);
            start = new double[p];
            plain.Diagnostics!.Estimates.CopyTo(start, 0);
            for (int j = 4; j < p; j++)
            {
                start[j] = 1.0;
            }
        }

        // Coefficients are optimised as θ = e^γ so that the positive-parameter driver (which works on ln θ) sees γ itself.
        LogLikelihoodWithGradient ll = (theta, gradient) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return likelihood.Evaluate(theta, gradient);
        };
        MaximumLikelihoodResult raw = MaximumLikelihood.Fit(ll, start, frequency.Length, options.Penalizer, options.MaxIterations, options.GradientTolerance);
        var estimates = (double[])raw.Estimates.Clone();
        var jacobian = new double[p];
        for (int j = 0; j < p; j++)
        {
            jacobian[j] = j < 4 ? 1.0 : 1.0 / estimates[j];
            if (j >= 4)
            {
                estimates[j] = Math.Log(estimates[j]);
            }
        }

        var covariance = new double[p, p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                double c = raw.Covariance[i, j] * jacobian[i] * jacobian[j];
                covariance[i, j] = double.IsFinite(c) ? c : (i == j ? double.PositiveInfinity : 0.0);
            }
        }

        var result = raw with { Estimates = estimates, Covariance = covariance };
        string[] baseNames = kind == PurchaseModelKind.ParetoNbd ? ["r", "alpha", "s", "beta"] : ["r", "alpha", "a", "b"];
        string[] names = [.. baseNames, .. covariates.Names.Select(n => "trans:" + n), .. covariates.Names.Select(n => "life:" + n)];
        string modelName = (kind == PurchaseModelKind.ParetoNbd ? "Pareto/NBD" : "BG/NBD") + " with covariates";
        // Convergence and the Hessian are judged as for every fit; the boundary check of the plain models (log-parameters far
        // from their start) is not applied to the coefficients, which are unbounded reals.
        var diagnostics = new ClvFitDiagnostics(modelName, names, result, frequency.Length, likelihood.GroupCount, options, timeUnit, ClvFitProblem.None, null)
        {
            LogScaleParameters = 4, // r, alpha and s, beta (or a, b) are positive; the coefficients are real
        };
        if (!diagnostics.Converged && options.ThrowOnNonConvergence)
        {
            throw new ClvFitException(diagnostics);
        }

        return new CovariatePurchaseModel(kind, estimates[..4], estimates[4..(4 + k)], estimates[(4 + k)..], [.. covariates.Names], timeUnit, diagnostics);
    }

    /// <summary>The plain model of a customer with covariates <paramref name="z"/> (α_i and β_i, or α_i, a_i and b_i, applied).</summary>
    /// <param name="z">One value per covariate.</param>
    /// <returns>A <see cref="ParetoNbdModel"/> or <see cref="BgNbdModel"/> for that customer.</returns>
    public IPurchaseModel ForCustomer(ReadOnlySpan<double> z)
    {
        if (z.Length != gammaTrans.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Give {gammaTrans.Length} covariate values; got {z.Length}."), nameof(z));
        }

        Span<double> p = stackalloc double[4];
        CovariateLikelihood.Individual(Kind, baseParameters, gammaTrans, gammaLife, z, p);
        return Kind == PurchaseModelKind.ParetoNbd
            ? new ParetoNbdModel(p[0], p[1], p[2], p[3], TimeUnit)
            : new BgNbdModel(p[0], p[1], p[2], p[3], TimeUnit);
    }

    /// <summary>Conditional expected purchases in (T, T + horizon] for each customer, with each customer's covariates.</summary>
    /// <param name="frequency">x per customer.</param>
    /// <param name="recency">t_x per customer.</param>
    /// <param name="age">T per customer.</param>
    /// <param name="covariates">One row per customer.</param>
    /// <param name="horizon">Window length in <see cref="TimeUnit"/>s.</param>
    /// <param name="destination">Receives one value per customer.</param>
    public void ExpectedPurchases(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, CustomerCovariates covariates, double horizon, Span<double> destination) =>
        PerCustomer(frequency, recency, age, covariates, destination, (m, x, tx, t, d) => m.ExpectedPurchases(x, tx, t, horizon, d));

    /// <summary>P(alive) at T for each customer, with each customer's covariates.</summary>
    /// <param name="frequency">x per customer.</param>
    /// <param name="recency">t_x per customer.</param>
    /// <param name="age">T per customer.</param>
    /// <param name="covariates">One row per customer.</param>
    /// <param name="destination">Receives one value per customer.</param>
    public void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, CustomerCovariates covariates, Span<double> destination) =>
        PerCustomer(frequency, recency, age, covariates, destination, (m, x, tx, t, d) => m.ProbabilityAlive(x, tx, t, d));

    /// <summary>Total log-likelihood of the customers with their covariates.</summary>
    /// <param name="frequency">x per customer.</param>
    /// <param name="recency">t_x per customer.</param>
    /// <param name="age">T per customer.</param>
    /// <param name="covariates">One row per customer.</param>
    /// <returns>Σ ln L.</returns>
    public double LogLikelihood(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, CustomerCovariates covariates)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        ClvInput.Validate(frequency, recency, age, forFitting: false);
        var likelihood = new CovariateLikelihood(Kind, frequency, recency, age, covariates);
        double[] theta = [.. baseParameters, .. gammaTrans.Select(Math.Exp), .. gammaLife.Select(Math.Exp)];
        return likelihood.Evaluate(theta, default);
    }

    /// <summary>The parameters and coefficients, one per line.</summary>
    /// <returns>Lines of text.</returns>
    public override string ToString()
    {
        if (Diagnostics is { } d)
        {
            return d.ToString();
        }

        var sb = new StringBuilder(Kind == PurchaseModelKind.ParetoNbd ? "Pareto/NBD with covariates" : "BG/NBD with covariates");
        for (int j = 0; j < CovariateNames.Count; j++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"; {CovariateNames[j]}: trans {gammaTrans[j]:G4}, life {gammaLife[j]:G4}");
        }

        return sb.ToString();
    }

    private delegate void Predict(IPurchaseModel model, ReadOnlySpan<double> x, ReadOnlySpan<double> tx, ReadOnlySpan<double> t, Span<double> destination);

    private void PerCustomer(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, CustomerCovariates covariates, Span<double> destination, Predict predict)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        ClvInput.Validate(frequency, recency, age, forFitting: false);
        ClvInput.CheckDestination(frequency.Length, destination.Length, nameof(destination));
        if (covariates.Count != frequency.Length || covariates.Names.Count != gammaTrans.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Give one row of {gammaTrans.Length} covariates per customer ({frequency.Length}); got {covariates.Count} rows of {covariates.Names.Count}."), nameof(covariates));
        }

        var z = new double[gammaTrans.Length];
        for (int i = 0; i < frequency.Length; i++)
        {
            for (int j = 0; j < z.Length; j++)
            {
                z[j] = covariates[i, j];
            }

            predict(ForCustomer(z), frequency.Slice(i, 1), recency.Slice(i, 1), age.Slice(i, 1), destination.Slice(i, 1));
        }
    }

    private static PurchaseModelKind CheckKind(PurchaseModelKind kind) => kind is PurchaseModelKind.ParetoNbd or PurchaseModelKind.BgNbd
        ? kind
        : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Covariates are available for Pareto/NBD and BG/NBD.");
}
