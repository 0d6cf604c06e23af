using System.Numerics;
using CustomerScoring.Numerics.Parallelism;
using MathNet.Numerics;

namespace CustomerScoring.Clv;

/// <summary>
/// Log-likelihood and analytic gradient of the Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987),
/// parameters (r, α, s, β), in the form of Fader &amp; Hardie's note "A Note on Deriving the Pareto/NBD Model".
/// </summary>
/// <remarks>
/// <para>
/// L = Γ(r+x)αʳβˢ/Γ(r) · Q, Q = (α+T)^-(r+x)(β+T)^-s + s·∫ from t_x to T of (α+τ)^-(r+x)(β+τ)^-(s+1) dτ.
/// The integral equals [H(t_x) − H(T)]/(r+s+x) with H(y) = 2F1(r+s+x, b; r+s+x+1; z(y)) / (max(α,β)+y)^(r+s+x),
/// (b = s+1, z = (α−β)/(α+y) when α ≥ β; b = r+x, z = (β−α)/(β+y) otherwise; the published A₀).
/// </para>
/// <para>
/// Stable form used here: Euler's transformation 2F1(a,b;a+1;z) = (1−z)^(1−b)·E, E = 2F1(1, a+1−b; a+1; z)
/// = Σ (d)ₙ/(c)ₙ zⁿ, gives for α ≥ β: H(y) = (α+y)^-(r+x)(β+y)^-s·E(r+x, r+s+x+1, z), and for α &lt; β:
/// H(y) = (α+y)^-(r+x−1)(β+y)^-(s+1)·E(s+1, r+s+x+1, z). The series has positive terms whose ratio is below z &lt; 1,
/// so it neither overflows for heavy buyers (the raw 2F1 terms grow like (1−z)^-(r+x)) nor cancels; every factor is
/// taken in logs. The remaining subtraction H(t_x) − H(T) of two positive numbers loses at most the absolute amount
/// ε·s·H(T)/(r+s+x) ≤ ε·(α+T)^-(r+x)(β+T)^-s, i.e. ε times the first term of Q, so Q keeps full relative precision.
/// The parameter derivatives of ln E are series too (term-by-term differentiation), which gives the analytic gradient.
/// </para>
/// </remarks>
internal static class ParetoNbdLikelihood
{
    /// <summary>
    /// Terms of the series before it is declared out of range: 100,000 sum it for z up to about 1 − 5e-4 (β/α or α/β
    /// ≥ 5e-4 at y = 0). Beyond that ln E is NaN, which a fit treats as outside the parameter space (a boundary:
    /// dropout far faster or slower than purchasing) and a prediction reports as not finite, instead of spending
    /// minutes on one evaluation.
    /// </summary>
    private const int MaxTerms = 100_000;

