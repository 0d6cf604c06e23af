namespace CustomerScoring.Concentration;

/// <summary>ABC class of a customer by cumulative share of value.</summary>
public enum AbcClass : byte
{
    /// <summary>Not classified: the customer was excluded (negative value with <see cref="NegativeValues.Exclude"/>).</summary>
    Excluded = 0,

    /// <summary>The top customers that together make the A share (default 80%).</summary>
    A = 1,

    /// <summary>The next customers up to the B share (default 95%).</summary>
    B = 2,

    /// <summary>The rest.</summary>
    C = 3,
}
