using CustomerScoring.Charts;
using CustomerScoring.Clv;
using CustomerScoring.Cohorts;
using CustomerScoring.Scorecard;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Cli;

/// <summary>The charts of an analysis, written as PNG files at the size and scale of the options.</summary>
internal static class ChartFiles
{
    /// <summary>
    /// Writes lorenz.png, segments.png, rfm-heatmap.png and cohorts.png; with a CLV model also p-alive.png,
    /// expected-purchases.png, clv-distribution.png, p-alive-history.png and tracking-cumulative.png / tracking-weekly.png,
    /// and with covariates covariates.png (the coefficients with their 95% intervals); returns their paths.
    /// </summary>
    public static IReadOnlyList<string> Write(CliRun analysis, string folder)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        if (File.Exists(folder))
        {
            throw new CliOutputException($"--charts '{folder}' is a file; give a folder.");
        }

        Directory.CreateDirectory(folder);
        var written = new List<string>();
        (int width, int height) = analysis.Options.ChartSize;
        void Save(Chart chart, string name)
        {
            using (chart)
            {
                written.Add(chart.SavePng(Path.Combine(folder, name), width, height, analysis.Options.ChartScale));
            }
        }

        CustomerScorecard<string> card = analysis.Card;
        CustomerSummaries s = card.Summaries;
        DateOnly end = s.ObservationEnd;
        if (analysis.Retention is { } retention)
        {
            written.AddRange(WriteRetention(retention, analysis.Options, folder));
        }

        Save(CustomerCharts.LorenzCurve(card.Concentration, analysis.Options.MeasureName), "lorenz.png");
        Save(CustomerCharts.RfmSegments(card.Rfm, s), "segments.png");
        Save(CustomerCharts.RecencyFrequencyHeatmap(card.Rfm), "rfm-heatmap.png");
        // The cohort, P(alive) history and tracking charts read the transactions: with --db or --engine duckdb only the
        // summaries are here, so those charts are not drawn.
        CustomerTransactions<string>? data = analysis.Data;
        if (data is not null)
        {
            CohortTable cohorts = CohortTable.Compute(data, new CohortOptions(end) { Returns = analysis.Options.Returns });
            Save(CohortCharts.Heatmap(cohorts), "cohorts.png");
        }

        if (card.Clv is not { Forecast: var f, Purchases: var model })
        {
            return written;
        }

        Save(CustomerCharts.ProbabilityAlive(s.Frequency, s.Recency, f.ProbabilityAlive, s.TimeUnit), "p-alive.png");
        double oldest = s.Age.ToArray().Max();
        Save(CustomerCharts.ExpectedPurchasesMatrix(model, oldest, analysis.Options.Horizon ?? ScorecardOptions.OneYearForecast(s.TimeUnit).Horizon), "expected-purchases.png");
        Save(CustomerCharts.ValueDistribution(f.Value, "CLV"), "clv-distribution.png");
        if (card.Clv.Covariates is { } withCovariates)
        {
            Save(CovariateCharts.Coefficients(withCovariates), "covariates.png");
        }

        if (data is null)
        {
            return written;
        }

        // The customer of --explain, else the one with the most repeat purchases (the first such in row order).
        int row = analysis.Options.Explain is { } id ? card.RowOf(id) : -1;
        if (row < 0)
        {
            ReadOnlySpan<double> x = s.Frequency;
            row = 0;
            for (int i = 1; i < x.Length; i++)
            {
                row = x[i] > x[row] ? i : row;
            }
        }

        int customer = s.CustomerIndex[row];
        var purchases = new List<DateTime>();
        foreach (var batch in data.Batches)
        {
            ReadOnlySpan<int> who = batch.CustomerIndex;
            ReadOnlySpan<DateTime> when = batch.Timestamps;
            for (int i = 0; i < who.Length; i++)
            {
                if (who[i] == customer && DateOnly.FromDateTime(when[i]) <= end)
                {
                    purchases.Add(when[i]);
                }
            }
        }

        Save(CustomerCharts.ProbabilityAliveHistory(model, purchases, end, card.Customers.KeyOf(customer)), "p-alive-history.png");

        // Repeat transactions against the model: the calibration period up to the analysis date, and the transactions after
        // it (if any) as the holdout.
        DateOnly last = DateOnly.FromDateTime(data.Batches.Max(b => b.Timestamps.Length == 0 ? DateTime.MinValue : MaxOf(b.Timestamps)));
        var tracking = RepeatTransactionTracking.Compute(data, model, new TrackingOptions(end)
        {
            HoldoutEnd = last > end ? last : null,
            Period = s.Period,
        });
        Save(CohortCharts.Tracking(tracking, cumulative: true), "tracking-cumulative.png");
        Save(CohortCharts.Tracking(tracking, cumulative: false), "tracking-weekly.png");
        return written;
    }

    /// <summary>Writes retention.png (survival and retention, actual vs the fitted model, projected to the horizon); returns its path.</summary>
    public static IReadOnlyList<string> WriteRetention(RetentionReport retention, CliOptions options, string folder)
    {
        if (File.Exists(folder))
        {
            throw new CliOutputException($"--charts '{folder}' is a file; give a folder.");
        }

        Directory.CreateDirectory(folder);
        using Chart chart = RetentionCharts.SurvivalAndRetention(retention.Input.Data, retention.ModelSurvival, retention.Name);
        return [chart.SavePng(Path.Combine(folder, "retention.png"), options.ChartSize.Width, options.ChartSize.Height, options.ChartScale)];
    }

    private static DateTime MaxOf(ReadOnlySpan<DateTime> values)
    {
        DateTime max = DateTime.MinValue;
        foreach (DateTime v in values)
        {
            max = v > max ? v : max;
        }

        return max;
    }
}
