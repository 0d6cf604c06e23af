using CustomerScoring.Concentration;
using FsCheck;
using FsCheck.Xunit;

namespace CustomerScoring.Tests.Concentration;

public class ParetoAnalysisPropertyTests
{
    private const double Tol = 1e-9;

    /// <summary>Non-negative values with ties and zeros; one positive value guarantees a positive total.</summary>
    private static double[] Values(int[] raw, bool continuous) =>
        raw.Select(x => continuous ? Math.Abs(x * 0.731) : Math.Abs(x % 9)).Append(3.0).ToArray();

    private static int[] RandomRank(int n, int seed)
    {
        int[] rank = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(rank);
        return rank;
    }

    [Property(MaxTest = 200)]
    public bool Lorenz_curve_runs_from_origin_to_one_monotone_convex_and_below_the_diagonal(int[] raw, bool continuous)
    {
        LorenzPoint[] l = ParetoAnalysis.Analyze(Values(raw, continuous)).LorenzCurve();
        if (l[0] != new LorenzPoint(0, 0) || l[^1] != new LorenzPoint(1, 1))
        {
            return false;
        }

        for (int k = 1; k < l.Length; k++)
        {
            bool monotone = l[k].ValueShare >= l[k - 1].ValueShare - Tol && l[k].CustomerShare > l[k - 1].CustomerShare;
            bool below = l[k].ValueShare <= l[k].CustomerShare + Tol;
            bool convex = k + 1 >= l.Length || (l[k + 1].ValueShare - l[k].ValueShare) >= (l[k].ValueShare - l[k - 1].ValueShare) - Tol;
            if (!(monotone && below && convex))
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public bool Gini_lies_in_0_1_and_equals_the_mean_absolute_difference_formula(int[] raw, bool continuous)
    {
        double[] v = Values(raw, continuous);
        double g = ParetoAnalysis.Analyze(v).Gini;

        // Independent definition: G = sum_i sum_j |xi - xj| / (2 n^2 mean).
        int n = v.Length;
        double mad = v.Sum(a => v.Sum(b => Math.Abs(a - b)));
        double reference = mad / (2.0 * n * n * v.Average());
        return g >= -Tol && g < 1 && Math.Abs(g - reference) < 1e-9;
    }

    [Property(MaxTest = 200)]
    public bool Invariant_to_scaling(int[] raw, bool continuous, PositiveInt scaleSeed)
    {
        double[] v = Values(raw, continuous);
        double c = 0.001 + (scaleSeed.Get % 10_000) * 0.37;
        ParetoAnalysis a = ParetoAnalysis.Analyze(v);
        ParetoAnalysis b = ParetoAnalysis.Analyze(v.Select(x => x * c).ToArray());
        return Math.Abs(a.Gini - b.Gini) < 1e-9
            && Math.Abs(a.Herfindahl - b.Herfindahl) < 1e-9
            && Math.Abs(a.TopShare() - b.TopShare()) < 1e-9
            && Math.Abs(a.CrossingCustomerShare - b.CrossingCustomerShare) < 1e-9;
    }

    [Property(MaxTest = 200)]
    public bool Invariant_to_customer_order_when_ranks_travel_with_values(int[] raw, bool continuous, int rankSeed, int permSeed)
    {
        double[] v = Values(raw, continuous);
        int n = v.Length;
        int[] rank = RandomRank(n, rankSeed);
        int[] perm = RandomRank(n, permSeed); // customer perm[i] is given at position i
        ParetoAnalysis a = ParetoAnalysis.Analyze(v, tieBreakRank: rank);
        ParetoAnalysis b = ParetoAnalysis.Analyze(perm.Select(c => v[c]).ToArray(), tieBreakRank: perm.Select(c => rank[c]).ToArray());

        // Same customers in the same order (b's positions mapped back through perm), same figures.
        bool sameOrder = Enumerable.Range(0, n).All(j => perm[b.RowsByValue[j]] == a.RowsByValue[j]);
        AbcClassification abcA = a.ClassifyAbc();
        AbcClassification abcB = b.ClassifyAbc();
        bool sameAbc = Enumerable.Range(0, n).All(i => abcB.Classes[i] == abcA.Classes[perm[i]]);
        return sameOrder && sameAbc && Math.Abs(a.Gini - b.Gini) < 1e-12 && a.CustomersForShare() == b.CustomersForShare();
    }

    [Property(MaxTest = 200)]
    public bool Top_share_is_non_decreasing_in_p_and_interpolates_the_Lorenz_curve(int[] raw, bool continuous)
    {
        ParetoAnalysis a = ParetoAnalysis.Analyze(Values(raw, continuous));
        double previous = 0;
        for (int i = 0; i <= 100; i++)
        {
            double s = a.TopShare(i / 100.0);
            if (s < previous - Tol)
            {
                return false;
            }

            previous = s;
        }

        // At whole customers, the top share is 1 - L(n - k).
        LorenzPoint[] l = a.LorenzCurve();
        int n = a.Count;
        return Enumerable.Range(0, n + 1).All(k => Math.Abs(a.TopShare((double)k / n) - (1 - l[n - k].ValueShare)) < Tol);
    }

    [Property(MaxTest = 200)]
    public bool Customers_for_share_matches_a_slow_LINQ_reference(int[] raw, bool continuous, int rankSeed, byte qSeed)
    {
        double[] v = Values(raw, continuous);
        int[] rank = RandomRank(v.Length, rankSeed);
        double q = qSeed / 255.0;
        ParetoAnalysis a = ParetoAnalysis.Analyze(v, tieBreakRank: rank);

        // Largest first, ties by rank; smallest k with cumulative >= q x total.
        int[] order = Enumerable.Range(0, v.Length).OrderByDescending(i => v[i]).ThenBy(i => rank[i]).ToArray();
        double total = order.Aggregate(0.0, (s, i) => s + v[i]);
        int k = 0;
        double cumulative = 0;
        while (cumulative < q * total)
        {
            cumulative += v[order[k++]];
        }

        return a.CustomersForShare(q) == k && a.CustomersMakingShare(q).Select(c => c.Row).SequenceEqual(order.Take(k));
    }

    [Property(MaxTest = 200)]
    public bool Abc_classes_are_monotone_in_value_and_ties_share_a_class(int[] raw, bool continuous, byte aSeed, byte bSeed)
    {
        double[] v = Values(raw, continuous);
        double aShare = Math.Min(aSeed, bSeed) / 255.0;
        double bShare = Math.Max(aSeed, bSeed) / 255.0;
        AbcClassification abc = ParetoAnalysis.Analyze(v).ClassifyAbc(aShare, bShare);
        for (int i = 0; i < v.Length; i++)
        {
            for (int j = 0; j < v.Length; j++)
            {
                if ((v[i] > v[j] && abc.Classes[i] > abc.Classes[j]) || (v[i] == v[j] && abc.Classes[i] != abc.Classes[j]))
                {
                    return false;
                }
            }
        }

        return abc.CountA + abc.CountB + abc.CountC == v.Length && abc.ValueShareA >= aShare - Tol && abc.ValueShareA + abc.ValueShareB >= bShare - Tol;
    }

    [Property(MaxTest = 100)]
    public bool Crossing_point_balances_customer_and_value_shares(int[] raw, bool continuous)
    {
        ParetoAnalysis a = ParetoAnalysis.Analyze(Values(raw, continuous));
        double x = a.CrossingCustomerShare;
        return x > 0 && x <= 0.5 + Tol && Math.Abs(a.TopShare(x) - (1 - x)) < 1e-9;
    }
}

public class ParetoAnalysisMemoryTests
{
    [FsCheck.Xunit.Property(MaxTest = 100)]
    public bool A_reused_workspace_gives_the_figures_of_fresh_memory(int[] raw, int[] other)
    {
        // Analyse a larger set first, so that the workspace holds longer sort buffers with stale keys, then the small one.
        double[] v = raw.Select(x => Math.Abs(x % 50) * 1.5).Append(2.0).ToArray();
        double[] big = other.Concat(raw).Concat(other).Select(x => Math.Abs(x) + 100.0).Append(1.0).ToArray();
        ParetoAnalysis fresh = ParetoAnalysis.Analyze(v);
        using var workspace = new ScoringWorkspace();
        ParetoAnalysis large = ParetoAnalysis.Analyze(big, workspace: workspace);
        ParetoAnalysis again = ParetoAnalysis.Analyze(v, workspace: workspace);
        return again.Count == v.Length
            && again.LorenzCurve().Select(p => p.ValueShare).SequenceEqual(fresh.LorenzCurve().Select(p => p.ValueShare))
            && again.RowsByValue.SequenceEqual(fresh.RowsByValue)
            && again.TopShare(0.2) == fresh.TopShare(0.2)
            && again.ClassifyAbc().Classes.SequenceEqual(fresh.ClassifyAbc().Classes)
            && large.ValuesDescending.SequenceEqual(ParetoAnalysis.Analyze(big).ValuesDescending);
    }

    [Xunit.Fact]
    public void An_analysis_outlives_its_workspace_and_a_disposed_workspace_is_refused()
    {
        var workspace = new ScoringWorkspace();
        ParetoAnalysis p = ParetoAnalysis.Analyze([50.0, 30, 10, 5, 5], workspace: workspace);
        Xunit.Assert.True(workspace.RetainedBytes > 0);
        workspace.Dispose();
        Xunit.Assert.Equal(0, workspace.RetainedBytes);

        // Nothing of the result lives in the workspace: every figure is still there (hand computed: 50 + 0.2 x 5 customers = 1 customer).
        Xunit.Assert.Equal(0.5, p.TopShare(0.2));
        Xunit.Assert.Equal([50.0, 30, 10, 5, 5], p.ValuesDescending.ToArray());
        Xunit.Assert.Equal([0, 1, 2, 3, 4], p.RowsByValue.ToArray());
        Xunit.Assert.Throws<ObjectDisposedException>(() => ParetoAnalysis.Analyze([1.0, 2], workspace: workspace));
    }
}
