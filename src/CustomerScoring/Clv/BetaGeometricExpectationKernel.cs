using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CustomerScoring.Clv;
using CustomerScoring.Numerics.Functions;
using CustomerScoring.Numerics.Parallelism;

namespace CustomerScoring.Clv;

/// <summary>
/// Conditional expected purchases of BG/NBD and MBG/NBD over all customers, for one horizon
/// (<see cref="BetaGeometricPredictions.ExpectedPurchases"/>) and discounted over consecutive periods
/// (<see cref="BetaGeometricPredictions.DiscountedSum"/>): element-wise maps over blocks of <see cref="Vector{T}"/>
/// lanes, one customer per lane, with a scalar tail.
/// </summary>
/// <remarks>
/// <para>The cost of the scalar code is the 2F1 power series of the bracket (a division and a dependent multiply per
/// term, some 30 terms per customer and horizon). Here z, 1 − z and c are computed for a block of customers at once and
/// the series runs in lock-step over the lanes, bit-identical to the scalar series (<see cref="HypergeometricSeriesKernel"/>);
/// for the discounted sum the series of all periods run together, sharing each term's coefficient ratio, since only z
/// depends on the period. <see cref="Hypergeometric2F1.Evaluate"/> sums the series only for z ≤ 0.9; customers with a
/// larger z (a horizon long against α + T) go through the scalar code, as do the customers of the tail.</para>
/// <para>The bracket's ln(1−z), e^((a−1)ln(1−z)) and expm1 use <see cref="Vector.Log(Vector{double})"/> and
/// <see cref="Vector.Exp(Vector{double})"/> (a few ulp from the scalar functions, so results agree with
/// <see cref="ExpectedPurchasesReference"/> and <see cref="DiscountedSumReference"/> to about 1e-13 relative, not bit
/// for bit; the tests allow 1e-12). P(alive) stays scalar per lane: its log-odds multiply the logarithms' error by
/// r + x, and on the CI machine the vector logarithm was not faster per lane than <see cref="Math.Log(double)"/>.</para>
/// <para>The entry points are jitted fully optimized at once (<see cref="MethodImplOptions.AggressiveOptimization"/>):
/// a forecast calls them a dozen times, too few to leave tier-0 code, which is slower than the scalar loop.</para>
/// </remarks>
internal static class BetaGeometricExpectationKernel
{
    /// <summary>The half-width around a = 1 where the bracket is averaged (as in <see cref="BetaGeometricPredictions"/>).</summary>
    private const double Gap = 1e-7;

    /// <summary>The largest z for which <see cref="Hypergeometric2F1.Evaluate"/> sums the power series.</summary>
    private const double SeriesLimit = 0.9;

    /// <summary>destination[i] = E[Y(horizon) | x, t_x, T] of customer i; horizon ≥ 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExpectedPurchases(in BetaGeometricParameters p, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, double horizon, Span<double> destination)
    {
        int n = frequency.Length;
        if (horizon == 0.0)
        {
            destination[..n].Clear();
            return;
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<double>.Count;
            bool nearOne = Math.Abs(p.A - 1.0) < Gap;
            Span<double> alive = stackalloc double[width];
            ref double x0 = ref MemoryMarshal.GetReference(frequency);
            ref double t0 = ref MemoryMarshal.GetReference(age);
            ref double d0 = ref MemoryMarshal.GetReference(destination);
            for (; i <= n - width; i += width)
            {
                Vector<double> x = Vector.LoadUnsafe(ref x0, (nuint)i);
                Vector<double> t = Vector.LoadUnsafe(ref t0, (nuint)i);
                Alive(p, frequency, recency, age, i, alive);
                Vector<double> h = new(horizon);
                Vector<double> alphaT = new Vector<double>(p.Alpha) + t;
                Vector<double> denominator = alphaT + h;
                Vector<double> z = h / denominator;
                Vector<double> oneMinusZ = alphaT / denominator;
                Vector<long> series = Vector.LessThanOrEqual(z, new Vector<double>(SeriesLimit));
                Vector<double> unconditional = nearOne
                    ? new Vector<double>(0.5) * (Bracket(p, 1.0 + Gap, x, z, oneMinusZ, series) + Bracket(p, 1.0 - Gap, x, z, oneMinusZ, series))
                    : Bracket(p, p.A, x, z, oneMinusZ, series);
                Finish(unconditional, new Vector<double>(alive)).StoreUnsafe(ref d0, (nuint)i);
                if (series != Vector<long>.AllBitsSet)
                {
                    for (int lane = 0; lane < width; lane++)
                    {
                        if (series[lane] == 0)
                        {
                            int j = i + lane;
                            destination[j] = BetaGeometricPredictions.ExpectedPurchases(p.Modified, p.R, p.Alpha, p.A, p.B, frequency[j], recency[j], age[j], horizon);
                        }
                    }
                }
            }
        }

        for (; i < n; i++)
        {
            destination[i] = BetaGeometricPredictions.ExpectedPurchases(p.Modified, p.R, p.Alpha, p.A, p.B, frequency[i], recency[i], age[i], horizon);
        }
    }

