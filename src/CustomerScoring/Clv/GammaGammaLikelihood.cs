using System.Numerics;
using CustomerScoring.Numerics.Sorting;
using MathNet.Numerics;

namespace CustomerScoring.Clv;

/// <summary>
/// The Gamma-Gamma log-likelihood over weighted unique (x, m) rows sorted by (x, m), grouped by x: the Γ and ψ terms, which
/// depend on x only, once per distinct x; ln m (no parameter) once per fit; per row and evaluation only ln(γ + m·x) and
/// 1/(γ + m·x), vectorized.
/// </summary>
/// <remarks>
/// Per group of equal x with total weight W, Σw·ln m = S and, per evaluation, Σw·ln(γ+mx) = D, Σw/(γ+mx) = V:
/// ln L = W·[lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + px ln x] + (px−1)·S − (px+q)·D;
/// ∂/∂p = x·(W·[ψ(px+q) − ψ(px) + ln x] + S − D), ∂/∂q = W·[ψ(px+q) − ψ(q) + ln γ] − D, ∂/∂γ = W·q/γ − (px+q)·V.
/// The rows are in (x, m) order and every sum runs in a fixed order, so the result does not depend on the customers' order.
/// </remarks>
internal sealed class GammaGammaLikelihood
{
    private readonly double[] _m;
    private readonly double[] _w;
    private readonly double[] _groupX;
    private readonly int[] _groupStart;
    private readonly double[] _groupWeight;
    private readonly double[] _groupLogM;
    private readonly double[] _groupLogX;

    private GammaGammaLikelihood(double[] m, double[] w, double[] groupX, int[] groupStart)
    {
        _m = m;
        _w = w;
        _groupX = groupX;
        _groupStart = groupStart;
        int groups = groupX.Length;
        _groupWeight = new double[groups];
        _groupLogM = new double[groups];
        _groupLogX = new double[groups];
        for (int g = 0; g < groups; g++)
        {
            double weight = 0.0, logM = 0.0;
            for (int i = groupStart[g]; i < groupStart[g + 1]; i++)
            {
                weight += w[i];
                logM += w[i] * Math.Log(m[i]);
            }

            _groupWeight[g] = weight;
            _groupLogM[g] = logM;
            _groupLogX[g] = Math.Log(groupX[g]);
        }
    }

    /// <summary>Unique rows.</summary>
    public int Count => _m.Length;

    /// <summary>A sample of these rows to start a fit from (<see cref="Numerics.Optimization.FitSample"/>); null when they are too few for one to pay.</summary>
    public GammaGammaLikelihood? FitSample()
    {
        int step = Numerics.Optimization.FitSample.Step(Count);
        if (step == 0)
        {
            return null;
        }

        int[] kept = Numerics.Optimization.FitSample.Select(_w, step, out double[] weight);
        var m = new double[kept.Length];
        var groupX = new List<double>();
        var starts = new List<int>();
        int group = 0;
        for (int j = 0; j < kept.Length; j++)
        {
            int i = kept[j];
            m[j] = _m[i];
            while (_groupStart[group + 1] <= i)
            {
                group++;
            }

            if (groupX.Count == 0 || groupX[^1] != _groupX[group])
            {
                groupX.Add(_groupX[group]);
                starts.Add(j);
            }
        }

        starts.Add(kept.Length);
        return new GammaGammaLikelihood(m, weight, [.. groupX], [.. starts]);
    }

    /// <summary>The customers with x &gt; 0 merged into weighted unique (x, m) rows, sorted by (x, m).</summary>
    /// <param name="frequency">x of every customer (validated).</param>
    /// <param name="monetary">m of every customer (validated: positive where x &gt; 0).</param>
    /// <param name="customers">The number of customers with x &gt; 0.</param>
    /// <param name="spendSum">The sum of their m, in (x, m) order.</param>
    public static GammaGammaLikelihood Compress(ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, out int customers, out double spendSum)
    {
        int n = 0;
        foreach (double x in frequency)
        {
            n += x != 0.0 ? 1 : 0;
        }

        var xs = new double[n];
        var ms = new double[n];
        for (int i = 0, k = 0; i < frequency.Length; i++)
        {
            if (frequency[i] != 0.0)
            {
                xs[k] = frequency[i];
                ms[k++] = monetary[i];
            }
        }

        int[] xRank = new int[n], mRank = new int[n];
        double[] distinctX = DenseRanks.Compute(xs, xRank);
        double[] distinctM = DenseRanks.Compute(ms, mRank);
        int mBits = DenseRanks.Bits(distinctM.Length);
        var keys = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            // At most 2^31 ranks each: the key fits in 62 bits.
            keys[i] = ((ulong)(uint)xRank[i] << mBits) | (uint)mRank[i];
        }

