using System.Globalization;

namespace CustomerScoring.Rfm;

/// <summary>An inclusive range of scores, e.g. 3-5, used by <see cref="SegmentRule"/>. Scores run from 1 to 10.</summary>
public readonly record struct ScoreRange
{
    /// <summary>Creates the inclusive range <paramref name="min"/>..<paramref name="max"/>.</summary>
    /// <param name="min">Lowest score in the range, 1 to 10.</param>
    /// <param name="max">Highest score in the range, <paramref name="min"/> to 10.</param>
    /// <exception cref="ArgumentOutOfRangeException">The bounds are outside 1..10 or reversed.</exception>
    public ScoreRange(int min, int max)
    {
        if (min is < 1 or > DimensionBinning.MaxBins)
        {
            throw new ArgumentOutOfRangeException(nameof(min), min, "A score range starts between 1 and 10.");
        }

        if (max < min || max > DimensionBinning.MaxBins)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"A score range ends between its start ({min}) and 10.");
        }

        Min = min;
        Max = max;
    }

    /// <summary>Every score (1-10).</summary>
    public static ScoreRange Any => new(1, DimensionBinning.MaxBins);

    /// <summary>Lowest score in the range.</summary>
    public int Min { get; }

    /// <summary>Highest score in the range.</summary>
    public int Max { get; }

    /// <summary>The range holding the single score <paramref name="score"/>.</summary>
    /// <param name="score">The score.</param>
    /// <returns>The range score..score.</returns>
    public static ScoreRange Exactly(int score) => new(score, score);

    /// <summary>Whether <paramref name="score"/> lies in the range (bounds included).</summary>
    /// <param name="score">A score.</param>
    /// <returns>True when Min &lt;= score &lt;= Max.</returns>
    public bool Contains(int score) => score >= Min && score <= Max;

    /// <summary>"3-5", or "5" for a single score.</summary>
    /// <returns>The range as text.</returns>
    public override string ToString() =>
        Min == Max ? Min.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Min}-{Max}");
}
