using System.Numerics;
using System.Runtime.CompilerServices;

namespace CustomerScoring.Numerics;

/// <summary>Decimal digits of whole numbers: how many a number has, and the powers of ten a <see cref="ulong"/> holds.</summary>
internal static class DecimalDigits
{
    /// <summary>10^0 .. 10^19: every power of ten a <see cref="ulong"/> holds.</summary>
    internal static readonly ulong[] PowersOfTen = [.. Enumerable.Range(0, 20).Select(d => Enumerable.Repeat(10UL, d).Aggregate(1UL, (p, t) => p * t))];

    /// <summary>10^0 .. 10^22 as doubles: every power of ten a double holds exactly.</summary>
    internal static readonly double[] ExactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>The count of decimal digits of <paramref name="value"/> (1 for zero), without a loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Count(ulong value)
    {
        // log10(2) ~ 1233 / 4096: a guess from the bit length that is exact or one short, mended by one comparison.
        int guess = ((64 - BitOperations.LeadingZeroCount(value | 1)) * 1233) >> 12;
        return guess + (value >= PowersOfTen[guess] ? 1 : 0) + (value == 0 ? 1 : 0);
    }
}
