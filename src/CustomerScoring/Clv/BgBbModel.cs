using System.Globalization;
using CustomerScoring.Numerics.Functions;
using MathNet.Numerics;

namespace CustomerScoring.Clv;

/// <summary>
/// The BG/BB model (Fader, Hardie &amp; Shang 2010, "Customer-Base Analysis in a Discrete-Time Noncontractual Setting")
/// for discrete transaction opportunities (e.g. yearly donation campaigns): while alive, a customer transacts at each
/// opportunity with probability p ~ Beta(α, β) and dies before the next one with probability θ ~ Beta(γ, δ).
/// Data per customer: x transactions in the n opportunities after the first, the last at opportunity t_x.
/// Immutable and thread-safe.
/// </summary>
public sealed class BgBbModel
{
    private const string Name = "BG/BB";

    /// <summary>A model with given parameters.</summary>
    /// <param name="alpha">First shape of the transaction-probability beta distribution.</param>
    /// <param name="beta">Second shape of the transaction-probability beta distribution.</param>
    /// <param name="gamma">First shape of the dropout-probability beta distribution.</param>
    /// <param name="delta">Second shape of the dropout-probability beta distribution.</param>
    public BgBbModel(double alpha, double beta, double gamma, double delta)
        : this(alpha, beta, gamma, delta, null)
    {
    }

    private BgBbModel(double alpha, double beta, double gamma, double delta, ClvFitDiagnostics? diagnostics)
    {
        ModelFitting.CheckParameters(Name, (nameof(alpha), alpha), (nameof(beta), beta), (nameof(gamma), gamma), (nameof(delta), delta));
        Alpha = alpha;
        Beta = beta;
        Gamma = gamma;
        Delta = delta;
        Diagnostics = diagnostics;
    }

    /// <summary>α: first shape of the transaction-probability distribution.</summary>
    public double Alpha { get; }

    /// <summary>β: second shape of the transaction-probability distribution.</summary>
    public double Beta { get; }

    /// <summary>γ: first shape of the dropout-probability distribution.</summary>
    public double Gamma { get; }

    /// <summary>δ: second shape of the dropout-probability distribution.</summary>
    public double Delta { get; }

    /// <summary>The fit facts, or null for a model built from given parameters.</summary>
    public ClvFitDiagnostics? Diagnostics { get; }

    /// <summary>Fits the model by maximum likelihood; rows may be a compressed table with weights (customer counts).</summary>
    /// <param name="frequency">Repeat transactions x (whole numbers, 0 ≤ x ≤ t_x).</param>
    /// <param name="recency">Opportunity index t_x of the last transaction (0 when x = 0; x ≤ t_x ≤ n).</param>
    /// <param name="opportunities">Number of transaction opportunities n after the first transaction.</param>
    /// <param name="weights">Customers per row (whole numbers ≥ 0); empty for one customer per row.</param>
    /// <param name="options">Fit options; null for <see cref="ClvFitOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the fit, checked before each likelihood evaluation.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">Invalid input, naming the row position and the value.</exception>
    /// <exception cref="ClvFitException">The fit did not converge and <see cref="ClvFitOptions.ThrowOnNonConvergence"/> is true.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static BgBbModel Fit(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> opportunities, ReadOnlySpan<double> weights, ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        Validate(frequency, recency, opportunities, weights, forFitting: true);
        var index = new Dictionary<(double X, double Tx, double N), int>();
        var rows = new List<(double X, double Tx, double N)>();
        var w = new List<double>();
        double customers = 0.0;
        for (int i = 0; i < frequency.Length; i++)
        {
            double weight = weights.IsEmpty ? 1.0 : weights[i];
            if (weight == 0.0)
            {
                continue;
            }

            var key = (frequency[i], recency[i], opportunities[i]);
            if (index.TryGetValue(key, out int slot))
            {
                w[slot] += weight;
            }
            else
            {
                index.Add(key, rows.Count);
                rows.Add(key);
                w.Add(weight);
            }

            customers += weight;
        }