    /// <summary>Total weighted log-likelihood; writes ∂LL/∂(r, α, s, β) into <paramref name="gradient"/> when not empty.</summary>
    /// <remarks>
    /// H depends on the row only through (x, y), y = t_x or T: it is computed once per distinct (x, y) of the rows
    /// (<see cref="CompressedRows.GroupValues"/>), the series of neighbouring y in vector lanes (<see cref="LogHLanes"/>),
    /// ln(α + T) and ln(β + T) once per distinct T. Then the rows' terms are summed by pieces of at most
    /// <see cref="CompressedRows.PieceRows"/> rows within a group (<see cref="CompressedRows.Pieces"/>), each from zero, and
    /// the pieces of a group are added in row order, then the groups in order. From
    /// <see cref="BetaGeometricLikelihood.ParallelRows"/> rows the groups' H and the pieces run side by side; the pieces are
    /// the same whatever the number of threads, so the value depends on the rows alone.
    /// </remarks>
    public static double Evaluate(CompressedRows rows, double r, double alpha, double s, double beta, Span<double> gradient)
    {
        bool wantGradient = !gradient.IsEmpty;
        int[] starts = rows.GroupStart;
        CompressedRows.GroupValueTable values = rows.GroupValues;
        double[] ys = values.Values;
        int[] valueStart = values.GroupStart, txSlot = values.TxSlot, tSlot = values.TSlot;
        double[] distinctT = rows.DistinctT;
        int[] tIndex = rows.TIndex;
        double[] xs = rows.X, ts = rows.T, ws = rows.Weight;

        // ln(α + T) and ln(β + T) once per distinct T; H and its derivatives once per distinct (x, y) of each group.
        var lAT = new double[distinctT.Length];
        var lBT = new double[distinctT.Length];
        for (int j = 0; j < distinctT.Length; j++)
        {
            lAT[j] = Math.Log(alpha + distinctT[j]);
            lBT[j] = Math.Log(beta + distinctT[j]);
        }

        var logH = new double[ys.Length];
        var dH = new double[4 * ys.Length];
        int groups = starts.Length - 1;
        bool sideBySide = rows.Count >= BetaGeometricLikelihood.ParallelRows && Environment.ProcessorCount > 1;
        void ForEach(int count, Action<int> body)
        {
            if (sideBySide && count > 1)
            {
                ParallelWork.For(count, body, CancellationToken.None);
                return;
            }

            for (int i = 0; i < count; i++)
            {
                body(i);
            }
        }

        ForEach(groups, grp =>
        {
            double x = xs[starts[grp]];
            int j = valueStart[grp];
            if (Vector.IsHardwareAccelerated)
            {
                for (; j <= valueStart[grp + 1] - Vector<double>.Count; j += Vector<double>.Count)
                {
                    LogHLanes(r, alpha, s, beta, x, ys.AsSpan(j, Vector<double>.Count), logH.AsSpan(j, Vector<double>.Count), dH.AsSpan(4 * j, 4 * Vector<double>.Count));
                }
            }

            for (; j < valueStart[grp + 1]; j++)
            {
                logH[j] = LogH(r, alpha, s, beta, x, ys[j], wantGradient ? dH.AsSpan(4 * j, 4) : default);
            }
        });

        (int Group, int Begin, int End)[] pieces = rows.Pieces;
        var pieceSums = new double[6 * pieces.Length]; // per piece: Σw·ln Q, Σw, Σw·∂ln Q/∂(r, α, s, β)
        var terms = new RowTerms(r, alpha, s, beta, xs, ts, ws, tIndex, txSlot, tSlot, lAT, lBT, logH, dH, wantGradient);
        ForEach(pieces.Length, p =>
        {
            (int grp, int begin, int end) = pieces[p];
            terms.Sum(begin, end, valueStart[grp], pieceSums.AsSpan(6 * p, 6));
        });

        double lnGammaR = SpecialFunctions.GammaLn(r);
        double psiR = SpecialFunctions.DiGamma(r);
        double logAlpha = Math.Log(alpha), logBeta = Math.Log(beta);
        double all = 0.0, gR = 0.0, gAlpha = 0.0, gS = 0.0, gBeta = 0.0;
        int piece = 0;
        for (int grp = 0; grp < groups; grp++)
        {
            double x = xs[starts[grp]];
            double total = 0.0, weight = 0.0, g0 = 0.0, g1 = 0.0, g2 = 0.0, g3 = 0.0;
            for (; piece < pieces.Length && pieces[piece].Group == grp; piece++)
            {
                ReadOnlySpan<double> sums = pieceSums.AsSpan(6 * piece, 6);
                total += sums[0];
                weight += sums[1];
                g0 += sums[2];
                g1 += sums[3];
                g2 += sums[4];
                g3 += sums[5];
            }

            all += total + (weight * (SpecialFunctions.GammaLn(r + x) - lnGammaR + (r * logAlpha) + (s * logBeta)));
            if (wantGradient)
            {
                gR += g0 + (weight * (SpecialFunctions.DiGamma(r + x) - psiR + logAlpha));
                gAlpha += g1 + (weight * r / alpha);
                gS += g2 + (weight * logBeta);
                gBeta += g3 + (weight * s / beta);
            }
        }

        if (wantGradient)
        {
            gradient[0] = gR;
            gradient[1] = gAlpha;
            gradient[2] = gS;
            gradient[3] = gBeta;
        }

        return all;
    }

