using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>
/// What BG/NBD and MBG/NBD share beyond their formulas: the fit and the per-customer prediction loops,
/// parameterized by whether the model is the modified one (dropout possible after the first purchase).
/// </summary>
internal readonly record struct BetaGeometricFamily(bool Modified, string Name, double R, double Alpha, double A, double B)
{
    private BetaGeometricParameters Parameters => new(Modified, R, Alpha, A, B);

    public static ClvFitDiagnostics Fit(bool modified, string name, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, TimeUnit timeUnit, ClvFitOptions? options, CancellationToken cancellationToken)
    {
        _ = timeUnit.Days();
        ClvInput.Validate(frequency, recency, age, forFitting: true);
        return FitRows(modified, name, ClvInput.Compress(frequency, recency, age), timeUnit, options, cancellationToken, ClvInput.RepeatBuyers(frequency));
    }

    /// <summary>The fit from weighted distinct rows (validated input); <paramref name="repeatBuyers"/> -1 when the caller checked them.</summary>
    public static ClvFitDiagnostics FitRows(bool modified, string name, CompressedRows rows, TimeUnit timeUnit, ClvFitOptions? options, CancellationToken cancellationToken, int repeatBuyers = -1)
    {
        ClvFitDiagnostics d = ModelFitting.Fit(
            name,
            ["r", "alpha", "a", "b"],
            (theta, grad) => BetaGeometricLikelihood.Evaluate(rows, modified, theta[0], theta[1], theta[2], theta[3], grad),
            [1.0, ModelFitting.RateScale(rows), 1.0, 1.0],
            rows.CustomerCount,
            rows.Count,
            options,
            timeUnit,
            cancellationToken,
            repeatBuyers,
            () => rows.FitSample() is { } sample ? (theta, grad) => BetaGeometricLikelihood.Evaluate(sample, modified, theta[0], theta[1], theta[2], theta[3], grad) : null);
        if (d.Converged && d.Problem == ClvFitProblem.None)
        {
            CheckPredictable(modified, name, d, rows, timeUnit);
        }

        return d;
    }

    /// <summary>
    /// Refuses a fit whose expected purchases cannot be evaluated for the customers it was fitted on: at extreme parameters
    /// (e.g. a tiny alpha with a huge b, from a handful of customers with thousands of purchases in a few weeks) the closed
    /// form gives NaN. Checked on up to 4,096 of the distinct rows (evenly spaced in their (x, t_x, T) order, and the last,
    /// which has the most purchases) for a year's forecast; the same exception as a fit that stopped at a boundary.
    /// </summary>
    private static void CheckPredictable(bool modified, string name, ClvFitDiagnostics d, CompressedRows rows, TimeUnit timeUnit)
    {
        const int Probes = 4096;
        int n = rows.X.Length;
        if (n == 0)
        {
            return;
        }

        int step = Math.Max(1, n / Probes);
        int[] probes = [.. Enumerable.Range(0, ((n - 1) / step) + 1).Select(k => k * step), n - 1];
        int count = probes.Length;
        var x = new double[count];
        var tx = new double[count];
        var t = new double[count];
        for (int k = 0; k < count; k++)
        {
            x[k] = rows.X[probes[k]];
            tx[k] = rows.Tx[probes[k]];
            t[k] = rows.T[probes[k]];
        }

        var expected = new double[count];
        var parameters = new BetaGeometricParameters(modified, d.Estimates[0], d.Estimates[1], d.Estimates[2], d.Estimates[3]);
        BetaGeometricExpectationKernel.ExpectedPurchases(parameters, x, tx, t, 365.0 / timeUnit.Days(), expected);
        int bad = expected.Count(v => !double.IsFinite(v));
        if (bad > 0)
        {
            throw new ClvFitException(
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"The {name} fit ended at r = {d.Estimates[0]:G4}, alpha = {d.Estimates[1]:G4}, a = {d.Estimates[2]:G4}, b = {d.Estimates[3]:G4}, where its expected purchases cannot be evaluated for {bad} of {count} customers checked: the data do not identify the model (often a few customers with far more purchases than the rest). Check the extreme customers, or use another model."),
                ClvFitProblem.ParameterAtBoundary);
        }
    }

    public void ExpectedPurchases(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, double horizon, Span<double> destination)
    {
        ModelFitting.CheckHorizon(horizon, nameof(horizon));
        ClvInput.Validate(frequency, recency, age, forFitting: false);
        ClvInput.CheckDestination(frequency.Length, destination.Length, nameof(destination));
        Span<double> result = destination[..frequency.Length];
        BetaGeometricExpectationKernel.ExpectedPurchases(Parameters, frequency, recency, age, horizon, result);
        ModelFitting.CheckedResults(result, "expected purchases", Name);
    }

    public void DiscountedExpectedPurchases(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> horizons, ReadOnlySpan<double> discountFactors, Span<double> destination, Span<double> expectedAtEnd)
    {
        Span<double> result = destination[..frequency.Length];
        Span<double> end = expectedAtEnd.IsEmpty ? default : expectedAtEnd[..frequency.Length];
        BetaGeometricExpectationKernel.DiscountedSum(Parameters, frequency, recency, age, horizons, discountFactors, result, end);
        ModelFitting.CheckedResults(result, "expected purchases", Name);
        ModelFitting.CheckedResults(end, "expected purchases", Name);
    }

    /// <summary>
    /// The discounted expected purchases, E[Y(tₙ)] and P(alive) of every distinct row (<see cref="BetaGeometricExpectationKernel.DiscountedRows"/>);
    /// <paramref name="expectedAtEnd"/> and <paramref name="alive"/> may be empty.
    /// </summary>
    public void DiscountedRows(CompressedRows rows, double[] horizons, double[] discountFactors, double[] value, double[] expectedAtEnd, double[] alive, CancellationToken cancellationToken)
    {
        BetaGeometricExpectationKernel.DiscountedRows(Parameters, rows, horizons, discountFactors, value, expectedAtEnd, alive, cancellationToken);
        ModelFitting.CheckedResults(value, "expected purchases", Name);
        ModelFitting.CheckedResults(expectedAtEnd, "expected purchases", Name);
    }

    public void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        ClvInput.Validate(frequency, recency, age, forFitting: false);
        ClvInput.CheckDestination(frequency.Length, destination.Length, nameof(destination));
        for (int i = 0; i < frequency.Length; i++)
        {
            destination[i] = BetaGeometricPredictions.ProbabilityAlive(Modified, R, Alpha, A, B, frequency[i], recency[i], age[i]);
        }
    }

    public double ExpectedPurchasesNewCustomer(double horizon)
    {
        ModelFitting.CheckHorizon(horizon, nameof(horizon));
        return ModelFitting.CheckedResult(BetaGeometricPredictions.ExpectedPurchases(Modified, R, Alpha, A, B, 0.0, 0.0, 0.0, horizon), "E[X(t)]", Name);
    }

    public double LogLikelihood(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age)
    {
        ClvInput.Validate(frequency, recency, age, forFitting: false);
        double total = 0.0;
        for (int i = 0; i < frequency.Length; i++)
        {
            total += BetaGeometricLikelihood.Single(Modified, R, Alpha, A, B, frequency[i], recency[i], age[i]);
        }

        return total;
    }
}
