namespace CustomerScoring.Clv;

/// <summary>One row of a calibration/holdout table: customers with the same calibration frequency (the last row is "k+").</summary>
/// <param name="Label">"0", "1", ..., or "7+" for the open last group.</param>
/// <param name="MinFrequency">Smallest calibration frequency in the group.</param>
/// <param name="Customers">Customers in the group.</param>
/// <param name="MeanPredicted">Mean predicted holdout purchases (NaN-free: 0 for an empty group).</param>
/// <param name="MeanActual">Mean actual holdout purchases (0 for an empty group).</param>
public sealed record FrequencyGroup(string Label, int MinFrequency, int Customers, double MeanPredicted, double MeanActual);
