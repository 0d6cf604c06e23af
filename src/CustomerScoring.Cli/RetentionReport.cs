using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerScoring.Clv;

namespace CustomerScoring.Cli;

/// <summary>
/// The contractual retention model of <c>--retention</c> fitted (sBG or BdW), projected to the horizon and valued: the
/// text report's section, the JSON summary's <c>retention</c> object and the <c>--retention-output</c> CSV.
/// </summary>
internal sealed class RetentionReport
{
    private readonly double[] residual; // DERL of a member active after t periods, t = 0..max(horizon, longest member)

    private RetentionReport(RetentionInput input, CliOptions options, ClvFitDiagnostics fit, Func<int, double> survival, Func<int, double> residualLifetime, double lifetime)
    {
        Input = input;
        Fit = fit;
        Key = options.RetentionModel;
        Name = Key == RetentionModelKind.Sbg ? "sBG" : "BdW";
        Discount = options.RetentionDiscount;
        Value = options.RetentionValue;
        Observed = input.Data.ObservedSurvival();
        Horizon = options.RetentionHorizon ?? Math.Min(RetentionFile.MaxPeriods, 2 * input.Data.Periods);
        ModelSurvival = Checked(Enumerable.Range(0, Horizon + 1).Select(survival).ToArray(), "survival");
        int longest = Math.Max(Horizon, input.Members?.Max(m => m.Periods) ?? 0);
        residual = Checked(Enumerable.Range(0, longest + 2).Select(residualLifetime).ToArray(), "residual lifetime");
        NewMemberLifetime = Checked([lifetime], "lifetime")[0];
    }

    public RetentionInput Input { get; }

    public ClvFitDiagnostics Fit { get; }

    public RetentionModelKind Key { get; }

    /// <summary>"sBG" or "BdW".</summary>
    public string Name { get; }

    public double Discount { get; }

    public double? Value { get; }

    /// <summary>The last period projected.</summary>
    public int Horizon { get; }

    /// <summary>The model's S(0..Horizon).</summary>
    public double[] ModelSurvival { get; }

    /// <summary>The product-limit survival of the data, S(0..Periods).</summary>
    public double[] Observed { get; }

    /// <summary>DEL: the discounted expected number of payments of a member just joined, the first now.</summary>
    public double NewMemberLifetime { get; }

    /// <summary>DERL of a member still active after <paramref name="periods"/> periods: the discounted expected payments to come, the next undiscounted.</summary>
    public double ResidualLifetime(int periods) => residual[periods];

    /// <summary>The model's retention rate r(t) = S(t) / S(t - 1), t = 1..Horizon.</summary>
    public double ModelRetention(int period) => ModelSurvival[period - 1] > 0 ? ModelSurvival[period] / ModelSurvival[period - 1] : 0.0;

