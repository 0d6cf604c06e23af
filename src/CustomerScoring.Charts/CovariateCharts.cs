using System.Globalization;
using CustomerScoring.Clv;
using ScottPlot;

namespace CustomerScoring.Charts;

/// <summary>Charts of the customer covariates of a purchase model (<see cref="CovariatePurchaseModel"/>).</summary>
public static class CovariateCharts
{
    /// <summary>The multiple of the standard error for a 95% interval: the 97.5% quantile of the standard normal.</summary>
    private const double Z95 = 1.959963984540054;

    /// <summary>
    /// The fitted covariate coefficients with their 95% intervals (a coefficient plot): one row per covariate and process,
    /// the purchase-rate coefficient γ_trans then the dropout coefficient γ_life of each covariate, the oldest covariate at
    /// the top; the coefficient as a point, its 95% interval (coefficient ± 1.96 standard errors) as a horizontal bar, and a
    /// vertical line at 0: a bar that crosses the line is a coefficient not distinguishable from 0 at the 5% level. A
    /// coefficient whose standard error could not be estimated (a singular Hessian) is drawn without a bar and its row label
    /// says so. The x axis always includes 0.
    /// </summary>
    /// <param name="model">A fitted model (from <see cref="CovariatePurchaseModel.Fit"/>) with at least one covariate.</param>
    /// <returns>The chart.</returns>
    /// <exception cref="ArgumentException">The model has no covariates, or was built from given parameters and so has no standard errors.</exception>
    public static Chart Coefficients(CovariatePurchaseModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int k = model.CovariateNames.Count;
        if (k == 0)
        {
            throw new ArgumentException("The model has no covariates: there is no coefficient to chart. Fit it with at least one covariate.", nameof(model));
        }

        if (model.Diagnostics is not { } fit)
        {
            throw new ArgumentException("The model was built from given parameters and has no standard errors: chart a fitted model (CovariatePurchaseModel.Fit).", nameof(model));
        }

        bool pareto = model.Kind == PurchaseModelKind.ParetoNbd;
        string title = string.Create(CultureInfo.InvariantCulture, $"{(pareto ? "Pareto/NBD" : "BG/NBD")} covariate coefficients ({ChartStyle.Count(fit.CustomerCount)} customers)");
        Plot plot = ChartStyle.NewPlot(title, "coefficient (point) and its 95% interval (± 1.96 s.e.)", string.Empty);

        // Rows from the top: covariate j's purchase coefficient at y = 2k - 2j, its dropout coefficient one row below.
        var processes = new (string Name, string Legend, Color Color, IReadOnlyList<double> Coefficients, int Offset)[]
        {
            ("purchase rate", "purchase rate (positive: more purchases)", ChartStyle.Primary, model.TransactionCoefficients, 4),
            ("dropout", pareto ? "dropout (positive: shorter lifetimes)" : "dropout (positive: less spread of the dropout probability)", ChartStyle.Secondary, model.LifetimeCoefficients, 4 + k),
        };
        var ticks = new List<(double Position, string Label)>();
        double low = 0, high = 0;
        for (int p = 0; p < processes.Length; p++)
        {
            var (name, legend, color, coefficients, offset) = processes[p];
            var ys = new double[k];
            for (int j = 0; j < k; j++)
            {
                double y = ys[j] = (2 * (k - j)) - p;
                double coefficient = coefficients[j], se = fit.StandardErrors[offset + j];
                string label = $"{model.CovariateNames[j]}: {name}";
                if (double.IsFinite(se))
                {
                    double from = coefficient - (Z95 * se), to = coefficient + (Z95 * se);
                    var bar = plot.Add.Line(from, y, to, y);
                    bar.Color = color;
                    bar.LineWidth = 3;
                    bar.MarkerSize = 0;
                    low = Math.Min(low, from);
                    high = Math.Max(high, to);
                }
                else
                {
                    label += " (s.e. not estimable)";
                }

                low = Math.Min(low, coefficient);
                high = Math.Max(high, coefficient);
                ticks.Add((y, label));
            }

            var points = plot.Add.ScatterPoints([.. coefficients], ys, color);
            points.MarkerSize = 10;
            points.MarkerShape = p == 0 ? MarkerShape.FilledCircle : MarkerShape.FilledSquare;
            points.LegendText = legend;
        }

        var zero = plot.Add.VerticalLine(0);
        zero.Color = ChartStyle.Guide;
        zero.LinePattern = LinePattern.Dashed;
        zero.LineWidth = 1.5f;

        plot.Axes.Left.TickGenerator = ChartStyle.Ticks(ticks);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        double pad = 0.08 * Math.Max(high - low, 1e-3);
        plot.Axes.SetLimits(low - pad, high + pad, 0.3, (2 * k) + 0.7);
        plot.ShowLegend(Edge.Bottom);
        return ChartStyle.Finish(plot, title);
    }
}
