namespace CustomerScoring.Clv;

/// <summary>Options of a maximum-likelihood CLV model fit. Immutable; the defaults suit most data.</summary>
public sealed record ClvFitOptions
{
    /// <summary>The defaults: no penalizer, 500 iterations, gradient tolerance 1e-6, throw on non-convergence.</summary>
    public static ClvFitOptions Default { get; } = new();

    /// <summary>
    /// L2 penalizer λ ≥ 0: the fit minimises −LL/N + λ·Σθᵢ² over the natural parameters θ (N = customers).
    /// A small value (0.001 to 0.1) stabilises fits on little or degenerate data at the cost of a small bias.
    /// </summary>
    public double Penalizer { get; init; }

    /// <summary>Maximum number of BFGS iterations.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>Convergence tolerance on the Euclidean norm of the gradient of −LL/N + penalty in log-parameters.</summary>
    public double GradientTolerance { get; init; } = 1e-6;

    /// <summary>
    /// When true (the default) a fit that does not converge throws <see cref="ClvFitException"/>; when false it
    /// returns the model with <see cref="ClvFitDiagnostics.Converged"/> = false.
    /// </summary>
    public bool ThrowOnNonConvergence { get; init; } = true;

    /// <summary>Optional starting values of the natural parameters, in the model's parameter order; null for the built-in start.</summary>
    public IReadOnlyList<double>? InitialParameters { get; init; }

    internal static void Validate(ClvFitOptions options, int parameterCount)
    {
        var (penalizer, maxIterations, gradientTolerance, initial) = (options.Penalizer, options.MaxIterations, options.GradientTolerance, options.InitialParameters);
        if (!(penalizer >= 0.0) || !double.IsFinite(penalizer))
        {
            throw new ArgumentException($"Penalizer must be a finite number >= 0, got {penalizer}.", nameof(options));
        }

        if (maxIterations < 1)
        {
            throw new ArgumentException($"MaxIterations must be at least 1, got {maxIterations}.", nameof(options));
        }

        if (!(gradientTolerance > 0.0))
        {
            throw new ArgumentException($"GradientTolerance must be positive, got {gradientTolerance}.", nameof(options));
        }

        if (initial is not null)
        {
            if (initial.Count != parameterCount)
            {
                throw new ArgumentException($"InitialParameters must have {parameterCount} values, got {initial.Count}.", nameof(options));
            }

            for (int i = 0; i < parameterCount; i++)
            {
                if (!(initial[i] > 0.0) || !double.IsFinite(initial[i]))
                {
                    throw new ArgumentException($"InitialParameters[{i}] = {initial[i]} must be a finite positive number.", nameof(options));
                }
            }
        }
    }
}