    /// <summary>What the rows' terms ln Q of one evaluation read: the parameters, the rows, and the per-value tables.</summary>
    private sealed record RowTerms(
        double R, double Alpha, double S, double Beta, double[] Xs, double[] Ts, double[] Ws, int[] TIndex, int[] TxSlot, int[] TSlot,
        double[] LAT, double[] LBT, double[] LogH, double[] DH, bool WantGradient)
    {
        /// <summary>
        /// Σw·ln Q, Σw and Σw·∂ln Q/∂(r, α, s, β) over rows <paramref name="begin"/>..<paramref name="end"/> of one group (whose
        /// values start at <paramref name="first"/>) into <paramref name="sums"/>: <see cref="Vector{T}"/> lanes of rows (the
        /// logarithm and exponentials of <see cref="Vector"/>, a few ulp from Math's), lane sums added in lane order, then
        /// the rows of the tail (and any block with an H that is not a number, the series out of range) by <see cref="LogQ(double, double, double, double, double, double, double, double, double, ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double})"/>.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Sum(int begin, int end, int first, Span<double> sums)
        {
            double r = R, alpha = Alpha, s = S, beta = Beta;
            double x = Xs[begin];
            double rx = r + x, a = r + s + x, sa = s / a, aa = a * a;
            int width = Vector<double>.Count;
            Span<double> lanes = stackalloc double[13 * width];
            Span<double> rowGrad = stackalloc double[4];
            Vector<double> vTotal = Vector<double>.Zero, vWeight = Vector<double>.Zero;
            Vector<double> v0 = Vector<double>.Zero, v1 = Vector<double>.Zero, v2 = Vector<double>.Zero, v3 = Vector<double>.Zero;
            double total = 0.0, weight = 0.0, g0 = 0.0, g1 = 0.0, g2 = 0.0, g3 = 0.0;
            int i = begin;
            if (Vector.IsHardwareAccelerated)
            {
                for (; i <= end - width; i += width)
                {
                    for (int lane = 0; lane < width; lane++)
                    {
                        int row = i + lane, ti = TIndex[row], hx = first + TxSlot[row], hT = first + TSlot[row];
                        lanes[lane] = LAT[ti];
                        lanes[width + lane] = LBT[ti];
                        lanes[(2 * width) + lane] = LogH[hx];
                        lanes[(3 * width) + lane] = LogH[hT];
                        if (WantGradient)
                        {
                            for (int k = 0; k < 4; k++)
                            {
                                lanes[((5 + k) * width) + lane] = DH[(4 * hx) + k];
                                lanes[((9 + k) * width) + lane] = DH[(4 * hT) + k];
                            }
                        }
                    }

                    var lAT = new Vector<double>(lanes[..width]);
                    var lBT = new Vector<double>(lanes.Slice(width, width));
                    var logHx = new Vector<double>(lanes.Slice(2 * width, width));
                    var logHT = new Vector<double>(lanes.Slice(3 * width, width));
                    if (!Vector.EqualsAll(logHx, logHx) || !Vector.EqualsAll(logHT, logHT))
                    {
                        break; // an H out of range (NaN): these rows and the rest by the scalar code, which carries the NaN
                    }

                    Vector<double> logF = (new Vector<double>(-rx) * lAT) - (new Vector<double>(s) * lBT);
                    Vector<double> m = Vector.Max(logF, logHx);
                    Vector<double> f = Vector.Exp(logF - m);
                    Vector<double> hxe = Vector.Exp(logHx - m);
                    Vector<double> hTe = Vector.Exp(logHT - m);
                    Vector<double> diff = Vector.Max(hxe - hTe, Vector<double>.Zero);
                    Vector<double> q = f + (new Vector<double>(sa) * diff);
                    var w = new Vector<double>(Ws.AsSpan(i, width));
                    vTotal += w * (m + Vector.Log(q));
                    vWeight += w;
                    if (WantGradient)
                    {
                        var t = new Vector<double>(Ts.AsSpan(i, width));
                        Vector<double> vsa = new(sa);
                        Vector<double> wq = w / q;
                        v0 += wq * ((f * -lAT) + (vsa * ((hxe * new Vector<double>(lanes.Slice(5 * width, width))) - (hTe * new Vector<double>(lanes.Slice(9 * width, width)))))
                            + (new Vector<double>(-s / aa) * diff));
                        v1 += wq * ((f * (new Vector<double>(-rx) / (new Vector<double>(alpha) + t))) + (vsa * ((hxe * new Vector<double>(lanes.Slice(6 * width, width))) - (hTe * new Vector<double>(lanes.Slice(10 * width, width))))));
                        v2 += wq * ((f * -lBT) + (vsa * ((hxe * new Vector<double>(lanes.Slice(7 * width, width))) - (hTe * new Vector<double>(lanes.Slice(11 * width, width)))))
                            + (new Vector<double>(rx / aa) * diff));
                        v3 += wq * ((f * (new Vector<double>(-s) / (new Vector<double>(beta) + t))) + (vsa * ((hxe * new Vector<double>(lanes.Slice(8 * width, width))) - (hTe * new Vector<double>(lanes.Slice(12 * width, width))))));
                    }
                }

                for (int lane = 0; lane < width; lane++)
                {
                    total += vTotal[lane];
                    weight += vWeight[lane];
                    g0 += v0[lane];
                    g1 += v1[lane];
                    g2 += v2[lane];
                    g3 += v3[lane];
                }
            }

            for (; i < end; i++)
            {
                double w = Ws[i];
                int hx = first + TxSlot[i], hT = first + TSlot[i], ti = TIndex[i];
                double logQ = LogQ(
                    r, alpha, s, beta, x, Ts[i], LAT[ti], LBT[ti],
                    LogH[hx], DH.AsSpan(4 * hx, 4), LogH[hT], DH.AsSpan(4 * hT, 4), WantGradient ? rowGrad : default);
                total += w * logQ;
                weight += w;
                if (WantGradient)
                {
                    g0 += w * rowGrad[0];
                    g1 += w * rowGrad[1];
                    g2 += w * rowGrad[2];
                    g3 += w * rowGrad[3];
                }
            }

            sums[0] = total;
            sums[1] = weight;
            sums[2] = g0;
            sums[3] = g1;
            sums[4] = g2;
            sums[5] = g3;
        }
    }

