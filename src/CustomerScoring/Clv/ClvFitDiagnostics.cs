using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using CustomerScoring.Numerics.Optimization;
using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>
/// The facts of a maximum-likelihood fit: estimates, standard errors, covariance, log-likelihood and convergence.
/// Immutable and thread-safe.
/// </summary>
public sealed class ClvFitDiagnostics
{
    private const double Z95 = 1.959963984540054;

    private readonly double[,] covariance;
    private readonly double[,]? logCovariance;

    internal ClvFitDiagnostics(string modelName, string[] parameterNames, MaximumLikelihoodResult result, int customerCount, int uniqueRowCount, ClvFitOptions options, TimeUnit? timeUnit, ClvFitProblem problem, string? problemDescription)
    {
        logCovariance = result.LogCovariance;
        Problem = problem;
        ProblemDescription = problemDescription;
        HessianConditionNumber = result.HessianConditionNumber;
        ModelName = modelName;
        ParameterNames = Array.AsReadOnly(parameterNames);
        Estimates = Array.AsReadOnly(result.Estimates);
        covariance = result.Covariance;
        var se = new double[parameterNames.Length];
        for (int i = 0; i < se.Length; i++)
        {
            se[i] = Math.Sqrt(Math.Max(covariance[i, i], 0.0));
        }

        StandardErrors = Array.AsReadOnly(se);
        LogLikelihood = result.LogLikelihood;
        Iterations = result.Iterations;
        GradientNorm = result.GradientNorm;
        GradientTolerance = options.GradientTolerance;
        Converged = result.Converged && problem == ClvFitProblem.None;
        ExitReason = result.ExitReason;
        CustomerCount = customerCount;
        UniqueRowCount = uniqueRowCount;
        Penalizer = options.Penalizer;
        TimeUnit = timeUnit;
    }

    /// <summary>The model, e.g. "BG/NBD".</summary>
    public string ModelName { get; }

    /// <summary>The parameter names in the literature's notation and order, e.g. r, alpha, a, b.</summary>
    public ReadOnlyCollection<string> ParameterNames { get; }

    /// <summary>The estimates, in the order of <see cref="ParameterNames"/>.</summary>
    public ReadOnlyCollection<double> Estimates { get; }

    /// <summary>
    /// Standard errors from the inverse Hessian of the negative log-likelihood (delta method from the log-parameters);
    /// +∞ when the Hessian is not positive definite.
    /// </summary>
    public ReadOnlyCollection<double> StandardErrors { get; }

    /// <summary>The maximised log-likelihood (without the penalty term).</summary>
    public double LogLikelihood { get; }

    /// <summary>BFGS iterations used.</summary>
    public int Iterations { get; }

    /// <summary>Euclidean norm of the gradient of the per-customer objective in log-parameters at the estimates.</summary>
    public double GradientNorm { get; }

    /// <summary>The gradient tolerance the fit was asked to reach.</summary>
    public double GradientTolerance { get; }

    /// <summary>
    /// True when <see cref="GradientNorm"/> ≤ <see cref="GradientTolerance"/> at finite estimates and no
    /// <see cref="Problem"/> was found (never at a boundary or with a singular Hessian).
    /// </summary>
    public bool Converged { get; }

    /// <summary>Why the optimiser stopped.</summary>
    public string ExitReason { get; }

    /// <summary>Customers the model was fitted on.</summary>
    public int CustomerCount { get; }

    /// <summary>Distinct data rows after merging identical customers into weighted rows.</summary>
    public int UniqueRowCount { get; }

    /// <summary>The L2 penalizer used.</summary>
    public double Penalizer { get; }

    /// <summary>The time unit of the rate parameters; null for models without a time dimension (Gamma-Gamma).</summary>
    public TimeUnit? TimeUnit { get; }

    /// <summary>What makes the fit untrustworthy; <see cref="ClvFitProblem.None"/> for a good fit.</summary>
    public ClvFitProblem Problem { get; }

    /// <summary>A sentence naming the cause in the data and the remedies when <see cref="Problem"/> is not None; otherwise null.</summary>
    public string? ProblemDescription { get; }

    /// <summary>
    /// Largest over smallest eigenvalue of the Hessian of the objective in the log-parameters (+∞ when it is not
    /// positive definite); above 1e10 the fit is reported as <see cref="ClvFitProblem.SingularHessian"/>.
    /// </summary>
    public double HessianConditionNumber { get; }

    /// <summary>k: the number of estimated parameters.</summary>
    public int ParameterCount => Estimates.Count;

    /// <summary>Akaike's information criterion 2k − 2 LL (lower is better).</summary>
    public double Aic => (2.0 * ParameterCount) - (2.0 * LogLikelihood);

