using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using Xunit;

namespace CustomerScoring.Tests.Clv;

/// <summary>Every input rule throws a clear exception naming the parameter, the customer position and the value.</summary>
public sealed class ClvInputValidationTests
{
    private static readonly double[] GoodX = [0, 2, 1];
    private static readonly double[] GoodTx = [0, 10, 3];
    private static readonly double[] GoodT = [20, 30, 40];

    private static ArgumentException FitFails(double[] x, double[] tx, double[] t) =>
        Assert.ThrowsAny<ArgumentException>(() => BgNbdModel.Fit(x, tx, t, TimeUnit.Week));

    [Fact]
    public void Recency_after_age_is_rejected_with_position()
    {
        var e = FitFails([0, 2, 1], [0, 31, 3], [20, 30, 40]);
        Assert.Equal("recency", e.ParamName);
        Assert.Contains("position 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("31", e.Message, StringComparison.Ordinal);
        Assert.Contains("exceeds age T = 30", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, -1.0)]
    [InlineData(1, -2.0)]
    [InlineData(2, -3.0)]
    public void Negative_values_are_rejected(int column, double value)
    {
        double[] x = (double[])GoodX.Clone(), tx = (double[])GoodTx.Clone(), t = (double[])GoodT.Clone();
        (column == 0 ? x : column == 1 ? tx : t)[2] = value;
        var e = FitFails(x, tx, t);
        Assert.Equal(column == 0 ? "frequency" : column == 1 ? "recency" : "age", e.ParamName);
        Assert.Contains("position 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("negative", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeat_purchases_with_zero_recency_are_rejected()
    {
        var e = FitFails([0, 2, 1], [0, 10, 0], [20, 30, 40]);
        Assert.Equal("recency", e.ParamName);
        Assert.Contains("position 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Positive_recency_without_repeat_purchases_is_rejected()
    {
        var e = FitFails([0, 2, 1], [5, 10, 3], [20, 30, 40]);
        Assert.Contains("position 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_integer_frequency_is_rejected()
    {
        var e = FitFails([0, 2.5, 1], GoodTx, GoodT);
        Assert.Equal("frequency", e.ParamName);
        Assert.Contains("position 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("2.5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_zero_frequencies_are_rejected_for_fitting_only()
    {
        var e = Assert.Throws<ClvFitException>(() => BgNbdModel.Fit([0, 0, 0], [0, 0, 0], GoodT, TimeUnit.Week));
        Assert.Contains("All frequencies are 0", e.Message, StringComparison.Ordinal);
        Assert.Equal(ClvFitProblem.TooFewRepeatBuyers, e.Problem);

        // Predicting for such customers is fine.
        var dest = new double[3];
        new BgNbdModel(0.243, 4.414, 0.793, 2.426, TimeUnit.Week).ProbabilityAlive([0, 0, 0], [0, 0, 0], GoodT, dest);
        Assert.All(dest, p => Assert.Equal(1.0, p));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_values_are_rejected(double bad)
    {
        var e = FitFails(GoodX, GoodTx, [20, bad, 40]);
        Assert.Equal("age", e.ParamName);
        Assert.Contains("position 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a finite number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        var e = FitFails(GoodX, [0, 10], GoodT);
        Assert.Equal("recency", e.ParamName);
        Assert.Throws<ArgumentException>(() => ParetoNbdModel.Fit(GoodX, GoodTx, [20, 30], TimeUnit.Week));
        Assert.Throws<ArgumentException>(() => MbgNbdModel.Fit(GoodX, GoodTx, [20, 30], TimeUnit.Week));
        Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit(GoodX, [1.0, 2.0]));
    }

    [Fact]
    public void Too_short_destination_is_rejected()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426, TimeUnit.Week);
        var e = Assert.Throws<ArgumentException>(() => model.ExpectedPurchases(GoodX, GoodTx, GoodT, 10, new double[2]));
        Assert.Equal("destination", e.ParamName);
    }

    [Fact]
    public void Gamma_gamma_rejects_non_positive_spend_of_repeat_customers_by_position()
    {
        var e = Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit([0, 2, 1], [0, 10, 0]));
        Assert.Equal("monetary", e.ParamName);
        Assert.Contains("position 2", e.Message, StringComparison.Ordinal);

        // Spend of customers without repeat purchases is ignored, whatever it is.
        var model = GammaGammaModel.Fit([0, 2, 1, 3], [-5, 10, 12, 30], new ClvFitOptions { ThrowOnNonConvergence = false });
        Assert.Equal(3, model.Diagnostics!.CustomerCount);
    }

    [Fact]
    public void Invalid_parameters_and_horizons_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BgNbdModel(0.2, -1, 1, 1, TimeUnit.Week));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParetoNbdModel(0.2, 1, double.NaN, 1, TimeUnit.Week));
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426, TimeUnit.Week);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.ExpectedPurchasesNewCustomer(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.ExpectedPurchasesNewCustomer(double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => BgNbdModel.Fit(GoodX, GoodTx, GoodT, TimeUnit.Week, new ClvFitOptions { Penalizer = -1 }));
    }

    /// <summary>Values at and beside every rule's edge: the one combined check per customer lets through exactly what the
    /// rules let through, and a customer that breaks one gets the message of the first rule it breaks.</summary>
    private static readonly double[] Edges = [0, 1, 2, 2.5, -1, 30, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 1e-300];

    [FsCheck.Xunit.Property(MaxTest = 400)]
    public void The_combined_check_lets_through_what_the_rules_let_through(int seed)
    {
        var rng = new Random(seed);
        double Pick() => Edges[rng.Next(Edges.Length)];
        double[] x = [Pick(), 1, Pick()], tx = [Pick(), 3, Pick()], t = [Pick(), 40, Pick()], m = [Pick(), 5, Pick()];
        string? expected = null, expectedSpend = null;
        for (int i = 0; i < x.Length && expected is null; i++)
        {
            expected = !double.IsFinite(x[i]) ? $"position {i}: frequency x" : !double.IsFinite(tx[i]) ? $"position {i}: recency t_x"
                : !double.IsFinite(t[i]) ? $"position {i}: age T" : x[i] < 0 ? $"position {i}: frequency x" : x[i] != Math.Floor(x[i]) ? $"position {i}: frequency x"
                : tx[i] < 0 ? $"position {i}: recency t_x" : t[i] < 0 ? $"position {i}: age T" : tx[i] > t[i] ? $"position {i}: recency t_x"
                : (x[i] > 0 && tx[i] == 0) || (x[i] == 0 && tx[i] != 0) ? $"position {i}: frequency x = " : null;
        }

        for (int i = 0; i < x.Length && expectedSpend is null; i++)
        {
            expectedSpend = !double.IsFinite(x[i]) ? $"position {i}: frequency x" : !double.IsFinite(m[i]) ? $"position {i}: mean spend m"
                : x[i] < 0 || x[i] != Math.Floor(x[i]) ? $"position {i}: frequency x" : x[i] > 0 && !(m[i] > 0) ? $"position {i}: mean spend m" : null;
        }

        Exception? thrown = Record.Exception(() => ClvInput.Validate(x, tx, t, forFitting: true));
        Assert.Equal(expected is null, thrown is null);
        if (thrown is not null)
        {
            Assert.IsType<ArgumentException>(thrown);
            Assert.Contains(expected!, thrown.Message, StringComparison.Ordinal);
        }

        Exception? spend = Record.Exception(() => GammaGammaModel.Validate(x, m));
        Assert.Equal(expectedSpend is null, spend is null);
        if (spend is not null)
        {
            Assert.IsType<ArgumentException>(spend);
            Assert.Contains(expectedSpend!, spend.Message, StringComparison.Ordinal);
        }
    }
}
