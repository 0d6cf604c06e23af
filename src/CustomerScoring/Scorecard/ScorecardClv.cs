using CustomerScoring.Clv;

namespace CustomerScoring.Scorecard;

/// <summary>The CLV part of a scorecard: the fitted purchase and spend models and their forecast, one value per summary row.</summary>
/// <param name="Kind">The purchase model.</param>
/// <param name="Purchases">The fitted purchase model (parameters, log-likelihood, standard errors).</param>
/// <param name="Spend">The fitted Gamma-Gamma spend model.</param>
/// <param name="Forecast">Expected purchases, P(alive), expected spend and CLV per summary row.</param>
/// <param name="Comparison">The comparison of the three purchase models when the model was selected by BIC, else null.</param>
/// <param name="Intervals">Bootstrap intervals of the forecast when asked for, else null.</param>
/// <param name="Covariates">The fitted covariate model when <see cref="ScorecardOptions.Covariates"/> were given, else null;
/// <paramref name="Purchases"/> is then the plain model of a customer with all covariates 0 (its diagnostics are the covariate model's).</param>
public sealed record ScorecardClv(
    PurchaseModelKind Kind, IPurchaseModel Purchases, GammaGammaModel Spend, ClvForecast Forecast,
    PurchaseModelComparison? Comparison = null, ClvForecastIntervals? Intervals = null, CovariatePurchaseModel? Covariates = null)
{
    /// <summary>The model name used in files: bgnbd, paretonbd or mbgnbd.</summary>
    public string Name => Kind.ToString().ToLowerInvariant();

    /// <summary>The purchase model's fit facts: the covariate model's when there is one (coefficients included), else the plain model's.</summary>
    public ClvFitDiagnostics? PurchaseDiagnostics => Covariates?.Diagnostics ?? Purchases.Diagnostics;
}
