namespace CustomerScoring.Charts;

/// <summary>
/// Customers with the same calibration-period repeat purchases x, and their mean actual and predicted holdout purchases. The last
/// group (x = the cap) collects every x at or above the cap when <see cref="OrMore"/> is set.
/// </summary>
internal sealed record CalibrationGroup(int Frequency, bool OrMore, int Customers, double MeanActual, double MeanPredicted)
{
    /// <summary>The non-empty groups x = 0 .. <paramref name="maxFrequency"/>, in order of x.</summary>
    public static CalibrationGroup[] From(ReadOnlySpan<double> calibrationFrequency, ReadOnlySpan<double> predictedHoldout, ReadOnlySpan<double> actualHoldout, int maxFrequency)
    {
        ChartInput.CheckNotEmpty(calibrationFrequency.Length, nameof(calibrationFrequency));
        ChartInput.CheckSameLength(calibrationFrequency.Length, nameof(calibrationFrequency), predictedHoldout.Length, nameof(predictedHoldout));
        ChartInput.CheckSameLength(calibrationFrequency.Length, nameof(calibrationFrequency), actualHoldout.Length, nameof(actualHoldout));
        ChartInput.CheckCounts(calibrationFrequency, nameof(calibrationFrequency));
        ChartInput.CheckRange(predictedHoldout, 0, double.MaxValue, nameof(predictedHoldout));
        ChartInput.CheckRange(actualHoldout, 0, double.MaxValue, nameof(actualHoldout));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrequency, 1);

        var count = new int[maxFrequency + 1];
        var actual = new double[maxFrequency + 1];
        var predicted = new double[maxFrequency + 1];
        bool open = false;
        for (int i = 0; i < calibrationFrequency.Length; i++)
        {
            open |= calibrationFrequency[i] > maxFrequency;
            int g = (int)Math.Min(calibrationFrequency[i], maxFrequency);
            count[g]++;
            actual[g] += actualHoldout[i];
            predicted[g] += predictedHoldout[i];
        }

        var groups = new List<CalibrationGroup>();
        for (int g = 0; g <= maxFrequency; g++)
        {
            if (count[g] > 0)
            {
                groups.Add(new CalibrationGroup(g, open && g == maxFrequency, count[g], actual[g] / count[g], predicted[g] / count[g]));
            }
        }

        return [.. groups];
    }
}
