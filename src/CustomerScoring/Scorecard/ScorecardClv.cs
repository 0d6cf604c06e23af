using CustomerScoring.Clv;

namespace CustomerScoring.Scorecard;

/// <summary>The CLV part of a scorecard: the fitted purchase and spend models and their forecast, one value per summary row.</summary>
/// <param name="Kind">The purchase model.</param>
/// <param name="Purchases">The fitted purchase model (parameters, log-likelihood, standard errors).</param>
/// <param name="Spend">The fitted Gamma-Gamma spend model.</param>
/// <param name="Forecast">Expected purchases, P(alive), expected spend and CLV per summary row.</param>
/// <param name="Comparison">The comparison of the three purchase models when the model was selected by BIC, else null.</param>
/// <param name="Intervals">Bootstrap intervals of the forecast when asked for, else null.</param>
public sealed record ScorecardClv(
    PurchaseModelKind Kind, IPurchaseModel Purchases, GammaGammaModel Spend, ClvForecast Forecast,
    PurchaseModelComparison? Comparison = null, ClvForecastIntervals? Intervals = null)
{
    /// <summary>The model name used in files: bgnbd, paretonbd or mbgnbd.</summary>
    public string Name => Kind.ToString().ToLowerInvariant();
}
