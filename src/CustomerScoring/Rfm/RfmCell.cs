namespace CustomerScoring.Rfm;

/// <summary>One combination of recency, frequency and monetary scores, e.g. R2 F1 M5.</summary>
/// <param name="Recency">Recency score.</param>
/// <param name="Frequency">Frequency score.</param>
/// <param name="Monetary">Monetary score.</param>
public readonly record struct RfmCell(int Recency, int Frequency, int Monetary)
{
    /// <summary>"R2 F1 M5".</summary>
    /// <returns>The cell as text.</returns>
    public override string ToString() => $"R{Recency} F{Frequency} M{Monetary}";
}
