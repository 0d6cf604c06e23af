using System.Globalization;
using CustomerScoring.Clv;
using CustomerScoring.Concentration;
using CustomerScoring.Numerics.Parallelism;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Tiers;
using CustomerScoring.Transactions;

namespace CustomerScoring.Scorecard;

/// <summary>
/// The scorecard stage: one call from transactions (or the caller's own objects) to a <see cref="CustomerScorecard{TKey}"/>
/// holding summaries, RFM, concentration, CLV, tiers and lifecycle stages, keyed by the caller's customer keys.
/// </summary>
/// <example>
/// <code>
/// var card = CustomerScorecard.Build(orders, o => o.CustomerId, o => o.OrderedAt, o => o.Total);
/// ScorecardRow&lt;string&gt; alice = card["alice"];
/// Console.WriteLine($"{alice.Segment} {alice.Tier} {alice.Clv:N2}");
/// </code>
/// </example>
public static class CustomerScorecard
{
    /// <summary>Scores the caller's own rows: keys, local or UTC timestamps and <see cref="decimal"/> amounts.</summary>
    /// <typeparam name="TRow">The caller's row type.</typeparam>
    /// <typeparam name="TKey">The customer key type.</typeparam>
    /// <param name="rows">The transactions, one per row.</param>
    /// <param name="customer">Selects the customer key.</param>
    /// <param name="timestamp">Selects the timestamp (used as given: its date is the purchase day).</param>
    /// <param name="amount">Selects the amount (converted to the nearest double).</param>
    /// <param name="options">The choices of every stage; <see cref="ScorecardOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels long work.</param>
    /// <returns>The scorecard.</returns>
    /// <exception cref="TransactionDataException">No rows, no purchase on or before the analysis date, or an unusable value.</exception>
    /// <exception cref="ClvFitException">Concentration by CLV was asked for and no model could be fitted.</exception>
    public static CustomerScorecard<TKey> Build<TRow, TKey>(
        IEnumerable<TRow> rows, Func<TRow, TKey> customer, Func<TRow, DateTime> timestamp, Func<TRow, decimal> amount,
        ScorecardOptions? options = null, CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(amount);
        return Build(rows, customer, timestamp, r => (double)amount(r), options, cancellationToken);
    }

    /// <summary>Scores the caller's own rows: keys, local or UTC timestamps and <see cref="double"/> amounts.</summary>
    /// <inheritdoc cref="Build{TRow, TKey}(IEnumerable{TRow}, Func{TRow, TKey}, Func{TRow, DateTime}, Func{TRow, decimal}, ScorecardOptions?, CancellationToken)"/>
    public static CustomerScorecard<TKey> Build<TRow, TKey>(
        IEnumerable<TRow> rows, Func<TRow, TKey> customer, Func<TRow, DateTime> timestamp, Func<TRow, double> amount,
        ScorecardOptions? options = null, CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        var builder = new TransactionBatchBuilder<TKey>();
        builder.AddRange(rows, customer, timestamp, amount);
        return Build(builder.Build(), options, cancellationToken);
    }

    /// <summary>
    /// Scores the caller's own rows with <see cref="DateTimeOffset"/> timestamps, taken in UTC (the purchase day is the UTC
    /// date; convert to a local wall clock first if days should follow a time zone), and <see cref="decimal"/> amounts.
    /// </summary>
    /// <inheritdoc cref="Build{TRow, TKey}(IEnumerable{TRow}, Func{TRow, TKey}, Func{TRow, DateTime}, Func{TRow, decimal}, ScorecardOptions?, CancellationToken)"/>
    public static CustomerScorecard<TKey> Build<TRow, TKey>(
        IEnumerable<TRow> rows, Func<TRow, TKey> customer, Func<TRow, DateTimeOffset> timestamp, Func<TRow, decimal> amount,
        ScorecardOptions? options = null, CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(amount);
        return Build(rows, customer, r => timestamp(r).UtcDateTime, r => (double)amount(r), options, cancellationToken);
    }

    /// <summary>
    /// Scores the caller's own rows with <see cref="DateTimeOffset"/> timestamps, taken in UTC, and <see cref="double"/> amounts.
    /// </summary>
    /// <inheritdoc cref="Build{TRow, TKey}(IEnumerable{TRow}, Func{TRow, TKey}, Func{TRow, DateTime}, Func{TRow, decimal}, ScorecardOptions?, CancellationToken)"/>
    public static CustomerScorecard<TKey> Build<TRow, TKey>(
        IEnumerable<TRow> rows, Func<TRow, TKey> customer, Func<TRow, DateTimeOffset> timestamp, Func<TRow, double> amount,
        ScorecardOptions? options = null, CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        return Build(rows, customer, r => timestamp(r).UtcDateTime, amount, options, cancellationToken);
    }

