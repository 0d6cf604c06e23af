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
    private readonly double[,] covariance;

    internal ClvFitDiagnostics(string modelName, string[] parameterNames, MaximumLikelihoodResult result, int customerCount, int uniqueRowCount, ClvFitOptions options, TimeUnit? timeUnit)
    {
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
        Converged = result.Converged;
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

    /// <summary>True when <see cref="GradientNorm"/> ≤ <see cref="GradientTolerance"/> at finite estimates.</summary>
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

    /// <summary>Covariance of estimates i and j (natural parameters).</summary>
    /// <param name="i">Index of the first parameter.</param>
    /// <param name="j">Index of the second parameter.</param>
    /// <returns>Cov(θᵢ, θⱼ).</returns>
    public double Covariance(int i, int j) => covariance[i, j];

    /// <summary>The 95% Wald interval θ ± 1.96·se of parameter i.</summary>
    /// <param name="i">Index of the parameter.</param>
    /// <returns>The lower and upper bound.</returns>
    public (double Lower, double Upper) ConfidenceInterval95(int i) =>
        (Estimates[i] - (1.959963984540054 * StandardErrors[i]), Estimates[i] + (1.959963984540054 * StandardErrors[i]));

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

        return sb.ToString();
    }
}