    /// <summary>The Bayesian information criterion k ln n − 2 LL, n = <see cref="CustomerCount"/> (lower is better).</summary>
    public double Bic => (ParameterCount * Math.Log(CustomerCount)) - (2.0 * LogLikelihood);

    /// <summary>True when the log-parameters have a finite covariance (the Hessian is positive definite), so intervals and bootstrap draws exist.</summary>
    public bool HasCovariance => logCovariance is not null;

    /// <summary>Covariance of ln θᵢ and ln θⱼ (the inverse Hessian in the log-parameters); +∞ on the diagonal when the Hessian is not positive definite.</summary>
    /// <param name="i">Index of the first parameter.</param>
    /// <param name="j">Index of the second parameter.</param>
    /// <returns>Cov(ln θᵢ, ln θⱼ).</returns>
    public double LogCovariance(int i, int j) => logCovariance is { } c ? c[i, j] : (i == j ? double.PositiveInfinity : 0.0);

    /// <summary>Covariance of estimates i and j (natural parameters).</summary>
    /// <param name="i">Index of the first parameter.</param>
    /// <param name="j">Index of the second parameter.</param>
    /// <returns>Cov(θᵢ, θⱼ).</returns>
    public double Covariance(int i, int j) => covariance[i, j];

    /// <summary>
    /// The 95% interval of parameter i on the log scale: θ·exp(±1.96·se(ln θ)), se(ln θ) = se(θ)/θ. It stays
    /// positive and is asymmetric like the likelihood of a positive parameter; (0, +∞) without a covariance.
    /// </summary>
    /// <param name="i">Index of the parameter.</param>
    /// <returns>The lower and upper bound.</returns>
    public (double Lower, double Upper) ConfidenceInterval95(int i) => ConfidenceInterval(i, 0.95);

    /// <summary>
    /// How many leading parameters are positive and get log-scale intervals; the rest (covariate coefficients, any sign) get
    /// the usual symmetric interval estimate ± z·se.
    /// </summary>
    internal int LogScaleParameters { get; init; } = int.MaxValue;

    /// <summary>The interval of parameter i at <paramref name="level"/>: on the log scale, θ·exp(±z·se(ln θ)), for the positive
    /// model parameters; estimate ± z·se for covariate coefficients (which may have either sign).</summary>
    /// <param name="i">Index of the parameter.</param>
    /// <param name="level">Coverage level in (0, 1), e.g. 0.95.</param>
    /// <returns>The lower and upper bound.</returns>
    public (double Lower, double Upper) ConfidenceInterval(int i, double level)
    {
        if (!(level > 0.0 && level < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must be in (0, 1).");
        }

        double z = level == 0.95 ? Z95 : MathNet.Numerics.Distributions.Normal.InvCDF(0.0, 1.0, 0.5 + (level / 2.0));
        if (i >= LogScaleParameters)
        {
            double linear = StandardErrors[i];
            return double.IsFinite(linear) && double.IsFinite(covariance[i, i])
                ? (Estimates[i] - (z * linear), Estimates[i] + (z * linear))
                : (double.NegativeInfinity, double.PositiveInfinity);
        }

        double se = Math.Sqrt(LogCovariance(i, i));
        if (!double.IsFinite(se))
        {
            return (0.0, double.PositiveInfinity);
        }

        return (Estimates[i] * Math.Exp(-z * se), Estimates[i] * Math.Exp(z * se));
    }

    /// <summary>A readable table of the estimates with standard errors and the fit facts.</summary>
    /// <returns>Several lines of text.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var unit = TimeUnit is { } u ? " (time unit: " + u.ToName() + ")" : string.Empty;
        sb.Append(CultureInfo.InvariantCulture, $"{ModelName} fitted on {CustomerCount} customers ({UniqueRowCount} unique rows){unit}").AppendLine();
        sb.Append(CultureInfo.InvariantCulture, $"  {"parameter",-10} {"estimate",12} {"std. error",12}").AppendLine();
        for (int i = 0; i < Estimates.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {ParameterNames[i],-10} {Estimates[i],12:G6} {StandardErrors[i],12:G4}").AppendLine();
        }

        sb.Append(CultureInfo.InvariantCulture, $"  log-likelihood {LogLikelihood:F4}, {Iterations} iterations, gradient norm {GradientNorm:G3}, {(Converged ? "converged" : "NOT converged")}");
        if (Penalizer > 0.0)
        {
            sb.Append(CultureInfo.InvariantCulture, $", penalizer {Penalizer:G3}");
        }

        if (ProblemDescription is not null)
        {
            sb.AppendLine().Append("  ").Append(ProblemDescription);
        }

        return sb.ToString();
    }
}
