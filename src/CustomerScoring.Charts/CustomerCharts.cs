using System.Globalization;
using CustomerScoring.Clv;
using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using ScottPlot;

namespace CustomerScoring.Charts;

/// <summary>
/// Charts of customer-value results, each returned as a <see cref="Chart"/> to save as PNG or SVG. Results from this library are
/// taken as they are; model outputs (P(alive), predicted purchases) are taken as plain arrays, one entry per customer.
/// </summary>
public static class CustomerCharts
{
    /// <summary>
    /// The Lorenz curve of a concentration analysis (customers from the smallest value, cumulative share of value), with the line
    /// of equal shares and two marked points: the share the top <paramref name="customerShare"/> of customers hold ("top 20% hold
    /// 61%") and the share of customers that makes <paramref name="valueShare"/> of the total ("23% make 80%").
    /// </summary>
    /// <param name="analysis">The concentration analysis.</param>
    /// <param name="measure">What the values are, for the labels ("revenue", "margin", "CLV").</param>
    /// <param name="customerShare">The top share of customers to mark, 0 to 1 (default 0.2).</param>
    /// <param name="valueShare">The share of value to mark, 0 to 1 (default 0.8).</param>
    /// <returns>The chart.</returns>
    public static Chart LorenzCurve(ParetoAnalysis analysis, string measure = "revenue", double customerShare = 0.2, double valueShare = 0.8)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentException.ThrowIfNullOrWhiteSpace(measure);
        LorenzChartData data = LorenzChartData.From(analysis, customerShare, valueShare, points: 1001);
        string title = string.Create(CultureInfo.InvariantCulture, $"Concentration of {measure}: Lorenz curve (Gini {analysis.Gini:F2})");
        Plot plot = ChartStyle.NewPlot(
            title,
            $"share of customers, smallest {measure} first",
            $"share of {measure} they hold");

        var equal = plot.Add.Line(0, 0, 1, 1);
        equal.Color = ChartStyle.Guide;
        equal.LinePattern = LinePattern.Dashed;
        equal.LineWidth = 1.5f;
        equal.LegendText = "equal shares";

        var curve = plot.Add.ScatterLine(data.Curve.Select(p => p.CustomerShare).ToArray(), data.Curve.Select(p => p.ValueShare).ToArray(), ChartStyle.Primary);
        curve.LineWidth = 3;
        curve.LegendText = string.Create(CultureInfo.InvariantCulture, $"{ChartStyle.Count(analysis.Count)} customers");

