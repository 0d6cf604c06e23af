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
/// Terms that depend on x only (Γ, B and ψ values) are computed once per distinct x.
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
        for (int g = 0; g < starts.Length - 1; g++)
        {
            int begin = starts[g], end = starts[g + 1];
            double x = xs[begin];
            double rx = r + x;
            bool second = modified || x > 0.0;
            double bx = b + x + shift; // B(a, b + x [+1])
            double kDen = modified ? b + x : b + x - 1.0;
            double constant = SpecialFunctions.GammaLn(rx) - lnGammaR + (r * logAlpha)
                + SpecialFunctions.GammaLn(a) + SpecialFunctions.GammaLn(bx) - SpecialFunctions.GammaLn(a + bx) - lnBetaAB;
            double logK = second ? logA - Math.Log(kDen) : 0.0;
            double dConstR = 0.0, dConstA = 0.0, dConstB = 0.0;
            if (wantGradient)
            {
                double psiABx = SpecialFunctions.DiGamma(a + bx);
                dConstR = SpecialFunctions.DiGamma(rx) - psiR + logAlpha;
                dConstA = psiAB - psiABx;
                dConstB = SpecialFunctions.DiGamma(bx) - psiABx - psiB + psiAB;
            }

            double groupWeight = 0.0;
            for (int i = begin; i < end; i++)
            {
                double w = ws[i];
                int ti = tIndex[i];
                double lT = logT[ti];
                double a1 = -rx * lT;
                double lse, w1, w2, lTx, iTx;
                if (second)
                {
                    int xi = txIndex[i];
                    lTx = logTx[xi];
                    iTx = invTx[xi];
                    // ln(e^a1 + e^a2) = max + ln(1 + e^-|a1-a2|): one exponential and one logarithm per row.
                    double a2 = logK - (rx * lTx);
                    double e = Math.Exp(-Math.Abs(a1 - a2));
                    double share = 1.0 / (1.0 + e); // the larger term's share of the sum
                    lse = Math.Max(a1, a2) + Math.Log(1.0 + e);
                    (w1, w2) = a1 >= a2 ? (share, e * share) : (e * share, share);
                }
                else
                {
                    lTx = 0.0;
                    iTx = 0.0;
                    lse = a1;
                    w1 = 1.0;
                    w2 = 0.0;
                }

                total += w * lse;
                groupWeight += w;
                if (wantGradient)
                {
                    gR -= w * ((w1 * lT) + (w2 * lTx));
                    gAlpha -= w * rx * ((w1 * invT[ti]) + (w2 * iTx));
                    gA += w * w2 / a;
                    if (second)
                    {
                        gB -= w * w2 / kDen;
                    }
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
