using System.Globalization;
using MathNet.Numerics;

namespace CustomerScoring.Clv;

/// <summary>
/// The Gamma-Gamma spend model (Fader, Hardie &amp; Lee 2005, "RFM and CLV"; Fader &amp; Hardie, "The Gamma-Gamma Model
/// of Monetary Value"): a customer's spend per transaction is Gamma(p, ν) with ν ~ Gamma(q, γ), independent of the
/// purchase process. It is fitted on the customers with repeat purchases (x &gt; 0) from their mean repeat spend m.
/// Immutable and thread-safe.
/// </summary>
public sealed class GammaGammaModel
{
    private const string Name = "Gamma-Gamma";

    /// <summary>A model with given parameters.</summary>
    /// <param name="p">Shape of the per-transaction spend distribution.</param>
    /// <param name="q">Shape of the gamma distribution of ν.</param>
    /// <param name="gamma">Scale (in currency) of the gamma distribution of ν.</param>
    public GammaGammaModel(double p, double q, double gamma)
        : this(p, q, gamma, null)
    {
    }

    private GammaGammaModel(double p, double q, double gamma, ClvFitDiagnostics? diagnostics)
    {
        ModelFitting.CheckParameters(Name, (nameof(p), p), (nameof(q), q), (nameof(gamma), gamma));
        P = p;
        Q = q;
        Gamma = gamma;
        Diagnostics = diagnostics;
    }

    /// <summary>p: shape of the per-transaction spend distribution.</summary>
    public double P { get; }

    /// <summary>q: shape of the distribution of the spend rate ν.</summary>
    public double Q { get; }

    /// <summary>γ: scale of the distribution of the spend rate ν.</summary>
    public double Gamma { get; }

    /// <summary>The fit facts, or null for a model built from given parameters.</summary>
    public ClvFitDiagnostics? Diagnostics { get; }

    /// <summary>
    /// Fits the model by maximum likelihood on the customers with x &gt; 0; customers with x = 0 are skipped
    /// (their monetary value is ignored). Identical (x, m) pairs are merged into weighted rows.
    /// </summary>
    /// <param name="frequency">Repeat purchase periods x of every customer.</param>
    /// <param name="monetary">Mean spend m of the repeat purchase periods (must be &gt; 0 when x &gt; 0).</param>
    /// <param name="options">Fit options; null for <see cref="ClvFitOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the fit, checked before each likelihood evaluation.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">Invalid input, naming the customer position; or no customer with x &gt; 0.</exception>
    /// <exception cref="ClvFitException">The fit did not converge and <see cref="ClvFitOptions.ThrowOnNonConvergence"/> is true.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static GammaGammaModel Fit(ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        Validate(frequency, monetary);
        GammaGammaLikelihood rows = GammaGammaLikelihood.Compress(frequency, monetary, out int customers, out double spendSum);
        if (customers == 0)
        {
            throw new ArgumentException("No customer has repeat purchases (x > 0): the Gamma-Gamma model cannot be fitted.", nameof(frequency));
        }

