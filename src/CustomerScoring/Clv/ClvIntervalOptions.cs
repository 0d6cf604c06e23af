namespace CustomerScoring.Clv;

/// <summary>
/// Options of the parametric bootstrap behind <see cref="ClvForecastIntervals"/>. Immutable; the defaults suit most data.
/// </summary>
public sealed record ClvIntervalOptions
{
    /// <summary>Parameter draws (300 by default, at least 20).</summary>
    public int Draws { get; init; } = 300;

    /// <summary>Seed of the random draws: the same seed gives the same intervals, whatever the thread count.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Coverage level of the intervals, in (0, 1); 0.95 by default.</summary>
    public double Level { get; init; } = 0.95;

    /// <summary>
    /// When true (the default) and the spend model was fitted, its parameters are drawn too, so the CLV intervals
    /// carry the uncertainty of both models; when false only the purchase model's.
    /// </summary>
    public bool IncludeSpendUncertainty { get; init; } = true;

    /// <summary>Threads used (tests set 1 to check that the result does not depend on it); -1 for the default.</summary>
    internal int MaxDegreeOfParallelism { get; init; } = -1;

    internal void Validate()
    {
        if (Draws < 20)
        {
            throw new ArgumentOutOfRangeException(nameof(Draws), Draws, "At least 20 draws are needed for an interval.");
        }

        if (!(Level > 0.0 && Level < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(Level), Level, "The level must be in (0, 1).");
        }
    }
}
