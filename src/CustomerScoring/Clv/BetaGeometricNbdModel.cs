using System.Globalization;
using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>
/// What <see cref="BgNbdModel"/> and <see cref="MbgNbdModel"/> share: the four parameters (r, α of the purchase-rate gamma,
/// a, b of the dropout beta), the time unit, the fit facts and every prediction. The two models differ only in whether a
/// customer can drop out right after the first purchase; one implementation (<see cref="BetaGeometricFamily"/>) serves both.
/// Immutable and thread-safe.
/// </summary>
public abstract class BetaGeometricNbdModel : IPurchaseModel, IDiscountedPurchaseKernel
{
    private readonly bool _modified;
    private readonly string _name;

    private protected BetaGeometricNbdModel(bool modified, string name, double r, double alpha, double a, double b, TimeUnit timeUnit, ClvFitDiagnostics? diagnostics)
    {
        ModelFitting.CheckParameters(name, (nameof(r), r), (nameof(alpha), alpha), (nameof(a), a), (nameof(b), b));
        _ = timeUnit.Days();
        _modified = modified;
        _name = name;
        R = r;
        Alpha = alpha;
        A = a;
        B = b;
        TimeUnit = timeUnit;
        Diagnostics = diagnostics;
    }

    /// <summary>r: shape of the purchase-rate distribution.</summary>
    public double R { get; }

    /// <summary>α: scale of the purchase-rate distribution, in time units.</summary>
    public double Alpha { get; }

    /// <summary>a: first shape of the dropout-probability distribution.</summary>
    public double A { get; }

    /// <summary>b: second shape of the dropout-probability distribution.</summary>
    public double B { get; }

    /// <inheritdoc/>
    public TimeUnit TimeUnit { get; }

    /// <inheritdoc/>
    public ClvFitDiagnostics? Diagnostics { get; }

    private BetaGeometricFamily Family => new(_modified, _name, R, Alpha, A, B);

    /// <inheritdoc/>
    public void ExpectedPurchases(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, double horizon, Span<double> destination) =>
        Family.ExpectedPurchases(frequency, recency, age, horizon, destination);

    /// <inheritdoc/>
    void IDiscountedPurchaseKernel.DiscountedExpectedPurchases(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> horizons, ReadOnlySpan<double> discountFactors, Span<double> destination, Span<double> expectedAtEnd) =>
        Family.DiscountedExpectedPurchases(frequency, recency, age, horizons, discountFactors, destination, expectedAtEnd);

    /// <summary>The forecast of every distinct row at once (see <see cref="BetaGeometricFamily.DiscountedRows"/>).</summary>
    internal void DiscountedRows(CompressedRows rows, double[] horizons, double[] discountFactors, double[] value, double[] expectedAtEnd, double[] alive, CancellationToken cancellationToken) =>
        Family.DiscountedRows(rows, horizons, discountFactors, value, expectedAtEnd, alive, cancellationToken);

    /// <inheritdoc/>
    public void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination) =>
        Family.ProbabilityAlive(frequency, recency, age, destination);

    /// <inheritdoc/>
    public double ExpectedPurchasesNewCustomer(double horizon) =>
        Family.ExpectedPurchasesNewCustomer(horizon);

    /// <inheritdoc/>
    public double LogLikelihood(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age) =>
        Family.LogLikelihood(frequency, recency, age);

    /// <summary>The parameters (with standard errors when fitted) and the time unit.</summary>
    /// <returns>Readable text.</returns>
    public override string ToString() => Diagnostics?.ToString()
        ?? string.Create(CultureInfo.InvariantCulture, $"{_name} (time unit: {TimeUnit.ToName()}): r = {R:G6}, alpha = {Alpha:G6}, a = {A:G6}, b = {B:G6}");
}
