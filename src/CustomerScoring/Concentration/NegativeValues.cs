namespace CustomerScoring.Concentration;

/// <summary>What <see cref="ParetoAnalysis.Analyze"/> does with customers whose value is negative (e.g. refund-heavy).</summary>
public enum NegativeValues
{
    /// <summary>Throw an <see cref="ArgumentException"/> naming the first negative customer and its value (the default).</summary>
    Reject = 0,

    /// <summary>Count the customer with value zero. The number of clipped customers is reported.</summary>
    ClipToZero = 1,

    /// <summary>Leave the customer out of the analysis entirely (not counted in n). The number of excluded customers is reported.</summary>
    Exclude = 2,
}
