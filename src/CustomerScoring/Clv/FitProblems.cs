using System.Globalization;
using CustomerScoring.Numerics.Optimization;
using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>
/// Detects fits that cannot be trusted (parameters at a boundary, a singular Hessian) and words the data cause and
/// the remedies.
/// </summary>
/// <remarks>
/// A parameter has run off to a boundary when it is more than 1e5 times larger or smaller than the fit's built-in
/// start (which carries the data's time scale): no CLV model needs such values, and at them the likelihood has
/// stopped changing, so "converged" would only mean "flat". The Hessian is near singular when the ratio of its
/// largest to smallest eigenvalue exceeds 1e10 (CDNOW's fits are near 1e2 to 1e3).
/// </remarks>
internal static class FitProblems
{
    /// <summary>ln(1e5): how far (in log-parameters) from the built-in start a parameter may go.</summary>
    internal static readonly double BoundaryDistance = Math.Log(1e5);

    /// <summary>Hessian condition numbers above this are near singular.</summary>
    internal const double ConditionLimit = 1e10;

    private const string Remedies =
        "Remedies: a small penalizer (ClvFitOptions.Penalizer = 0.001 .. 0.01) keeps every parameter finite at the cost of a small bias; "
        + "another model (PurchaseModelComparison fits BG/NBD, MBG/NBD and Pareto/NBD and keeps those that fit); "
        + "a longer calibration window when too little dropout or too few repeat purchases can be seen yet.";

    private const string DropoutRemedies =
        "Remedies: a longer calibration window, so that customers who stopped buying can be seen; "
        + "another model (PurchaseModelComparison fits BG/NBD, MBG/NBD and Pareto/NBD and keeps those that fit); "
        + "if customers really do not drop out, a model without dropout such as the simple CLV formulas (SimpleClv). "
        + "A penalizer (ClvFitOptions.Penalizer) bounds only parameters that grow: it does not stop dropout from vanishing.";

    public static (ClvFitProblem Problem, string? Description) Assess(string model, string[] names, double[] start, MaximumLikelihoodResult result, TimeUnit? unit)
    {
        var runaway = new List<int>();
        for (int i = 0; i < names.Length; i++)
        {
            double distance = Math.Log(result.Estimates[i] / start[i]);
            if (!(Math.Abs(distance) <= BoundaryDistance))
            {
                runaway.Add(i);
            }
        }

        if (runaway.Count > 0)
        {
            return (ClvFitProblem.ParameterAtBoundary, DescribeBoundary(model, names, result.Estimates, runaway, unit));
        }

        if (!result.Converged)
        {
            return (ClvFitProblem.NotConverged, null);
        }

        if (!(result.HessianConditionNumber <= ConditionLimit))
        {
            string condition = double.IsFinite(result.HessianConditionNumber)
                ? "nearly singular (condition number " + result.HessianConditionNumber.ToString("G3", CultureInfo.InvariantCulture) + ")"
                : "not positive definite";
            return (ClvFitProblem.SingularHessian, string.Create(
                CultureInfo.InvariantCulture,
                $"The {model} fit is not identified: the Hessian of the log-likelihood is {condition}, so some combination of {string.Join(", ", names)} is not determined by these data (estimates {Values(names, result.Estimates)}) and its standard errors are meaningless. This happens with few customers, few repeat buyers or a short calibration window. ") + Remedies);
        }

        return (ClvFitProblem.None, null);
    }

    public static string TooFewRepeatBuyers(string model, string[] names, int repeatBuyers, int customers)
    {
        string what = repeatBuyers == 0
            ? "All frequencies are 0: with no repeat purchases the purchase and dropout rates cannot be estimated."
            : string.Create(CultureInfo.InvariantCulture, $"Only {repeatBuyers} of {customers} customers made a repeat purchase: too few to estimate the {names.Length} {model} parameters ({string.Join(", ", names)}).");
        return what + " Use a longer calibration period, more customers, or the simple CLV formulas (SimpleClv).";
    }

    private static string DescribeBoundary(string model, string[] names, double[] theta, List<int> runaway, TimeUnit? unit)
    {
        bool Off(string name) => runaway.Exists(i => names[i] == name);
        double Value(string name) => theta[Array.IndexOf(names, name)];
        bool Big(string name) => Off(name) && Value(name) > 1.0;
        string perUnit = unit is { } u ? " per " + u.ToName() : string.Empty;
        var causes = new List<string>();
        if (Off("r") && Off("alpha") && Big("r") && Big("alpha"))
        {
            causes.Add(string.Create(CultureInfo.InvariantCulture, $"r and alpha grow without bound together (their ratio, the mean purchase rate, stays at {Value("r") / Value("alpha"):G4}{perUnit}): the purchase rates show no heterogeneity, every customer seems to buy at about the same steady rate"));
        }

        if (names.Contains("s") && Big("s") && Big("beta"))
        {
            causes.Add("s and beta grow without bound together: the dropout rates show no heterogeneity");
        }
        else if (names.Contains("s") && ((Off("s") && Value("s") < 1.0) || Big("beta")))
        {
            causes.Add("the dropout rate goes to 0 (s small or beta large): almost no customer shows signs of having stopped buying, dropout vanishes");
        }

        if (names.Contains("a") && Big("a") && Big("b"))
        {
            causes.Add("a and b grow without bound together: the dropout probabilities show no heterogeneity");
        }
        else if (names.Contains("a") && ((Off("a") && Value("a") < 1.0) || Big("b")))
        {
            causes.Add("the dropout probability a / (a + b) goes to 0: almost no customer shows signs of having stopped buying, dropout vanishes");
        }

        if (names.Contains("q") && (Big("p") || Big("q")))
        {
            causes.Add("the spend distribution's shapes grow without bound: customers' mean spends show no heterogeneity beyond chance");
        }

        bool dropoutVanishes = causes.Exists(c => c.Contains("dropout vanishes", StringComparison.Ordinal));
        if (causes.Count == 0)
        {
            causes.Add("the likelihood keeps increasing towards a boundary of the parameter space");
        }

        string off = string.Join(", ", runaway.Select(i => string.Create(CultureInfo.InvariantCulture, $"{names[i]} = {theta[i]:G3}")));
        return string.Create(CultureInfo.InvariantCulture, $"The {model} fit ran off to a boundary ({off}): ")
            + string.Join("; ", causes)
            + ". The estimates are not a maximum of the likelihood and its predictions cannot be trusted. "
            + (dropoutVanishes ? DropoutRemedies : Remedies);
    }

    private static string Values(string[] names, double[] theta) =>
        string.Join(", ", names.Select((n, i) => string.Create(CultureInfo.InvariantCulture, $"{n} = {theta[i]:G4}")));
}
