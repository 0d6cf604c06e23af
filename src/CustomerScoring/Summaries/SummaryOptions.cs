namespace CustomerScoring.Summaries;

/// <summary>
/// The choices a customer summary depends on. Nothing is ambient: the observation end (analysis date)
/// is always given by the caller.
/// </summary>
/// <remarks>
/// <para>Transactions on or before <see cref="ObservationEnd"/> (a calendar day, inclusive) are the
/// calibration data. With a <see cref="HoldoutEnd"/>, transactions after the observation end and on or
/// before the holdout end form the holdout; later ones are excluded and counted. Without a holdout,
/// every transaction after the observation end is excluded and counted.</para>
/// <para>Purchases are bucketed into <see cref="Period"/>s (several purchases in one period count as one
/// purchase period, their amounts summed); recency and age are measured between period starts and
/// expressed in <see cref="TimeUnit"/>. These are the conventions of lifetimes'
/// <c>summary_data_from_transaction_data</c> and BTYD's <c>elog2cbs</c>: with Period = Day and TimeUnit = Week
/// the CDNOW summaries of the literature are reproduced.</para>
/// </remarks>
public sealed record SummaryOptions
{
    /// <summary>Creates options for the given observation end.</summary>
    /// <param name="observationEnd">The analysis date: the last calendar day of the calibration data, inclusive.</param>
    public SummaryOptions(DateOnly observationEnd) => ObservationEnd = observationEnd;

    /// <summary>The analysis date: the last calendar day of the calibration data, inclusive.</summary>
    public DateOnly ObservationEnd { get; init; }

    /// <summary>The granularity of purchase periods; <see cref="TimeUnit.Day"/> by default.</summary>
    public TimeUnit Period { get; init; } = TimeUnit.Day;

    /// <summary>The unit of recency, age and time since last purchase; <see cref="TimeUnit.Day"/> by default.</summary>
    public TimeUnit TimeUnit { get; init; } = TimeUnit.Day;

    /// <summary>The last calendar day of the holdout period (inclusive), or null for no holdout.</summary>
    public DateOnly? HoldoutEnd { get; init; }

    /// <summary>
    /// The threads to use: 0 (the default) chooses, using all processors from about 4 million rows and one thread
    /// below; 1 means single-threaded. The result is the same whatever the thread count.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// What a return (a transaction with a negative amount) does: <see cref="ReturnsPolicy.Net"/> (the default) makes it
    /// lower the customer's monetary total without being a purchase; <see cref="ReturnsPolicy.Exclude"/> drops and counts
    /// it; <see cref="ReturnsPolicy.Keep"/> treats it as an ordinary purchase with a negative amount.
    /// </summary>
    public ReturnsPolicy Returns { get; init; } = ReturnsPolicy.Net;

    internal void Validate()
    {
        _ = Period.Days();
        _ = TimeUnit.Days();
        if (HoldoutEnd is { } h && h <= ObservationEnd)
        {
            throw new ArgumentException($"HoldoutEnd {h:yyyy-MM-dd} must be after ObservationEnd {ObservationEnd:yyyy-MM-dd}.", nameof(HoldoutEnd));
        }

        if (Returns is not (ReturnsPolicy.Net or ReturnsPolicy.Exclude or ReturnsPolicy.Keep))
        {
            throw new ArgumentOutOfRangeException(nameof(Returns), Returns, "Use Net, Exclude or Keep.");
        }

        if (MaxDegreeOfParallelism < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use 0 for all processors, or a positive thread count.");
        }

        if ((long)(HoldoutEnd ?? ObservationEnd).DayNumber >= int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(ObservationEnd));
        }
    }
}
