using System.Globalization;
using CustomerScoring.Clv;
using ScottPlot;

namespace CustomerScoring.Charts;

/// <summary>Charts of contractual retention (memberships, subscriptions): survival and retention by period, actual vs model.</summary>
public static class RetentionCharts
{
    /// <summary>
    /// The survival and retention curves of a membership base, the figure of Fader &amp; Hardie's "How to Project Customer
    /// Retention": the share of members still active after t periods, actual (markers: the product-limit estimate of
    /// <see cref="RetentionData.ObservedSurvival"/>, which for one cohort is survivors[t] / survivors[0]) and under the
    /// fitted model (solid over the observed periods, dashed beyond them: the projection), and the retention rate
    /// r(t) = S(t) / S(t − 1) of each period, actual and model (likewise solid, then dashed), on the same 0..100% axis. A dotted line marks the last
    /// observed period.
    /// </summary>
    /// <param name="data">The members or survivor counts the model was fitted to.</param>
    /// <param name="modelSurvival">The model's S(0), S(1), ..., S(H): at least two values, the first 1, each in [0, 1].</param>
    /// <param name="modelName">The model's name for the legend and title, e.g. "sBG".</param>
    /// <returns>The chart.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelSurvival"/> is too short, does not start at 1, or holds a value outside [0, 1].</exception>
    public static Chart SurvivalAndRetention(RetentionData data, IReadOnlyList<double> modelSurvival, string modelName = "model")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(modelSurvival);
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        if (modelSurvival.Count < 2 || modelSurvival[0] != 1.0 || modelSurvival.Any(s => !(s >= 0.0 && s <= 1.0)))
        {
            throw new ArgumentException("The model survival curve needs S(0) = 1 and at least S(1), each a share in [0, 1].", nameof(modelSurvival));
        }

        int observed = data.Periods, horizon = modelSurvival.Count - 1;
        string title = string.Create(CultureInfo.InvariantCulture, $"Survival and retention by period: actual vs {modelName} ({data.CustomerCount:N0} members)");
        Plot plot = ChartStyle.NewPlot(title, "period (renewals since joining)", "share");

        double[] actualSurvival = data.ObservedSurvival();
        var actual = plot.Add.ScatterPoints(Periods(0, observed), actualSurvival, ChartStyle.Primary);
        actual.MarkerSize = 9;
        actual.MarkerShape = MarkerShape.FilledCircle;
        actual.LegendText = "survival, actual";

        int fittedEnd = Math.Min(observed, horizon);
        var fitted = plot.Add.Scatter(Periods(0, fittedEnd), modelSurvival.Take(fittedEnd + 1).ToArray(), ChartStyle.Primary);
        fitted.LineWidth = 2;
        fitted.MarkerSize = 0;
        fitted.LegendText = $"survival, {modelName}";
        if (horizon > observed)
        {
            var projected = plot.Add.Scatter(Periods(observed, horizon), modelSurvival.Skip(observed).ToArray(), ChartStyle.Primary);
            projected.LineWidth = 2;
            projected.MarkerSize = 0;
            projected.LinePattern = LinePattern.Dashed;
            projected.LegendText = $"survival, {modelName} projection";
        }

        // Retention r(t) = S(t) / S(t - 1), periods 1.. : actual where members were at risk, model to the horizon.
        var actualRetention = new List<(double Period, double Rate)>();
        for (int t = 1; t <= observed; t++)
        {
            if (data.AtRisk(t) > 0 && actualSurvival[t - 1] > 0)
            {
                actualRetention.Add((t, actualSurvival[t] / actualSurvival[t - 1]));
            }
        }

        if (actualRetention.Count > 0)
        {
            var points = plot.Add.ScatterPoints(actualRetention.Select(p => p.Period).ToArray(), actualRetention.Select(p => p.Rate).ToArray(), ChartStyle.Secondary);
            points.MarkerSize = 9;
            points.MarkerShape = MarkerShape.OpenSquare;
            points.LegendText = "retention, actual";
        }

        double[] modelRetention = new double[horizon];
        for (int t = 1; t <= horizon; t++)
        {
            modelRetention[t - 1] = modelSurvival[t - 1] > 0 ? modelSurvival[t] / modelSurvival[t - 1] : 0.0;
        }

        int retentionEnd = Math.Max(1, fittedEnd);
        var retention = plot.Add.Scatter(Periods(1, retentionEnd), modelRetention[..retentionEnd], ChartStyle.Secondary);
        retention.LineWidth = 2;
        retention.MarkerSize = 0;
        retention.LegendText = $"retention, {modelName}";
        if (horizon > retentionEnd)
        {
            var projected = plot.Add.Scatter(Periods(retentionEnd, horizon), modelRetention[(retentionEnd - 1)..], ChartStyle.Secondary);
            projected.LineWidth = 2;
            projected.MarkerSize = 0;
            projected.LinePattern = LinePattern.Dashed;
            projected.LegendText = $"retention, {modelName} projection";
        }

        if (horizon > observed)
        {
            var line = plot.Add.VerticalLine(observed);
            line.Color = ChartStyle.Guide;
            line.LinePattern = LinePattern.Dotted;
            line.LegendText = "last observed period";
        }

        plot.Axes.Left.TickGenerator = ChartStyle.PercentTicks();
        plot.Axes.SetLimits(0, Math.Max(horizon, observed), 0, 1.02);
        plot.ShowLegend(Alignment.LowerLeft);
        return ChartStyle.Finish(plot, title);
    }

    private static double[] Periods(int from, int to) => [.. Enumerable.Range(from, to - from + 1).Select(t => (double)t)];
}
