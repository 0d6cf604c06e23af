using CustomerScoring.Concentration;
using Xunit;

namespace CustomerScoring.Tests.Concentration;

public class ParetoAnalysisTests
{
    // R ineq documentation example.
    private static readonly double[] Ineq = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261];

    [Fact]
    public void Matches_R_ineq_published_example()
    {
        ParetoAnalysis a = ParetoAnalysis.Analyze(Ineq);
        Assert.Equal(0.4620911, a.Gini, 7);        // ineq::Gini(x)
        Assert.Equal(0.1840812, a.Herfindahl, 7);  // ineq::conc(x, type = "Herfindahl")
        Assert.Equal(0.1859051, a.Rosenbluth, 7);  // ineq::conc(x, type = "Rosenbluth")
        Assert.Equal(0.4620911 * 10 / 9, a.GiniCorrected, 7);
    }

    [Fact]
    public void Hand_case_5_3_2()
    {
        ParetoAnalysis a = ParetoAnalysis.Analyze([2, 5, 3]);

        // Ascending 2, 3, 5: sum(i x(i)) = 2 + 6 + 15 = 23; G = (2 x 23 / 10 - 4) / 3 = 0.2
        // (check: sum over ordered pairs |xi - xj| = 2 (2 + 3 + 1) = 12; 12 / (2 n^2 mean) = 12 / (2 x 9 x 10/3) = 0.2).
        Assert.Equal(0.2, a.Gini, 12);

        // Herfindahl: 0.5^2 + 0.3^2 + 0.2^2 = 0.38.
        Assert.Equal(0.38, a.Herfindahl, 12);

        // Top 50% = 1.5 customers: (5 + 0.5 x 3) / 10 = 0.65. Top 1 = 0.5.
        Assert.Equal(0.65, a.TopShare(0.5), 12);
        Assert.Equal(0.5, a.TopCountShare(1), 12);

        // 80%: S1 = 5 (50%), S2 = 8 (80% >= 80%) -> 2 customers: 5 (customer 1) and 3 (customer 2).
        Assert.Equal(2, a.CustomersForShare());
        Assert.Equal(new[] { new RankedCustomer(1, 5), new RankedCustomer(2, 3) }, a.CustomersMakingShare());

        // Lorenz: (0, 0), (1/3, 2/10), (2/3, 5/10), (1, 1).
        LorenzPoint[] l = a.LorenzCurve();
        Assert.Equal(new[] { 0, 1 / 3.0, 2 / 3.0, 1 }, l.Select(p => p.CustomerShare), Close);
        Assert.Equal(new[] { 0, 0.2, 0.5, 1 }, l.Select(p => p.ValueShare), Close);

        // Crossing: k = 1 customer holds 50% (f = 0.5 + 1/3 <= 1); on the next piece (5 + 3t)/10 + (1 + t)/3 = 1
        // -> t (0.3 + 1/3) = 1/6 -> t = 0.263158; x = 1.263158 / 3 = 0.421053; top 42.1% hold 57.9%.
        Assert.Equal(1.2631578947368421 / 3, a.CrossingCustomerShare, 12);
        Assert.Equal(1 - a.CrossingCustomerShare, a.TopShare(a.CrossingCustomerShare), 12);
    }

    [Fact]
    public void Equal_values_give_Gini_zero_and_a_50_50_crossing()
    {
        ParetoAnalysis a = ParetoAnalysis.Analyze(Enumerable.Repeat(7.0, 10).ToArray());
        Assert.Equal(0, a.Gini, 12);
        Assert.Equal(0.1, a.Herfindahl, 12);
        Assert.Equal(0.5, a.CrossingCustomerShare, 12);
        Assert.Equal(0.2, a.TopShare(), 12);
        Assert.Equal(8, a.CustomersForShare());
        Assert.All(a.LorenzTable(), p => Assert.Equal(p.CustomerShare, p.ValueShare, 12));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(1000)]
    public void One_customer_holding_everything_gives_n_minus_1_over_n(int n)
    {
        double[] v = new double[n];
        v[n / 2] = 123.5;
        ParetoAnalysis a = ParetoAnalysis.Analyze(v);
        Assert.Equal((n - 1) / (double)n, a.Gini, 12);
        Assert.Equal(n == 1 ? 0 : 1, a.GiniCorrected, 12);
        Assert.Equal(1, a.Herfindahl, 12);
        Assert.Equal(1, a.CustomersForShare());
        Assert.Equal(n / 2, a.RowsByValue[0]);
        Assert.Equal(n, a.Count); // zeros count as customers
    }

    [Fact]
    public void Ties_at_the_boundary_are_counted_one_by_one_in_tie_break_order()
    {
        // 40, 20, 20, 20 (total 100): S1 = 40, S2 = 60, S3 = 80 -> 3 customers make 80%. The SQL RANGE-frame recipe would give the
        // three tied 20s one running total of 100% and count only customer 0 with running share <= 80%.
        double[] v = [40, 20, 20, 20];
        Assert.Equal(3, ParetoAnalysis.Analyze(v).CustomersForShare(0.8));
        Assert.Equal(new[] { 0, 1, 2 }, ParetoAnalysis.Analyze(v).CustomersMakingShare().Select(c => c.Row));

        // Keys ranked so that customer 3 sorts before 2 before 1.
        Assert.Equal(new[] { 0, 3, 2 }, ParetoAnalysis.Analyze(v, tieBreakRank: [0, 3, 2, 1]).CustomersMakingShare().Select(c => c.Row));
    }

    [Fact]
    public void Abc_hand_case_with_a_tie_straddling_the_B_boundary()
    {
        // 50, 30, 10, 5, 5 (total 100): A = {50, 30} reaches 80%; B adds 10 (90%) and 5 (95% reached), pulling in the tied 5.
        AbcClassification abc = ParetoAnalysis.Analyze([5, 50, 10, 30, 5]).ClassifyAbc();
        Assert.Equal(new[] { AbcClass.B, AbcClass.A, AbcClass.B, AbcClass.A, AbcClass.B }, abc.Classes.ToArray());
        Assert.Equal((2, 3, 0), (abc.CountA, abc.CountB, abc.CountC));
        Assert.Equal(0.8, abc.ValueShareA, 12);
        Assert.Equal(0.2, abc.ValueShareB, 12);

        // Custom thresholds 50% / 90%: A = {50} (50% reached), B = {30, 10} (90%), C = {5, 5}.
        abc = ParetoAnalysis.Analyze([5, 50, 10, 30, 5]).ClassifyAbc(0.5, 0.9);
        Assert.Equal(new[] { AbcClass.C, AbcClass.A, AbcClass.B, AbcClass.B, AbcClass.C }, abc.Classes.ToArray());
        Assert.Equal(0.1, abc.ValueShareC, 12);
    }

    [Fact]
    public void Negative_values_are_rejected_by_default_with_row_and_value()
    {
        var e = Assert.Throws<ArgumentException>(() => ParetoAnalysis.Analyze([3, 0, -2.5, -1]));
        Assert.Equal("values", e.ParamName);
        Assert.Contains("at row 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("-2.5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_values_clipped_or_excluded_are_counted()
    {
        double[] v = [3, -2, 1, -5, 0];
        ParetoAnalysis clipped = ParetoAnalysis.Analyze(v, NegativeValues.ClipToZero);
        Assert.Equal(5, clipped.Count);
        Assert.Equal(2, clipped.NegativeCount);
        Assert.Equal(4, clipped.Total);
        Assert.Equal(new[] { 3.0, 1, 0, 0, 0 }, clipped.ValuesDescending.ToArray());
        Assert.Contains("2 negative values clipped to zero", clipped.ToString(), StringComparison.Ordinal);

        ParetoAnalysis excluded = ParetoAnalysis.Analyze(v, NegativeValues.Exclude);
        Assert.Equal(3, excluded.Count);
        Assert.Equal(5, excluded.InputCount);
        Assert.Equal(2, excluded.NegativeCount);
        Assert.Equal(new[] { 0, 2, 4 }, excluded.RowsByValue.ToArray());

        // Ascending 0, 1, 3 (total 4): sum(i x(i)) = 0 + 2 + 9 = 11; G = (22/4 - 4)/3 = 0.5.
        Assert.Equal(0.5, excluded.Gini, 12);
        AbcClassification abc = excluded.ClassifyAbc();
        Assert.Equal(AbcClass.Excluded, abc.Classes[1]);
        Assert.Equal(AbcClass.Excluded, abc.Classes[3]);
    }

    [Fact]
    public void Zero_total_empty_and_non_finite_inputs_are_errors()
    {
        Assert.Contains("zero", Assert.Throws<ArgumentException>(() => ParetoAnalysis.Analyze([0, 0, 0])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ParetoAnalysis.Analyze([]));
        Assert.Throws<ArgumentException>(() => ParetoAnalysis.Analyze([-1, -2], NegativeValues.Exclude));
        var e = Assert.Throws<ArgumentException>(() => ParetoAnalysis.Analyze([1, double.NaN]));
        Assert.Contains("position 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ParetoAnalysis.Analyze([1, 2]).TopShare(1.5));
        Assert.Throws<ArgumentException>(() => ParetoAnalysis.Analyze([1, 2]).ClassifyAbc(0.9, 0.8));
    }

    [Fact]
    public void Downsampled_Lorenz_curve_keeps_exact_vertices_and_both_ends()
    {
        ParetoAnalysis a = ParetoAnalysis.Analyze(Ineq);
        LorenzPoint[] exact = a.LorenzCurve();
        LorenzPoint[] three = a.LorenzCurve(3);

        // n = 10, 3 points: k = 0, 5, 10.
        Assert.Equal(new[] { exact[0], exact[5], exact[10] }, three);
        Assert.Equal(new LorenzPoint(0, 0), three[0]);
        Assert.Equal(new LorenzPoint(1, 1), three[^1]);
        Assert.Equal(exact, a.LorenzCurve(50));

        // Bottom half: 541 + 1463 + 2445 + 3438 + 4437 = 12324 of 66586.
        Assert.Equal(12324 / 66586.0, exact[5].ValueShare, 12);
    }

    [Fact]
    public void Lorenz_table_has_10_percent_steps_and_matches_the_exact_curve_at_deciles_of_10_customers()
    {
        ParetoAnalysis a = ParetoAnalysis.Analyze(Ineq);
        LorenzPoint[] table = a.LorenzTable();
        LorenzPoint[] exact = a.LorenzCurve();
        Assert.Equal(11, table.Length);
        for (int i = 0; i <= 10; i++)
        {
            Assert.Equal(i / 10.0, table[i].CustomerShare, 12);
            Assert.Equal(exact[i].ValueShare, table[i].ValueShare, 12);
        }

        // Row p = 80%: the poorest 8 hold (66586 - 22261 - 11904) / 66586 = 48.7%, the top 2 hold 51.3%.
        string row80 = a.FormatLorenzTable().Split('\n').Single(line => line.TrimStart().StartsWith("80%", StringComparison.Ordinal));
        Assert.Contains("48.7%", row80, StringComparison.Ordinal);
        Assert.Contains("51.3%", row80, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_reads_as_a_summary()
    {
        string s = ParetoAnalysis.Analyze(Ineq).ToString();

        // Total 66586. Top 20% = 2 customers: (22261 + 11904) / 66586 = 51.3%.
        // 80% of the total = 53268.8: S4 = 22261 + 11904 + 8304 + 6392 = 48861 < 53268.8 <= S5 = 48861 + 5401 = 54262 -> 5 of 10 = 50.0%.
        Assert.Contains("top 20% hold 51.3% of value", s, StringComparison.Ordinal);
        Assert.Contains("50.0% of customers make 80%", s, StringComparison.Ordinal);
        Assert.Contains("Gini 0.46", s, StringComparison.Ordinal);
    }

    [Fact]
    public void Herfindahl_equals_a_scalar_loop_at_boundary_sizes()
    {
        for (int n = 1; n <= 70; n++)
        {
            var rng = new Random(n);
            double[] v = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 100).ToArray();
            double total = 0;
            double squares = 0;
            foreach (double x in v)
            {
                total += x;
            }

            foreach (double x in v)
            {
                squares += (x / total) * (x / total);
            }

            Assert.Equal(squares, ParetoAnalysis.Analyze(v).Herfindahl, 12);
        }
    }

    [Fact]
    public void Herfindahl_is_the_sum_of_squares_in_descending_order_whatever_the_vector_width()
    {
        // One fixed summation order, so the JIT (Vector512 on an AVX-512 processor) and the native AOT command (AVX2) print
        // the same bits: the sum of squares over the values sorted descending, added one by one, over the squared total.
        var rng = new Random(7);
        double[] v = Enumerable.Range(0, 10_007).Select(_ => Math.Round(rng.NextDouble() * 1000, 2)).ToArray();
        ParetoAnalysis a = ParetoAnalysis.Analyze(v);
        double[] descending = v.OrderByDescending(x => x).ToArray();
        double squares = 0;
        foreach (double x in descending)
        {
            squares += x * x;
        }

        Assert.Equal(squares / (a.Total * a.Total), a.Herfindahl);
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) < 1e-12;
}
