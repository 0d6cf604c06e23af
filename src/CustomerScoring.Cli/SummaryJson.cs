using System.Text.Json;
using CustomerScoring.Clv;
using CustomerScoring.Summaries;

namespace CustomerScoring.Cli;

/// <summary>The portfolio figures as one JSON object with snake_case keys (see the README for the contract).</summary>
internal static class SummaryJson
{
    /// <summary>Writes the JSON object to <paramref name="path"/>.</summary>
    public static void Write(CliRun analysis, string path)
    {
        using FileStream stream = File.Create(path);
        Write(analysis, stream);
    }

    internal static void NullableNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            Number(json, name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>Writes a number, or null when it is NaN or infinite (JSON has no such numbers); returns whether it was finite.</summary>
    internal static bool Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
            return true;
        }

        json.WriteNull(name);
        return false;
    }

    /// <summary>Writes the JSON object to <paramref name="stream"/>.</summary>
    public static void Write(CliRun analysis, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        CustomerSummaries s = analysis.Card.Summaries;
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("input", analysis.InputPath);
        json.WriteNumber("customers", s.Count);
        json.WriteNumber("transactions", s.TransactionsUsed);
        json.WriteNumber("lines_read", analysis.LinesRead);
        json.WriteNumber("rejected_rows", analysis.LinesRejected);
        json.WriteNumber("excluded_after_end", s.ExcludedAfterEnd);
        json.WriteStartObject("rejections");
        if (analysis.Import is { } import)
        {
            foreach (var (reason, total) in import.RejectionTotals)
            {
                json.WriteStartObject(reason.ToString());
                json.WriteNumber("count", total.Count);
                Number(json, "amount", total.Amount);
                json.WriteEndObject();
            }
        }

        foreach (var (reason, count) in analysis.ParquetImport?.RejectionCounts ?? new Dictionary<CustomerScoring.Parquet.ParquetRejectionReason, long>())
        {
            json.WriteStartObject(reason.ToString());
            json.WriteNumber("count", count);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        Number(json, "rejected_amount_share", analysis.Import?.RejectedAmountShare ?? 0.0);
        json.WriteNumber("cancelled_lines", analysis.Import?.CancelledLines ?? 0);
        json.WriteStartObject("returns");
        json.WriteString("policy", analysis.Options.Returns.ToString().ToLowerInvariant());
        json.WriteNumber("count", s.ReturnTransactions);
        Number(json, "value", s.ReturnsValue);
        json.WriteNumber("customers_with_only_returns", s.CustomersWithOnlyReturns);
        Number(json, "gross_revenue", s.GrossRevenue);
        json.WriteEndObject();
        Number(json, "revenue", Math.Round(s.Revenue, 2));
        json.WriteString("observation_end", s.ObservationEnd.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("period", s.Period.ToName());
        json.WriteString("time_unit", s.TimeUnit.ToName());

        json.WriteStartObject("segments");
        for (int i = 0; i < analysis.Card.Rfm.SegmentCounts.Count; i++)
        {
            json.WriteNumber(analysis.Card.Rfm.Scorer.Segments.SegmentName(i), analysis.Card.Rfm.SegmentCounts[i]);
        }

        json.WriteEndObject();

        var c = analysis.Card.Concentration;
        json.WriteStartObject("concentration");
        json.WriteString("measure", analysis.Options.MeasureName);
        Number(json, "top_20_share", c.TopShare(0.2));
        Number(json, "customers_for_80_share", c.CustomerShareFor(0.8));
        json.WriteNumber("customers_for_80_count", c.CustomersForShare(0.8));
        Number(json, "gini", c.Gini);
        Number(json, "hhi", c.Herfindahl);
        json.WriteNumber("negative_customers", c.NegativeCount);
        json.WriteStartObject("abc_counts");
        json.WriteNumber("A", analysis.Card.Abc.CountA);
        json.WriteNumber("B", analysis.Card.Abc.CountB);
        json.WriteNumber("C", analysis.Card.Abc.CountC);
        json.WriteEndObject();
        json.WriteEndObject();

        WriteCounts(json, "tiers", analysis.Card.Tiers.Tiers);
        WriteCounts(json, "lifecycle_stages", analysis.Card.Tiers.Stages);

        if (analysis.Card.Clv is { } clv)
        {
            WriteFit(json, "model", clv.Name, clv.PurchaseDiagnostics, clv.Covariates is null ? null : 4, json =>
            {
                if (clv.Covariates is not { } model)
                {
                    return;
                }

                // name -> { purchase: {coefficient, standard_error}, dropout: {...} }
                json.WriteStartObject("covariates");
                foreach (var c in TextReport.CovariateCoefficients(model))
                {
                    json.WriteStartObject(c.Name);
                    Coefficient(json, "purchase", c.Purchase, c.PurchaseError);
                    Coefficient(json, "dropout", c.Dropout, c.DropoutError);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteStartArray("covariate_columns");
                foreach (string column in analysis.Covariates?.Columns ?? [])
                {
                    json.WriteStringValue(column);
                }

                json.WriteEndArray();
            });
            if (clv.Comparison is { } comparison)
            {
                json.WriteStartObject("model_comparison");
                foreach (PurchaseModelCandidate candidate in comparison.Candidates)
                {
                    json.WriteStartObject(candidate.Kind.ToString().ToLowerInvariant());
                    NullableNumber(json, "log_likelihood", candidate.LogLikelihood);
                    NullableNumber(json, "aic", candidate.Aic);
                    NullableNumber(json, "bic", candidate.Bic);
                    if (candidate.Diagnostics is { } d)
                    {
                        json.WriteStartObject("parameters");
                        for (int i = 0; i < d.ParameterNames.Count; i++)
                        {
                            Number(json, d.ParameterNames[i], d.Estimates[i]);
                        }

                        json.WriteEndObject();
                    }
                    else
                    {
                        json.WriteNull("parameters");
                    }

                    json.WriteBoolean("converged", candidate.Converged);
                    if (candidate.Holdout is { } holdout)
                    {
                        // Per customer: holdout purchases against the conditional expectation; by week: all customers' repeat transactions.
                        json.WriteStartObject("holdout");
                        Number(json, "customer_mae", holdout.MeanAbsoluteError);
                        Number(json, "customer_rmse", holdout.RootMeanSquaredError);
                        if (candidate.Tracking is { } tracking)
                        {
                            json.WriteNumber("weeks", tracking.HoldoutWeeks);
                            NullableNumber(json, "weekly_mae", tracking.HoldoutMeanAbsoluteWeeklyError);
                            Number(json, "actual_repeat_transactions", tracking.HoldoutActual);
                            Number(json, "expected_repeat_transactions", tracking.HoldoutExpected);
                        }

                        json.WriteEndObject();
                    }

                    json.WriteBoolean("selected", comparison.Best?.Kind == candidate.Kind);
                    if (candidate.Failure is { } failure)
                    {
                        json.WriteString("error", failure);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }
            WriteFit(json, "spend_model", "gammagamma", clv.Spend.Diagnostics);
            json.WriteStartObject("clv");
            Number(json, "horizon", clv.Forecast.Options.Horizon);
            json.WriteString("horizon_unit", clv.Forecast.Options.HorizonUnit.ToName());
            Number(json, "annual_discount_rate", clv.Forecast.Options.AnnualDiscountRate);
            Number(json, "margin", clv.Forecast.Options.MarginRate);
            Number(json, "total", clv.Forecast.Value.Sum());
            Number(json, "expected_purchases", clv.Forecast.ExpectedPurchases.Sum());
            if (clv.Intervals is { } ci)
            {
                Number(json, "total_low", ci.TotalValueLow);
                Number(json, "total_high", ci.TotalValueHigh);
                Number(json, "interval_level", ci.Level);
                json.WriteNumber("interval_draws", ci.UsedDraws);
            }

            json.WriteStartArray("notes");
            foreach (string note in clv.Forecast.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("model");
            json.WriteNull("spend_model");
            if (analysis.Card.ClvFailure is { } why)
            {
                json.WriteString("model_failure", why);
            }
        }

        analysis.Retention?.WriteJson(json);
        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, string key, CustomerScoring.Rules.TierAssignment assignment)
    {
        json.WriteStartObject(key);
        foreach (var (tier, customers) in assignment.CustomersPerTier())
        {
            json.WriteNumber(tier, customers);
        }

        json.WriteEndObject();
    }

    private static void Coefficient(Utf8JsonWriter json, string process, double coefficient, double standardError)
    {
        json.WriteStartObject(process);
        Number(json, "coefficient", coefficient);
        Number(json, "standard_error", standardError);
        json.WriteEndObject();
    }

    internal static void WriteFit(Utf8JsonWriter json, string key, string name, ClvFitDiagnostics? fit, int? parameters = null, Action<Utf8JsonWriter>? more = null)
    {
        json.WriteStartObject(key);
        json.WriteString("name", name);
        if (fit is not null)
        {
            int count = parameters ?? fit.ParameterNames.Count;
            json.WriteStartObject("parameters");
            for (int i = 0; i < count; i++)
            {
                Number(json, fit.ParameterNames[i], fit.Estimates[i]);
            }

            json.WriteEndObject();
            json.WriteStartObject("standard_errors");
            bool allFinite = true;
            for (int i = 0; i < count; i++)
            {
                allFinite &= Number(json, fit.ParameterNames[i], fit.StandardErrors[i]);
            }

            json.WriteEndObject();
            if (!allFinite)
            {
                json.WriteString("standard_errors_reason", "null where the information matrix is singular at the optimum: the data do not determine that parameter");
            }
            Number(json, "log_likelihood", fit.LogLikelihood);
            json.WriteBoolean("converged", fit.Converged);
            json.WriteNumber("iterations", fit.Iterations);
        }

        more?.Invoke(json);

        json.WriteEndObject();
    }
}
