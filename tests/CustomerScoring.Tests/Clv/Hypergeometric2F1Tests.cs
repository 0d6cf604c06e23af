using CustomerScoring.Clv;
using CustomerScoring.Numerics.Functions;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;
using Xunit;

namespace CustomerScoring.Tests.Clv;

/// <summary>Our Gauss 2F1 against closed forms, across the series, Pfaff and connection-formula regions.</summary>
public sealed class Hypergeometric2F1Tests
{
    private static void Close(double expected, double actual, double relative = 1e-12) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData(-20.0)]
    [InlineData(-5.0)]
    [InlineData(-0.9)]
    [InlineData(-0.3)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.74)]
    [InlineData(0.8)]
    [InlineData(0.95)]
    [InlineData(0.999)]
    public void One_one_two_is_minus_log_one_minus_z_over_z(double z)
    {
        // 2F1(1,1;2;z) = -ln(1-z)/z; c-a-b = 0 is an integer, so z > 0.75 exercises the perturbed connection formula.
        Close(-Math.Log(1 - z) / z, Hypergeometric2F1.Evaluate(1, 1, 2, z), Math.Abs(z) > 0.75 ? 1e-10 : 1e-13);
    }

    [Theory]
    [InlineData(0.7, 2.5, -3.0)]
    [InlineData(0.7, 2.5, 0.6)]
    [InlineData(1.3, 0.4, 0.9)]
    [InlineData(12.0, 3.3, 0.97)]
    [InlineData(-1.5, 0.8, 0.85)]
    public void A_b_b_is_a_power(double a, double b, double z) =>
        Close(Math.Pow(1 - z, -a), Hypergeometric2F1.Evaluate(a, b, b, z), 1e-9); // c-a-b = -a is an integer for a = 12: the extrapolated path

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.8)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void Half_half_three_halves_is_arcsin(double x)
    {
        // 2F1(1/2,1/2;3/2;x²) = arcsin(x)/x; c-a-b = 1/2, so x² > 0.75 uses the connection formula without perturbation.
        Close(Math.Asin(x) / x, Hypergeometric2F1.Evaluate(0.5, 0.5, 1.5, x * x), 1e-12);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(10.0)]
    public void Half_one_three_halves_of_minus_x_squared_is_arctan(double x) =>
        // 2F1(1/2,1;3/2;-x²) = arctan(x)/x; x ≥ 1 uses Pfaff's transformation.
        Close(Math.Atan(x) / x, Hypergeometric2F1.Evaluate(0.5, 1.0, 1.5, -x * x), 1e-11);

    [Theory]
    [InlineData(37.3433938378503564, 6, 38.3433938378503564, 0.7514528087636096, 2919.001507653114868)]
    [InlineData(0.5, -0.3, 2.2, 0.97, 0.91607639475226924153)]
    [InlineData(2.5, 3.5, 4.0, 0.95, 526.48928386785944253)]
    [InlineData(1.5, 2.25, 3.1, 0.9995, 416.02418166641290288)]
    [InlineData(1.5, 2.5, 3.0, 0.9995, 3386.7575291522767399)]
    [InlineData(12.0, 3.3, 20.1, -3.0, 0.037468740711367823237)]
    [InlineData(0.7, 40.0, 41.7, 0.92, 4.6057917077148767258)]
    public void Matches_arbitrary_precision_values(double a, double b, double c, double z, double expected)
    {
        // Reference values from mpmath.hyp2f1 at 30 digits (mpmath 1.3.0). The first is the Pareto/NBD case that
        // exposed the inaccuracy of the c-perturbation near integer c-a-b with large parameters.
        Close(expected, Hypergeometric2F1.Evaluate(a, b, c, z), z > 0.999 ? 1e-8 : 1e-12);
    }

    [Fact]
    public void Terminating_series_is_a_polynomial()
    {
        // 2F1(-2,b;c;z) = 1 - 2bz/c + b(b+1)z²/(c(c+1)); b = 1.5, c = 2.5, z = 0.9:
        // 1 - 2·1.5·0.9/2.5 + 1.5·2.5·0.81/(2.5·3.5) = 1 - 1.08 + 0.347142857... = 0.267142857...
        Close(1 - 1.08 + (1.5 * 2.5 * 0.81 / (2.5 * 3.5)), Hypergeometric2F1.Evaluate(-2, 1.5, 2.5, 0.9), 1e-12);
    }

    [Property(MaxTest = 200)]
    public Property Connection_formula_agrees_with_the_series_where_both_converge()
    {
        // Between 0.75 and 0.85 the power series still converges well: both evaluations must agree.
        var gen = Gen.Choose(1, 400).Three().Zip(Gen.Choose(751, 850));
        return Prop.ForAll(Arb.From(gen), t =>
        {
            var ((ia, ib, ic), iz) = t;
            double a = ia / 100.0, b = ib / 100.0, c = (ic / 100.0) + 0.37, z = iz / 1000.0;
            double series = Hypergeometric2F1.Series(a, b, c, z);
            double value = Hypergeometric2F1.Evaluate(a, b, c, z);
            return Math.Abs(series - value) <= 1e-7 * Math.Abs(series);
        });
    }

    [Theory]
    [InlineData(0.553, 10.578, 0.606, 11.669, 3.0, 10.0)]
    [InlineData(0.553, 10.578, 0.606, 2.0, 0.0, 5.0)]
    [InlineData(1.2, 1.0, 0.8, 30.0, 12.0, 20.0)]
    public void Pareto_H_is_the_tail_integral(double r, double alpha, double s, double beta, double x, double y)
    {
        // H(y)/(r+s+x) = ∫_y^∞ (α+τ)^-(r+x) (β+τ)^-(s+1) dτ, checked by composite Simpson after τ = y + (α+y)(eᵗ − 1),
        // which turns the power-law tail into an exponential one, e^(−t(r+x+s)), cut where it is below 1e-18.
        double h = Math.Exp(ParetoNbdLikelihood.LogH(r, alpha, s, beta, x, y, default)) / (r + s + x);
        const int n = 200_000;
        double tMax = 42.0 / (r + x + s);
        double step = tMax / n;
        double sum = 0;
        for (int i = 0; i <= n; i++)
        {
            double t = i * step;
            double tau = y + ((alpha + y) * (Math.Exp(t) - 1.0));
            double f = Math.Pow(alpha + tau, -(r + x)) * Math.Pow(beta + tau, -(s + 1)) * (alpha + y) * Math.Exp(t);
            sum += f * (i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2));
        }

        double integral = sum * step / 3.0;
        Close(integral, h, 1e-9);
    }
}
