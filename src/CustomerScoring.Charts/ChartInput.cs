using System.Globalization;

namespace CustomerScoring.Charts;

/// <summary>Argument checks shared by the charts that take plain arrays; messages name the parameter, position and value.</summary>
internal static class ChartInput
{
    public static void CheckSameLength(int expected, string expectedName, int actual, string actualName)
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{actualName}' has {actual} entries but '{expectedName}' has {expected}; give one entry per customer in each."),
                actualName);
        }
    }

    public static void CheckNotEmpty(int length, string name)
    {
        if (length == 0)
        {
            throw new ArgumentException("No customers: there is nothing to chart.", name);
        }
    }

    /// <summary>Every value finite and within [min, max].</summary>
    public static void CheckRange(ReadOnlySpan<double> values, double min, double max, string name)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!(v >= min && v <= max) || !double.IsFinite(v))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"'{name}' has {v} at customer position {i}; values must be finite and between {min} and {max}."),
                    name);
            }
        }
    }

    /// <summary>Every value a finite whole number of at least 0 (a repeat-purchase count).</summary>
    public static void CheckCounts(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!(v >= 0) || !double.IsFinite(v) || Math.Floor(v) != v)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"'{name}' has {v} at customer position {i}; a purchase count must be a whole number of at least 0."),
                    name);
            }
        }
    }
}
