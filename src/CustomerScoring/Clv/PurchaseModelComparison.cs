using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Clv;

/// <summary>
/// BG/NBD, MBG/NBD and Pareto/NBD fitted on the same customers and compared by log-likelihood, AIC and BIC (and, when
/// the summaries have a holdout window, by the per-customer errors of the holdout purchases); <see cref="Best"/> is
/// the model with the lowest BIC among those whose fit converged without a <see cref="ClvFitProblem"/> (the "auto"
/// model). Immutable.
/// </summary>
/// <remarks>
/// AIC = 2k − 2 LL and BIC = k ln n − 2 LL, with k the number of parameters (4 for each model) and n the customers.
/// The three models have the same k, so AIC, BIC and the log-likelihood rank them alike; BIC is the criterion
/// named because it stays right when models with other parameter counts join. Ties keep the order BG/NBD, MBG/NBD,
/// Pareto/NBD. A model that cannot be fitted stays in the table with its problem and message, never with NaN.
/// </remarks>
public sealed class PurchaseModelComparison
{
    private PurchaseModelComparison(PurchaseModelCandidate[] candidates)
    {
        Candidates = Array.AsReadOnly(candidates);
        PurchaseModelCandidate? best = null;
        foreach (var c in candidates)
        {
            if (c.Model is not null && c.Bic is { } bic && (best is null || bic < best.Bic!.Value))
            {
                best = c;
            }
        }

        Best = best;
    }

    /// <summary>The models in the order BG/NBD, MBG/NBD, Pareto/NBD.</summary>
    public ReadOnlyCollection<PurchaseModelCandidate> Candidates { get; }

    /// <summary>The converged model with the lowest BIC; null when no model could be fitted.</summary>
    public PurchaseModelCandidate? Best { get; }

    /// <summary>
    /// The best model, or a <see cref="ClvFitException"/> whose message lists why each model failed
    /// (problem <see cref="ClvFitProblem.TooFewRepeatBuyers"/> if that was every model's problem, else that of the first model).
    /// </summary>
    /// <returns>The fitted model with the lowest BIC.</returns>
    /// <exception cref="ClvFitException">No model could be fitted.</exception>
    public IPurchaseModel BestModel() =>
        Best?.Model ?? throw new ClvFitException(
            "No purchase model could be fitted. " + string.Join(" ", Candidates.Select(c => c.ModelName + ": " + c.Failure)),
            Candidates[0].Problem);

    /// <summary>Fits BG/NBD, MBG/NBD and Pareto/NBD on the summaries' x, t_x and T (in their time unit) and compares them.</summary>
    /// <param name="summaries">The customer summaries; with a holdout window each model's holdout predictions are evaluated too.</param>
    /// <param name="options">Fit options for every model; null for <see cref="ClvFitOptions.Default"/>.
    /// <see cref="ClvFitOptions.ThrowOnNonConvergence"/> is ignored: failures are recorded in the table.</param>
    /// <param name="cancellationToken">Stops the fits.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentException">Invalid summaries (the message names the customer and value).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static PurchaseModelComparison Fit(CustomerSummaries summaries, ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        double[]? actual = null;
        if (summaries.HasHoldout)
        {
            ReadOnlySpan<int> periods = summaries.HoldoutPurchasePeriods;
            actual = new double[periods.Length];
            for (int i = 0; i < actual.Length; i++)
            {
                actual[i] = periods[i];
            }
        }

