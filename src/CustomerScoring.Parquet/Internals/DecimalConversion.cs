namespace CustomerScoring.Parquet.Internals;

/// <summary>Decimal to double, rounded to nearest (the double a decimal text parser gives for the same digits).</summary>
internal static class DecimalConversion
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// The double nearest to <paramref name="value"/>. When the unscaled integer fits in 53 bits and the scale is
    /// at most 22 (every amount with cents, for example), both are exact doubles and one IEEE division rounds
    /// correctly; otherwise the runtime's conversion.
    /// </summary>
    public static double ToDouble(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        int scale = (bits[3] >> 16) & 0xFF;
        ulong low = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        if (bits[2] == 0 && low < (1UL << 53) && scale <= 22)
        {
            double result = low / PowersOfTen[scale];
            return bits[3] < 0 ? -result : result;
        }

        return (double)value;
    }
}
