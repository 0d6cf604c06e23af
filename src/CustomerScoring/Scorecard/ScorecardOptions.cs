using CustomerScoring.Clv;
using CustomerScoring.Rfm;
using CustomerScoring.Rules;
using CustomerScoring.Summaries;

namespace CustomerScoring.Scorecard;

/// <summary>
/// Every choice of the scorecard stage, with the defaults a first look needs: analysis date the day after the last
/// transaction, daily periods and time unit, RFM quintiles by NTILE with ties shared (equal values score equally) and the 10-segment table, concentration of revenue,
/// BG/NBD with Gamma-Gamma spend over one year at a 10% annual discount rate, the built-in value tiers and lifecycle stages.
/// Immutable; change it with <c>with</c>.
/// </summary>
public sealed record ScorecardOptions
{
    /// <summary>The defaults.</summary>
    public static ScorecardOptions Default { get; } = new();

    /// <summary>The observation end (inclusive); null for the day after the last transaction.</summary>
    public DateOnly? AnalysisDate { get; init; }

    /// <summary>
    /// The last day (inclusive) of a holdout window after <see cref="AnalysisDate"/>, or null for none. Every stage uses the
    /// data up to the analysis date; with model selection by BIC the comparison also scores each model on the holdout
    /// (per-customer MAE and RMSE, and the tracking error by week). Needs <see cref="AnalysisDate"/>.
    /// </summary>
    public DateOnly? HoldoutEnd { get; init; }

    /// <summary>Granularity of distinct purchase periods (day by default).</summary>
    public TimeUnit Period { get; init; } = TimeUnit.Day;

    /// <summary>Unit of recency, T and the CLV models' time (day by default; the CLV literature often uses weeks).</summary>
    public TimeUnit TimeUnit { get; init; } = TimeUnit.Day;

    /// <summary>What a return (a negative amount) is: netted from the customer's value without being a purchase (the default),
    /// excluded, or kept as a transaction (see <see cref="ReturnsPolicy"/>).</summary>
    public ReturnsPolicy Returns { get; init; } = ReturnsPolicy.Net;

    /// <summary>Binning per dimension and the segment map of RFM.</summary>
    public RfmScorer Rfm { get; init; } = RfmScorer.Default;

    /// <summary>How R, F and M are taken from the summaries.</summary>
    public RfmValueOptions RfmValues { get; init; } = RfmValueOptions.Default;

    /// <summary>The value that concentration and ABC classes are measured on.</summary>
    public ConcentrationBasis Concentration { get; init; } = ConcentrationBasis.Revenue;

    /// <summary>The purchase model for CLV, or null for no CLV at all.</summary>
    public PurchaseModelKind? PurchaseModel { get; init; } = PurchaseModelKind.BgNbd;

    /// <summary>
    /// Whether to fit BG/NBD, MBG/NBD and Pareto/NBD and use the one with the lowest BIC among the clean fits (the comparison
    /// table is kept in <see cref="ScorecardClv.Comparison"/>); <see cref="PurchaseModel"/> is then ignored unless it is null
    /// (no CLV at all).
    /// </summary>
    public bool SelectModelByBic { get; init; }

    /// <summary>Bootstrap intervals for expected purchases, P(alive) and CLV (see <see cref="ClvIntervalOptions"/>), or null for none.</summary>
    public ClvIntervalOptions? Intervals { get; init; }

    /// <summary>
    /// Time-invariant customer covariates for the purchase model, or null for none: one row per customer index of the
    /// transactions' key map (<see cref="Transactions.CustomerTransactions{TKey}.Customers"/>, customers in the order they
    /// first appear), every customer of the transactions included. With covariates, <see cref="PurchaseModel"/> (BG/NBD or
    /// Pareto/NBD) is fitted as a <see cref="CovariatePurchaseModel"/> and each customer is forecast with its own covariates;
    /// <see cref="SelectModelByBic"/> and <see cref="Intervals"/> are not available with covariates.
    /// </summary>
    public CustomerCovariates? Covariates { get; init; }

    /// <summary>Fit options of the purchase and spend models (penalizer, tolerances).</summary>
    public ClvFitOptions? Fit { get; init; }

    /// <summary>
    /// The CLV forecast (horizon, discounting, margin); null for one year in <see cref="TimeUnit"/> (365 days or 52 weeks),
    /// a 10% annual discount rate and CLV in revenue.
    /// </summary>
    public ClvForecastOptions? Forecast { get; init; }

    /// <summary>The tier rule set; null for the built-in value tiers (by CLV when a model is fitted, else by revenue).</summary>
    public RuleSet? TierRules { get; init; }

    /// <summary>The lifecycle stage rule set; null for the built-in lifecycle stages.</summary>
    public RuleSet? StageRules { get; init; }

    /// <summary>
    /// Scratch memory kept between repeated builds (the summary accumulators and sort keys), or null (the default) for none:
    /// create one <see cref="ScoringWorkspace"/>, give it to every build of a repeated job, dispose it at the end. It changes
    /// no result and the scorecards do not depend on it.
    /// </summary>
    public ScoringWorkspace? Workspace { get; init; }

    /// <summary>The default forecast: one year in <paramref name="timeUnit"/> (365 days or 52 weeks), a 10% annual discount
    /// rate, CLV in revenue. Change it with <c>with</c>.</summary>
    /// <param name="timeUnit">The unit of the horizon (the scorecard's time unit).</param>
    /// <returns>The forecast options.</returns>
    public static ClvForecastOptions OneYearForecast(TimeUnit timeUnit) => new()
    {
        Horizon = timeUnit == TimeUnit.Week ? 52 : 365,
        HorizonUnit = timeUnit,
    };

    /// <summary>The forecast options in force: <see cref="Forecast"/>, or <see cref="OneYearForecast"/> in <see cref="TimeUnit"/>.</summary>
    internal ClvForecastOptions ForecastInForce => Forecast ?? OneYearForecast(TimeUnit);
}