    /// <summary>Fits the model the options name; a data set the model cannot identify is a fit failure (exit 3).</summary>
    public static RetentionReport Compute(RetentionInput input, CliOptions options)
    {
        RetentionData data = input.Data;
        string flag = $"--retention-model {(options.RetentionModel == RetentionModelKind.Sbg ? "sbg" : "bdw")}";
        double left = 0;
        for (int t = 1; t <= data.Periods; t++)
        {
            left += data.ChurnedIn(t);
        }

        if (left == 0)
        {
            throw new ClvFitException(string.Create(CultureInfo.InvariantCulture,
                $"{flag}: none of the {data.CustomerCount:N0} members in '{input.Path}' left in the {data.Periods} periods observed, so the churn probability cannot be estimated; the model needs members who left."));
        }

        int needed = options.RetentionModel == RetentionModelKind.Sbg ? 2 : 3;
        if (data.Periods < needed)
        {
            throw new ClvFitException(string.Create(CultureInfo.InvariantCulture,
                $"{flag}: '{input.Path}' covers {data.Periods} period{(data.Periods == 1 ? string.Empty : "s")}, which identifies only the share who leave, not how churn varies across members{(needed == 3 ? " and with tenure" : string.Empty)}; the model needs at least {needed} periods."));
        }

        double d = options.RetentionDiscount;
        try
        {
            if (options.RetentionModel == RetentionModelKind.Sbg)
            {
                var sbg = ShiftedBetaGeometricModel.Fit(data);
                return new RetentionReport(input, options, sbg.Diagnostics!, sbg.Survival, t => sbg.DiscountedExpectedResidualLifetime(d, t), sbg.DiscountedExpectedLifetime(d));
            }

            var bdw = BetaDiscreteWeibullModel.Fit(data);
            return new RetentionReport(input, options, bdw.Diagnostics!, bdw.Survival, t => bdw.DiscountedExpectedResidualLifetime(d, t), bdw.DiscountedExpectedLifetime(d));
        }
        catch (ClvFitException e) when (!e.Message.StartsWith(flag, StringComparison.Ordinal))
        {
            // The library's remedies speak of purchase models; say what a failed retention fit usually means instead.
            int end = e.Message.IndexOf(". ", StringComparison.Ordinal);
            string what = end < 0 ? e.Message.TrimEnd('.') : e.Message[..end];
            string remedy = options.RetentionModel == RetentionModelKind.Sbg
                ? "With retention data this usually means the churn probability hardly varies across members or retention does not rise with tenure, which the sBG cannot follow: try --retention-model bdw, or give more periods."
                : "With retention data this usually means the periods observed cannot tell the spread of churn across members from its change with tenure: try --retention-model sbg, or give more periods.";
            throw new ClvFitException($"{flag} on '{input.Path}': {what}. {remedy}", e);
        }
    }

