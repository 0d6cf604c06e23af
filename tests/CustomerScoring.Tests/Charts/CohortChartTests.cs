using CustomerScoring.Charts;
using CustomerScoring.Clv;
using CustomerScoring.Cohorts;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using ScottPlot.Plottables;
using Xunit;

namespace CustomerScoring.Tests.Charts;

/// <summary>The cohort heat map and the tracking chart draw the table's and the tracking's numbers, and render.</summary>
public class CohortChartTests
{
    private static CohortTable Table(CohortPeriod period)
    {
        var rows = RandomTransactions.Generate(5, maxRows: 1500, maxCustomers: 150, days: 120);
        return CohortTable.Compute([RandomTransactions.ToBatch(rows)], new CohortOptions(DateOnly.FromDateTime(RandomTransactions.Start).AddDays(100)) { Period = period });
    }

    [Theory]
    [InlineData(CohortPeriod.Month, CohortMeasure.RetentionShare)]
    [InlineData(CohortPeriod.Week, CohortMeasure.RevenuePerAcquiredCustomer)]
    public void Heatmap_cells_are_the_table_values_oldest_cohort_on_top(CohortPeriod period, CohortMeasure measure)
    {
        CohortTable table = Table(period);
        using Chart chart = CohortCharts.Heatmap(table, measure);
        Heatmap heatmap = Assert.Single(chart.Plot.GetPlottables().OfType<Heatmap>());
        double[,] cells = heatmap.Intensities;
        int rows = table.CohortCount;
        for (int c = 0; c < rows; c++)
        {
            for (int k = 0; k < table.PeriodCount; k++)
            {
                double want = table.Value(measure, c, k);
                double got = cells[rows - 1 - c, k];
                Assert.True(want.Equals(got), $"cohort {c}, period {k}: table {want}, chart {got}");
            }
        }

        // Row label positions: cohort c at y = rows - c, so the first (oldest) is the top row.
        PngImage.AssertSize(chart.ToPng(800, 500), 800, 500);
    }

    [Fact]
    public void Tracking_lines_are_the_tracking_series()
    {
        var b = new TransactionBatchBuilder<int>();
        var rng = new Random(3);
        for (int i = 0; i < 400; i++)
        {
            b.Add(rng.Next(60), new DateTime(2026, 1, 1).AddDays(rng.Next(120)), 10);
        }

        var model = new BgNbdModel(0.5, 10, 0.8, 2.5, global::CustomerScoring.Summaries.TimeUnit.Week);
        var tracking = RepeatTransactionTracking.Compute(b.Build(), model, new TrackingOptions(new DateOnly(2026, 3, 1)) { HoldoutEnd = new DateOnly(2026, 4, 30) });
        foreach (bool cumulative in new[] { true, false })
        {
            using Chart chart = CohortCharts.Tracking(tracking, cumulative);
            Scatter[] lines = chart.Plot.GetPlottables().OfType<Scatter>().ToArray();
            Assert.Equal(2, lines.Length);
            var actual = lines.Single(l => l.LegendText == "actual").Data.GetScatterPoints();
            var expected = lines.Single(l => l.LegendText == "model").Data.GetScatterPoints();
            var wantActual = cumulative ? tracking.ActualCumulative : tracking.ActualIncremental;
            var wantExpected = cumulative ? tracking.ExpectedCumulative : tracking.ExpectedIncremental;
            Assert.Equal(tracking.WeekEnds.Count, actual.Count);
            for (int w = 0; w < actual.Count; w++)
            {
                Assert.Equal(w + 1, actual[w].X);
                Assert.Equal(wantActual[w], actual[w].Y);
                Assert.Equal(wantExpected[w], expected[w].Y);
            }

            VerticalLine line = Assert.Single(chart.Plot.GetPlottables().OfType<VerticalLine>());
            Assert.Equal(tracking.CalibrationWeeks + 0.5, line.X);
            PngImage.AssertSize(chart.ToPng(700, 400), 700, 400);
        }
    }
}
