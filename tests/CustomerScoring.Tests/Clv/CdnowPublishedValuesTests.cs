using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using Xunit;
using Xunit.Abstractions;

namespace CustomerScoring.Tests.Clv;

/// <summary>Fits on the CDNOW sample against the values published by Fader, Hardie and co-authors.</summary>
public sealed class CdnowPublishedValuesTests(ITestOutputHelper output)
{
    private static CdnowSummary Data => CdnowSummary.Instance;

    /// <summary>Relative agreement to three significant digits: |actual - expected| ≤ 0.5 unit of the third digit.</summary>
    private static void AssertThreeDigits(double expected, double actual, string name)
    {
        double unit = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(expected))) - 2);
        Assert.True(Math.Abs(actual - expected) <= 0.5 * unit + 1e-12, $"{name}: expected {expected} to 3 significant digits, got {actual}");
    }

    [Fact]
    public void BgNbd_matches_Fader_Hardie_Lee_2005()
    {
        var model = BgNbdModel.Fit(Data.X, Data.Tx, Data.T, TimeUnit.Week);
        output.WriteLine(model.ToString());
        AssertThreeDigits(0.243, model.R, "r");
        AssertThreeDigits(4.414, model.Alpha, "alpha");
        AssertThreeDigits(0.793, model.A, "a");
        AssertThreeDigits(2.426, model.B, "b");
        var d = model.Diagnostics!;
        AssertThreeDigits(-9582.4, d.LogLikelihood, "LL");
        Assert.Equal(-9582.4256, d.LogLikelihood, 3); // the rounded summary file's optimum (shared data README)
        Assert.True(d.Converged);
        Assert.Equal(TimeUnit.Week, model.TimeUnit);
        Assert.Equal(2357, d.CustomerCount);
        Assert.True(d.UniqueRowCount < 2357 && d.UniqueRowCount > 1000, $"unique rows {d.UniqueRowCount}");
        Assert.All(d.StandardErrors, se => Assert.True(se > 0 && double.IsFinite(se)));
    }

    [Fact]
    public void ParetoNbd_matches_published_values()
    {
        var model = ParetoNbdModel.Fit(Data.X, Data.Tx, Data.T, TimeUnit.Week);
        output.WriteLine(model.ToString());
        AssertThreeDigits(0.553, model.R, "r");
        AssertThreeDigits(10.578, model.Alpha, "alpha");
        AssertThreeDigits(0.606, model.S, "s");
        AssertThreeDigits(11.669, model.Beta, "beta");
        AssertThreeDigits(-9595.0, model.Diagnostics!.LogLikelihood, "LL");
        Assert.True(model.Diagnostics.Converged);
    }

    [Fact]
    public void GammaGamma_matches_the_gamma_gamma_note()
    {
        var model = GammaGammaModel.Fit(Data.X, Data.Zbar);
        output.WriteLine(model.ToString());
        AssertThreeDigits(6.25, model.P, "p");
        AssertThreeDigits(3.74, model.Q, "q");
        AssertThreeDigits(15.44, model.Gamma, "gamma");
        Assert.Equal(946, model.Diagnostics!.CustomerCount);
    }

    [Fact]
    public void MbgNbd_fits_CDNOW_like_BTYDplus()
    {
        // No published table in the papers; R BTYDplus (mplatzer/BTYDplus) gives r 0.525, alpha 6.183, a 0.891, b 1.614
        // on this summary, as quoted by lifetimes' test suite (test_params_out_is_close_to_BTYDplus, 3 decimals).
        var model = MbgNbdModel.Fit(Data.X, Data.Tx, Data.T, TimeUnit.Week);
        output.WriteLine(model.ToString());
        Assert.Equal(0.525, model.R, 3);
        Assert.Equal(6.183, model.Alpha, 3);
        Assert.Equal(0.891, model.A, 3);
        Assert.Equal(1.614, model.B, 3);
        var bg = BgNbdModel.Fit(Data.X, Data.Tx, Data.T, TimeUnit.Week);
        Assert.True(model.Diagnostics!.Converged);

        // Property: the MBG/NBD likelihood at its own optimum is at least the MBG likelihood at any other point,
        // in particular at the BG/NBD estimates.
        double atBgParameters = new MbgNbdModel(bg.R, bg.Alpha, bg.A, bg.B, TimeUnit.Week).LogLikelihood(Data.X, Data.Tx, Data.T);
        Assert.True(model.Diagnostics.LogLikelihood >= atBgParameters);
    }

    [Fact]
    public void BgNbd_worked_example_expected_purchases_in_39_weeks()
    {
        // FHL 2005 (and the BG/NBD Excel note): customer 1 of CDNOW, x = 2, t_x = 30.43, T = 38.86 -> 1.226.
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426, TimeUnit.Week);
        var result = new double[1];
        model.ExpectedPurchases([2.0], [30.43], [38.86], 39.0, result);
        Assert.Equal(1.226, result[0], 3);
    }

    [Fact]
    public void BgNbd_purchase_count_probabilities_match_R_BTYD()
    {
        // R BTYD's bgnbd.pmf with the published parameters, as quoted in lifetimes' test suite
        // (test_probability_of_n_purchases_up_to_time_same_as_R_BTYD).
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426, TimeUnit.Week);
        Assert.Equal(1.07869e-07, model.ProbabilityOfPurchases(10, 2), 11);
        Assert.Equal(0.5737864, model.ProbabilityOfPurchases(0, 39), 7);
        double[] expected = [0.0019995214, 0.0015170236, 0.0011633150, 0.0009003148, 0.0007023638,
                             0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.0002222260];
        for (int n = 11; n <= 20; n++)
        {
            Assert.Equal(expected[n - 11], model.ProbabilityOfPurchases(n, 30), 9);
        }
    }

    [Fact]
    public void BgNbd_new_customer_expectation_matches_Hardie_spreadsheet()
    {
        // E[X(t)] from Fader & Hardie's BG/NBD Excel implementation (as quoted in lifetimes' test suite). The sheet uses
        // its own Solver optimum, not the 3-decimal published parameters (with those, E[X(1)] = 0.05327), so we compare
        // at our full-precision CDNOW optimum, within 5e-4.
        var model = BgNbdModel.Fit(Data.X, Data.Tx, Data.T, TimeUnit.Week);
        double[] times = [0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00];
        double[] expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
        for (int i = 0; i < times.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - model.ExpectedPurchasesNewCustomer(times[i])) < 5e-4, $"t = {times[i]}");
        }
    }
}
