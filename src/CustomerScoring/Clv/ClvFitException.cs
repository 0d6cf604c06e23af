namespace CustomerScoring.Clv;

/// <summary>
/// Thrown when a CLV model fit cannot be trusted: it did not converge, its parameters ran off to a boundary, its
/// Hessian is singular, or there are too few repeat buyers (<see cref="Problem"/>). The message says what happened
/// (for non-convergence the iterations, gradient norm and last parameters; otherwise the cause in the data) and what
/// usually helps.
/// </summary>
public sealed class ClvFitException : CustomerScoringException
{
    /// <summary>Creates the exception with a message.</summary>
    public ClvFitException()
        : base(FailureKind.ModelNotFitted, "The model could not be fitted.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public ClvFitException(string message)
        : base(FailureKind.ModelNotFitted, message)
    {
    }

    /// <summary>Creates the exception with a message and the optimiser's exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public ClvFitException(string message, Exception innerException)
        : base(FailureKind.ModelNotFitted, message, innerException)
    {
    }

    internal ClvFitException(ClvFitDiagnostics diagnostics)
        : base(FailureKind.ModelNotFitted, Describe(diagnostics))
    {
        Diagnostics = diagnostics;
        Problem = diagnostics.Problem;
    }

    internal ClvFitException(string message, ClvFitProblem problem)
        : base(FailureKind.ModelNotFitted, message)
    {
        Problem = problem;
    }

    /// <summary>What went wrong: <see cref="ClvFitProblem.NotConverged"/> for an optimiser that stopped early, or the data problem found.</summary>
    public ClvFitProblem Problem { get; } = ClvFitProblem.NotConverged;

    /// <summary>The state the fit stopped in (last parameters, gradient norm, iterations), when available.</summary>
    public ClvFitDiagnostics? Diagnostics { get; }

    private static string Describe(ClvFitDiagnostics d)
    {
        if (d.Problem is not ClvFitProblem.None and not ClvFitProblem.NotConverged && d.ProblemDescription is { } problem)
        {
            return problem;
        }

        // Never "NaN" or "Infinity" in a message: a value that is not finite is said in words.
        static string Number(double value, string format) => double.IsFinite(value) ? value.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "not finite";
        var parameters = string.Join(", ", d.ParameterNames.Select((name, i) => $"{name} = {Number(d.Estimates[i], "G6")}"));
        string state = double.IsFinite(d.LogLikelihood)
            ? $"the gradient norm is {Number(d.GradientNorm, "G3")} (tolerance {Number(d.GradientTolerance, "G3")}), last parameters {parameters}, log-likelihood {Number(d.LogLikelihood, "G8")}"
            : $"the log-likelihood cannot be evaluated at the last parameters {parameters}: they left the range where the model can be computed (one scale tiny against the other, a boundary), typical of a few extreme customers (e.g. buying every day for years) beside ordinary ones";
        return FormattableString.Invariant($"The {d.ModelName} fit did not converge after {d.Iterations} iterations ({d.ExitReason}): {state}, {d.CustomerCount} customers. ")
            + "Remedies: add a small penalizer (ClvFitOptions.Penalizer = 0.001 .. 0.1; it shrinks the parameters, so start small and compare), express time in a coarser unit (weeks instead of days) so the rate parameters are of order 1, use more customers or a longer calibration period, "
            + "or set ClvFitOptions.ThrowOnNonConvergence = false to inspect the unconverged model.";
    }
}
