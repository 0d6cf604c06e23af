using CustomerScoring.Numerics;
using Xunit;

namespace CustomerScoring.Tests.Numerics;

/// <summary>The digit count that the scorecard writer and the key map's numeric ids size their text by.</summary>
public class DecimalDigitsTests
{
    [Fact]
    public void Digit_counts_are_the_lengths_of_ToString()
    {
        // Every power of ten and its neighbours (where the bit-length guess is one short), then random magnitudes.
        var values = new List<ulong> { 0, ulong.MaxValue, ulong.MaxValue - 1 };
        ulong power = 1;
        for (int k = 0; k <= 19; k++, power *= 10)
        {
            values.AddRange([power - 1, power, power + 1, (power * 2) - 1, power / 2]);
        }

        var rng = new Random(3);
        for (int i = 0; i < 200_000; i++)
        {
            values.Add((ulong)rng.NextInt64() >> rng.Next(64));
        }

        foreach (ulong v in values)
        {
            Assert.Equal(v.ToString(System.Globalization.CultureInfo.InvariantCulture).Length, DecimalDigits.Count(v));
        }
    }
}