    /// <summary>Log-likelihood of one customer.</summary>
    public static double Single(double r, double alpha, double s, double beta, double x, double tx, double t) =>
        SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + (r * Math.Log(alpha)) + (s * Math.Log(beta))
        + LogQ(r, alpha, s, beta, x, tx, t, default);

    /// <summary>P(alive at T) = first term of Q / Q.</summary>
    public static double ProbabilityAlive(double r, double alpha, double s, double beta, double x, double tx, double t)
    {
        double logF = (-(r + x) * Math.Log(alpha + t)) - (s * Math.Log(beta + t));
        double logQ = LogQ(r, alpha, s, beta, x, tx, t, default);
        return Math.Min(1.0, Math.Exp(logF - logQ));
    }

    /// <summary>ln Q and, when <paramref name="gradient"/> is not empty, ∂ln Q/∂(r, α, s, β).</summary>
    internal static double LogQ(double r, double alpha, double s, double beta, double x, double tx, double t, Span<double> gradient)
    {
        bool wantGradient = !gradient.IsEmpty;
        Span<double> dHx = stackalloc double[4];
        Span<double> dHT = stackalloc double[4];
        double logHx = LogH(r, alpha, s, beta, x, tx, wantGradient ? dHx : default);
        double logHT = LogH(r, alpha, s, beta, x, t, wantGradient ? dHT : default);
        return LogQ(r, alpha, s, beta, x, t, Math.Log(alpha + t), Math.Log(beta + t), logHx, dHx, logHT, dHT, gradient);
    }

