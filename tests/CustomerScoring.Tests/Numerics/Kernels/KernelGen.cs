using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerScoring.Tests.Numerics.Kernels;

/// <summary>Generators shared by the kernel property tests.</summary>
internal static class KernelGen
{
    /// <summary>Span lengths: 0, 1 and lengths around one to four vector widths, or any length up to 8 widths + 5.</summary>
    public static Gen<int> Length
    {
        get
        {
            int w = Vector<double>.Count;
            return Gen.OneOf(
                Gen.Elements(0, 1, w - 1, w, w + 1, (2 * w) - 1, 2 * w, (2 * w) + 1, (3 * w) + 1, (4 * w) + 3),
                Gen.Choose(0, (8 * w) + 5));
        }
    }

    /// <summary>A positive model parameter, log-uniform in [0.05, 20].</summary>
    public static Gen<double> Parameter => Gen.Choose(0, 10_000).Select(i => 0.05 * Math.Pow(400.0, i / 10_000.0));

    /// <summary>
    /// n customers (x, t_x, T): x mostly 0..40 with heavy buyers up to 10,000, T in 0.01..10,000, t_x in (0, T] when
    /// x &gt; 0 and 0 otherwise; T is sometimes 0 (a customer seen today).
    /// </summary>
    public static Gen<(double[] X, double[] Tx, double[] T)> Customers(int n) =>
        from rows in Gen.ArrayOf(
            from x in Gen.Frequency((8, Gen.Choose(0, 40)), (1, Gen.Elements(0, 33, 100, 999, 10_000)))
            from ti in Gen.Frequency((1, Gen.Constant(0)), (9, Gen.Choose(1, 1_000_000)))
            from fi in Gen.Choose(1, 1000)
            let t = x > 0 ? Math.Max(ti, 1) / 100.0 : ti / 100.0
            select (X: (double)x, Tx: x == 0 ? 0.0 : t * fi / 1000.0, T: t),
            n)
        select (rows.Select(r => r.X).ToArray(), rows.Select(r => r.Tx).ToArray(), rows.Select(r => r.T).ToArray());

    /// <summary>True when every value has the same bits as the reference (so NaN matches NaN and 0 does not match −0).</summary>
    public static bool Identical(ReadOnlySpan<double> actual, ReadOnlySpan<double> reference)
    {
        for (int i = 0; i < reference.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(actual[i]) != BitConverter.DoubleToInt64Bits(reference[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when every value is within <paramref name="relative"/> of the reference, relatively (with an absolute floor
    /// of 1e-300 for values that underflow), or has the same bits (the same NaN or infinity).
    /// </summary>
    public static bool Close(ReadOnlySpan<double> actual, ReadOnlySpan<double> reference, double relative)
    {
        for (int i = 0; i < reference.Length; i++)
        {
            double a = actual[i], r = reference[i];
            if (!(a.Equals(r) || Math.Abs(a - r) <= Math.Max(relative * Math.Abs(r), 1e-300)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The position and values of the largest relative difference, for failure messages.</summary>
    public static string WorstDifference(ReadOnlySpan<double> actual, ReadOnlySpan<double> reference)
    {
        int worst = -1;
        double largest = -1;
        for (int i = 0; i < reference.Length; i++)
        {
            if (!actual[i].Equals(reference[i]))
            {
                double relative = Math.Abs(actual[i] - reference[i]) / Math.Abs(reference[i]);
                if (!(relative <= largest))
                {
                    worst = i;
                    largest = relative;
                }
            }
        }

        return worst < 0 ? "identical" : $"position {worst} of {reference.Length}: {actual[worst]:R} vs reference {reference[worst]:R} (relative {largest:G3})";
    }
}