    /// <summary>The scalar reference: <see cref="BetaGeometricPredictions.ExpectedPurchases"/> per customer.</summary>
    public static void ExpectedPurchasesReference(in BetaGeometricParameters p, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, double horizon, Span<double> destination)
    {
        for (int i = 0; i < frequency.Length; i++)
        {
            destination[i] = BetaGeometricPredictions.ExpectedPurchases(p.Modified, p.R, p.Alpha, p.A, p.B, frequency[i], recency[i], age[i], horizon);
        }
    }

    /// <summary>
    /// destination[i] = Σₖ (E[Y(tₖ)] − E[Y(tₖ₋₁)])·factors[k−1], k = 1..factors.Length, for customer i, with the increasing
    /// period ends tₖ = horizons[k−1] &gt; 0 (t₀ = 0); expectedAtEnd[i] = E[Y(tₙ)] unless <paramref name="expectedAtEnd"/> is empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DiscountedSum(in BetaGeometricParameters p, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> horizons, ReadOnlySpan<double> factors, Span<double> destination, Span<double> expectedAtEnd)
    {
        int n = frequency.Length;
        double[] sums = ArrayPool<double>.Shared.Rent(2 * n);
        try
        {
            Span<double> sum = sums.AsSpan(0, n), last = sums.AsSpan(n, n);
            BracketSums(p, frequency, age, horizons, factors, sum, last);
            for (int i = 0; i < n; i++)
            {
                double alive = BetaGeometricPredictions.ProbabilityAlive(p.Modified, p.R, p.Alpha, p.A, p.B, frequency[i], recency[i], age[i]);
                destination[i] = Finish(sum[i], alive);
                if (!expectedAtEnd.IsEmpty)
                {
                    expectedAtEnd[i] = Finish(last[i], alive);
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sums);
        }
    }

    /// <summary>
    /// <see cref="DiscountedSum"/> and P(alive) of every distinct row of <paramref name="rows"/> (on several threads when there
    /// are many): the brackets depend on (x, T) alone, so their sums are taken once per distinct (x, T)
    /// (<see cref="CompressedRows.Ages"/>: under a tenth of the rows at a million customers), and each row multiplies them by its own P(alive). The
    /// values are those of <see cref="DiscountedSum"/> on the rows (the pairs' blocks decide which few brackets the scalar
    /// tail computes, within 1e-13 of the vector lanes), and depend on the rows alone.
    /// </summary>
    public static void DiscountedRows(BetaGeometricParameters p, CompressedRows rows, double[] horizons, double[] factors, double[] value, double[] expectedAtEnd, double[] alive, CancellationToken cancellationToken)
    {
        CompressedRows.AgeTable ages = rows.Ages;
        int pairs = ages.X.Length, n = rows.Count;
        var sum = new double[pairs];
        var last = new double[pairs];
        int pairBlocks = (pairs + PairBlock - 1) / PairBlock;
        ParallelWork.ForBlocks(pairBlocks, b =>
        {
            Range block = (b * PairBlock)..Math.Min(pairs, (b + 1) * PairBlock);
            BracketSums(p, ages.X.AsSpan(block), ages.T.AsSpan(block), horizons, factors, sum.AsSpan(block), last.AsSpan(block));
        }, cancellationToken);

        int rowBlocks = (n + RowBlock - 1) / RowBlock;
        ParallelWork.ForBlocks(rowBlocks, b =>
        {
            int end = Math.Min(n, (b + 1) * RowBlock);
            for (int i = b * RowBlock; i < end; i++)
            {
                double a = BetaGeometricPredictions.ProbabilityAlive(p.Modified, p.R, p.Alpha, p.A, p.B, rows.X[i], rows.Tx[i], rows.T[i]);
                int pair = ages.PairOf[i];
                value[i] = Finish(sum[pair], a);
                if (expectedAtEnd.Length != 0)
                {
                    expectedAtEnd[i] = Finish(last[pair], a);
                }

                if (alive.Length != 0)
                {
                    alive[i] = a;
                }
            }
        }, cancellationToken);
    }

    /// <summary>Distinct (x, T) pairs per block of <see cref="DiscountedRows"/>.</summary>
    private const int PairBlock = 1 << 12;

    /// <summary>Rows per block of <see cref="DiscountedRows"/>.</summary>
    private const int RowBlock = 1 << 15;

    /// <summary>
    /// The part of <see cref="DiscountedSum"/> that depends on (x, T) alone, for entries (frequency[i], age[i]):
    /// sum[i] = Σₖ (Bₖ − Bₖ₋₁)·factors[k−1] over the brackets Bₖ (prefactor included, P(alive) not) and last[i] = Bₙ
    /// (<see cref="BetaGeometricPredictions.BracketSum"/>), in vector lanes; entries with z &gt; 0.9 at some period end, and
    /// the tail, by the scalar code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BracketSums(in BetaGeometricParameters p, ReadOnlySpan<double> frequency, ReadOnlySpan<double> age, ReadOnlySpan<double> horizons, ReadOnlySpan<double> factors, Span<double> sum, Span<double> last)
    {
        int n = frequency.Length;
        int periods = factors.Length;
        int width = Vector<double>.Count;
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= width && periods > 0)
        {
            bool nearOne = Math.Abs(p.A - 1.0) < Gap;
            Vector<double>[] vectors = ArrayPool<Vector<double>>.Shared.Rent(6 * periods);
            Vector<long>[] masks = ArrayPool<Vector<long>>.Shared.Rent(periods);
            try
            {
                Span<Vector<double>> z = vectors.AsSpan(0, periods), oneMinusZ = vectors.AsSpan(periods, periods);
                Span<Vector<double>> term = vectors.AsSpan(2 * periods, periods), running = vectors.AsSpan(3 * periods, periods);
                Span<Vector<double>> hyper = vectors.AsSpan(4 * periods, periods), current = vectors.AsSpan(5 * periods, periods);
                Span<Vector<long>> active = masks.AsSpan(0, periods);
                ref double x0 = ref MemoryMarshal.GetReference(frequency);
                ref double t0 = ref MemoryMarshal.GetReference(age);
                ref double s0 = ref MemoryMarshal.GetReference(sum);
                ref double l0 = ref MemoryMarshal.GetReference(last);
                for (; i <= n - width; i += width)
                {
                    Vector<double> x = Vector.LoadUnsafe(ref x0, (nuint)i);
                    Vector<double> t = Vector.LoadUnsafe(ref t0, (nuint)i);
                    Vector<double> alphaT = new Vector<double>(p.Alpha) + t;
                    Vector<long> scalar = Vector<long>.Zero;
                    for (int k = 0; k < periods; k++)
                    {
                        Vector<double> h = new(horizons[k]);
                        Vector<double> denominator = alphaT + h;
                        z[k] = h / denominator;
                        oneMinusZ[k] = alphaT / denominator;
                        scalar |= Vector.GreaterThan(z[k], new Vector<double>(SeriesLimit));
                    }

                    if (nearOne)
                    {
                        Brackets(p, 1.0 + Gap, x, scalar, z, oneMinusZ, active, term, running, hyper, current, add: false);
                        Brackets(p, 1.0 - Gap, x, scalar, z, oneMinusZ, active, term, running, hyper, current, add: true);
                    }
                    else
                    {
                        Brackets(p, p.A, x, scalar, z, oneMinusZ, active, term, running, hyper, current, add: false);
                    }

                    Vector<double> previous = Vector<double>.Zero, total = Vector<double>.Zero;
                    for (int k = 0; k < periods; k++)
                    {
                        total += (current[k] - previous) * new Vector<double>(factors[k]);
                        previous = current[k];
                    }

                    total.StoreUnsafe(ref s0, (nuint)i);
                    previous.StoreUnsafe(ref l0, (nuint)i);
                    if (scalar != Vector<long>.Zero)
                    {
                        for (int lane = 0; lane < width; lane++)
                        {
                            if (scalar[lane] != 0)
                            {
                                int j = i + lane;
                                sum[j] = BetaGeometricPredictions.BracketSum(p.Modified, p.R, p.Alpha, p.A, p.B, frequency[j], age[j], horizons, factors, out last[j]);
                            }
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<Vector<double>>.Shared.Return(vectors);
                ArrayPool<Vector<long>>.Shared.Return(masks);
            }
        }

        for (; i < n; i++)
        {
            sum[i] = BetaGeometricPredictions.BracketSum(p.Modified, p.R, p.Alpha, p.A, p.B, frequency[i], age[i], horizons, factors, out last[i]);
        }
    }

    /// <summary>The scalar reference: <see cref="BetaGeometricPredictions.DiscountedSum"/> per customer.</summary>
    public static void DiscountedSumReference(in BetaGeometricParameters p, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> horizons, ReadOnlySpan<double> factors, Span<double> destination, Span<double> expectedAtEnd)
    {
        for (int i = 0; i < frequency.Length; i++)
        {
            destination[i] = Scalar(p, frequency[i], recency[i], age[i], horizons, factors, expectedAtEnd, i);
        }
    }

    /// <summary><see cref="BetaGeometricPredictions.DiscountedSum"/> of one customer, storing E[Y(tₙ)] at <paramref name="position"/> when asked.</summary>
    private static double Scalar(in BetaGeometricParameters p, double x, double tx, double t, ReadOnlySpan<double> horizons, ReadOnlySpan<double> factors, Span<double> expectedAtEnd, int position)
    {
        double sum = BetaGeometricPredictions.DiscountedSum(p.Modified, p.R, p.Alpha, p.A, p.B, x, tx, t, horizons, factors, out double end);
        if (!expectedAtEnd.IsEmpty)
        {
            expectedAtEnd[position] = end;
        }

        return sum;
    }

    /// <summary>P(alive) of the customers of one block, with the scalar code (its logarithms are amplified by r + x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Alive(in BetaGeometricParameters p, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, int start, Span<double> alive)
    {
        for (int lane = 0; lane < alive.Length; lane++)
        {
            int j = start + lane;
            alive[lane] = BetaGeometricPredictions.ProbabilityAlive(p.Modified, p.R, p.Alpha, p.A, p.B, frequency[j], recency[j], age[j]);
        }
    }

    /// <summary>max(value·P(alive), 0), and 0 where P(alive) = 0 (the scalar code returns early there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Finish(Vector<double> value, Vector<double> alive) =>
        Vector.ConditionalSelect(Vector.Equals(alive, Vector<double>.Zero), Vector<double>.Zero, Vector.Max(value * alive, Vector<double>.Zero));

    /// <summary>max(value·P(alive), 0), and 0 where P(alive) = 0, as <see cref="BetaGeometricPredictions.DiscountedSum"/> finishes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Finish(double value, double alive) => alive == 0.0 ? 0.0 : Math.Max(value * alive, 0.0);

    /// <summary>
    /// Lane-wise <c>BetaGeometricPredictions.Bracket</c> at a = <paramref name="a"/> for the lanes in
    /// <paramref name="series"/> (z ≤ 0.9); the other lanes are left to the scalar code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Bracket(in BetaGeometricParameters p, double a, Vector<double> x, Vector<double> z, Vector<double> oneMinusZ, Vector<long> series)
    {
        Vector<double> c = C(p, a, x);
        Vector<double> first = c - new Vector<double>(p.R) - x;
        Vector<double> hyper = HypergeometricSeriesKernel.Series(first, new Vector<double>(a - 1.0), c, z, SeriesLanes(series, first, z));
        return Combine(c, a - 1.0, oneMinusZ, hyper);
    }

    /// <summary>
    /// The bracket at every period end for one block, at a = <paramref name="a"/>, into <paramref name="current"/>;
    /// with <paramref name="add"/> the mean of the values there and these (the average over a = 1 ± 1e-7).
    /// </summary>
    private static void Brackets(
        in BetaGeometricParameters p,
        double a,
        Vector<double> x,
        Vector<long> scalar,
        ReadOnlySpan<Vector<double>> z,
        ReadOnlySpan<Vector<double>> oneMinusZ,
        Span<Vector<long>> active,
        Span<Vector<double>> term,
        Span<Vector<double>> running,
        Span<Vector<double>> hyper,
        Span<Vector<double>> current,
        bool add)
    {
        Vector<double> c = C(p, a, x);
        Vector<double> first = c - new Vector<double>(p.R) - x;
        for (int k = 0; k < z.Length; k++)
        {
            active[k] = SeriesLanes(~scalar, first, z[k]);
        }

        HypergeometricSeriesKernel.SeriesMany(first, new Vector<double>(a - 1.0), c, z, active, term, running, hyper);
        for (int k = 0; k < z.Length; k++)
        {
            Vector<double> value = Combine(c, a - 1.0, oneMinusZ[k], hyper[k]);
            current[k] = add ? new Vector<double>(0.5) * (current[k] + value) : value;
        }
    }

    /// <summary>
    /// Lane-wise <see cref="BetaGeometricPredictions.Combine"/>: c/(a−1) · [−expm1((a−1) ln(1−z)) + (1−z)^(a−1) (1 − 2F1)],
    /// with the vector logarithm and exponential and one exponential for both powers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Combine(Vector<double> c, double aMinusOne, Vector<double> oneMinusZ, Vector<double> hyper)
    {
        Vector<double> power = new Vector<double>(aMinusOne) * Vector.Log(oneMinusZ);
        Vector<double> exp = Vector.Exp(power);
        Vector<double> bracket = -VectorFunctions.ExpM1(power, exp) + (exp * (Vector<double>.One - hyper));
        return c / new Vector<double>(aMinusOne) * bracket;
    }

    /// <summary>c = a + b + x − 1 (BG/NBD) or a + b + x (MBG/NBD), evaluated as the scalar code does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> C(in BetaGeometricParameters p, double a, Vector<double> x) =>
        p.Modified ? new Vector<double>(a + p.B) + x : new Vector<double>(a + p.B) + x - Vector<double>.One;

    /// <summary>
    /// The lanes that sum the series: <see cref="Hypergeometric2F1.Evaluate"/> returns 1 without one for z = 0 or a zero
    /// parameter (a − 1 is never 0 here: a = 1 is averaged over 1 ± 1e-7).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<long> SeriesLanes(Vector<long> series, Vector<double> first, Vector<double> z) =>
        Vector.AndNot(series, Vector.Equals(z, Vector<double>.Zero) | Vector.Equals(first, Vector<double>.Zero));
}