    /// <summary>
    /// ln Q from ln H(t_x), ln H(T) and their gradients (the likelihood computes them once per distinct (x, y)) and
    /// ln(α + T), ln(β + T); the gradient when <paramref name="gradient"/> is not empty.
    /// </summary>
    private static double LogQ(double r, double alpha, double s, double beta, double x, double t, double lAT, double lBT, double logHx, ReadOnlySpan<double> dHx, double logHT, ReadOnlySpan<double> dHT, Span<double> gradient)
    {
        bool wantGradient = !gradient.IsEmpty;
        double a = r + s + x;
        double logF = (-(r + x) * lAT) - (s * lBT);
        double m = Math.Max(logF, logHx);
        double f = Math.Exp(logF - m);
        double hx = Math.Exp(logHx - m);
        double hT = Math.Exp(logHT - m);
        double diff = Math.Max(hx - hT, 0.0);
        double sa = s / a;
        double q = f + (sa * diff);
        double logQ = m + Math.Log(q);
        if (wantGradient)
        {
            Span<double> dF = stackalloc double[4];
            dF[0] = -lAT;
            dF[1] = -(r + x) / (alpha + t);
            dF[2] = -lBT;
            dF[3] = -s / (beta + t);
            for (int k = 0; k < 4; k++)
            {
                gradient[k] = ((f * dF[k]) + (sa * ((hx * dHx[k]) - (hT * dHT[k])))) / q;
            }

            gradient[0] += -s / (a * a) * diff / q;
            gradient[2] += (r + x) / (a * a) * diff / q;
        }

        return logQ;
    }

    /// <summary>ln H(y) (see the remarks) and its gradient in (r, α, s, β).</summary>
    internal static double LogH(double r, double alpha, double s, double beta, double x, double y, Span<double> gradient)
    {
        double c = r + s + x + 1.0;
        double lA = Math.Log(alpha + y), lB = Math.Log(beta + y);
        if (alpha >= beta)
        {
            double z = (alpha - beta) / (alpha + y);
            double logE = LogE(r + x, c, z, out double ed, out double ec, out double ez);
            if (!gradient.IsEmpty)
            {
                gradient[0] = -lA + ed + ec;
                gradient[1] = (-(r + x) / (alpha + y)) + (ez * (beta + y) / ((alpha + y) * (alpha + y)));
                gradient[2] = -lB + ec;
                gradient[3] = (-s / (beta + y)) - (ez / (alpha + y));
            }

            return (-(r + x) * lA) - (s * lB) + logE;
        }
        else
        {
            double z = (beta - alpha) / (beta + y);
            double logE = LogE(s + 1.0, c, z, out double ed, out double ec, out double ez);
            if (!gradient.IsEmpty)
            {
                gradient[0] = -lA + ec;
                gradient[1] = (-(r + x - 1.0) / (alpha + y)) - (ez / (beta + y));
                gradient[2] = -lB + ed + ec;
                gradient[3] = (-(s + 1.0) / (beta + y)) + (ez * (alpha + y) / ((beta + y) * (beta + y)));
            }

            return (-(r + x - 1.0) * lA) - ((s + 1.0) * lB) + logE;
        }
    }

