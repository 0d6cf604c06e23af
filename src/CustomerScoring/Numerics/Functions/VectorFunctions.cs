using System.Numerics;
using System.Runtime.CompilerServices;

namespace CustomerScoring.Numerics.Functions;

/// <summary>
/// Lane-wise counterparts of <see cref="LogSpace"/> helpers over <see cref="Vector{T}"/> of double, built on
/// <see cref="Vector.Exp(Vector{double})"/> and <see cref="Vector.Log(Vector{double})"/>. Those differ from
/// <see cref="Math.Exp"/> and <see cref="Math.Log(double)"/> by at most a few units in the last place (measured: 2 and
/// 3 ulp), so results agree with the scalar helpers to a few ulp, not bit for bit.
/// </summary>
internal static class VectorFunctions
{
    /// <summary>
    /// Lane-wise <see cref="LogSpace.ExpM1"/> given <paramref name="u"/> = eˣ: Kahan's (u − 1)·x / ln u for |x| ≤ 0.5
    /// (the rounding error of u cancels between numerator and denominator; x where u = 1), u − 1 beyond.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> ExpM1(Vector<double> x, Vector<double> u)
    {
        Vector<double> um1 = u - Vector<double>.One;
        Vector<double> kahan = um1 * x / Vector.Log(u);
        Vector<double> small = Vector.ConditionalSelect(Vector.Equals(u, Vector<double>.One), x, kahan);
        return Vector.ConditionalSelect(Vector.GreaterThan(Vector.Abs(x), new Vector<double>(0.5)), um1, small);
    }
}
