using System.Numerics;
using CustomerScoring.Numerics.Parallelism;
using MathNet.Numerics;

namespace CustomerScoring.Clv;

/// <summary>
/// Log-likelihood and analytic gradient of the BG/NBD (Fader, Hardie &amp; Lee 2005) and MBG/NBD
/// (Batislam, Denizel &amp; Filiztekin 2007) models, parameters (r, α, a, b).
/// </summary>
/// <remarks>
/// BG/NBD: L = Γ(r+x)αʳ/Γ(r) · B(a,b+x)/B(a,b) · [ (α+T)^-(r+x) + [x&gt;0]·a/(b+x-1)·(α+t_x)^-(r+x) ].
/// MBG/NBD: L = Γ(r+x)αʳ/Γ(r) · B(a,b+x+1)/B(a,b) · [ (α+T)^-(r+x) + a/(b+x)·(α+t_x)^-(r+x) ]
/// (the second term is present for x = 0 too: the customer may drop out right after the first purchase).
/// The bracket is summed in log space (log-sum-exp), so heavy buyers (x in the thousands) neither overflow nor underflow.
/// Terms that depend on x only (Γ, B and ψ values) are computed once per distinct x, ln(α + T) and ln(α + t_x) once per
/// distinct value; the rows of a group go through vector lanes (<see cref="TwoTermSums"/>).
/// </remarks>
internal static class BetaGeometricLikelihood
{
    /// <summary>Total weighted log-likelihood; writes ∂LL/∂(r, α, a, b) into <paramref name="gradient"/> when it is not empty.</summary>
    public static double Evaluate(CompressedRows rows, bool modified, double r, double alpha, double a, double b, Span<double> gradient)
    {
        double total = 0.0, gR = 0.0, gAlpha = 0.0, gA = 0.0, gB = 0.0;
        double logAlpha = Math.Log(alpha);
        double lnGammaR = SpecialFunctions.GammaLn(r);
        double psiR = SpecialFunctions.DiGamma(r);
        double psiB = SpecialFunctions.DiGamma(b);
        double psiAB = SpecialFunctions.DiGamma(a + b);
        double lnBetaAB = SpecialFunctions.GammaLn(a) + SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(a + b);
        double logA = Math.Log(a);
        bool wantGradient = !gradient.IsEmpty;
        double[] xs = rows.X, ws = rows.Weight;
        int[] tIndex = rows.TIndex, txIndex = rows.TxIndex;
        int[] starts = rows.GroupStart;
        double shift = modified ? 1.0 : 0.0;

        // ln(α + T), 1/(α + T) and the same for t_x once per distinct value (few: whole days or weeks), not per row.
        double[] table = System.Buffers.ArrayPool<double>.Shared.Rent(2 * (rows.DistinctT.Length + rows.DistinctTx.Length));
        Span<double> logT = table.AsSpan(0, rows.DistinctT.Length);
        Span<double> invT = table.AsSpan(logT.Length, logT.Length);
        Span<double> logTx = table.AsSpan(2 * logT.Length, rows.DistinctTx.Length);
        Span<double> invTx = table.AsSpan((2 * logT.Length) + logTx.Length, logTx.Length);
        FillLogAndInverse(rows.DistinctT, alpha, logT, invT);
        FillLogAndInverse(rows.DistinctTx, alpha, logTx, invTx);

        // The bracket sums of each piece of rows (CompressedRows.Pieces), on both cores when there are several.
        (int Group, int Begin, int End)[] pieces = rows.Pieces;
        var pieceSums = new RowSums[pieces.Length];
        int nT = rows.DistinctT.Length, nTx = rows.DistinctTx.Length;
        double KDenominator(double x) => modified ? b + x : b + x - 1.0; // of K = a / (b + x [- 1]) in the bracket's second term
        void SumPiece(int p)
        {
            (_, int begin, int end) = pieces[p];
            ReadOnlySpan<double> lT = table.AsSpan(0, nT), iT = table.AsSpan(nT, nT);
            double x = xs[begin];
            pieceSums[p] = modified || x > 0.0
                ? TwoTermSums(ws, tIndex, txIndex, lT, iT, table.AsSpan(2 * nT, nTx), table.AsSpan((2 * nT) + nTx, nTx), begin, end, r + x,
                    logA - Math.Log(KDenominator(x)))
                : OneTermSums(ws, tIndex, lT, iT, begin, end);
        }

        if (pieces.Length > 1 && xs.Length >= ParallelRows && Environment.ProcessorCount > 1)
        {
            ParallelWork.For(pieces.Length, SumPiece, CancellationToken.None);
        }
        else
        {
            for (int p = 0; p < pieces.Length; p++)
            {
                SumPiece(p);
            }
        }

        int piece = 0;
        for (int g = 0; g < starts.Length - 1; g++)
        {
            int begin = starts[g];
            double x = xs[begin];
            double rx = r + x;
            bool second = modified || x > 0.0;
            double bx = b + x + shift; // B(a, b + x [+1])
            double kDen = KDenominator(x);
            double constant = SpecialFunctions.GammaLn(rx) - lnGammaR + (r * logAlpha)
                + SpecialFunctions.GammaLn(a) + SpecialFunctions.GammaLn(bx) - SpecialFunctions.GammaLn(a + bx) - lnBetaAB;
            double dConstR = 0.0, dConstA = 0.0, dConstB = 0.0;
            if (wantGradient)
            {
                double psiABx = SpecialFunctions.DiGamma(a + bx);
                dConstR = SpecialFunctions.DiGamma(rx) - psiR + logAlpha;
                dConstA = psiAB - psiABx;
                dConstB = SpecialFunctions.DiGamma(bx) - psiABx - psiB + psiAB;
            }

            RowSums sums = pieceSums[piece++];
            while (piece < pieces.Length && pieces[piece].Group == g)
            {
                sums = sums.Plus(pieceSums[piece++]);
            }

            double groupWeight = sums.Weight;
            total += second ? sums.Log : -rx * sums.LogT;
            if (wantGradient)
            {
                gR -= sums.LogT;
                gAlpha -= rx * sums.InverseT;
                gA += sums.Second / a;
                if (second)
                {
                    gB -= sums.Second / kDen;
                }
            }

            total += groupWeight * constant;
            if (wantGradient)
            {
                gR += groupWeight * dConstR;
                gAlpha += groupWeight * r / alpha;
                gA += groupWeight * dConstA;
                gB += groupWeight * dConstB;
            }
        }

        System.Buffers.ArrayPool<double>.Shared.Return(table);
        if (wantGradient)
        {
            gradient[0] = gR;
            gradient[1] = gAlpha;
            gradient[2] = gA;
            gradient[3] = gB;
        }

        return total;
    }

