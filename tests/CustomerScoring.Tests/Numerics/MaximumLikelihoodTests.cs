using CustomerScoring.Numerics.Optimization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerScoring.Tests.Numerics;

/// <summary>
/// The maximum likelihood driver against a likelihood with a closed-form answer: N exponential-family observations with
/// ln L(a, b) = N·[A ln a − a·S + C ln b − b·U], whose maximum is a = A/S, b = C/U, and whose inverse Fisher information
/// gives Var(â) = a²/(N·A), Var(b̂) = b²/(N·C), no covariance. The estimates come to machine precision (the Newton polish)
/// and the standard errors are those at the estimate to 1e-6 (the Hessian the covariance comes from is taken at BFGS's
/// end point, a few Newton steps away).
/// </summary>
public sealed class MaximumLikelihoodTests
{
    [Property(MaxTest = 100)]
    public Property Estimates_and_standard_errors_are_the_closed_form_ones() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(1, 1000).Select(v => v / 100.0).Two()),
            Arb.From(Gen.Choose(1, 1000).Select(v => v / 10.0).Two()),
            Arb.From(Gen.Elements(10.0, 2357.0, 1_000_000.0)),
            (shapes, sums, n) =>
            {
                (double A, double C) = shapes;
                (double S, double U) = sums;
                double Ll(ReadOnlySpan<double> t, Span<double> g)
                {
                    g[0] = n * ((A / t[0]) - S);
                    g[1] = n * ((C / t[1]) - U);
                    return n * ((A * Math.Log(t[0])) - (t[0] * S) + (C * Math.Log(t[1])) - (t[1] * U));
                }

                MaximumLikelihoodResult fit = MaximumLikelihood.Fit(Ll, [1.0, 1.0], n, 0.0, 200, 1e-8);
                double a = A / S, b = C / U;
                double seA = Math.Sqrt(fit.Covariance[0, 0]), seB = Math.Sqrt(fit.Covariance[1, 1]);
                double expectedSeA = a / Math.Sqrt(n * A), expectedSeB = b / Math.Sqrt(n * C);
                return (fit.Converged
                        && Math.Abs(fit.Estimates[0] - a) <= 1e-9 * a && Math.Abs(fit.Estimates[1] - b) <= 1e-9 * b
                        && Math.Abs(seA - expectedSeA) <= 1e-6 * expectedSeA && Math.Abs(seB - expectedSeB) <= 1e-6 * expectedSeB
                        && Math.Abs(fit.Covariance[0, 1]) <= 1e-6 * expectedSeA * expectedSeB)
                    .Label($"a {fit.Estimates[0]:R} vs {a:R}, b {fit.Estimates[1]:R} vs {b:R}, se {seA:R} vs {expectedSeA:R}, {seB:R} vs {expectedSeB:R}, cov {fit.Covariance[0, 1]:R}, {fit.ExitReason}");
            });

    /// <summary>
    /// Started from a sample's likelihood (here the closed form with statistics off by up to a factor <c>spread</c>, as a
    /// small or unlucky sample's are), the fit still ends at the whole likelihood's closed-form answer: near samples through
    /// Newton steps alone, far ones through BFGS on the whole likelihood after the steps stall.
    /// </summary>
    [Property(MaxTest = 100)]
    public Property A_sample_changes_where_the_search_starts_not_where_it_ends() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(1, 1000).Select(v => v / 100.0).Two()),
            Arb.From(Gen.Choose(-100, 100).Select(v => v / 100.0).Two()),
            Arb.From(Gen.Elements(1.05, 1.3, 10.0, 1000.0)),
            (shapes, offsets, spread) =>
            {
                (double A, double C) = shapes;
                const double S = 3.0, U = 0.5, n = 100_000.0;
                double sampleA = A * Math.Pow(spread, offsets.Item1), sampleC = C * Math.Pow(spread, offsets.Item2);
                LogLikelihoodWithGradient Closed(double a, double c) => (t, g) =>
                {
                    g[0] = n * ((a / t[0]) - S);
                    g[1] = n * ((c / t[1]) - U);
                    return n * ((a * Math.Log(t[0])) - (t[0] * S) + (c * Math.Log(t[1])) - (t[1] * U));
                };

                MaximumLikelihoodResult fit = MaximumLikelihood.Fit(Closed(A, C), [1.0, 1.0], n, 0.0, 200, 1e-8, Closed(sampleA, sampleC));
                double a = A / S, b = C / U;
                double seA = Math.Sqrt(fit.Covariance[0, 0]), expectedSeA = a / Math.Sqrt(n * A);
                bool near = spread < 1.1;
                return (fit.Converged
                        && Math.Abs(fit.Estimates[0] - a) <= 1e-9 * a && Math.Abs(fit.Estimates[1] - b) <= 1e-9 * b
                        && Math.Abs(seA - expectedSeA) <= 1e-6 * expectedSeA
                        && (!near || fit.ExitReason.Contains("sample", StringComparison.Ordinal)))
                    .Label($"a {fit.Estimates[0]:R} vs {a:R}, b {fit.Estimates[1]:R} vs {b:R}, se {seA:R} vs {expectedSeA:R}, {fit.ExitReason}");
            });
}
