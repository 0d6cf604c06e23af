using CustomerScoring.Clv;
using CustomerScoring.Numerics.Functions;
using CustomerScoring.Summaries;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;
using MathNet.Numerics;

namespace CustomerScoring.Tests.Clv;

/// <summary>Properties of the three purchase models over random parameters and customers (FsCheck, 200 cases each).</summary>
public sealed class ClvPropertyTests
{
    internal sealed record Customer(double X, double Tx, double T);

    internal sealed record Case(double P1, double P2, double P3, double P4, Customer C, int Model);

    /// <summary>A parameter log-uniform in [0.05, 20].</summary>
    private static Gen<double> Parameter => Gen.Choose(0, 10_000).Select(i => 0.05 * Math.Pow(400.0, i / 10_000.0));

    /// <summary>Customers from new to extreme: x up to 10,000, T up to 10,000; t_x in (0, T] when x &gt; 0, 0 otherwise.</summary>
    private static Gen<Customer> CustomerGen(bool extreme) =>
        from xi in extreme ? Gen.Elements(0, 1, 2, 7, 50, 400, 10_000) : Gen.Choose(0, 40)
        from ti in Gen.Choose(1, extreme ? 1_000_000 : 10_000)
        from fi in Gen.Choose(1, 1000)
        let t = ti / 100.0
        select new Customer(xi, xi == 0 ? 0.0 : t * fi / 1000.0, t);

    private static Arbitrary<Case> Cases(bool extreme = false) => Arb.From(
        from p1 in Parameter
        from p2 in Parameter
        from p3 in Parameter
        from p4 in Parameter
        from c in CustomerGen(extreme)
        from m in Gen.Choose(0, 2)
        select new Case(p1, p2, p3, p4, c, m));

    private static IPurchaseModel Model(Case k) => k.Model switch
    {
        0 => new BgNbdModel(k.P1, k.P2, k.P3, k.P4, TimeUnit.Week),
        1 => new MbgNbdModel(k.P1, k.P2, k.P3, k.P4, TimeUnit.Week),
        _ => new ParetoNbdModel(k.P1, k.P2, k.P3, k.P4, TimeUnit.Week),
    };

    private static double Alive(IPurchaseModel m, Customer c, double? t = null)
    {
        var d = new double[1];
        m.ProbabilityAlive([c.X], [c.Tx], [t ?? c.T], d);
        return d[0];
    }

    private static double Expected(IPurchaseModel m, Customer c, double horizon)
    {
        var d = new double[1];
        m.ExpectedPurchases([c.X], [c.Tx], [c.T], horizon, d);
        return d[0];
    }

    [Property(MaxTest = 200)]
    public Property Probability_alive_is_in_the_unit_interval() =>
        Prop.ForAll(Cases(extreme: true), k =>
        {
            double p = Alive(Model(k), k.C);
            return p >= 0.0 && p <= 1.0;
        });

    [Property(MaxTest = 200)]
    public Property BgNbd_customer_without_repeat_purchases_is_alive() =>
        Prop.ForAll(Cases(), k => Alive(new BgNbdModel(k.P1, k.P2, k.P3, k.P4, TimeUnit.Week), k.C with { X = 0, Tx = 0 }) == 1.0);

    [Property(MaxTest = 200)]
    public Property Probability_alive_decreases_with_age() =>
        Prop.ForAll(Cases(), Arb.From(Gen.Choose(1, 5000)), (k, extra) =>
        {
            var m = Model(k);
            double older = Alive(m, k.C, k.C.T + (extra / 100.0));
            return older <= Alive(m, k.C) + 1e-12;
        });

    [Property(MaxTest = 200)]
    public Property Expected_purchases_are_non_negative_and_increase_with_the_horizon() =>
        Prop.ForAll(Cases(), Arb.From(Gen.Choose(1, 2000).Two()), (k, h) =>
        {
            var m = Model(k);
            double t1 = Math.Min(h.Item1, h.Item2) / 10.0, t2 = Math.Max(h.Item1, h.Item2) / 10.0;
            double e1 = Expected(m, k.C, t1), e2 = Expected(m, k.C, t2);
            return e1 >= 0.0 && e2 >= e1 - (1e-9 * (1.0 + e2)) && m.ExpectedPurchasesNewCustomer(t2) >= m.ExpectedPurchasesNewCustomer(t1) - 1e-9;
        });

    [Property(MaxTest = 200)]
    public Property Log_likelihood_is_finite_for_extreme_customers() =>
        Prop.ForAll(Cases(extreme: true), k => double.IsFinite(Model(k).LogLikelihood([k.C.X], [k.C.Tx], [k.C.T])));

    [Property(MaxTest = 200)]
    public Property Predictions_are_finite_for_extreme_customers() =>
        Prop.ForAll(Cases(extreme: true), k =>
        {
            var m = Model(k);
            double e = Expected(m, k.C, 52.0);
            return double.IsFinite(e) && e >= 0.0;
        });