        RadixSort.Sort(keys, new ulong[n]);

        // Equal (x, m) pairs are adjacent keys now: count the rows and the x groups, then fill exact-size columns (not
        // lists grown and copied: at a million customers those were tens of megabytes of garbage).
        int rowCount = 0, groupCount = 0;
        for (int k = 0; k < n; k++)
        {
            if (k == 0 || keys[k] != keys[k - 1])
            {
                rowCount++;
                groupCount += k == 0 || (keys[k] >> mBits) != (keys[k - 1] >> mBits) ? 1 : 0;
            }
        }

        var rowM = new double[rowCount];
        var rowW = new double[rowCount];
        var groupX = new double[groupCount];
        var starts = new int[groupCount + 1];
        ulong mMask = mBits == 0 ? 0UL : ulong.MaxValue >> (64 - mBits);
        spendSum = 0.0;
        int row = -1, group = -1;
        for (int k = 0; k < n; k++)
        {
            double m = distinctM[(int)(keys[k] & mMask)];
            spendSum += m;
            if (k > 0 && keys[k] == keys[k - 1])
            {
                rowW[row] += 1.0;
                continue;
            }

            row++;
            if (k == 0 || (keys[k] >> mBits) != (keys[k - 1] >> mBits))
            {
                group++;
                groupX[group] = distinctX[(int)(keys[k] >> mBits)];
                starts[group] = row;
            }

            rowM[row] = m;
            rowW[row] = 1.0;
        }

        starts[groupCount] = rowCount;
        customers = n;
        return new GammaGammaLikelihood(rowM, rowW, groupX, starts);
    }

    /// <summary>Total weighted log-likelihood; ∂/∂(p, q, γ) into <paramref name="gradient"/> when it is not empty.</summary>
    public double Evaluate(double p, double q, double gamma, Span<double> gradient)
    {
        double total = 0.0, gp = 0.0, gq = 0.0, gg = 0.0;
        double lnGammaQ = SpecialFunctions.GammaLn(q), psiQ = SpecialFunctions.DiGamma(q), lnG = Math.Log(gamma);
        bool wantGradient = !gradient.IsEmpty;
        for (int g = 0; g < _groupX.Length; g++)
        {
            double x = _groupX[g], px = p * x, weight = _groupWeight[g], logM = _groupLogM[g], logX = _groupLogX[g];
            var (sumLog, sumInverse) = LogAndInverseSums(_m.AsSpan(_groupStart[g].._groupStart[g + 1]), _w.AsSpan(_groupStart[g].._groupStart[g + 1]), x, gamma);
            total += (weight * (SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) - lnGammaQ + (q * lnG) + (px * logX)))
                + ((px - 1.0) * logM) - ((px + q) * sumLog);
            if (wantGradient)
            {
                double psiPxq = SpecialFunctions.DiGamma(px + q);
                gp += x * ((weight * (psiPxq - SpecialFunctions.DiGamma(px) + logX)) + logM - sumLog);
                gq += (weight * (psiPxq - psiQ + lnG)) - sumLog;
                gg += (weight * q / gamma) - ((px + q) * sumInverse);
            }
        }

        if (wantGradient)
        {
            gradient[0] = gp;
            gradient[1] = gq;
            gradient[2] = gg;
        }

        return total;
    }

    /// <summary>Σ w·ln(γ + m·x) and Σ w/(γ + m·x), lane-wise then across lanes in a fixed order.</summary>
    private static (double SumLog, double SumInverse) LogAndInverseSums(ReadOnlySpan<double> m, ReadOnlySpan<double> w, double x, double gamma)
    {
        int i = 0;
        double sumLog = 0.0, sumInverse = 0.0;
        if (Vector.IsHardwareAccelerated && m.Length >= Vector<double>.Count)
        {
            var vx = new Vector<double>(x);
            var vg = new Vector<double>(gamma);
            Vector<double> accLog = Vector<double>.Zero, accInverse = Vector<double>.Zero;
            for (; i <= m.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                Vector<double> d = vg + (new Vector<double>(m[i..]) * vx);
                var vw = new Vector<double>(w[i..]);
                accLog += vw * Vector.Log(d);
                accInverse += vw / d;
            }

            for (int lane = 0; lane < Vector<double>.Count; lane++)
            {
                sumLog += accLog[lane];
                sumInverse += accInverse[lane];
            }
        }

        for (; i < m.Length; i++)
        {
            double d = gamma + (m[i] * x);
            sumLog += w[i] * Math.Log(d);
            sumInverse += w[i] / d;
        }

        return (sumLog, sumInverse);
    }
}