        Mark(plot, data.TopMark, ChartStyle.Secondary, $"top {ChartStyle.Percent(data.TopCustomerShare)} hold {ChartStyle.Percent(data.TopValueShare)}", Alignment.LowerRight);
        Mark(plot, data.ParetoMark, new Color(214, 39, 40), $"top {ChartStyle.Percent(data.ParetoCustomerShare)} make {ChartStyle.Percent(data.ParetoValueShare)}", Alignment.LowerRight);

        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Axes.Bottom.TickGenerator = ChartStyle.PercentTicks();
        plot.Axes.Left.TickGenerator = ChartStyle.PercentTicks();
        plot.ShowLegend(Alignment.UpperLeft);
        return ChartStyle.Finish(plot, title);
    }

    /// <summary>
    /// RFM segment sizes beside their revenue: for each non-empty segment (most customers first), the share of customers and the
    /// share of total revenue (<see cref="CustomerSummaries.TotalAmount"/>).
    /// </summary>
    /// <param name="rfm">Scores of the summary rows (e.g. from <see cref="RfmScorerExtensions.Score{TKey}"/>).</param>
    /// <param name="summaries">The summaries the scores were computed from, in the same row order.</param>
    /// <returns>The chart.</returns>
    /// <exception cref="ArgumentException">The scores and the summaries have different customer counts.</exception>
    public static Chart RfmSegments(RfmResult rfm, CustomerSummaries summaries)
    {
        ArgumentNullException.ThrowIfNull(rfm);
        ArgumentNullException.ThrowIfNull(summaries);
        SegmentShare[] segments = SegmentShare.From(rfm, summaries.TotalAmount, nameof(summaries));
        string title = string.Create(CultureInfo.InvariantCulture, $"RFM segments: customers and revenue ({ChartStyle.Count(rfm.Count)} customers)");
        Plot plot = ChartStyle.NewPlot(title, "share of all customers / of total revenue (%)", string.Empty);

        var customerBars = new List<Bar>();
        var revenueBars = new List<Bar>();
        int n = segments.Length;
        for (int i = 0; i < n; i++)
        {
            double y = n - 1 - i;
            SegmentShare s = segments[i];
            customerBars.Add(HorizontalBar(y + 0.2, 100 * s.CustomerShare, ChartStyle.Primary, $"{ChartStyle.Percent(s.CustomerShare)} ({ChartStyle.Count(s.Customers)})"));
            revenueBars.Add(HorizontalBar(y - 0.2, 100 * s.ValueShare, ChartStyle.Secondary, ChartStyle.Percent(s.ValueShare)));
        }

        var customers = plot.Add.Bars(customerBars);
        customers.Horizontal = true;
        customers.LegendText = "customers";
        var revenue = plot.Add.Bars(revenueBars);
        revenue.Horizontal = true;
        revenue.LegendText = "revenue";
        foreach (var bars in new[] { customers, revenue })
        {
            bars.ValueLabelStyle.FontSize = 12;
        }

        plot.Axes.Left.TickGenerator = ChartStyle.Ticks(segments.Select((s, i) => ((double)(n - 1 - i), s.Name)));
        plot.Axes.Left.MajorTickStyle.Length = 0;
        double max = segments.Max(s => Math.Max(s.CustomerShare, s.ValueShare)) * 100;
        double min = Math.Min(0, segments.Min(s => Math.Min(s.CustomerShare, s.ValueShare)) * 100);
        plot.Axes.SetLimits(min, max * 1.25, -0.7, n - 0.3);
        plot.ShowLegend(Alignment.LowerRight);
        return ChartStyle.Finish(plot, title);
    }

    /// <summary>
    /// Customer counts in each recency x frequency score cell, as a heat map with the count written in each cell; recency score
    /// on the horizontal axis, frequency score on the vertical, higher = better on both.
    /// </summary>
    /// <param name="rfm">The scores.</param>
    /// <returns>The chart.</returns>
    public static Chart RecencyFrequencyHeatmap(RfmResult rfm)
    {
        ArgumentNullException.ThrowIfNull(rfm);
        RecencyFrequencyCounts counts = RecencyFrequencyCounts.From(rfm);
        int rBins = counts.RecencyBins;
        int fBins = counts.FrequencyBins;
        string title = string.Create(CultureInfo.InvariantCulture, $"Customers by recency and frequency score ({ChartStyle.Count(rfm.Count)} customers)");
        Plot plot = ChartStyle.NewPlot(
            title,
            string.Create(CultureInfo.InvariantCulture, $"recency score R ({rBins} = most recent)"),
            string.Create(CultureInfo.InvariantCulture, $"frequency score F ({fBins} = most frequent)"));

        var intensities = new double[fBins, rBins];
        int max = 0;
        for (int f = 0; f < fBins; f++)
        {
            for (int r = 0; r < rBins; r++)
            {
                intensities[f, r] = counts.Counts[f, r];
                max = Math.Max(max, counts.Counts[f, r]);
            }
        }

        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.FlipVertically = true;
        
        // ScottPlot places the first and last cell centres at the corners of Position.
        heatmap.Position = new CoordinateRect(1, rBins, 1, fBins);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        ChartStyle.ColorBar(plot, heatmap, "customers");

        for (int f = 0; f < fBins; f++)
        {
            for (int r = 0; r < rBins; r++)
            {
                int c = counts.Counts[f, r];
                ChartStyle.Annotate(plot, ChartStyle.Count(c), r + 1, f + 1, c > 0.6 * max ? Colors.Black : Colors.White);
            }
        }

        plot.Axes.Bottom.TickGenerator = ChartStyle.Ticks(Enumerable.Range(1, rBins).Select(r => ((double)r, r.ToString(CultureInfo.InvariantCulture))));
        plot.Axes.Left.TickGenerator = ChartStyle.Ticks(Enumerable.Range(1, fBins).Select(f => ((double)f, f.ToString(CultureInfo.InvariantCulture))));
        plot.Axes.SetLimits(0.5, rBins + 0.5, 0.5, fBins + 0.5);
        return ChartStyle.Finish(plot, title);
    }

    /// <summary>
    /// P(alive) by frequency and recency: the mean P(alive) of the customers in each cell of repeat purchases x (rows; the last
    /// row collects x at or above <paramref name="maxFrequency"/>) and recency t_x (equal-width columns from 0 to the largest
    /// t_x). Empty cells stay blank. The arrays come from any fitted model, one entry per customer.
    /// </summary>
    /// <param name="frequency">x: repeat purchases of each customer (whole numbers).</param>
    /// <param name="recency">t_x: time of each customer's last repeat purchase, from the first purchase (0 or more).</param>
    /// <param name="probabilityAlive">P(alive) of each customer, 0 to 1.</param>
    /// <param name="timeUnit">The unit of <paramref name="recency"/>, for the axis label.</param>
    /// <param name="recencyBins">Number of recency columns (default 20).</param>
    /// <param name="maxFrequency">The last frequency row, "x or more" (default 15: above it cells hold too few customers to read).</param>
    /// <returns>The chart.</returns>
    /// <exception cref="ArgumentException">The arrays differ in length or are empty, or a value is out of range (the message names it).</exception>
    public static Chart ProbabilityAlive(
        ReadOnlySpan<double> frequency,
        ReadOnlySpan<double> recency,
        ReadOnlySpan<double> probabilityAlive,
        TimeUnit timeUnit = TimeUnit.Day,
        int recencyBins = 20,
        int maxFrequency = 15)
    {
        ProbabilityAliveGrid grid = ProbabilityAliveGrid.From(frequency, recency, probabilityAlive, recencyBins, maxFrequency);
        string title = string.Create(CultureInfo.InvariantCulture, $"P(alive) by frequency and recency ({ChartStyle.Count(frequency.Length)} customers)");
        Plot plot = ChartStyle.NewPlot(
            title,
            $"recency t_x: {timeUnit.ToName()}s from first to last purchase",
            "frequency x: repeat purchases");

        // ScottPlot places the first and last cell centres at the corners of Position, so it needs two cells each way: a
        // single row or column is padded with an empty (transparent) one outside the axis limits.
        double width = grid.RecencyBinWidth;
        double[,] cells = PadToTwoByTwo(grid.Mean);
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.FlipVertically = true;
        double right = grid.RecencyBins * width;
        heatmap.Position = new CoordinateRect(width / 2, (cells.GetLength(1) - 0.5) * width, 0, cells.GetLength(0) - 1);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.NaNCellColor = Colors.Transparent;
        ChartStyle.ColorBar(plot, heatmap, "mean P(alive)", ChartStyle.PercentTicks());

        int rows = grid.FrequencyRows;
        int step = Math.Max(1, (int)Math.Ceiling(rows / 10.0));
        var ticks = Enumerable.Range(0, rows)
            .Where(x => x % step == 0 || x == rows - 1)
            .Where(x => x == rows - 1 || rows - 1 - x >= step / 2.0)
            .Select(x => ((double)x, grid.LastRowOpen && x == rows - 1
                ? string.Create(CultureInfo.InvariantCulture, $"{x}+")
                : x.ToString(CultureInfo.InvariantCulture)));
        plot.Axes.Left.TickGenerator = ChartStyle.Ticks(ticks);
        plot.Axes.SetLimits(0, right, -0.5, rows - 0.5);
        return ChartStyle.Finish(plot, title);
    }

    /// <summary>
    /// Calibration vs holdout: customers grouped by their repeat purchases in the calibration period (0, 1, ...,
    /// <paramref name="maxFrequency"/> or more), and for each group the mean actual and the mean predicted purchases in the
    /// holdout period. The usual check of a fitted purchase model (lifetimes' plot_calibration_purchases_vs_holdout_purchases).
    /// </summary>
    /// <param name="calibrationFrequency">x in the calibration period, one per customer (whole numbers).</param>
    /// <param name="predictedHoldout">Predicted purchases in the holdout period, one per customer (0 or more).</param>
    /// <param name="actualHoldout">Actual purchases in the holdout period, one per customer (0 or more).</param>
    /// <param name="maxFrequency">The last group, "x or more" (default 7).</param>
    /// <returns>The chart.</returns>
    /// <exception cref="ArgumentException">The arrays differ in length or are empty, or a value is out of range (the message names it).</exception>
    public static Chart CalibrationVsHoldout(
        ReadOnlySpan<double> calibrationFrequency,
        ReadOnlySpan<double> predictedHoldout,
        ReadOnlySpan<double> actualHoldout,
        int maxFrequency = 7)
    {
        CalibrationGroup[] groups = CalibrationGroup.From(calibrationFrequency, predictedHoldout, actualHoldout, maxFrequency);
        string title = string.Create(CultureInfo.InvariantCulture, $"Holdout purchases: actual vs predicted ({ChartStyle.Count(calibrationFrequency.Length)} customers)");
        Plot plot = ChartStyle.NewPlot(title, "repeat purchases in the calibration period (x)", "mean purchases per customer in the holdout");
        double[] xs = groups.Select(g => (double)g.Frequency).ToArray();

        var actual = plot.Add.Scatter(xs, groups.Select(g => g.MeanActual).ToArray(), ChartStyle.Primary);
        actual.LineWidth = 3;
        actual.MarkerSize = 9;
        actual.LegendText = "actual";
        var predicted = plot.Add.Scatter(xs, groups.Select(g => g.MeanPredicted).ToArray(), ChartStyle.Secondary);
        predicted.LineWidth = 3;
        predicted.MarkerSize = 9;
        predicted.LinePattern = LinePattern.Dashed;
        predicted.MarkerShape = MarkerShape.OpenCircle;
        predicted.LegendText = "predicted";

        plot.Axes.Bottom.TickGenerator = ChartStyle.Ticks(groups.Select(g => ((double)g.Frequency, g.OrMore
            ? string.Create(CultureInfo.InvariantCulture, $"{g.Frequency}+")
            : g.Frequency.ToString(CultureInfo.InvariantCulture))));
        double top = groups.Max(g => Math.Max(g.MeanActual, g.MeanPredicted));
        plot.Axes.SetLimits(-0.3, maxFrequency + 0.3, 0, top > 0 ? top * 1.1 : 1);
        plot.ShowLegend(Alignment.UpperLeft);
        return ChartStyle.Finish(plot, title);
    }

    /// <summary>
    /// The distribution of customer values (CLV by default): a histogram of equal-width bins from 0 (or the smallest value)
    /// to the 99th percentile, the customers above it counted in the title, and the mean and median marked.
    /// </summary>
    /// <param name="values">One value per customer (finite).</param>
    /// <param name="measure">What the values are, for the labels (default "CLV").</param>
    /// <param name="bins">Number of bins, 2 to 500 (default 40).</param>
    /// <returns>The chart.</returns>
    /// <exception cref="ArgumentException">No values, or a value that is not finite (the message names its position).</exception>
    public static Chart ValueDistribution(ReadOnlySpan<double> values, string measure = "CLV", int bins = 40)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(measure);
        ValueHistogram h = ValueHistogram.From(values, bins, 0.99, nameof(values));
        string title = string.Create(CultureInfo.InvariantCulture, $"Distribution of {measure} ({ChartStyle.Count(values.Length)} customers; {ChartStyle.Count(h.Above)} above {h.Cap:N0}, up to {h.Max:N0})");
        Plot plot = ChartStyle.NewPlot(title, measure, "customers");
        var bars = new List<Bar>();
        for (int i = 0; i < h.Counts.Length; i++)
        {
            bars.Add(new Bar
            {
                Position = (h.Edges[i] + h.Edges[i + 1]) / 2,
                Value = h.Counts[i],
                Size = (h.Edges[i + 1] - h.Edges[i]) * 0.95,
                FillColor = ChartStyle.Primary,
                LineWidth = 0,
            });
        }

        var histogram = plot.Add.Bars(bars);
        histogram.LegendText = "customers per bin";
        var mean = plot.Add.VerticalLine(h.Mean);
        mean.Color = ChartStyle.Secondary;
        mean.LineWidth = 2;
        mean.LegendText = string.Create(CultureInfo.InvariantCulture, $"mean {h.Mean:N2}");
        var median = plot.Add.VerticalLine(h.Median);
        median.Color = new Color(214, 39, 40);
        median.LineWidth = 2;
        median.LinePattern = LinePattern.Dashed;
        median.LegendText = string.Create(CultureInfo.InvariantCulture, $"median {h.Median:N2}");
        plot.Axes.SetLimits(h.Edges[0], h.Cap, 0, h.Counts.Max() * 1.08);
        plot.ShowLegend(Alignment.UpperRight);
        return ChartStyle.Finish(plot, title);
    }

    /// <summary>
    /// The frequency/recency matrix of a fitted purchase model: expected purchases in the next <paramref name="horizon"/> for a
    /// customer of age <paramref name="age"/> with x repeat purchases (rows) whose last purchase was at t_x (columns), the
    /// usual picture of what a model expects from each kind of customer.
    /// </summary>
    /// <param name="model">The fitted model.</param>
    /// <param name="age">The customers' age T in the model's time unit (e.g. the longest observed T).</param>
    /// <param name="horizon">The forecast window in the model's time unit.</param>
    /// <param name="maxFrequency">The largest x shown (default 20).</param>
    /// <param name="recencyBins">Number of t_x columns between 0 and <paramref name="age"/> (default 20).</param>
    /// <returns>The chart.</returns>
    public static Chart ExpectedPurchasesMatrix(IPurchaseModel model, double age, double horizon, int maxFrequency = 20, int recencyBins = 20)
    {
        ExpectedPurchasesGrid grid = ExpectedPurchasesGrid.From(model, age, horizon, maxFrequency, recencyBins);
        string unit = model.TimeUnit.ToName();
        string title = string.Create(CultureInfo.InvariantCulture, $"Expected purchases in {horizon:0.#} {unit}s by x and t_x (age T = {age:0.#} {unit}s)");
        Plot plot = ChartStyle.NewPlot(title, $"recency t_x: {unit}s from first to last purchase", "frequency x: repeat purchases");
        double width = age / recencyBins;
        var heatmap = plot.Add.Heatmap(grid.Values);
        heatmap.FlipVertically = true;
        heatmap.Position = new CoordinateRect(width / 2, age - (width / 2), 0, maxFrequency);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        ChartStyle.ColorBar(plot, heatmap, $"expected purchases in {horizon:0.##} {unit}s");
        plot.Axes.SetLimits(0, age, -0.5, maxFrequency + 0.5);
        return ChartStyle.Finish(plot, title);
    }

    /// <summary>
    /// One customer's P(alive) through time under a fitted model, from the first purchase to <paramref name="end"/>: it jumps
    /// up at each repeat purchase and decays while the customer is silent; purchases are marked.
    /// </summary>
    /// <param name="model">The fitted model.</param>
    /// <param name="purchases">The customer's purchase times (purchases on one day count once, as in the summaries by day).</param>
    /// <param name="end">The last day shown (the analysis date), on or after the last purchase.</param>
    /// <param name="customer">The customer's id, for the title.</param>
    /// <returns>The chart.</returns>
    /// <exception cref="ArgumentException">No purchases, or a purchase after <paramref name="end"/>.</exception>
    public static Chart ProbabilityAliveHistory(IPurchaseModel model, IEnumerable<DateTime> purchases, DateOnly end, string customer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customer);
        AliveHistory h = AliveHistory.From(model, purchases, end, points: 400);
        string unit = model.TimeUnit.ToName();
        string title = string.Create(CultureInfo.InvariantCulture, $"P(alive) of customer {customer}: {h.PurchaseTimes.Length + 1} purchase days to {end:yyyy-MM-dd}");
        Plot plot = ChartStyle.NewPlot(title, string.Create(CultureInfo.InvariantCulture, $"{unit}s since the first purchase ({h.First:yyyy-MM-dd})"), "P(alive)");
        var line = plot.Add.ScatterLine(h.Times, h.Probabilities, ChartStyle.Primary);
        line.LineWidth = 3;
        line.LegendText = "P(alive)";
        for (int i = 0; i < h.PurchaseTimes.Length; i++)
        {
            var purchase = plot.Add.VerticalLine(h.PurchaseTimes[i]);
            purchase.Color = ChartStyle.Secondary.WithAlpha(0.7);
            purchase.LinePattern = LinePattern.Dotted;
            purchase.LineWidth = 1.5f;
            purchase.LegendText = i == 0 ? "repeat purchase" : string.Empty;
        }

        plot.Axes.SetLimits(0, Math.Max(h.Times[^1], 1e-9), 0, 1.05);
        plot.Axes.Left.TickGenerator = ChartStyle.PercentTicks();
        plot.ShowLegend(Alignment.LowerLeft);
        return ChartStyle.Finish(plot, title);
    }

    private static double[,] PadToTwoByTwo(double[,] cells)
    {
        int rows = Math.Max(2, cells.GetLength(0));
        int columns = Math.Max(2, cells.GetLength(1));
        if (rows == cells.GetLength(0) && columns == cells.GetLength(1))
        {
            return cells;
        }

        var padded = new double[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                padded[r, c] = r < cells.GetLength(0) && c < cells.GetLength(1) ? cells[r, c] : double.NaN;
            }
        }

        return padded;
    }

    private static Bar HorizontalBar(double position, double value, Color color, string label) => new()
    {
        Position = position,
        Value = value,
        Size = 0.38,
        FillColor = color,
        LineWidth = 0,
        Orientation = Orientation.Horizontal,
        Label = label,
    };

    private static void Mark(Plot plot, LorenzPoint point, Color color, string label, Alignment alignment)
    {
        var across = plot.Add.Line(0, point.ValueShare, point.CustomerShare, point.ValueShare);
        across.Color = color.WithAlpha(0.6);
        across.LinePattern = LinePattern.Dotted;
        var down = plot.Add.Line(point.CustomerShare, 0, point.CustomerShare, point.ValueShare);
        down.Color = color.WithAlpha(0.6);
        down.LinePattern = LinePattern.Dotted;
        plot.Add.Marker(point.CustomerShare, point.ValueShare, MarkerShape.FilledCircle, 12, color);
        var text = ChartStyle.Annotate(plot, label, point.CustomerShare, point.ValueShare, color, alignment);
        text.OffsetX = -8;
        text.OffsetY = -8;
    }
}