    /// <summary>
    /// The span kernels against a scalar reference written here from the papers' original formulas (no Euler transform,
    /// no log-space): FHL 2005 eq. 10 for BG/NBD, Fader &amp; Hardie's Pareto/NBD P(alive) with the raw 2F1 and A₀.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Vectorized_predictions_equal_a_scalar_reference() =>
        Prop.ForAll(Cases(), k =>
        {
            // Moderate parameters keep the reference's raw powers and 2F1 in range.
            double r = Math.Min(k.P1, 5), alpha = Math.Max(k.P2, 1), a = Math.Clamp(k.P3, 0.1, 5), b = Math.Clamp(k.P4, 0.1, 5);
            var customers = new[] { k.C, k.C with { X = 0, Tx = 0 }, new Customer(3, k.C.T / 2, k.C.T) };
            double[] x = customers.Select(c => c.X).ToArray(), tx = customers.Select(c => c.Tx).ToArray(), ts = customers.Select(c => c.T).ToArray();
            var bg = new BgNbdModel(r, alpha, a, b, TimeUnit.Week);
            var pareto = new ParetoNbdModel(r, alpha, a, b, TimeUnit.Week);
            var e = new double[3];
            var pa = new double[3];
            bg.ExpectedPurchases(x, tx, ts, 10.0, e);
            pareto.ProbabilityAlive(x, tx, ts, pa);
            bool ok = true;
            for (int i = 0; i < 3; i++)
            {
                double refE = BgNbdReference(r, alpha, a, b, x[i], tx[i], ts[i], 10.0);
                double refP = ParetoAliveReference(r, alpha, a, b, x[i], tx[i], ts[i]);
                ok &= Math.Abs(e[i] - refE) <= 1e-7 * (1 + Math.Abs(refE)) && Math.Abs(pa[i] - refP) <= 1e-7;
            }

            return ok;
        });

    internal static double BgNbdReference(double r, double alpha, double a, double b, double x, double tx, double age, double horizon)
    {
        double z = horizon / (alpha + age + horizon);
        double hyper = Hypergeometric2F1.Evaluate(r + x, b + x, a + b + x - 1, z);
        double numerator = (a + b + x - 1) / (a - 1) * (1 - (Math.Pow((alpha + age) / (alpha + age + horizon), r + x) * hyper));
        double denominator = 1 + (x > 0 ? a / (b + x - 1) * Math.Pow((alpha + age) / (alpha + tx), r + x) : 0);
        return numerator / denominator;
    }

    internal static double ParetoAliveReference(double r, double alpha, double s, double beta, double x, double tx, double age)
    {
        // P(alive) = 1 / (1 + s/(r+s+x) · (α+age)^(r+x) (β+age)^s · A₀)  (Fader & Hardie 2005 note, eqs. 11-12).
        double a = r + s + x;
        double A0 = alpha >= beta
            ? (Hypergeometric2F1.Evaluate(a, s + 1, a + 1, (alpha - beta) / (alpha + tx)) / Math.Pow(alpha + tx, a))
              - (Hypergeometric2F1.Evaluate(a, s + 1, a + 1, (alpha - beta) / (alpha + age)) / Math.Pow(alpha + age, a))
            : (Hypergeometric2F1.Evaluate(a, r + x, a + 1, (beta - alpha) / (beta + tx)) / Math.Pow(beta + tx, a))
              - (Hypergeometric2F1.Evaluate(a, r + x, a + 1, (beta - alpha) / (beta + age)) / Math.Pow(beta + age, a));
        return 1 / (1 + (s / a * Math.Pow(alpha + age, r + x) * Math.Pow(beta + age, s) * A0));
    }

    [Property(MaxTest = 100)]
    public Property BgNbd_purchase_count_distribution_sums_to_one_with_mean_E_X_t() =>
        Prop.ForAll(Cases(), k =>
        {
            // Moderate rates (r ≤ 3, α ≥ 1, t ≤ 100) so that the mass beyond n = 6000 is negligible (λ·t above 6000
            // needs λ > 60 under Gamma(3, 1)).
            var m = new BgNbdModel(Math.Min(k.P1, 3), Math.Max(k.P2, 1), Math.Max(k.P3, 1.2), k.P4, TimeUnit.Week);
            double t = 1 + (k.C.T % 100);
            double total = 0, mean = 0;
            for (int n = 0; n < 6000; n++)
            {
                double p = m.ProbabilityOfPurchases(n, t);
                total += p;
                mean += n * p;
            }

            double expected = m.ExpectedPurchasesNewCustomer(t);
            return Math.Abs(total - 1) < 1e-8 && Math.Abs(mean - expected) < 1e-6 * (1 + expected);
        });

    [Property(MaxTest = 200)]
    public Property Log_gamma_reflection_matches_MathNet_gamma() =>
        Prop.ForAll(Arb.From(Gen.Choose(-4999, -1).Where(i => i % 1000 != 0)), i =>
        {
            double x = i / 1000.0;
            double log = Hypergeometric2F1.LogAbsGamma(x, out int sign);
            double g = SpecialFunctions.Gamma(x);
            return Math.Sign(g) == sign && Math.Abs(Math.Exp(log) - Math.Abs(g)) <= 1e-9 * Math.Abs(g);
        });
}
