using System.Numerics;
using System.Runtime.CompilerServices;

namespace CustomerScoring.Numerics.Functions;

/// <summary>
/// The 2F1 power series of <see cref="Hypergeometric2F1.Series"/> for one customer per <see cref="Vector{T}"/> lane,
/// summed in lock-step until every active lane has converged; <see cref="SeriesMany"/> sums it for several z at once.
/// </summary>
/// <remarks>
/// <para>Each lane performs exactly the scalar recurrence (the same operations in the same order, no fused
/// multiply-add) and keeps the partial sum of the term where the scalar loop returns, so every lane equals
/// <see cref="Hypergeometric2F1.Series"/> bit for bit.</para>
/// <para>The running sum is never masked: the lane's result is captured from it while the lane is active. This keeps
/// the convergence test off the loop-carried dependency chain (the term and the sum each wait on one operation per
/// term, not on the test of the previous term).</para>
/// </remarks>
internal static class HypergeometricSeriesKernel
{
    private const int MaxTerms = 500_000;

    private const double RelativeTolerance = 1e-17;

    /// <summary>Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ per lane; lanes outside <paramref name="active"/> (all bits clear) return 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector<double> Series(Vector<double> a, Vector<double> b, Vector<double> c, Vector<double> z, Vector<long> active)
    {
        Vector<double> term = Vector<double>.One;
        Vector<double> running = Vector<double>.One;
        Vector<double> result = Vector<double>.One;
        Vector<double> tolerance = new(RelativeTolerance);
        for (int n = 0; n < MaxTerms && active != Vector<long>.Zero; n++)
        {
            term *= Ratio(a, b, c, n) * z;
            running += term;
            result = Vector.ConditionalSelect(active, running, result);
            Vector<long> done = Vector.Equals(term, Vector<double>.Zero);
            if (n > 2)
            {
                done |= Vector.LessThanOrEqual(Vector.Abs(term), tolerance * Vector.Abs(running));
            }

            active = Vector.AndNot(active, done);
        }

        return result;
    }

    /// <summary>
    /// <see cref="Series"/> for each zₖ in <paramref name="z"/> with the same a, b, c: the coefficient ratio of each term
    /// (and its division) is computed once for all k. <paramref name="active"/>[k] selects the lanes summed for zₖ and is
    /// cleared on return; <paramref name="term"/> and <paramref name="running"/> are scratch of the same length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SeriesMany(Vector<double> a, Vector<double> b, Vector<double> c, ReadOnlySpan<Vector<double>> z, Span<Vector<long>> active, Span<Vector<double>> term, Span<Vector<double>> running, Span<Vector<double>> result)
    {
        int count = z.Length;
        bool any = false;
        for (int k = 0; k < count; k++)
        {
            term[k] = Vector<double>.One;
            running[k] = Vector<double>.One;
            result[k] = Vector<double>.One;
            any |= active[k] != Vector<long>.Zero;
        }

        Vector<double> tolerance = new(RelativeTolerance);
        for (int n = 0; n < MaxTerms && any; n++)
        {
            Vector<double> ratio = Ratio(a, b, c, n);
            any = false;
            for (int k = 0; k < count; k++)
            {
                Vector<long> on = active[k];
                if (on == Vector<long>.Zero)
                {
                    continue;
                }

                Vector<double> t = term[k] * (ratio * z[k]);
                Vector<double> s = running[k] + t;
                term[k] = t;
                running[k] = s;
                result[k] = Vector.ConditionalSelect(on, s, result[k]);
                Vector<long> done = Vector.Equals(t, Vector<double>.Zero);
                if (n > 2)
                {
                    done |= Vector.LessThanOrEqual(Vector.Abs(t), tolerance * Vector.Abs(s));
                }

                on = Vector.AndNot(on, done);
                active[k] = on;
                any |= on != Vector<long>.Zero;
            }
        }
    }

    /// <summary>The scalar reference: <see cref="Hypergeometric2F1.Series"/> per lane, 1 in inactive lanes.</summary>
    public static Vector<double> SeriesReference(Vector<double> a, Vector<double> b, Vector<double> c, Vector<double> z, Vector<long> active)
    {
        Span<double> result = stackalloc double[Vector<double>.Count];
        for (int lane = 0; lane < result.Length; lane++)
        {
            result[lane] = active[lane] != 0 ? Hypergeometric2F1.Series(a[lane], b[lane], c[lane], z[lane]) : 1.0;
        }

        return new Vector<double>(result);
    }

    /// <summary>(a+n)(b+n) / ((c+n)(n+1)), evaluated as the scalar series does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Ratio(Vector<double> a, Vector<double> b, Vector<double> c, int n)
    {
        Vector<double> vn = new(n);
        return (a + vn) * (b + vn) / ((c + vn) * new Vector<double>(n + 1));
    }
}