    private double[] Checked(double[] values, string what)
    {
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new ClvFitException($"--retention-model {KeyWord}: the fitted {Name} gives a {what} that is not a finite number (estimates {string.Join(", ", Fit.Estimates.Select(e => e.ToString("G6", CultureInfo.InvariantCulture)))}); the data do not determine the model.");
            }
        }

        return values;
    }

    private string KeyWord => Key == RetentionModelKind.Sbg ? "sbg" : "bdw";

    /// <summary>The report section.</summary>
    public void WriteText(TextWriter output)
    {
        RetentionData data = Input.Data;
        double left = Enumerable.Range(1, data.Periods).Sum(data.ChurnedIn);
        string source = Input.Members is null
            ? string.Create(CultureInfo.InvariantCulture, $"survivor counts of {Input.Cohorts} cohort{(Input.Cohorts == 1 ? string.Empty : "s")}")
            : "individual members";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Retention: '{Input.Path}', {source}: {data.CustomerCount:N0} members over {data.Periods} periods, {left:N0} left, {data.CustomerCount - left:N0} still active (right-censored)"));
        output.WriteLine(Key == RetentionModelKind.Sbg
            ? "Model: sBG (shifted-beta-geometric, Fader & Hardie 2007), fitted by maximum likelihood"
            : "Model: BdW (beta-discrete-Weibull, Fader, Hardie et al. 2018), fitted by maximum likelihood");
        output.WriteLine($"  {"parameter",-10} {"estimate",12} {"std. error",12}");
        for (int i = 0; i < Fit.Estimates.Count; i++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Fit.ParameterNames[i],-10} {Fit.Estimates[i],12:F4} {Fit.StandardErrors[i],12:F4}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  log-likelihood {Fit.LogLikelihood:F4}, AIC {Fit.Aic:F2}, BIC {Fit.Bic:F2}, {Fit.Iterations} iterations, converged"));
        double alpha = Fit.Estimates[0], beta = Fit.Estimates[1];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  mean churn probability across members alpha / (alpha + beta): {100 * alpha / (alpha + beta):F1}%"));
        if (Key == RetentionModelKind.Bdw)
        {
            double c = Fit.Estimates[2];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  c = {c:F3}: each member's churn probability {(c < 1 ? "falls" : "rises")} with tenure"));
        }

        string valueText = Value is { } v
            ? string.Create(CultureInfo.InvariantCulture, $"; at {v:G} per period a new member is worth {v * NewMemberLifetime:F2}")
            : string.Empty;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Value (discount {100 * Discount:G4}% per period, one payment at the start of each period): a new member's discounted expected lifetime is {NewMemberLifetime:F3} payments{valueText}"));
        output.WriteLine($"  {"period",6} {"at risk",10} {"left",8} {"actual S",9} {Name + " S",9} {"actual r",9} {Name + " r",9} {"residual",9}{(Value is null ? string.Empty : $" {"value",10}")}");
        for (int t = 0; t <= Horizon; t++)
        {
            bool seen = t <= data.Periods;
            string atRisk = seen && t > 0 ? data.AtRisk(t).ToString("N0", CultureInfo.InvariantCulture) : string.Empty;
            string churned = seen && t > 0 ? data.ChurnedIn(t).ToString("N0", CultureInfo.InvariantCulture) : string.Empty;
            string actualS = seen ? Observed[t].ToString("F3", CultureInfo.InvariantCulture) : string.Empty;
            string actualR = seen && t > 0 && Observed[t - 1] > 0 ? (Observed[t] / Observed[t - 1]).ToString("F3", CultureInfo.InvariantCulture) : string.Empty;
            string modelR = t > 0 ? ModelRetention(t).ToString("F3", CultureInfo.InvariantCulture) : string.Empty;
            string value = Value is { } per ? $" {(per * ResidualLifetime(t)).ToString("F2", CultureInfo.InvariantCulture),10}" : string.Empty;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {t,6} {atRisk,10} {churned,8} {actualS,9} {ModelSurvival[t],9:F3} {actualR,9} {modelR,9} {ResidualLifetime(t),9:F3}{value}{(seen ? string.Empty : "  projected")}"));
        }

        output.WriteLine("  S: share still members after the period; r: share of the previous period's members who renewed; residual: discounted expected payments to come of a member active after the period (the next undiscounted).");
        output.WriteLine();
    }

    /// <summary>The JSON summary's <c>retention</c> object.</summary>
    public void WriteJson(Utf8JsonWriter json)
    {
        RetentionData data = Input.Data;
        json.WriteStartObject("retention");
        json.WriteString("input", Input.Path);
        json.WriteString("layout", Input.Members is null ? "survivors" : "members");
        json.WriteNumber("cohorts", Input.Cohorts);
        json.WriteNumber("members", data.CustomerCount);
        json.WriteNumber("periods_observed", data.Periods);
        double left = Enumerable.Range(1, data.Periods).Sum(data.ChurnedIn);
        json.WriteNumber("left", left);
        json.WriteNumber("still_active", data.CustomerCount - left);
        SummaryJson.WriteFit(json, "model", KeyWord, Fit, more: j =>
        {
            Number(j, "aic", Fit.Aic);
            Number(j, "bic", Fit.Bic);
        });
        Number(json, "discount_rate", Discount);
        NullableNumber(json, "value_per_period", Value);

        Number(json, "new_member_lifetime", NewMemberLifetime);
        NullableNumber(json, "new_member_value", Value * NewMemberLifetime);
        json.WriteNumber("horizon", Horizon);
        json.WriteStartArray("periods");
        for (int t = 0; t <= Horizon; t++)
        {
            bool seen = t <= data.Periods;
            json.WriteStartObject();
            json.WriteNumber("period", t);
            json.WriteBoolean("projected", !seen);
            NullableNumber(json, "at_risk", seen && t > 0 ? data.AtRisk(t) : null);
            NullableNumber(json, "left", seen && t > 0 ? data.ChurnedIn(t) : null);
            NullableNumber(json, "actual_survival", seen ? Observed[t] : null);
            Number(json, "model_survival", ModelSurvival[t]);
            NullableNumber(json, "actual_retention", seen && t > 0 && Observed[t - 1] > 0 ? Observed[t] / Observed[t - 1] : null);
            NullableNumber(json, "model_retention", t > 0 ? ModelRetention(t) : null);
            Number(json, "residual_lifetime", ResidualLifetime(t));
            NullableNumber(json, "residual_value", Value * ResidualLifetime(t));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// The <c>--retention-output</c> CSV: for individual members one row per member (member_id, periods, active,
    /// next_renewal_probability, residual_lifetime, residual_value: empty for members who left, whose value is 0);
    /// for survivor counts one row per period as in the report.
    /// </summary>
    public void WriteCsv(string path, bool rawText)
    {
        var csv = new StringBuilder();
        string Cell(double? x, string format) => x is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : string.Empty;
        if (Input.Members is { } members)
        {
            csv.Append("member_id,periods,active,next_renewal_probability,residual_lifetime,residual_value\n");
            foreach (RetentionMember m in members)
            {
                // A member active after p periods renews next with r(p + 1) = S(p + 1) / S(p); one who left has nothing to come.
                double? renew = m.Active ? RenewalProbability(m.Periods) : null;
                double? life = m.Active ? ResidualLifetime(m.Periods) : 0.0;
                csv.Append(Field(m.Id, rawText)).Append(',').Append(m.Periods.ToString(CultureInfo.InvariantCulture)).Append(',').Append(m.Active ? '1' : '0').Append(',')
                    .Append(Cell(renew, "R")).Append(',').Append(Cell(life, "R")).Append(',').Append(Cell(Value * life, "R")).Append('\n');
            }
        }
        else
        {
            RetentionData data = Input.Data;
            csv.Append("period,projected,at_risk,left,actual_survival,model_survival,actual_retention,model_retention,residual_lifetime,residual_value\n");
            for (int t = 0; t <= Horizon; t++)
            {
                bool seen = t <= data.Periods;
                csv.Append(t.ToString(CultureInfo.InvariantCulture)).Append(',').Append(seen ? '0' : '1').Append(',')
                    .Append(Cell(seen && t > 0 ? data.AtRisk(t) : null, "R")).Append(',')
                    .Append(Cell(seen && t > 0 ? data.ChurnedIn(t) : null, "R")).Append(',')
                    .Append(Cell(seen ? Observed[t] : null, "R")).Append(',')
                    .Append(Cell(ModelSurvival[t], "R")).Append(',')
                    .Append(Cell(seen && t > 0 && Observed[t - 1] > 0 ? Observed[t] / Observed[t - 1] : null, "R")).Append(',')
                    .Append(Cell(t > 0 ? ModelRetention(t) : null, "R")).Append(',')
                    .Append(Cell(ResidualLifetime(t), "R")).Append(',')
                    .Append(Cell(Value * ResidualLifetime(t), "R")).Append('\n');
            }
        }

        File.WriteAllText(path, csv.ToString());
    }

    /// <summary>r(p + 1) of a member active after p periods: from the model's curve within the horizon, else from DERL's ratio.</summary>
    private double RenewalProbability(int periods)
    {
        // S(p + 1) / S(p) as the model curve gives it; beyond the horizon from the residual lifetimes:
        // DERL(p) = r(p + 1) (1 + DERL(p + 1) / (1 + d)).
        if (periods + 1 <= Horizon)
        {
            return ModelRetention(periods + 1);
        }

        return ResidualLifetime(periods) / (1.0 + (ResidualLifetime(periods + 1) / (1.0 + Discount)));
    }

    private static string Field(string text, bool rawText)
    {
        string value = !rawText && text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void Number(Utf8JsonWriter json, string name, double value) => SummaryJson.Number(json, name, value);

    private static void NullableNumber(Utf8JsonWriter json, string name, double? value) => SummaryJson.NullableNumber(json, name, value);
}

/// <summary>The contractual retention model of <c>--retention-model</c>.</summary>
public enum RetentionModelKind
{
    /// <summary>The shifted-beta-geometric model (Fader &amp; Hardie 2007): a constant churn probability per member, beta across members.</summary>
    Sbg,

    /// <summary>The beta-discrete-Weibull model (Fader, Hardie et al. 2018): each member's churn probability changes with tenure.</summary>
    Bdw,
}
