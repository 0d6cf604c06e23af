using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CustomerScoring.Summaries;

/// <summary>
/// An exact, order-independent sum of amounts: a 128-bit two's complement integer counting units of 2^-64. Adding
/// integers is associative, so the sum is the same bits for any row order, batch split or thread count; it is rounded to
/// a double once, at the end (<see cref="ToDouble()"/>, round to nearest even).
/// </summary>
/// <remarks>
/// <para>Every double with magnitude at least 2^-12 (about 0.000244) is a whole number of 2^-64 units, so for such
/// amounts the sum is the exact sum of the doubles. Smaller non-zero amounts are first rounded to the nearest multiple of
/// 2^-64 (5.4e-20): the same rounding whatever the order, so determinism holds for them too. Amounts must be finite and
/// smaller in magnitude than <see cref="MaxAmount"/> (2^62); a sum whose magnitude reaches 2^63 (about 9.2e18)
/// overflows, which the callers report (<see cref="AmountOverflowException"/>).</para>
/// <para>Two fields rather than <see cref="Int128"/>, which is 16-byte aligned and would pad the accumulators.</para>
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct ExactSum
{
    /// <summary>The low 64 bits of the sum in units of 2^-64.</summary>
    public ulong Lo;

    /// <summary>The high 64 bits (with the sign) of the sum in units of 2^-64.</summary>
    public long Hi;

    /// <summary>The exclusive bound on an amount's magnitude: 2^62.</summary>
    public const double MaxAmount = 4611686018427387904.0;

    /// <summary>Bits of the smallest amount of the fast path, 2^-12.</summary>
    internal const long FastLowBits = (1023L - 12) << 52;

    /// <summary>Bits of the first amount beyond the fast path, 2^52.</summary>
    internal const long FastHighBits = (1023L + 52) << 52;

    private const ulong MantissaMask = (1UL << 52) - 1;
    private const ulong ImplicitBit = 1UL << 52;

    /// <summary>The sum as an <see cref="Int128"/> in units of 2^-64.</summary>
    public readonly Int128 Value => new((ulong)Hi, Lo);

    /// <summary>Whether nothing (or only zeros) was added.</summary>
    public readonly bool IsZero => (Lo | (ulong)Hi) == 0;

    /// <summary>A sum holding <paramref name="value"/> units of 2^-64.</summary>
    public static ExactSum From(Int128 value) => new() { Lo = (ulong)value, Hi = (long)(value >> 64) };

    /// <summary>
    /// Whether <paramref name="bits"/> (the bits of a double) is a positive amount of the fast path, [2^-12, 2^52): what
    /// nearly every amount of money is. Negative amounts, zeros, tiny, huge and non-finite values take <see cref="TryScale"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFast(long bits) => (ulong)(bits - FastLowBits) < (ulong)(FastHighBits - FastLowBits);

    /// <summary>Adds a positive amount of the fast path (<see cref="IsFast"/>); returns false when the sum overflows (then unchanged).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool AddFast(long bits)
    {
        ulong m = ((ulong)bits & MantissaMask) | ImplicitBit;
        int s = (int)(bits >> 52) - 1011; // value = m * 2^(e - 1075); in units of 2^-64: m * 2^(e - 1011), s in [0, 64)
        ulong lo = m << s;
        long hi = (long)((m >> 1) >> (63 - s));
        ulong newLo = Lo + lo;
        long newHi = Hi + hi + (newLo < lo ? 1 : 0);
        if (newHi < Hi)
        {
            return false;
        }

        Lo = newLo;
        Hi = newHi;
        return true;
    }

    /// <summary>
    /// Converts any amount into units of 2^-64 (rounding amounts below 2^-12 to the nearest unit, ties to even); false for
    /// NaN, infinities and magnitudes of <see cref="MaxAmount"/> or more.
    /// </summary>
    public static bool TryScale(double amount, out Int128 units)
    {
        long bits = BitConverter.DoubleToInt64Bits(amount);
        int e = (int)((bits >> 52) & 0x7FF);
        if (e >= 1023 + 62)
        {
            units = default;
            return false;
        }

        Int128 magnitude;
        if (e == 0)
        {
            magnitude = 0; // zero or subnormal (below 2^-1022): far below one unit
        }
        else
        {
            ulong m = ((ulong)bits & MantissaMask) | ImplicitBit;
            int s = e - 1011;
            if (s >= 0)
            {
                magnitude = (Int128)m << s;
            }
            else if (s > -64)
            {
                int r = -s;
                ulong q = m >> r;
                ulong rest = m & ((1UL << r) - 1);
                ulong half = 1UL << (r - 1);
                q += (rest > half || (rest == half && (q & 1) == 1)) ? 1UL : 0UL;
                magnitude = q;
            }
            else
            {
                magnitude = 0; // below 2^-65: rounds to zero units
            }
        }

        units = bits < 0 ? -magnitude : magnitude;
        return true;
    }

    /// <summary>Adds <paramref name="units"/>; returns false when the sum overflows (then unchanged).</summary>
    public bool TryAdd(Int128 units) => TryAdd(From(units));

    /// <summary>Adds another sum; returns false when the sum overflows (then unchanged).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAdd(ExactSum other)
    {
        ulong lo = Lo + other.Lo;
        long hi = Hi + other.Hi + (lo < Lo ? 1 : 0);
        if (((Hi ^ hi) & (other.Hi ^ hi)) < 0)
        {
            return false; // both operands had one sign and the result has the other
        }

        Lo = lo;
        Hi = hi;
        return true;
    }

    /// <summary>The sum rounded once to the nearest double (ties to even).</summary>
    public readonly double ToDouble() => ToDouble(Lo, Hi);

    /// <summary>A count of 2^-64 units rounded once to the nearest double (ties to even).</summary>
    public static double ToDouble(Int128 units) => ToDouble((ulong)units, (long)(units >> 64));

    /// <summary>a - b rounded once (when the exact difference overflows 128 bits, which needs sums near 2^63 of opposite signs, each rounded first).</summary>
    public static double Difference(ExactSum a, ExactSum b)
    {
        ulong lo = a.Lo - b.Lo;
        long hi = a.Hi - b.Hi - (a.Lo < b.Lo ? 1 : 0);
        return ((a.Hi ^ b.Hi) & (a.Hi ^ hi)) < 0 ? a.ToDouble() - b.ToDouble() : ToDouble(lo, hi);
    }

    /// <summary>
    /// Rounds the 128-bit two's complement count (<paramref name="hi"/>, <paramref name="lo"/>) of 2^-64 units to the nearest
    /// double: the 63 leading bits of the magnitude with the rest folded into a sticky low bit convert to double exactly as
    /// the full value would round, and the power of two that scales them is exact.
    /// </summary>
    private static double ToDouble(ulong lo, long hi)
    {
        bool negative = hi < 0;
        ulong ml = lo;
        ulong mh = (ulong)hi;
        if (negative)
        {
            ml = 0UL - lo;
            mh = ~mh + (lo == 0 ? 1UL : 0UL); // -MinValue wraps to 2^127, which is right as unsigned
        }

        long leading;
        int exponent; // value = leading * 2^exponent
        if (mh != 0)
        {
            int lz = BitOperations.LeadingZeroCount(mh);
            ulong top = lz == 0 ? mh : (mh << lz) | (ml >> (64 - lz));
            ulong rest = ml << lz;
            leading = (long)(top >> 1) | (long)((top & 1) | (rest != 0 ? 1UL : 0UL));
            exponent = 1 - lz;
        }
        else if (ml == 0)
        {
            return 0.0;
        }
        else if ((long)ml >= 0)
        {
            leading = (long)ml;
            exponent = -64;
        }
        else
        {
            leading = (long)(ml >> 1) | (long)(ml & 1);
            exponent = -63;
        }

        double d = leading * BitConverter.Int64BitsToDouble((long)(exponent + 1023) << 52);
        return negative ? -d : d;
    }

    /// <summary>For tests: the count of units as a <see cref="BigInteger"/>.</summary>
    internal readonly BigInteger ToBigInteger() => (BigInteger)Value;
}
