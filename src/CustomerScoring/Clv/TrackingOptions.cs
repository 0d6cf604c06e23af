using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>The choices of a <see cref="RepeatTransactionTracking"/>; the dates are always given by the caller.</summary>
/// <param name="ObservationEnd">The last day of the calibration period (inclusive): the customers tracked are those acquired by then.</param>
public sealed record TrackingOptions(DateOnly ObservationEnd)
{
    /// <summary>The last day of the holdout period (inclusive), or null to track the calibration period only.</summary>
    public DateOnly? HoldoutEnd { get; init; }

    /// <summary>The first day of week 1; null for the day of the earliest first purchase (the literature's choice).</summary>
    public DateOnly? Start { get; init; }

    /// <summary>
    /// The purchase period, as in the summaries the model was fitted on (<see cref="TimeUnit.Day"/> by default): several
    /// purchases of a customer in one period are one transaction, and the first period's is the acquisition, not a repeat.
    /// </summary>
    public TimeUnit Period { get; init; } = TimeUnit.Day;
}
