namespace CustomerScoring.Clv;

/// <summary>Why a CLV model fit cannot be trusted (<see cref="ClvFitDiagnostics.Problem"/>, <see cref="ClvFitException.Problem"/>).</summary>
public enum ClvFitProblem
{
    /// <summary>No problem: the fit converged to an interior maximum with a well-conditioned Hessian.</summary>
    None,

    /// <summary>The optimiser stopped before the gradient reached the tolerance (iterations, line search).</summary>
    NotConverged,

    /// <summary>
    /// Parameters ran off towards a boundary of the parameter space (a gamma's shape and scale growing together: no
    /// heterogeneity; a dropout parameter going to 0 or infinity: dropout vanishing); the model's limiting form fits
    /// the data better than any interior point.
    /// </summary>
    ParameterAtBoundary,

    /// <summary>
    /// The Hessian of the log-likelihood is not positive definite or nearly singular: some parameter combination is
    /// not determined by the data, so the standard errors and intervals would be meaningless.
    /// </summary>
    SingularHessian,

    /// <summary>Too few customers with repeat purchases to estimate the model's parameters; no fit was attempted.</summary>
    TooFewRepeatBuyers,
}
