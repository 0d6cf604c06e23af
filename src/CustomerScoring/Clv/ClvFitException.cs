namespace CustomerScoring.Clv;

/// <summary>
/// Thrown when a CLV model fit does not converge. The message says what happened (iterations, gradient norm,
/// last parameters) and what usually helps.
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
    }

    /// <summary>The state the fit stopped in (last parameters, gradient norm, iterations), when available.</summary>
    public ClvFitDiagnostics? Diagnostics { get; }

    private static string Describe(ClvFitDiagnostics d)
    {
        var parameters = string.Join(", ", d.ParameterNames.Select((name, i) => FormattableString.Invariant($"{name} = {d.Estimates[i]:G6}")));
        return FormattableString.Invariant(
            $"The {d.ModelName} fit did not converge after {d.Iterations} iterations ({d.ExitReason}): the gradient norm is {d.GradientNorm:G3} (tolerance {d.GradientTolerance:G3}), last parameters {parameters}, log-likelihood {d.LogLikelihood:G8}, {d.CustomerCount} customers. ")
            + "Remedies: add a small penalizer (ClvFitOptions.Penalizer = 0.001 .. 0.1; it shrinks the parameters, so start small and compare), express time in a coarser unit (weeks instead of days) so the rate parameters are of order 1, use more customers or a longer calibration period, "
            + "or set ClvFitOptions.ThrowOnNonConvergence = false to inspect the unconverged model.";
    }
}