        return Fit(summaries.Frequency, summaries.Recency, summaries.Age, summaries.TimeUnit, actual, summaries.HasHoldout ? summaries.HoldoutLength : 0.0, options, cancellationToken);
    }

    /// <summary>
    /// Fits and compares the models as <see cref="Fit(CustomerSummaries, ClvFitOptions?, CancellationToken)"/>; when the
    /// summaries have a holdout window, each converged model is also tracked against the transactions week by week
    /// (<see cref="RepeatTransactionTracking"/>, weeks ending on the observation end so that the holdout weeks hold only holdout
    /// days), giving the aggregate tracking error by week (<see cref="PurchaseModelCandidate.Tracking"/>).
    /// </summary>
    /// <param name="summaries">The customer summaries of <paramref name="transactions"/>.</param>
    /// <param name="transactions">The transactions the summaries were made from (calibration and holdout).</param>
    /// <param name="options">Fit options for every model; null for <see cref="ClvFitOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the fits.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentException">Invalid summaries (the message names the customer and value).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static PurchaseModelComparison Fit(CustomerSummaries summaries, IReadOnlyList<TransactionBatch> transactions, ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(transactions);
        PurchaseModelComparison comparison = Fit(summaries, options, cancellationToken);
        if (!summaries.HasHoldout || summaries.Count == 0)
        {
            return comparison;
        }

        // Week 1 starts on or before the earliest first purchase, a whole number of weeks before the day after the observation end.
        int firstDay = int.MaxValue;
        foreach (DateTime t in summaries.FirstPurchase)
        {
            firstDay = Math.Min(firstDay, DateOnly.FromDateTime(t).DayNumber);
        }

        int afterEnd = summaries.ObservationEnd.DayNumber + 1;
        int start = afterEnd - (7 * (int)Math.Ceiling((afterEnd - firstDay) / 7.0));
        var trackingOptions = new TrackingOptions(summaries.ObservationEnd)
        {
            HoldoutEnd = summaries.Options.HoldoutEnd,
            Start = DateOnly.FromDayNumber(start),
            Period = summaries.Period,
        };
        // The observed side is read once for all models (the transactions' rows sorted by customer and day).
        var observed = ObservedRepeatTransactions.Of(transactions, trackingOptions);
        var candidates = new PurchaseModelCandidate[comparison.Candidates.Count];
        for (int i = 0; i < candidates.Length; i++)
        {
            PurchaseModelCandidate c = comparison.Candidates[i];
            cancellationToken.ThrowIfCancellationRequested();
            candidates[i] = c.Model is null ? c : c.WithTracking(observed.Track(c.Model));
        }

        return new PurchaseModelComparison(candidates);
    }

    /// <summary>Fits BG/NBD, MBG/NBD and Pareto/NBD on (x, t_x, T) and compares them, without a holdout.</summary>
    /// <param name="frequency">Repeat purchase periods x (whole numbers).</param>
    /// <param name="recency">t_x in <paramref name="timeUnit"/>s (0 when x = 0).</param>
    /// <param name="age">T in <paramref name="timeUnit"/>s.</param>
    /// <param name="timeUnit">The unit of recency and age.</param>
    /// <param name="options">Fit options for every model; <see cref="ClvFitOptions.ThrowOnNonConvergence"/> is ignored.</param>
    /// <param name="cancellationToken">Stops the fits.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentException">Invalid input (the message names the customer and value).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static PurchaseModelComparison Fit(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, TimeUnit timeUnit, ClvFitOptions? options = null, CancellationToken cancellationToken = default) =>
        Fit(frequency, recency, age, timeUnit, null, 0.0, options, cancellationToken);

    private static PurchaseModelComparison Fit(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, TimeUnit timeUnit, double[]? actual, double holdoutLength, ClvFitOptions? options, CancellationToken cancellationToken)
    {
        ClvFitOptions fitOptions = (options ?? ClvFitOptions.Default) with { ThrowOnNonConvergence = false };
        var candidates = new List<PurchaseModelCandidate>();
        foreach (PurchaseModelKind kind in (PurchaseModelKind[])[PurchaseModelKind.BgNbd, PurchaseModelKind.MbgNbd, PurchaseModelKind.ParetoNbd])
        {
            string name = kind switch { PurchaseModelKind.BgNbd => "BG/NBD", PurchaseModelKind.MbgNbd => "MBG/NBD", _ => "Pareto/NBD" };
            try
            {
                IPurchaseModel model = kind switch
                {
                    PurchaseModelKind.BgNbd => BgNbdModel.Fit(frequency, recency, age, timeUnit, fitOptions, cancellationToken),
                    PurchaseModelKind.MbgNbd => MbgNbdModel.Fit(frequency, recency, age, timeUnit, fitOptions, cancellationToken),
                    _ => ParetoNbdModel.Fit(frequency, recency, age, timeUnit, fitOptions, cancellationToken),
                };
                ClvFitDiagnostics d = model.Diagnostics!;
                HoldoutReport? holdout = null;
                if (d.Converged && actual is not null && frequency.Length > 0)
                {
                    var predicted = new double[frequency.Length];
                    model.ExpectedPurchases(frequency, recency, age, holdoutLength, predicted);
                    holdout = HoldoutReport.Evaluate(frequency, predicted, actual);
                }

                string? failure = d.Converged ? null : d.ProblemDescription ?? new ClvFitException(d).Message;
                candidates.Add(new PurchaseModelCandidate(kind, name, d.Converged ? model : null, d, d.Converged ? ClvFitProblem.None : d.Problem, failure, holdout));
            }
            catch (ClvFitException e)
            {
                candidates.Add(new PurchaseModelCandidate(kind, name, null, e.Diagnostics, e.Problem, e.Message, null));
            }
            catch (InvalidOperationException e)
            {
                // A holdout prediction that is not finite: recorded, not thrown.
                candidates.Add(new PurchaseModelCandidate(kind, name, null, null, ClvFitProblem.ParameterAtBoundary, e.Message, null));
            }
        }

        return new PurchaseModelComparison([.. candidates]);
    }

    /// <summary>
    /// The comparison table: per model the log-likelihood, AIC, BIC, convergence and parameters, the holdout MAE and RMSE
    /// when there is a holdout, the chosen model, and why any model failed.
    /// </summary>
    /// <returns>Several lines of text.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        bool holdout = Candidates.Any(c => c.Holdout is not null);
        sb.Append(CultureInfo.InvariantCulture, $"{"model",-10} {"log-lik",11} {"AIC",10} {"BIC",10} {"converged",9}");
        bool tracking = Candidates.Any(c => c.Tracking is not null);
        if (holdout)
        {
            sb.Append(CultureInfo.InvariantCulture, $" {"MAE",7} {"RMSE",7}");
        }

        if (tracking)
        {
            sb.Append(CultureInfo.InvariantCulture, $" {"week MAE",9}");
        }

        sb.AppendLine("  parameters");
        foreach (var c in Candidates)
        {
            string Num(double? v, string format, int width) => (v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "-").PadLeft(width);
            sb.Append(CultureInfo.InvariantCulture, $"{c.ModelName,-10} {Num(c.LogLikelihood, "F2", 11)} {Num(c.Aic, "F2", 10)} {Num(c.Bic, "F2", 10)} {(c.Converged ? "yes" : "no"),9}");
            if (holdout)
            {
                sb.Append(CultureInfo.InvariantCulture, $" {Num(c.Holdout?.MeanAbsoluteError, "F4", 7)} {Num(c.Holdout?.RootMeanSquaredError, "F4", 7)}");
            }

            if (tracking)
            {
                sb.Append(CultureInfo.InvariantCulture, $" {Num(c.Tracking?.HoldoutMeanAbsoluteWeeklyError, "F2", 9)}");
            }

            sb.Append("  ").AppendLine(c.Diagnostics is { } d
                ? string.Join(", ", d.ParameterNames.Select((n, i) => string.Create(CultureInfo.InvariantCulture, $"{n} {d.Estimates[i]:G4}")))
                : "-");
        }

        if (holdout)
        {
            sb.AppendLine("MAE, RMSE: per customer, of holdout purchases against the model's conditional expectation");
        }

        if (tracking)
        {
            sb.AppendLine("week MAE: mean over the holdout weeks of |actual - expected| repeat transactions of all customers in the week");
        }

        sb.Append(Best is { } b ? "best by BIC: " + b.ModelName : "no model could be fitted");
        foreach (var c in Candidates)
        {
            if (c.Failure is not null)
            {
                sb.AppendLine().Append(c.ModelName).Append(": ").Append(c.Failure);
            }
        }

        return sb.ToString();
    }
}

