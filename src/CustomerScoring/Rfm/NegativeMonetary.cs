namespace CustomerScoring.Rfm;

/// <summary>What to do with a negative monetary value (a refund-heavy customer).</summary>
public enum NegativeMonetary
{
    /// <summary>Bin it as an ordinary number: it lands in the lowest monetary bins. The default.</summary>
    Keep,

    /// <summary>Replace it by zero before binning.</summary>
    ClampToZero,
}