    /// <summary>
    /// <see cref="LogH"/> with its gradient for one <see cref="Vector{T}"/> of values y (same x): the series of the lanes
    /// share d, c and each term's coefficient ratio and run in lock-step until every lane has converged (a lane that
    /// converged early adds terms below its tolerance). Lane j's gradient goes to <c>gradient[4j .. 4j+3]</c>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void LogHLanes(double r, double alpha, double s, double beta, double x, ReadOnlySpan<double> ys, Span<double> logH, Span<double> gradient)
    {
        int width = Vector<double>.Count;
        double c = r + s + x + 1.0;
        bool alphaLarger = alpha >= beta;
        double d = alphaLarger ? r + x : s + 1.0;
        var y = new Vector<double>(ys);
        Vector<double> big = new Vector<double>(alphaLarger ? alpha : beta) + y;
        Vector<double> z = new Vector<double>(Math.Abs(alpha - beta)) / big;
        Vector<double> term = Vector<double>.One, sum = Vector<double>.One, sumD = Vector<double>.Zero, sumC = Vector<double>.Zero, sumZ = Vector<double>.Zero;
        double harmonicD = 0.0, harmonicC = 0.0;
        bool converged = false;
        for (int n = 0; n < MaxTerms; n++)
        {
            harmonicD += 1.0 / (d + n);
            harmonicC += 1.0 / (c + n);
            double ratio = (d + n) / (c + n);
            sumZ += new Vector<double>((n + 1) * ratio) * term;
            term *= new Vector<double>(ratio) * z;
            sum += term;
            sumD += term * new Vector<double>(harmonicD);
            sumC -= term * new Vector<double>(harmonicC);
            if (Vector.LessThanOrEqualAll(term * new Vector<double>((n + 2) * (1.0 + harmonicD + harmonicC)), new Vector<double>(1e-17) * sum))
            {
                converged = true;
                break;
            }
        }

        Vector<double> logE = Vector.Log(sum);
        Vector<double> ed = sumD / sum, ec = sumC / sum, ez = sumZ / sum;
        for (int lane = 0; lane < width; lane++)
        {
            double yy = ys[lane];
            double lA = Math.Log(alpha + yy), lB = Math.Log(beta + yy);
            Span<double> g = gradient.Slice(4 * lane, 4);
            if (!converged)
            {
                logH[lane] = double.NaN;
                g.Fill(double.NaN);
                continue;
            }

            if (alphaLarger)
            {
                g[0] = -lA + ed[lane] + ec[lane];
                g[1] = (-(r + x) / (alpha + yy)) + (ez[lane] * (beta + yy) / ((alpha + yy) * (alpha + yy)));
                g[2] = -lB + ec[lane];
                g[3] = (-s / (beta + yy)) - (ez[lane] / (alpha + yy));
                logH[lane] = (-(r + x) * lA) - (s * lB) + logE[lane];
            }
            else
            {
                g[0] = -lA + ec[lane];
                g[1] = (-(r + x - 1.0) / (alpha + yy)) - (ez[lane] / (beta + yy));
                g[2] = -lB + ed[lane] + ec[lane];
                g[3] = (-(s + 1.0) / (beta + yy)) + (ez[lane] * (alpha + yy) / ((beta + yy) * (beta + yy)));
                logH[lane] = (-(r + x - 1.0) * lA) - ((s + 1.0) * lB) + logE[lane];
            }
        }
    }

    /// <summary>
    /// ln E for E = 2F1(1, d; c; z) = Σₙ (d)ₙ/(c)ₙ zⁿ (0 &lt; d &lt; c, 0 ≤ z &lt; 1), with ∂ln E/∂d, ∂ln E/∂c, ∂ln E/∂z.
    /// </summary>
    internal static double LogE(double d, double c, double z, out double dLogEdD, out double dLogEdC, out double dLogEdZ)
    {
        double term = 1.0, sum = 1.0, sumD = 0.0, sumC = 0.0, sumZ = 0.0, harmonicD = 0.0, harmonicC = 0.0;
        for (int n = 0; n < MaxTerms; n++)
        {
            harmonicD += 1.0 / (d + n);
            harmonicC += 1.0 / (c + n);
            double ratio = (d + n) / (c + n);
            sumZ += (n + 1) * term * ratio;
            term *= ratio * z;
            sum += term;
            sumD += term * harmonicD;
            sumC -= term * harmonicC;
            if (term * (n + 2) * (1.0 + harmonicD + harmonicC) <= 1e-17 * sum)
            {
                dLogEdD = sumD / sum;
                dLogEdC = sumC / sum;
                dLogEdZ = sumZ / sum;
                return Math.Log(sum);
            }
        }

        dLogEdD = dLogEdC = dLogEdZ = double.NaN;
        return double.NaN;
    }
}
