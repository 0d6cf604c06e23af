using CustomerScoring.Clv;
using CustomerScoring.Summaries;

namespace CustomerScoring.Tests.Support;

/// <summary>
/// A purchase model seen only through the public <see cref="IPurchaseModel"/> interface: it hides the library models'
/// internal fast paths, so <see cref="ClvForecast"/> and <see cref="CustomerLifetimeValue"/> take their generic,
/// period-by-period routes, which the tests compare with the fast ones.
/// </summary>
internal sealed class OpaquePurchaseModel(IPurchaseModel inner) : IPurchaseModel
{
    public TimeUnit TimeUnit => inner.TimeUnit;

    public ClvFitDiagnostics? Diagnostics => inner.Diagnostics;

    public void ExpectedPurchases(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, double horizon, Span<double> destination) =>
        inner.ExpectedPurchases(frequency, recency, age, horizon, destination);

    public void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination) =>
        inner.ProbabilityAlive(frequency, recency, age, destination);

    public double ExpectedPurchasesNewCustomer(double horizon) => inner.ExpectedPurchasesNewCustomer(horizon);

    public double LogLikelihood(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age) =>
        inner.LogLikelihood(frequency, recency, age);
}
