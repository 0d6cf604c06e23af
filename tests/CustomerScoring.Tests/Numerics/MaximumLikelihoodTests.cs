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
}