    /// <summary>
    /// Weighted sums over a group's rows: Σw; Σw·ln(e^a1 + e^a2); Σw·(w1·ln(α+T) + w2·ln(α+t_x)); Σw·(w1/(α+T) + w2/(α+t_x));
    /// Σw·w2, with w1, w2 the two terms' shares of the bracket (w1 = 1, w2 = 0 for one-term rows).
    /// </summary>
    private readonly record struct RowSums(double Weight, double Log, double LogT, double InverseT, double Second)
    {
        public RowSums Plus(RowSums o) => new(Weight + o.Weight, Log + o.Log, LogT + o.LogT, InverseT + o.InverseT, Second + o.Second);
    }

    /// <summary>Compressed rows from which the pieces are summed side by side (below, one thread is faster).</summary>
    internal const int ParallelRows = 65_536;

    /// <summary>The sums of rows with one bracket term (BG/NBD, x = 0): the bracket is (α+T)^-r.</summary>
    private static RowSums OneTermSums(double[] ws, int[] tIndex, ReadOnlySpan<double> logT, ReadOnlySpan<double> invT, int begin, int end)
    {
        double weight = 0.0, sumLog = 0.0, sumInverse = 0.0;
        for (int i = begin; i < end; i++)
        {
            double w = ws[i];
            weight += w;
            sumLog += w * logT[tIndex[i]];
            sumInverse += w * invT[tIndex[i]];
        }

        return new RowSums(weight, 0.0, sumLog, sumInverse, 0.0);
    }

