namespace CustomerScoring.Scorecard;

/// <summary>
/// One customer's line of a <see cref="CustomerScorecard{TKey}"/>, addressed by the caller's own key: the summary figures,
/// RFM scores and segment, ABC class, CLV figures (null when no model was fitted), tier and lifecycle stage. Immutable.
/// </summary>
/// <typeparam name="TKey">The caller's customer key type.</typeparam>
/// <remarks>Times (<see cref="Recency"/>, <see cref="Age"/>, <see cref="TimeSinceLastPurchase"/>) are in the scorecard's time unit.</remarks>
public sealed record ScorecardRow<TKey>
    where TKey : notnull
{
    /// <summary>The caller's key of the customer.</summary>
    public required TKey Key { get; init; }

    /// <summary>Position of the customer in the scorecard (summary row), 0-based.</summary>
    public required int Row { get; init; }

    /// <summary>Timestamp of the first purchase.</summary>
    public required DateTime FirstPurchase { get; init; }

    /// <summary>Timestamp of the last purchase on or before the analysis date.</summary>
    public required DateTime LastPurchase { get; init; }

    /// <summary>Number of transactions.</summary>
    public required int Transactions { get; init; }

    /// <summary>x: repeat purchase periods (distinct purchase periods - 1).</summary>
    public required double Frequency { get; init; }

    /// <summary>t_x: time from the first to the last purchase.</summary>
    public required double Recency { get; init; }

    /// <summary>T: time from the first purchase to the analysis date.</summary>
    public required double Age { get; init; }

    /// <summary>Time from the last purchase to the analysis date.</summary>
    public required double TimeSinceLastPurchase { get; init; }

    /// <summary>Total amount (refunds netted).</summary>
    public required double TotalAmount { get; init; }

    /// <summary>m: mean amount of the repeat purchase periods (0 when x = 0).</summary>
    public required double MonetaryRepeatMean { get; init; }

    /// <summary>RFM recency score (1..bins, higher is better).</summary>
    public required int RScore { get; init; }

    /// <summary>RFM frequency score.</summary>
    public required int FScore { get; init; }

    /// <summary>RFM monetary score.</summary>
    public required int MScore { get; init; }

    /// <summary>The RFM segment name.</summary>
    public required string Segment { get; init; }

    /// <summary>The ABC class: "A", "B", "C" or "Excluded".</summary>
    public required string AbcClass { get; init; }

    /// <summary>Expected purchases over the forecast horizon, or null without a fitted model.</summary>
    public double? ExpectedPurchases { get; init; }

    /// <summary>Probability that the customer is still active, or null without a fitted model.</summary>
    public double? ProbabilityAlive { get; init; }

    /// <summary>Expected spend per purchase (Gamma-Gamma), or null without a fitted model.</summary>
    public double? ExpectedSpend { get; init; }

    /// <summary>Discounted customer lifetime value over the horizon, or null without a fitted model.</summary>
    public double? Clv { get; init; }

    /// <summary>The tier.</summary>
    public required string Tier { get; init; }

    /// <summary>The lifecycle stage.</summary>
    public required string LifecycleStage { get; init; }
}