    /// <summary>
    /// Scores transactions already in batches (from <see cref="TransactionBatchBuilder{TKey}"/> or a file reader): summaries,
    /// RFM, concentration and ABC classes, the CLV models (when <see cref="ScorecardOptions.PurchaseModel"/> is set; a fit
    /// that fails leaves <see cref="CustomerScorecard{TKey}.Clv"/> null and says why in
    /// <see cref="CustomerScorecard{TKey}.ClvFailure"/>), tiers and lifecycle stages.
    /// </summary>
    /// <typeparam name="TKey">The customer key type.</typeparam>
    /// <param name="transactions">The transactions and their key map.</param>
    /// <param name="options">The choices of every stage; <see cref="ScorecardOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels long work.</param>
    /// <returns>The scorecard.</returns>
    /// <exception cref="TransactionDataException">No transactions, no purchase on or before the analysis date, or a last transaction on the last day of the calendar with no analysis date given.</exception>
    /// <exception cref="ClvFitException">Concentration by CLV was asked for and no model could be fitted.</exception>
    /// <exception cref="Rules.RuleDefinitionException">A rule set reads a field the scorecard cannot provide.</exception>
    public static CustomerScorecard<TKey> Build<TKey>(CustomerTransactions<TKey> transactions, ScorecardOptions? options = null, CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ScorecardOptions o = options ?? ScorecardOptions.Default;
        if (transactions.Count == 0)
        {
            throw new TransactionDataException("There are no transactions to score.");
        }

        if (o.Concentration == ConcentrationBasis.Clv && o.PurchaseModel is null)
        {
            throw new ArgumentException("Concentration by CLV needs a purchase model (ScorecardOptions.PurchaseModel).", nameof(options));
        }

        if (o.HoldoutEnd is not null && o.AnalysisDate is null)
        {
            throw new ArgumentException("A holdout window (ScorecardOptions.HoldoutEnd) needs the analysis date it starts after (ScorecardOptions.AnalysisDate).", nameof(options));
        }

        DateOnly end = o.AnalysisDate ?? Summarizer.DayAfterLastTransaction(transactions);
        var summaryOptions = new SummaryOptions(end) { Period = o.Period, TimeUnit = o.TimeUnit, Returns = o.Returns, HoldoutEnd = o.HoldoutEnd };
        CustomerSummaries summaries = Summarizer.Summarize(transactions, summaryOptions, o.Workspace, cancellationToken);
        return Score(summaries, transactions.Customers, transactions.Batches, o, cancellationToken);
    }

