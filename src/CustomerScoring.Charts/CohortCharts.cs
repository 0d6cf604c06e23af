using System.Globalization;
using CustomerScoring.Clv;
using CustomerScoring.Cohorts;
using ScottPlot;

namespace CustomerScoring.Charts;

/// <summary>Charts of acquisition cohorts and of repeat-transaction tracking against a purchase model.</summary>
public static class CohortCharts
{
    /// <summary>
    /// A cohort table as a heat map: one row per cohort (the oldest at the top), one column per period since acquisition,
    /// the cell colour and text the chosen measure; periods not yet observed stay blank.
    /// </summary>
    /// <param name="table">The cohort table.</param>
    /// <param name="measure">What the cells show (retention share by default).</param>
    /// <returns>The chart.</returns>
    public static Chart Heatmap(CohortTable table, CohortMeasure measure = CohortMeasure.RetentionShare)
    {
        ArgumentNullException.ThrowIfNull(table);
        int rows = table.CohortCount, columns = table.PeriodCount;
        string unit = table.Options.Period == CohortPeriod.Month ? "month" : "week";
        string what = measure switch
        {
            CohortMeasure.ActiveCustomers => "active customers",
            CohortMeasure.RetentionShare => "retention share",
            CohortMeasure.Revenue => "revenue",
            _ => "revenue per acquired customer",
        };
        string title = string.Create(CultureInfo.InvariantCulture, $"Acquisition cohorts: {what} by {unit}s since acquisition");
        Plot plot = ChartStyle.NewPlot(title, $"{unit}s since acquisition", $"cohort ({unit} of first purchase)");

        // Intensities row i is drawn at y = i + 1 (bottom up): cohort c goes to row rows - 1 - c so the oldest is on top.
        var cells = new double[Math.Max(2, rows), Math.Max(2, columns)];
        for (int i = 0; i < cells.GetLength(0); i++)
        {
            for (int k = 0; k < cells.GetLength(1); k++)
            {
                cells[i, k] = i < rows && k < columns ? table.Value(measure, rows - 1 - i, k) : double.NaN;
            }
        }

        var heatmap = plot.Add.Heatmap(cells);
        heatmap.FlipVertically = true;
        heatmap.Position = new CoordinateRect(0, cells.GetLength(1) - 1, 1, cells.GetLength(0));
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.NaNCellColor = Colors.Transparent;
        if (measure == CohortMeasure.RetentionShare)
        {
            heatmap.ManualRange = new ScottPlot.Range(0, 1);
        }

        ChartStyle.ColorBar(plot, heatmap, what, measure == CohortMeasure.RetentionShare ? ChartStyle.PercentTicks() : null);

        if (rows * columns <= 400)
        {
            double max = 0;
            foreach (double v in cells)
            {
                max = double.IsNaN(v) ? max : Math.Max(max, v);
            }

            for (int c = 0; c < rows; c++)
            {
                for (int k = 0; k < columns; k++)
                {
                    double v = table.Value(measure, c, k);
                    if (double.IsNaN(v))
                    {
                        continue;
                    }

                    string label = measure switch
                    {
                        CohortMeasure.RetentionShare => ChartStyle.Percent(v),
                        CohortMeasure.ActiveCustomers => ChartStyle.Count((int)v),
                        _ => v.ToString("F1", CultureInfo.InvariantCulture),
                    };
                    ChartStyle.Annotate(plot, label, k, rows - c, v > 0.6 * (measure == CohortMeasure.RetentionShare ? 1 : max) ? Colors.Black : Colors.White);
                }
            }
        }

        int step = Math.Max(1, (int)Math.Ceiling(rows / 24.0));
        plot.Axes.Left.TickGenerator = ChartStyle.Ticks(Enumerable.Range(0, rows).Where(c => c % step == 0).Select(c => ((double)(rows - c), table.Label(c))));
        int columnStep = Math.Max(1, (int)Math.Ceiling(columns / 24.0));
        plot.Axes.Bottom.TickGenerator = ChartStyle.Ticks(Enumerable.Range(0, columns).Where(k => k % columnStep == 0).Select(k => ((double)k, k.ToString(CultureInfo.InvariantCulture))));
        plot.Axes.SetLimits(-0.5, columns - 0.5, 0.5, rows + 0.5);
        return ChartStyle.Finish(plot, title);
    }

    /// <summary>
    /// Repeat transactions per week, actual (solid) and expected under the model (dashed), cumulative or weekly, with a
    /// vertical line at the end of the calibration period: the tracking plot of the BG/NBD and Pareto/NBD papers.
    /// </summary>
    /// <param name="tracking">The weekly series.</param>
    /// <param name="cumulative">True (default) for cumulative totals, false for weekly counts.</param>
    /// <returns>The chart.</returns>
    public static Chart Tracking(RepeatTransactionTracking tracking, bool cumulative = true)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        string title = string.Create(CultureInfo.InvariantCulture, $"{(cumulative ? "Cumulative" : "Weekly")} repeat transactions: actual vs model ({ChartStyle.Count(tracking.CustomerCount)} customers)");
        Plot plot = ChartStyle.NewPlot(title, string.Create(CultureInfo.InvariantCulture, $"week (from {tracking.Start:yyyy-MM-dd})"), cumulative ? "repeat transactions to date" : "repeat transactions in the week");
        double[] weeks = Enumerable.Range(1, tracking.WeekEnds.Count).Select(w => (double)w).ToArray();
        var actual = plot.Add.Scatter(weeks, (cumulative ? tracking.ActualCumulative : tracking.ActualIncremental).ToArray(), ChartStyle.Primary);
        actual.LineWidth = 2;
        actual.MarkerSize = 0;
        actual.LegendText = "actual";
        var expected = plot.Add.Scatter(weeks, (cumulative ? tracking.ExpectedCumulative : tracking.ExpectedIncremental).ToArray(), ChartStyle.Secondary);
        expected.LineWidth = 2;
        expected.MarkerSize = 0;
        expected.LinePattern = LinePattern.Dashed;
        expected.LegendText = "model";
        if (tracking.CalibrationWeeks < tracking.WeekEnds.Count)
        {
            var line = plot.Add.VerticalLine(tracking.CalibrationWeeks + 0.5);
            line.Color = ChartStyle.Guide;
            line.LinePattern = LinePattern.Dotted;
            line.LegendText = "end of calibration";
        }

        plot.ShowLegend(Alignment.UpperLeft);
        return ChartStyle.Finish(plot, title);
    }
}
