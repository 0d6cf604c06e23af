using CustomerScoring.Charts;
using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Covariates;
using ScottPlot;
using ScottPlot.Plottables;
using Xunit;

namespace CustomerScoring.Tests.Charts;

/// <summary>The covariate chart draws each fitted coefficient and its 95% interval, coefficient ± 1.96 standard errors, around 0.</summary>
public class CovariateChartTests
{
    private static readonly string[] Processes = ["purchase rate", "dropout"];

    [Theory]
    [InlineData(PurchaseModelKind.ParetoNbd, new[] { 0.6, -0.3 }, new[] { -0.5, 0.25 })]
    [InlineData(PurchaseModelKind.BgNbd, new[] { 0.9, 0.5 }, new[] { 1.0, 0.6 })] // all positive: the axis must still reach 0
    public void Points_and_bars_are_the_coefficients_and_their_intervals(PurchaseModelKind kind, double[] gammaTrans, double[] gammaLife)
    {
        double[] truth = kind == PurchaseModelKind.ParetoNbd ? [0.8, 6.0, 0.7, 12.0] : [0.8, 6.0, 0.9, 2.5];
        var pop = CovariateModelTests.Simulate(kind, truth, gammaTrans, gammaLife, 1500, 11);
        var model = CovariatePurchaseModel.Fit(kind, pop.X, pop.Tx, pop.T, pop.Z, TimeUnit.Week);
        ClvFitDiagnostics fit = model.Diagnostics!;
        using Chart chart = CovariateCharts.Coefficients(model);
        PngImage.AssertSize(chart.ToPng(900, 600), 900, 600); // rendering generates the row labels (the left axis ticks)
        IPlottable[] drawn = [.. chart.Plot.GetPlottables()];

        // One point per covariate and process: purchase coefficients (γ_trans) and dropout coefficients (γ_life).
        Scatter[] points = [.. drawn.OfType<Scatter>()];
        Assert.Equal(2, points.Length);
        LinePlot[] bars = [.. drawn.OfType<LinePlot>()];
        Assert.Equal(4, bars.Length);
        var labels = ((ScottPlot.TickGenerators.NumericManual)chart.Plot.Axes.Left.TickGenerator).Ticks.ToDictionary(t => t.Position, t => t.Label);
        int k = model.CovariateNames.Count;
        for (int p = 0; p < 2; p++)
        {
            System.Collections.ObjectModel.ReadOnlyCollection<double> coefficients = p == 0 ? model.TransactionCoefficients : model.LifetimeCoefficients;
            Coordinates[] xy = [.. points.Single(s => s.LegendText.StartsWith(Processes[p], StringComparison.Ordinal)).Data.GetScatterPoints()];
            Assert.Equal(k, xy.Length);
            for (int j = 0; j < k; j++)
            {
                // The coefficient, and its interval ends: estimate ± 1.96 s.e., the s.e. the square root of the covariance diagonal.
                int index = 4 + (p * k) + j;
                Assert.Equal(p == 0 ? $"trans:{model.CovariateNames[j]}" : $"life:{model.CovariateNames[j]}", fit.ParameterNames[index]);
                Assert.Equal(coefficients[j], xy[j].X);
                double se = Math.Sqrt(fit.Covariance(index, index));
                Assert.True(se > 0 && double.IsFinite(se));
                LinePlot bar = Assert.Single(bars, b => b.Start.Y == xy[j].Y);
                Assert.Equal(xy[j].Y, bar.End.Y);
                Assert.Equal(coefficients[j] - (1.959963984540054 * se), bar.Start.X, 1e-12);
                Assert.Equal(coefficients[j] + (1.959963984540054 * se), bar.End.X, 1e-12);
                Assert.Equal(fit.ConfidenceInterval95(index).Lower, bar.Start.X, 1e-12);
                Assert.Equal(fit.ConfidenceInterval95(index).Upper, bar.End.X, 1e-12);
                Assert.Equal($"{model.CovariateNames[j]}: {Processes[p]}", labels[xy[j].Y]);
            }
        }

        // Every row has its own position; the vertical line marks 0 and the x axis spans 0 and every interval.
        Assert.Equal(2 * k, bars.Select(b => b.Start.Y).Distinct().Count());
        VerticalLine zero = Assert.Single(drawn.OfType<VerticalLine>());
        Assert.Equal(0, zero.X);
        AxisLimits limits = chart.Plot.Axes.GetLimits();
        Assert.True(limits.Left < 0 && limits.Right > 0, $"x axis {limits.Left} .. {limits.Right} must include 0");
        Assert.All(bars, b => Assert.True(b.Start.X > limits.Left && b.End.X < limits.Right));
        if (gammaTrans.Concat(gammaLife).All(g => g > 0))
        {
            Assert.True(bars.All(b => b.Start.X > 0), "the all-positive case should have every interval right of 0, so that 0 is on the axis only because the chart puts it there");
        }

    }

    [Fact]
    public void A_model_without_covariates_or_without_standard_errors_is_refused()
    {
        var none = new CovariatePurchaseModel(PurchaseModelKind.ParetoNbd, [0.8, 6, 0.7, 12], [], [], [], TimeUnit.Week);
        var ex = Assert.Throws<ArgumentException>(() => CovariateCharts.Coefficients(none));
        Assert.Contains("no covariates", ex.Message, StringComparison.Ordinal);

        var given = new CovariatePurchaseModel(PurchaseModelKind.BgNbd, [0.8, 6, 0.9, 2.5], ["vip"], [0.5], [0.2], TimeUnit.Week);
        ex = Assert.Throws<ArgumentException>(() => CovariateCharts.Coefficients(given));
        Assert.Contains("no standard errors", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => CovariateCharts.Coefficients(null!));
    }
}