/// <summary>One row of a <see cref="PurchaseModelComparison"/>. Immutable.</summary>
public sealed class PurchaseModelCandidate
{
    internal PurchaseModelCandidate(PurchaseModelKind kind, string modelName, IPurchaseModel? model, ClvFitDiagnostics? diagnostics, ClvFitProblem problem, string? failure, HoldoutReport? holdout)
    {
        Kind = kind;
        ModelName = modelName;
        Model = model;
        Diagnostics = diagnostics;
        Problem = problem;
        Failure = failure;
        Holdout = holdout;
    }

    /// <summary>The model kind.</summary>
    public PurchaseModelKind Kind { get; }

    /// <summary>The model's name, e.g. "BG/NBD".</summary>
    public string ModelName { get; }

    /// <summary>The fitted model when its fit converged without a problem; otherwise null.</summary>
    public IPurchaseModel? Model { get; }

    /// <summary>The fit facts (also of a failed fit, where it got that far); null when no fit was attempted.</summary>
    public ClvFitDiagnostics? Diagnostics { get; }

    /// <summary>True when the model was fitted without a problem.</summary>
    public bool Converged => Model is not null;

    /// <summary>Why the model was not fitted, or <see cref="ClvFitProblem.None"/>.</summary>
    public ClvFitProblem Problem { get; }

    /// <summary>The one-paragraph reason (data cause and remedies) when the fit failed; otherwise null.</summary>
    public string? Failure { get; }

    /// <summary>The maximised log-likelihood; null when no fit was attempted or a failed fit stopped where it is not finite.</summary>
    public double? LogLikelihood => Finite(Diagnostics?.LogLikelihood);

    /// <summary>AIC = 2k − 2 LL; null when <see cref="LogLikelihood"/> is.</summary>
    public double? Aic => Finite(Diagnostics?.Aic);

    /// <summary>BIC = k ln n − 2 LL; null when <see cref="LogLikelihood"/> is.</summary>
    public double? Bic => Finite(Diagnostics?.Bic);

    /// <summary>Holdout validation of the converged model when the summaries have a holdout window; otherwise null.</summary>
    public HoldoutReport? Holdout { get; }

    /// <summary>
    /// Repeat transactions by calendar week, actual against the converged model, when the comparison was fitted with the
    /// transactions and a holdout window; <see cref="RepeatTransactionTracking.HoldoutMeanAbsoluteWeeklyError"/> is the
    /// aggregate tracking error by week. Otherwise null.
    /// </summary>
    public RepeatTransactionTracking? Tracking { get; private init; }

    internal PurchaseModelCandidate WithTracking(RepeatTransactionTracking tracking) =>
        new(Kind, ModelName, Model, Diagnostics, Problem, Failure, Holdout) { Tracking = tracking };

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
