using CustomerScoring.Clv;
using MathNet.Numerics;
using Xunit;
using Xunit.Abstractions;

namespace CustomerScoring.Tests.Retention;

/// <summary>
/// sBG and BdW against the published cohorts of Fader &amp; Hardie (2007), a spreadsheet-style recursion of the
/// likelihood, numerical integration over θ, and each other.
/// </summary>
public sealed class RetentionTests(ITestOutputHelper output)
{
    // Fader & Hardie (2007), Table 1 (from Berry & Linoff): members of each 1,000-customer cohort after 0..12 years.
    internal static readonly double[] Regular = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173];
    internal static readonly double[] HighEnd = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394];

    private static RetentionData FirstSevenYears(double[] cohort) => RetentionData.FromSurvivors(cohort.AsSpan(0, 8));

    [Theory]
    [InlineData("regular", 0.704, 1.182)]
    [InlineData("high end", 0.668, 3.806)]
    public void Fit_on_seven_years_reproduces_the_published_estimates(string cohort, double alpha, double beta)
    {
        var model = ShiftedBetaGeometricModel.Fit(FirstSevenYears(cohort == "regular" ? Regular : HighEnd));
        output.WriteLine(model.Diagnostics!.ToString());
        Assert.Equal(alpha, Math.Round(model.Alpha, 3));
        Assert.Equal(beta, Math.Round(model.Beta, 3));
        Assert.True(model.Diagnostics.Converged);
    }

    [Fact]
    public void Projection_of_the_high_end_cohort_tracks_the_holdout_years()
    {
        // Years 8..12 were not used in the fit. Third-party reference (jdmaturen/shifted_beta_geometric_py README, the
        // same fit): projected survival 0.460, 0.436, 0.414, 0.395, 0.378; and the data are 0.468 .. 0.394.
        var model = ShiftedBetaGeometricModel.Fit(FirstSevenYears(HighEnd));
        double[] curve = model.SurvivalCurve(12);
        double[] projected = [0.460, 0.436, 0.414, 0.395, 0.378];
        for (int t = 8; t <= 12; t++)
        {
            output.WriteLine($"t={t}: model {curve[t]:F4}, actual {HighEnd[t] / 1000:F3}");
            Assert.Equal(projected[t - 8], Math.Round(curve[t], 3));
            Assert.True(Math.Abs(curve[t] - (HighEnd[t] / 1000)) < 0.02);
        }
    }

    [Theory]
    [InlineData(0.704, 1.182)]
    [InlineData(0.668, 3.806)]
    [InlineData(3.5, 0.4)]
    public void Likelihood_equals_the_spreadsheet_recursion(double alpha, double beta)
    {
        // Fader & Hardie (2007), appendix: P(T=1) = α/(α+β), P(T=t) = (β+t-2)/(α+β+t-1) P(T=t-1), S(t) = S(t-1) - P(T=t).
        foreach (double[] cohort in new[] { Regular, HighEnd })
        {
            double p = alpha / (alpha + beta), s = 1.0 - p, reference = (cohort[0] - cohort[1]) * Math.Log(p);
            for (int t = 2; t < cohort.Length; t++)
            {
                p *= (beta + t - 2) / (alpha + beta + t - 1);
                s -= p;
                reference += (cohort[t - 1] - cohort[t]) * Math.Log(p);
            }

            reference += cohort[^1] * Math.Log(s);
            var data = RetentionData.FromSurvivors(cohort);
            double ours = new ShiftedBetaGeometricModel(alpha, beta).LogLikelihood(data);
            Assert.Equal(reference, ours, 1e-9 * Math.Abs(reference));
            Assert.Equal(reference, new BetaDiscreteWeibullModel(alpha, beta, 1.0).LogLikelihood(data), 1e-9 * Math.Abs(reference));
        }
    }

    [Theory]
    [InlineData(1.5, 2.5, 0.6)]
    [InlineData(2.0, 3.0, 1.7)]
    public void BdW_survival_equals_the_integral_over_theta(double alpha, double beta, double c)
    {
        // S(t) = ∫ (1-θ)^(t^c) Beta(θ; α, β) dθ, integrated numerically.
        var model = new BetaDiscreteWeibullModel(alpha, beta, c);
        for (int t = 0; t <= 15; t++)
        {
            double u = Math.Pow(t, c);
            double integral = Integrate.DoubleExponential(
                th => Math.Pow(1 - th, u) * Math.Exp(((alpha - 1) * Math.Log(th)) + ((beta - 1) * Math.Log(1 - th)) - SpecialFunctions.BetaLn(alpha, beta)),
                0.0,
                1.0,
                1e-13);
            Assert.Equal(integral, model.Survival(t), 1e-9);
            if (t >= 1)
            {
                Assert.Equal(model.Survival(t - 1) - model.Survival(t), model.ChurnProbability(t), 1e-12);
            }
        }
    }

    [Fact]
    public void BdW_with_c_equal_to_one_is_the_sBG()
    {
        var sbg = new ShiftedBetaGeometricModel(0.668, 3.806);
        var bdw = new BetaDiscreteWeibullModel(0.668, 3.806, 1.0);
        for (int t = 1; t <= 40; t++)
        {
            Assert.Equal(sbg.Survival(t), bdw.Survival(t), 1e-14);
            Assert.Equal(sbg.ChurnProbability(t), bdw.ChurnProbability(t), 1e-9 * sbg.ChurnProbability(t));
            Assert.Equal(sbg.RetentionRate(t), bdw.RetentionRate(t), 1e-11);
        }

        // DEL / DERL: the sBG's closed form (Gauss 2F1) against the BdW's term-by-term summation.
        foreach (double d in new[] { 0.01, 0.1, 0.5 })
        {
            Assert.Equal(sbg.DiscountedExpectedLifetime(d), bdw.DiscountedExpectedLifetime(d), 1e-9 * sbg.DiscountedExpectedLifetime(d));
            foreach (int renewals in new[] { 0, 1, 4, 10 })
            {
                double closed = sbg.DiscountedExpectedResidualLifetime(d, renewals);
                Assert.Equal(closed, bdw.DiscountedExpectedResidualLifetime(d, renewals), 1e-9 * closed);
            }
        }

        // The 3-parameter fit nests the sBG: its maximised likelihood is at least the sBG's.
        var data = FirstSevenYears(HighEnd);
        var fitted = BetaDiscreteWeibullModel.Fit(data);
        var fittedSbg = ShiftedBetaGeometricModel.Fit(data);
        output.WriteLine($"{fitted} LL {fitted.Diagnostics!.LogLikelihood:F4}; {fittedSbg} LL {fittedSbg.Diagnostics!.LogLikelihood:F4}");
        Assert.True(fitted.Diagnostics.LogLikelihood >= fittedSbg.Diagnostics.LogLikelihood - 1e-6);
    }

    [Fact]
    public void DEL_and_DERL_equal_direct_sums_of_the_survival_curve()
    {
        var m = new ShiftedBetaGeometricModel(0.704, 1.182);
        const double d = 0.1;
        double[] s = m.SurvivalCurve(3000);
        double del = 0;
        for (int t = 0; t < s.Length; t++)
        {
            del += s[t] / Math.Pow(1 + d, t);
        }

        Assert.Equal(del, m.DiscountedExpectedLifetime(d), 1e-9);
        Assert.Equal(25 * del, m.LifetimeValue(25, d), 1e-7);
        for (int n = 1; n <= 8; n++)
        {
            double derl = 0;
            for (int t = n; t < s.Length; t++)
            {
                derl += s[t] / s[n - 1] / Math.Pow(1 + d, t - n);
            }

            Assert.Equal(derl, m.DiscountedExpectedResidualLifetime(d, n - 1), 1e-9);
        }

        // A new member's lifetime: the first payment now plus the discounted residual after 0 renewals.
        Assert.Equal(1 + (m.DiscountedExpectedResidualLifetime(d, 0) / (1 + d)), m.DiscountedExpectedLifetime(d), 1e-12);
    }

    [Fact]
    public void Individual_censored_durations_equal_the_aggregated_counts()
    {
        // Two cohorts observed for different lengths: the regular cohort for 7 years, the high-end cohort for 5.
        var periods = new List<int>();
        var churned = new List<bool>();
        void AddCohort(double[] cohort, int years)
        {
            for (int t = 1; t <= years; t++)
            {
                for (int i = 0; i < cohort[t - 1] - cohort[t]; i++)
                {
                    periods.Add(t);
                    churned.Add(true);
                }
            }

            for (int i = 0; i < cohort[years]; i++)
            {
                periods.Add(years);
                churned.Add(false);
            }
        }

        AddCohort(Regular, 7);
        AddCohort(HighEnd, 5);
        var individual = RetentionData.FromDurations(periods.ToArray(), churned.ToArray());
        var aggregated = RetentionData.FromSurvivors(Regular.AsSpan(0, 8)).Combine(RetentionData.FromSurvivors(HighEnd.AsSpan(0, 6)));
        Assert.Equal(2000, individual.CustomerCount);
        for (int t = 0; t <= 7; t++)
        {
            Assert.Equal(aggregated.ChurnedIn(t), individual.ChurnedIn(t));
            Assert.Equal(aggregated.CensoredAfter(t), individual.CensoredAfter(t));
        }

        var a = ShiftedBetaGeometricModel.Fit(individual);
        var b = ShiftedBetaGeometricModel.Fit(aggregated);
        Assert.Equal(a.Alpha, b.Alpha, 1e-10);
        Assert.Equal(a.Beta, b.Beta, 1e-10);

        // And the likelihood is the sum over members, one at a time.
        var model = new ShiftedBetaGeometricModel(0.8, 2.0);
        double perMember = 0;
        for (int i = 0; i < periods.Count; i++)
        {
            perMember += churned[i] ? Math.Log(model.ChurnProbability(periods[i])) : Math.Log(model.Survival(periods[i]));
        }

        Assert.Equal(perMember, model.LogLikelihood(individual), 1e-8);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gradient_matches_finite_differences(bool weibull)
    {
        var cells = RetentionData.FromSurvivors(Regular).Combine(RetentionData.FromSurvivors(HighEnd.AsSpan(0, 5))).Cells();
        double[] theta = weibull ? [0.9, 2.1, 0.8] : [0.9, 2.1];
        var grad = new double[theta.Length];
        RetentionLikelihood.LogLikelihood(cells, theta, grad);
        for (int i = 0; i < theta.Length; i++)
        {
            double h = 1e-6 * theta[i];
            double[] up = (double[])theta.Clone(), down = (double[])theta.Clone();
            up[i] += h;
            down[i] -= h;
            double fd = (RetentionLikelihood.LogLikelihood(cells, up, default) - RetentionLikelihood.LogLikelihood(cells, down, default)) / (2 * h);
            Assert.Equal(fd, grad[i], 1e-5 * Math.Max(1, Math.Abs(fd)));
        }
    }

    [Fact]
    public void Parameters_are_recovered_from_simulated_BdW_members()
    {
        // θ ~ Beta(α, β), duration from the discrete Weibull by inversion: T = min t with (1-θ)^(t^c) < U.
        const double alpha = 1.3, beta = 2.5, c = 0.7;
        var rng = new Random(16);
        int n = 20000, horizon = 12;
        var periods = new int[n];
        var churned = new bool[n];
        for (int i = 0; i < n; i++)
        {
            double th = MathNet.Numerics.Distributions.Beta.Sample(rng, alpha, beta);
            double u = rng.NextDouble();
            int t = 1;
            while (t <= horizon && Math.Pow(1 - th, Math.Pow(t, c)) >= u)
            {
                t++;
            }

            churned[i] = t <= horizon;
            periods[i] = Math.Min(t, horizon);
        }

        var fit = BetaDiscreteWeibullModel.Fit(RetentionData.FromDurations(periods, churned));
        output.WriteLine(fit.Diagnostics!.ToString());
        double[] truth = [alpha, beta, c];
        for (int i = 0; i < 3; i++)
        {
            var (lo, hi) = fit.Diagnostics.ConfidenceInterval95(i);
            double wide = 1.5 * (hi - lo);   // a 99.9%+ band: a fixed seed must not fail by chance
            Assert.InRange(truth[i], fit.Diagnostics.Estimates[i] - wide, fit.Diagnostics.Estimates[i] + wide);
        }
    }

    [Fact]
    public void Bad_input_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => RetentionData.FromSurvivors([1000, 900, 950]));
        Assert.Contains("t = 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => RetentionData.FromDurations([3, 0], [true, true]));
        Assert.Contains("position 1", e.Message);
        Assert.Throws<ArgumentException>(() => ShiftedBetaGeometricModel.Fit(RetentionData.FromSurvivors([100, 100, 100])));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShiftedBetaGeometricModel(1, 1).DiscountedExpectedLifetime(0));
    }
}
