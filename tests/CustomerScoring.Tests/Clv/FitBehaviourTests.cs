using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using Xunit;

namespace CustomerScoring.Tests.Clv;

/// <summary>Non-convergence policy, compression, penalizer, time units and immutability facts of the fits.</summary>
public sealed class FitBehaviourTests
{
    private static CdnowSummary Data => CdnowSummary.Instance;

    [Fact]
    public void Non_convergence_throws_a_specific_exception_with_facts_and_remedies()
    {
        var options = new ClvFitOptions { MaxIterations = 2 };
        var e = Assert.Throws<ClvFitException>(() => BgNbdModel.Fit(Data.X, Data.Tx, Data.T, TimeUnit.Week, options));
        Assert.Contains("did not converge", e.Message, StringComparison.Ordinal);
        Assert.Contains("gradient norm", e.Message, StringComparison.Ordinal);
        Assert.Contains("r = ", e.Message, StringComparison.Ordinal);
        Assert.Contains("penalizer", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Diagnostics);
        Assert.False(e.Diagnostics!.Converged);
    }

    [Fact]
    public void Non_convergence_can_return_the_unconverged_model_without_NaN()
    {
        var options = new ClvFitOptions { MaxIterations = 2, ThrowOnNonConvergence = false };
        var model = ParetoNbdModel.Fit(Data.X, Data.Tx, Data.T, TimeUnit.Week, options);
        Assert.False(model.Diagnostics!.Converged);
        Assert.All(model.Diagnostics.Estimates, v => Assert.True(double.IsFinite(v) && v > 0));
        Assert.Contains("NOT converged", model.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compression_does_not_change_the_fit()
    {
        // Duplicating every customer doubles the log-likelihood and keeps the estimates; the unique rows stay the same.
        double[] x2 = [.. Data.X, .. Data.X], tx2 = [.. Data.Tx, .. Data.Tx], t2 = [.. Data.T, .. Data.T];
        var once = BgNbdModel.Fit(Data.X, Data.Tx, Data.T, TimeUnit.Week);
        var twice = BgNbdModel.Fit(x2, tx2, t2, TimeUnit.Week);
        Assert.Equal(2 * once.Diagnostics!.LogLikelihood, twice.Diagnostics!.LogLikelihood, 6);
        Assert.Equal(once.R, twice.R, 6);
        Assert.Equal(once.B, twice.B, 5);
        Assert.Equal(once.Diagnostics.UniqueRowCount, twice.Diagnostics.UniqueRowCount);
        Assert.Equal(2 * 2357, twice.Diagnostics.CustomerCount);

        // Standard errors shrink by √2 with twice the data.
        Assert.Equal(once.Diagnostics.StandardErrors[0] / Math.Sqrt(2), twice.Diagnostics.StandardErrors[0], 4);
    }

    [Fact]
    public void Penalizer_shrinks_parameters()
    {
        var plain = BgNbdModel.Fit(Data.X, Data.Tx, Data.T, TimeUnit.Week);
        var penalized = BgNbdModel.Fit(Data.X, Data.Tx, Data.T, TimeUnit.Week, new ClvFitOptions { Penalizer = 0.01 });
        double Norm(BgNbdModel m) => (m.R * m.R) + (m.Alpha * m.Alpha) + (m.A * m.A) + (m.B * m.B);
        Assert.True(Norm(penalized) < Norm(plain));
        Assert.True(penalized.Diagnostics!.LogLikelihood < plain.Diagnostics!.LogLikelihood);
    }

    [Fact]
    public void Time_unit_is_recorded_and_rescaling_time_rescales_only_the_scale_parameter()
    {
        // Fitting the same data in days multiplies α by 7 and leaves r, a, b unchanged (α is the only parameter with a
        // time dimension), and predictions over the same calendar span agree: 39 weeks = 273 days.
        double[] txDays = Data.Tx.Select(v => v * 7).ToArray(), tDays = Data.T.Select(v => v * 7).ToArray();
        var weeks = BgNbdModel.Fit(Data.X, Data.Tx, Data.T, TimeUnit.Week);
        var days = BgNbdModel.Fit(Data.X, txDays, tDays, TimeUnit.Day);
        Assert.Equal(TimeUnit.Day, days.TimeUnit);
        Assert.Equal(TimeUnit.Day, days.Diagnostics!.TimeUnit);
        Assert.Equal(weeks.Alpha * 7, days.Alpha, 3);
        Assert.Equal(weeks.R, days.R, 5);
        double horizonDays = days.ToModelUnits(39, TimeUnit.Week);
        Assert.Equal(273.0, horizonDays);
        Assert.Equal(weeks.ExpectedPurchasesNewCustomer(39), days.ExpectedPurchasesNewCustomer(horizonDays), 5);
        Assert.Equal(4.0, ClvTime.Convert(28, TimeUnit.Day, TimeUnit.Week));
    }
}
