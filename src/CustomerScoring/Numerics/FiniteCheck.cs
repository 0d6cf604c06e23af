using System.Globalization;
using CustomerScoring.Transactions;

namespace CustomerScoring.Numerics;

/// <summary>Argument checks shared by the ranking stages.</summary>
internal static class FiniteCheck
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the parameter, customer position and value of the first NaN or infinity.</summary>
    public static void ThrowIfNonFinite(ReadOnlySpan<double> values, string paramName)
    {
        int bad = Validation.IndexOfNonFinite(values);
        if (bad >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{paramName}' has a non-finite value {values[bad]} at customer position {bad}."), paramName);
        }
    }
}