        var data = rows.ToArray();
        var weightArray = w.ToArray();
        ClvFitDiagnostics d = ModelFitting.Fit(
            Name,
            ["alpha", "beta", "gamma", "delta"],
            (theta, grad) => LogLikelihood(data, weightArray, theta[0], theta[1], theta[2], theta[3], grad),
            [1.0, 1.0, 1.0, 1.0],
            (int)customers,
            data.Length,
            options,
            null,
            cancellationToken);
        return new BgBbModel(d.Estimates[0], d.Estimates[1], d.Estimates[2], d.Estimates[3], d);
    }

    /// <summary>Probability that each customer is alive at opportunity n + 1 (FHS 2010, eq. 11).</summary>
    /// <param name="frequency">Repeat transactions x.</param>
    /// <param name="recency">Opportunity t_x of the last transaction.</param>
    /// <param name="opportunities">Opportunities n so far.</param>
    /// <param name="destination">Receives one value per customer.</param>
    public void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> opportunities, Span<double> destination)
    {
        Validate(frequency, recency, opportunities, default, forFitting: false);
        ClvInput.CheckDestination(frequency.Length, destination.Length, nameof(destination));
        for (int i = 0; i < frequency.Length; i++)
        {
            double x = frequency[i], n = opportunities[i];
            double logL = RowLogLikelihood(Alpha, Beta, Gamma, Delta, x, recency[i], n, default);
            double logAliveTerm = SpecialFunctions.BetaLn(Alpha + x, Beta + n - x) - SpecialFunctions.BetaLn(Alpha, Beta)
                + SpecialFunctions.BetaLn(Gamma, Delta + n + 1) - SpecialFunctions.BetaLn(Gamma, Delta);
            destination[i] = Math.Min(1.0, Math.Exp(logAliveTerm - logL));
        }
    }

    /// <summary>
    /// Expected transactions in the next <paramref name="futureOpportunities"/> opportunities n+1 .. n+n* (FHS 2010, eq. 13).
    /// </summary>
    /// <param name="frequency">Repeat transactions x.</param>
    /// <param name="recency">Opportunity t_x of the last transaction.</param>
    /// <param name="opportunities">Opportunities n so far.</param>
    /// <param name="futureOpportunities">n* ≥ 0.</param>
    /// <param name="destination">Receives one value per customer.</param>
    public void ExpectedTransactions(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> opportunities, int futureOpportunities, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(futureOpportunities);
        Validate(frequency, recency, opportunities, default, forFitting: false);
        ClvInput.CheckDestination(frequency.Length, destination.Length, nameof(destination));
        for (int i = 0; i < frequency.Length; i++)
        {
            double x = frequency[i], n = opportunities[i];
            double logL = RowLogLikelihood(Alpha, Beta, Gamma, Delta, x, recency[i], n, default);
            double logFront = SpecialFunctions.BetaLn(Alpha + x + 1, Beta + n - x) - SpecialFunctions.BetaLn(Alpha, Beta) - logL;
            destination[i] = ModelFitting.CheckedResult(Math.Exp(logFront) * SurvivalSum(n, futureOpportunities), "expected transactions", Name);
        }
    }

    /// <summary>E[X(n)]: expected transactions of a new customer in the first n opportunities (FHS 2010, eq. 7).</summary>
    /// <param name="opportunities">n ≥ 0.</param>
    /// <returns>The expected number of transactions.</returns>
    public double ExpectedTransactionsNewCustomer(int opportunities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(opportunities);
        return Alpha / (Alpha + Beta) * SurvivalSum(0, opportunities);
    }

    /// <summary>Total weighted log-likelihood of the rows.</summary>
    /// <param name="frequency">Repeat transactions x.</param>
    /// <param name="recency">Opportunity t_x of the last transaction.</param>
    /// <param name="opportunities">Opportunities n.</param>
    /// <param name="weights">Customers per row; empty for one each.</param>
    /// <returns>Σ weight · ln L.</returns>
    public double LogLikelihood(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> opportunities, ReadOnlySpan<double> weights)
    {
        Validate(frequency, recency, opportunities, weights, forFitting: false);
        double total = 0.0;
        for (int i = 0; i < frequency.Length; i++)
        {
            total += (weights.IsEmpty ? 1.0 : weights[i]) * RowLogLikelihood(Alpha, Beta, Gamma, Delta, frequency[i], recency[i], opportunities[i], default);
        }

        return total;
    }

    /// <summary>The parameters (with standard errors when fitted).</summary>
    /// <returns>Readable text.</returns>
    public override string ToString() => Diagnostics?.ToString()
        ?? string.Create(CultureInfo.InvariantCulture, $"{Name}: alpha = {Alpha:G6}, beta = {Beta:G6}, gamma = {Gamma:G6}, delta = {Delta:G6}");

    /// <summary>
    /// Σ over opportunities k = n+1 .. n+n* of P(alive at k | alive at n+1 weighting) written in closed form:
    /// δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)], continuous at γ = 1.
    /// </summary>
    private double SurvivalSum(double n, int future)
    {
        if (future == 0)
        {
            return 0.0;
        }

        const double gap = 1e-7;
        if (Math.Abs(Gamma - 1.0) < gap)
        {
            return 0.5 * (SurvivalSum(Gamma + gap, n, future) + SurvivalSum(Gamma - gap, n, future));
        }

        return SurvivalSum(Gamma, n, future);
    }

    private double SurvivalSum(double g, double n, int future)
    {
        double d = Delta;
        double logScale = SpecialFunctions.GammaLn(g + d) - SpecialFunctions.GammaLn(1 + d);
        double first = Math.Exp(logScale + SpecialFunctions.GammaLn(1 + d + n) - SpecialFunctions.GammaLn(g + d + n));
        double ratio = Math.Exp(SpecialFunctions.GammaLn(1 + d + n + future) - SpecialFunctions.GammaLn(g + d + n + future)
            - SpecialFunctions.GammaLn(1 + d + n) + SpecialFunctions.GammaLn(g + d + n));

        // first·(1 − ratio) with 1 − ratio = −expm1(ln ratio) for accuracy when ratio is near 1.
        return d / (g - 1.0) * first * -LogSpace.ExpM1(Math.Log(ratio));
    }

    /// <summary>
    /// ln L = ln[ B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ) ]
    /// (FHS 2010, eq. 5), summed in log space, with ∂/∂(α, β, γ, δ) when <paramref name="gradient"/> is not empty.
    /// </summary>
    internal static double RowLogLikelihood(double a, double b, double g, double d, double x, double tx, double n, Span<double> gradient)
    {
        bool wantGradient = !gradient.IsEmpty;
        double lnBab = SpecialFunctions.BetaLn(a, b), lnBgd = SpecialFunctions.BetaLn(g, d);
        int terms = (int)(n - tx);
        Span<double> logs = terms + 1 <= 256 ? stackalloc double[terms + 1] : new double[terms + 1];
        logs[0] = SpecialFunctions.BetaLn(a + x, b + n - x) - lnBab + SpecialFunctions.BetaLn(g, d + n) - lnBgd;
        double max = logs[0];
        for (int i = 0; i < terms; i++)
        {
            logs[i + 1] = SpecialFunctions.BetaLn(a + x, b + tx - x + i) - lnBab + SpecialFunctions.BetaLn(g + 1, d + tx + i) - lnBgd;
            max = Math.Max(max, logs[i + 1]);
        }

        double sum = 0.0;
        for (int j = 0; j <= terms; j++)
        {
            sum += Math.Exp(logs[j] - max);
        }

        if (wantGradient)
        {
            double psiAB = SpecialFunctions.DiGamma(a + b), psiGD = SpecialFunctions.DiGamma(g + d);
            double baseA = SpecialFunctions.DiGamma(a) - psiAB, baseB = SpecialFunctions.DiGamma(b) - psiAB;
            double baseG = SpecialFunctions.DiGamma(g) - psiGD, baseD = SpecialFunctions.DiGamma(d) - psiGD;
            double psiAx = SpecialFunctions.DiGamma(a + x);
            double w0 = Math.Exp(logs[0] - max) / sum;
            double psiTotal = SpecialFunctions.DiGamma(a + b + n), psiGdn = SpecialFunctions.DiGamma(g + d + n);
            double ga = w0 * (psiAx - psiTotal), gb = w0 * (SpecialFunctions.DiGamma(b + n - x) - psiTotal);
            double gg = w0 * (SpecialFunctions.DiGamma(g) - psiGdn), gd = w0 * (SpecialFunctions.DiGamma(d + n) - psiGdn);
            for (int i = 0; i < terms; i++)
            {
                double wi = Math.Exp(logs[i + 1] - max) / sum;
                double psiABi = SpecialFunctions.DiGamma(a + b + tx + i), psiGDi = SpecialFunctions.DiGamma(g + d + tx + i + 1);
                ga += wi * (psiAx - psiABi);
                gb += wi * (SpecialFunctions.DiGamma(b + tx - x + i) - psiABi);
                gg += wi * (SpecialFunctions.DiGamma(g + 1) - psiGDi);
                gd += wi * (SpecialFunctions.DiGamma(d + tx + i) - psiGDi);
            }

            gradient[0] = ga - baseA;
            gradient[1] = gb - baseB;
            gradient[2] = gg - baseG;
            gradient[3] = gd - baseD;
        }

        return max + Math.Log(sum);
    }

    private static double LogLikelihood((double X, double Tx, double N)[] rows, double[] weights, double a, double b, double g, double d, Span<double> gradient)
    {
        Span<double> rowGrad = stackalloc double[4];
        double total = 0.0;
        bool wantGradient = !gradient.IsEmpty;
        if (wantGradient)
        {
            gradient.Clear();
        }

        for (int i = 0; i < rows.Length; i++)
        {
            total += weights[i] * RowLogLikelihood(a, b, g, d, rows[i].X, rows[i].Tx, rows[i].N, wantGradient ? rowGrad : default);
            if (wantGradient)
            {
                for (int k = 0; k < 4; k++)
                {
                    gradient[k] += weights[i] * rowGrad[k];
                }
            }
        }

        return total;
    }

    private static void Validate(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> opportunities, ReadOnlySpan<double> weights, bool forFitting)
    {
        if (recency.Length != frequency.Length || opportunities.Length != frequency.Length || (!weights.IsEmpty && weights.Length != frequency.Length))
        {
            throw new ArgumentException(
                FormattableString.Invariant($"The spans must have one value per row: frequency has {frequency.Length}, recency {recency.Length}, opportunities {opportunities.Length}, weights {weights.Length} (or 0)."),
                nameof(frequency));
        }

        bool any = false;
        for (int i = 0; i < frequency.Length; i++)
        {
            double x = frequency[i], tx = recency[i], n = opportunities[i];
            ClvInput.CheckFinite(x, i, nameof(frequency), "frequency x");
            ClvInput.CheckFinite(tx, i, nameof(recency), "recency t_x");
            ClvInput.CheckFinite(n, i, nameof(opportunities), "opportunities n");
            if (x < 0 || x != Math.Floor(x) || tx < 0 || tx != Math.Floor(tx) || n < 0 || n != Math.Floor(n))
            {
                throw ClvInput.Bad(nameof(frequency), i, $"x = {x}, t_x = {tx}, n = {n} must be whole numbers >= 0.");
            }

            if (x > tx || tx > n || (x == 0 && tx != 0))
            {
                throw ClvInput.Bad(nameof(recency), i, $"x = {x}, t_x = {tx}, n = {n} violate x <= t_x <= n (and t_x = 0 when x = 0).");
            }

            if (!weights.IsEmpty)
            {
                double w = weights[i];
                if (!(w >= 0) || !double.IsFinite(w) || w != Math.Floor(w))
                {
                    throw ClvInput.Bad(nameof(weights), i, $"weight = {w} is not a whole number >= 0.");
                }
            }

            any |= x > 0 && (weights.IsEmpty || weights[i] > 0);
        }

        if (forFitting && !any)
        {
            throw new ArgumentException("No row with repeat transactions (x > 0) and a positive weight: the BG/BB model cannot be fitted.", nameof(frequency));
        }
    }
}
