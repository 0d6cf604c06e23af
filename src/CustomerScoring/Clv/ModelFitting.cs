using CustomerScoring.Numerics.Optimization;
using CustomerScoring.Numerics;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Clv;

/// <summary>Shared fitting plumbing: options, starting values, the ML driver and the non-convergence policy.</summary>
internal static class ModelFitting
{
    public static ClvFitDiagnostics Fit(
        string modelName,
        string[] parameterNames,
        LogLikelihoodWithGradient logLikelihood,
        double[] defaultStart,
        int customerCount,
        int uniqueRows,
        ClvFitOptions? options,
        TimeUnit? timeUnit,
        CancellationToken cancellationToken,
        int repeatBuyers = -1,
        Func<LogLikelihoodWithGradient?>? sample = null)
    {
        options ??= ClvFitOptions.Default;
        ClvFitOptions.Validate(options, parameterNames.Length);
        if (repeatBuyers >= 0 && repeatBuyers < parameterNames.Length)
        {
            throw new ClvFitException(FitProblems.TooFewRepeatBuyers(modelName, parameterNames, repeatBuyers, customerCount), ClvFitProblem.TooFewRepeatBuyers);
        }

        double[] start = options.InitialParameters is { } init ? init.ToArray() : defaultStart;
        cancellationToken.ThrowIfCancellationRequested();
        LogLikelihoodWithGradient Cancellable(LogLikelihoodWithGradient f) => !cancellationToken.CanBeCanceled ? f : (theta, gradient) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return f(theta, gradient);
        };

        // A sample's fit is a start of our own: a start the caller gave is used as it is (and no sample is made).
        LogLikelihoodWithGradient? onSample = options.InitialParameters is null && sample?.Invoke() is { } s ? Cancellable(s) : null;
        MaximumLikelihoodResult result = MaximumLikelihood.Fit(Cancellable(logLikelihood), start, customerCount, options.Penalizer, options.MaxIterations, options.GradientTolerance, onSample);
        var (problem, description) = FitProblems.Assess(modelName, parameterNames, defaultStart, result, timeUnit);
        var diagnostics = new ClvFitDiagnostics(modelName, parameterNames, result, customerCount, uniqueRows, options, timeUnit, problem, description);
        if (!diagnostics.Converged && options.ThrowOnNonConvergence)
        {
            throw new ClvFitException(diagnostics);
        }

        return diagnostics;
    }

    /// <summary>Throws unless every value is finite and positive.</summary>
    public static void CheckParameters(string model, params ReadOnlySpan<(string Name, double Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            if (!(value > 0.0) || !double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(name, value, $"The {model} parameter {name} must be a finite positive number.");
            }
        }
    }

    public static void CheckHorizon(double horizon, string parameter)
    {
        if (!(horizon >= 0.0) || !double.IsFinite(horizon))
        {
            throw new ArgumentOutOfRangeException(parameter, horizon, "The horizon must be a finite number >= 0 of the model's time units.");
        }
    }

    /// <summary>
    /// Mean of T over mean of x (at least 0.01): a scale for the rate parameters' starting values. Summed over the sorted rows,
    /// so the start (and the fit) does not depend on the customers' order.
    /// </summary>
    public static double RateScale(CompressedRows rows)
    {
        double sx = 0.0, st = 0.0;
        for (int i = 0; i < rows.Count; i++)
        {
            sx += rows.X[i] * rows.Weight[i];
            st += rows.T[i] * rows.Weight[i];
        }

        double scale = st / Math.Max(sx, 0.01 * rows.CustomerCount);
        return double.IsFinite(scale) && scale > 0.0 ? scale : 1.0;
    }

    /// <summary>The customers' mean age T, summed over the sorted rows.</summary>
    public static double MeanAge(CompressedRows rows)
    {
        double st = 0.0;
        for (int i = 0; i < rows.Count; i++)
        {
            st += rows.T[i] * rows.Weight[i];
        }

        return st / rows.CustomerCount;
    }

    /// <summary>Throws like <see cref="CheckedResult"/> for the first value that is not finite.</summary>
    public static void CheckedResults(ReadOnlySpan<double> values, string what, string model)
    {
        int bad = ColumnChecks.IndexOfNonFinite(values);
        if (bad >= 0)
        {
            CheckedResult(values[bad], what, model);
        }
    }

    public static double CheckedResult(double value, string what, string model)
    {
        if (!double.IsFinite(value))
        {
            throw new InvalidOperationException($"The {model} {what} evaluated to {value} for these parameters; the model parameters are outside the range where the closed form is usable.");
        }

        return value;
    }
}