    /// <summary>
    /// Scores customer summaries computed elsewhere (by a database through the Sql package, from a summary file, or
    /// by <see cref="Summarizer"/>) with their customers' keys: the same stages as
    /// <see cref="Build{TKey}(CustomerTransactions{TKey}, ScorecardOptions?, CancellationToken)"/> after its summarizing step,
    /// so equal summaries give an equal scorecard.
    /// </summary>
    /// <typeparam name="TKey">The customer key type.</typeparam>
    /// <param name="summaries">The summaries; row <c>i</c>'s key is <c>customers.KeyOf(summaries.CustomerIndex[i])</c>.</param>
    /// <param name="customers">The key map of the summaries' customer indices.</param>
    /// <param name="options">The choices of every stage; <see cref="ScorecardOptions.Default"/> when null. Its analysis date (when
    /// set), period, time unit and returns policy must be those the summaries were computed with.</param>
    /// <param name="cancellationToken">Cancels long work.</param>
    /// <returns>The scorecard; it keeps <paramref name="summaries"/>.</returns>
    /// <exception cref="TransactionDataException">The summaries have no customer.</exception>
    /// <exception cref="ArgumentException">The options' window differs from the summaries', or a summary's customer index has no key.</exception>
    /// <exception cref="ClvFitException">Concentration by CLV was asked for and no model could be fitted.</exception>
    /// <exception cref="Rules.RuleDefinitionException">A rule set reads a field the scorecard cannot provide.</exception>
    public static CustomerScorecard<TKey> FromSummaries<TKey>(CustomerSummaries summaries, CustomerKeyMap<TKey> customers, ScorecardOptions? options = null, CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(customers);
        ScorecardOptions o = options ?? ScorecardOptions.Default;
        SummaryOptions s = summaries.Options;
        if ((o.AnalysisDate is { } date && date != s.ObservationEnd) || o.Period != s.Period || o.TimeUnit != s.TimeUnit || o.Returns != s.Returns)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The scorecard options (analysis date {o.AnalysisDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "not set"}, period {o.Period}, time unit {o.TimeUnit}, returns {o.Returns}) differ from the summaries' (observation end {s.ObservationEnd:yyyy-MM-dd}, period {s.Period}, time unit {s.TimeUnit}, returns {s.Returns}): give the same window."),
                nameof(options));
        }

        if (summaries.Count > 0 && summaries.CustomerIndex[summaries.Count - 1] >= customers.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The summaries' customer index {summaries.CustomerIndex[summaries.Count - 1]} has no key: the key map holds {customers.Count} customers."), nameof(customers));
        }

        if (o.Concentration == ConcentrationBasis.Clv && o.PurchaseModel is null)
        {
            throw new ArgumentException("Concentration by CLV needs a purchase model (ScorecardOptions.PurchaseModel).", nameof(options));
        }

        return Score(summaries, customers, null, o, cancellationToken);
    }

    /// <summary>The stages after summarizing, shared by Build and FromSummaries.</summary>
    /// <param name="summaries">The summaries.</param>
    /// <param name="customers">Their key map.</param>
    /// <param name="batches">The transactions the summaries came from (the weekly tracking of a model comparison reads them), or
    /// null when only the summaries are here.</param>
    /// <param name="options">The stages' choices.</param>
    /// <param name="cancellationToken">Cancels long work.</param>
    private static CustomerScorecard<TKey> Score<TKey>(CustomerSummaries summaries, CustomerKeyMap<TKey> customers, IReadOnlyList<TransactionBatch>? batches, ScorecardOptions options, CancellationToken cancellationToken)
        where TKey : notnull
    {
        ScorecardOptions o = options;
        DateOnly end = summaries.ObservationEnd;
        if (summaries.Count == 0)
        {
            throw new TransactionDataException(string.Create(CultureInfo.InvariantCulture,
                $"No customer has a purchase on or before the analysis date {end:yyyy-MM-dd} ({summaries.ExcludedAfterEnd:N0} transactions fall after it)."));
        }

        if (o.Concentration == ConcentrationBasis.Margin && !summaries.HasMargins)
        {
            throw new ArgumentException("Concentration by margin needs margins in the transactions.", nameof(options));
        }

        CustomerCovariates? covariates = null;
        if (o.Covariates is { } all)
        {
            if (o.SelectModelByBic || o.Intervals is not null || o.PurchaseModel is not (null or PurchaseModelKind.BgNbd or PurchaseModelKind.ParetoNbd))
            {
                throw new ArgumentException("Covariates work with the BG/NBD or Pareto/NBD purchase model, without model selection by BIC and without intervals.", nameof(options));
            }

            if (all.Count != customers.Count)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The covariates have {all.Count} rows but the key map has {customers.Count} customers; give one row per customer index of the key map."), nameof(options));
            }

            covariates = all.SelectRows(summaries.CustomerIndex);
        }

        // The CLV models (fits and forecast) and the RFM scores depend only on the summaries: the first run beside the
        // calling thread while it ranks, scores RFM and (unless by CLV) analyzes concentration (the workspace serves these
        // alone, as it serves one call at a time).
        Task<(ScorecardClv? Clv, string? Failure)> clvWork = ParallelWork.Beside(() => FitClv(summaries, batches, o, covariates, cancellationToken));
        int[] tieBreak;
        RfmResult rfm;
        ParetoAnalysis? concentration = null;
        try
        {
            tieBreak = RfmScorerExtensions.TieBreakRanks(summaries, customers);
            rfm = RfmScorerExtensions.ScorePooled(o.Rfm, summaries, o.RfmValues, tieBreak, o.Workspace, cancellationToken);
            if (o.Concentration != ConcentrationBasis.Clv)
            {
                // Concentration by revenue or margin does not wait for the CLV models either.
                concentration = Concentrate(summaries, null, tieBreak, o, cancellationToken);
            }
        }
        catch
        {
            ParallelWork.Abandon(clvWork);
            throw;
        }

        (ScorecardClv? clv, string? failure) = ParallelWork.Result(clvWork);
        if (o.Concentration == ConcentrationBasis.Clv && clv is null)
        {
            throw new ClvFitException("Concentration by CLV needs a fitted CLV model, and the fit failed: " + failure);
        }

        concentration ??= Concentrate(summaries, clv, tieBreak, o, cancellationToken);
        AbcClassification abc = concentration.ClassifyAbc();
        TierScorecard tiers = clv is { Forecast: var f }
            ? TierScorecard.Create(summaries, rfm, abc, f.Value, f.ProbabilityAlive, f.ExpectedPurchases, o.TierRules, o.StageRules)
            : TierScorecard.Create(summaries, rfm, abc, tierRules: o.TierRules, stageRules: o.StageRules);
        return new CustomerScorecard<TKey>(o, customers, summaries, rfm, concentration, abc, clv, failure, tiers);
    }

    /// <summary>The 80/20 analysis of the options' measure (CLV needs <paramref name="clv"/>).</summary>
    private static ParetoAnalysis Concentrate(CustomerSummaries summaries, ScorecardClv? clv, int[] tieBreak, ScorecardOptions o, CancellationToken cancellationToken)
    {
        // The summaries' own column (the analysis reads it, no copy is needed).
        ReadOnlySpan<double> measure = o.Concentration switch
        {
            ConcentrationBasis.Margin => summaries.TotalMargin,
            ConcentrationBasis.Clv => clv!.Forecast.Value,
            _ => summaries.TotalAmount,
        };

        // Refund-heavy customers (negative totals) count as holding nothing; ParetoAnalysis.NegativeCount says how many.
        return ParetoAnalysis.Analyze(measure, NegativeValues.ClipToZero, tieBreak, o.Workspace, cancellationToken);
    }

    private static (ScorecardClv? Clv, string? Failure) FitClv(CustomerSummaries summaries, IReadOnlyList<TransactionBatch>? transactions, ScorecardOptions o, CustomerCovariates? covariates, CancellationToken cancellationToken)
    {
        if (o.PurchaseModel is not { } kind)
        {
            return (null, null);
        }

        // The spend model does not depend on the purchase model: it is fitted beside it.
        Task<GammaGammaModel> spendFit = ParallelWork.Beside(() => ClvForecast.FitSpend(summaries, o.Fit, cancellationToken));
        try
        {
            if (covariates is not null)
            {
                CovariatePurchaseModel withCovariates = CovariatePurchaseModel.Fit(kind, summaries.Frequency, summaries.Recency, summaries.Age, covariates, summaries.TimeUnit, o.Fit, cancellationToken);
                GammaGammaModel spendModel = ParallelWork.Result(spendFit);
                ClvForecast byCustomer = ClvForecast.Compute(summaries, withCovariates, covariates, spendModel, o.ForecastInForce, cancellationToken);
                IPurchaseModel atZero = withCovariates.ForCustomer(new double[covariates.Names.Count]);
                return (new ScorecardClv(kind, atZero, spendModel, byCustomer, Covariates: withCovariates), null);
            }

            PurchaseModelComparison? comparison = null;
            IPurchaseModel purchases;
            if (o.SelectModelByBic)
            {
                // Without the transactions (scored from summaries) the comparison has no weekly tracking.
                comparison = transactions is null
                    ? PurchaseModelComparison.Fit(summaries, o.Fit, cancellationToken)
                    : PurchaseModelComparison.Fit(summaries, transactions, o.Fit, cancellationToken);
                purchases = comparison.BestModel();
                kind = comparison.Best!.Kind;
            }
            else
            {
                purchases = ClvForecast.FitPurchases(summaries, kind, o.Fit, cancellationToken);
            }

            GammaGammaModel spend = ParallelWork.Result(spendFit);
            if (o.Intervals is { } intervalOptions)
            {
                ClvForecastIntervals intervals = ClvForecastIntervals.Compute(summaries, purchases, spend, o.ForecastInForce, intervalOptions, cancellationToken);
                return (new ScorecardClv(kind, purchases, spend, intervals.Forecast, comparison, intervals), null);
            }

            ClvForecast forecast = ClvForecast.Compute(summaries, purchases, spend, o.ForecastInForce, cancellationToken);
            return (new ScorecardClv(kind, purchases, spend, forecast, comparison), null);
        }
        catch (Exception e) when (e is ClvFitException or ArgumentException or ArithmeticException or InvalidOperationException)
        {
            // The scorecard keeps going without CLV: its columns stay empty and the reason is kept. (InvalidOperationException:
            // a closed form evaluated outside its usable range; ClvFitException names degenerate fits with their remedy.)
            return (null, e.Message);
        }
        finally
        {
            // When the purchase fit failed first (as it would have without the spend fit beside it), the spend fit's
            // outcome is not wanted; it is waited for, so nothing runs on after the scorecard is returned.
            ParallelWork.Abandon(spendFit);
        }
    }
}