        double meanSpend = spendSum / customers;
        ClvFitDiagnostics d = ModelFitting.Fit(
            Name,
            ["p", "q", "gamma"],
            (theta, grad) => rows.Evaluate(theta[0], theta[1], theta[2], grad),
            [2.0, 3.0, Math.Max(meanSpend, 1e-6)],
            customers,
            rows.Count,
            options,
            null,
            cancellationToken,
            sample: () => rows.FitSample() is { } sample ? (theta, grad) => sample.Evaluate(theta[0], theta[1], theta[2], grad) : null);
        return new GammaGammaModel(d.Estimates[0], d.Estimates[1], d.Estimates[2], d);
    }

    /// <summary>
    /// E[M | p, q, γ, m, x] = (γ + m·x)·p / (p·x + q − 1): the expected spend per transaction of each customer, a weighted
    /// mean of the population mean p·γ/(q−1) and the customer's observed mean m. Customers with x = 0 get the population mean.
    /// </summary>
    /// <param name="frequency">Repeat purchase periods x.</param>
    /// <param name="monetary">Mean repeat spend m (ignored when x = 0).</param>
    /// <param name="destination">Receives one value per customer.</param>
    /// <exception cref="InvalidOperationException">q ≤ 1 and a customer has x = 0 (the population mean is infinite).</exception>
    public void ConditionalExpectedSpend(ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, Span<double> destination)
    {
        Validate(frequency, monetary);
        ClvInput.CheckDestination(frequency.Length, destination.Length, nameof(destination));
        for (int i = 0; i < frequency.Length; i++)
        {
            double x = frequency[i];
            double m = x > 0.0 ? monetary[i] : 0.0;
            double den = (P * x) + Q - 1.0;
            if (!(den > 0.0))
            {
                throw new InvalidOperationException(FormattableString.Invariant(
                    $"Customer at position {i}: the expected spend is infinite because p·x + q − 1 = {den:G4} ≤ 0 (q = {Q:G4} ≤ 1)."));
            }

            destination[i] = (Gamma + (m * x)) * P / den;
        }
    }

    /// <summary>The mean spend per transaction of the population, p·γ/(q−1) (infinite when q ≤ 1).</summary>
    public double PopulationMeanSpend => Q > 1.0 ? P * Gamma / (Q - 1.0) : double.PositiveInfinity;

    /// <summary>The parameters (with standard errors when fitted).</summary>
    /// <returns>Readable text.</returns>
    public override string ToString() => Diagnostics?.ToString()
        ?? string.Create(CultureInfo.InvariantCulture, $"{Name}: p = {P:G6}, q = {Q:G6}, gamma = {Gamma:G6}");

    /// <summary>
    /// ln L = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ+mx), weighted, with ∂/∂(p, q, γ):
    /// one term per row, the scalar reference of <see cref="GammaGammaLikelihood"/> (which the fit uses).
    /// </summary>
    internal static double LogLikelihood(double[] x, double[] m, double[] w, double p, double q, double gamma, Span<double> gradient)
    {
        double total = 0.0, gp = 0.0, gq = 0.0, gg = 0.0;
        double lnGammaQ = SpecialFunctions.GammaLn(q), psiQ = SpecialFunctions.DiGamma(q), lnG = Math.Log(gamma);
        bool wantGradient = !gradient.IsEmpty;
        for (int i = 0; i < x.Length; i++)
        {
            double px = p * x[i];
            double lnM = Math.Log(m[i]), lnX = Math.Log(x[i]), lnD = Math.Log(gamma + (m[i] * x[i]));
            total += w[i] * (SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) - lnGammaQ + (q * lnG) + ((px - 1.0) * lnM) + (px * lnX) - ((px + q) * lnD));
            if (wantGradient)
            {
                double psiPxq = SpecialFunctions.DiGamma(px + q);
                gp += w[i] * x[i] * (psiPxq - SpecialFunctions.DiGamma(px) + lnM + lnX - lnD);
                gq += w[i] * (psiPxq - psiQ + lnG - lnD);
                gg += w[i] * ((q / gamma) - ((px + q) / (gamma + (m[i] * x[i]))));
            }
        }

        if (wantGradient)
        {
            gradient[0] = gp;
            gradient[1] = gq;
            gradient[2] = gg;
        }

        return total;
    }

    internal static void Validate(ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary)
    {
        if (monetary.Length != frequency.Length)
        {
            throw new ArgumentException(FormattableString.Invariant($"The spans must have one value per customer: frequency has {frequency.Length}, monetary {monetary.Length}."), nameof(monetary));
        }

        for (int i = 0; i < frequency.Length; i++)
        {
            double x = frequency[i], m = monetary[i];
            // The rules below at once, without branches (NaN fails every comparison); a failing customer is checked rule by rule.
            if (!(double.IsFinite(x) & double.IsFinite(m) & (x >= 0.0) & (x == Math.Floor(x)) & ((x == 0.0) | (m > 0.0))))
            {
                ThrowInvalid(x, m, i);
            }
        }
    }

    /// <summary>Throws the exception for the first rule that customer <paramref name="i"/> breaks.</summary>
    private static void ThrowInvalid(double x, double m, int i)
    {
        ClvInput.CheckFinite(x, i, "frequency", "frequency x");
        ClvInput.CheckFinite(m, i, "monetary", "mean spend m");
        if (x < 0.0 || x != Math.Floor(x))
        {
            throw ClvInput.Bad("frequency", i, $"frequency x = {x} is not a whole number >= 0.");
        }

        if (x > 0.0 && !(m > 0.0))
        {
            throw ClvInput.Bad("monetary", i, $"mean spend m = {m} is not positive although x = {x}; the Gamma-Gamma model needs positive spend for every customer with repeat purchases (remove refunds/zero orders or exclude the customer).");
        }

        throw new InvalidOperationException("A customer failed the combined check but none of the rules.");
    }
}