    /// <summary>
    /// The sums of rows with two bracket terms, a1 = −(r+x)·ln(α+T) and a2 = ln K − (r+x)·ln(α+t_x): lanes of
    /// <see cref="Vector{T}"/> (vector exponential and logarithm, a few ulp from the scalar ones), then a scalar tail; the
    /// lanes are added in a fixed order, so the sums depend only on the rows.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static RowSums TwoTermSums(double[] ws, int[] tIndex, int[] txIndex, ReadOnlySpan<double> logT, ReadOnlySpan<double> invT, ReadOnlySpan<double> logTx, ReadOnlySpan<double> invTx, int begin, int end, double rx, double logK)
    {
        double weight = 0.0, sumLog = 0.0, sumLogT = 0.0, sumInverse = 0.0, sumSecond = 0.0;
        int i = begin;
        int width = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated && end - begin >= width)
        {
            Span<double> lT = stackalloc double[width], iT = stackalloc double[width], lTx = stackalloc double[width], iTx = stackalloc double[width];
            Vector<double> accWeight = Vector<double>.Zero, accLog = Vector<double>.Zero, accLogT = Vector<double>.Zero, accInverse = Vector<double>.Zero, accSecond = Vector<double>.Zero;
            var vrx = new Vector<double>(rx);
            var vk = new Vector<double>(logK);
            for (; i <= end - width; i += width)
            {
                for (int lane = 0; lane < width; lane++)
                {
                    int ti = tIndex[i + lane], xi = txIndex[i + lane];
                    lT[lane] = logT[ti];
                    iT[lane] = invT[ti];
                    lTx[lane] = logTx[xi];
                    iTx[lane] = invTx[xi];
                }

                var w = new Vector<double>(ws.AsSpan(i, width));
                var vlT = new Vector<double>(lT);
                var vlTx = new Vector<double>(lTx);
                Vector<double> a1 = -vrx * vlT;
                Vector<double> a2 = vk - (vrx * vlTx);
                Vector<double> e = Vector.Exp(-Vector.Abs(a1 - a2));
                Vector<double> share = Vector<double>.One / (Vector<double>.One + e);
                Vector<double> lse = Vector.Max(a1, a2) + Vector.Log(Vector<double>.One + e);
                Vector<long> firstLarger = Vector.GreaterThanOrEqual(a1, a2);
                Vector<double> w1 = Vector.ConditionalSelect(firstLarger, share, e * share);
                Vector<double> w2 = Vector.ConditionalSelect(firstLarger, e * share, share);
                accWeight += w;
                accLog += w * lse;
                accLogT += w * ((w1 * vlT) + (w2 * vlTx));
                accInverse += w * ((w1 * new Vector<double>(iT)) + (w2 * new Vector<double>(iTx)));
                accSecond += w * w2;
            }

            for (int lane = 0; lane < width; lane++)
            {
                weight += accWeight[lane];
                sumLog += accLog[lane];
                sumLogT += accLogT[lane];
                sumInverse += accInverse[lane];
                sumSecond += accSecond[lane];
            }
        }

        for (; i < end; i++)
        {
            double w = ws[i];
            int ti = tIndex[i], xi = txIndex[i];
            double a1 = -rx * logT[ti];
            double a2 = logK - (rx * logTx[xi]);
            // ln(e^a1 + e^a2) = max + ln(1 + e^-|a1-a2|): one exponential and one logarithm per row.
            double e = Math.Exp(-Math.Abs(a1 - a2));
            double share = 1.0 / (1.0 + e); // the larger term's share of the sum
            double lse = Math.Max(a1, a2) + Math.Log(1.0 + e);
            var (w1, w2) = a1 >= a2 ? (share, e * share) : (e * share, share);
            weight += w;
            sumLog += w * lse;
            sumLogT += w * ((w1 * logT[ti]) + (w2 * logTx[xi]));
            sumInverse += w * ((w1 * invT[ti]) + (w2 * invTx[xi]));
            sumSecond += w * w2;
        }

        return new RowSums(weight, sumLog, sumLogT, sumInverse, sumSecond);
    }

    /// <summary>ln(α + v) and 1/(α + v) for each value v.</summary>
    private static void FillLogAndInverse(ReadOnlySpan<double> values, double alpha, Span<double> log, Span<double> inverse)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = alpha + values[i];
            log[i] = Math.Log(v);
            inverse[i] = 1.0 / v;
        }
    }

    /// <summary>Log-likelihood of one customer (used by the public per-customer method and the tests).</summary>
    public static double Single(bool modified, double r, double alpha, double a, double b, double x, double tx, double t)
    {
        double rx = r + x;
        double bx = b + x + (modified ? 1.0 : 0.0);
        double constant = SpecialFunctions.GammaLn(rx) - SpecialFunctions.GammaLn(r) + (r * Math.Log(alpha))
            + SpecialFunctions.GammaLn(bx) - SpecialFunctions.GammaLn(a + bx) - SpecialFunctions.GammaLn(b) + SpecialFunctions.GammaLn(a + b);
        double a1 = -rx * Math.Log(alpha + t);
        if (!modified && x == 0.0)
        {
            return constant + a1;
        }

        double kDen = modified ? b + x : b + x - 1.0;
        double a2 = Math.Log(a) - Math.Log(kDen) - (rx * Math.Log(alpha + tx));
        return constant + Numerics.Functions.LogSpace.Add(a1, a2);
    }
}
