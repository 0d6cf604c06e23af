namespace CustomerScoring.Rfm;

/// <summary>Which end of a dimension's values earns the best score (the score equal to the number of bins).</summary>
public enum ScoreDirection
{
    /// <summary>Larger values score higher (frequency, monetary value).</summary>
    HigherIsBetter = 0,

    /// <summary>Smaller values score higher: the "reversed" direction of recency, where a short time since the last purchase is best.</summary>
    LowerIsBetter = 1,
}
