using System.Numerics;
using CustomerScoring.Numerics.Functions;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;

namespace CustomerScoring.Tests.Numerics.Kernels;

/// <summary>The lock-step 2F1 series against <see cref="Hypergeometric2F1.Series"/> lane by lane: exact equality.</summary>
public sealed class HypergeometricSeriesKernelTests
{
    [Property(MaxTest = 300)]
    public Property Every_active_lane_equals_the_scalar_series_bit_for_bit() =>
        Prop.ForAll(
            Arb.From(
                from lanes in Gen.ArrayOf(
                    from a in Gen.Choose(-4000, 4000).Select(i => i / 100.0)
                    from b in Gen.Choose(-4000, 4000).Select(i => i / 100.0)
                    from c in Gen.Choose(1, 8000).Select(i => (i / 100.0) + 0.005)
                    from z in Gen.Choose(-750, 900).Select(i => i / 1000.0)
                    from enabled in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
                    select (a, b, c, z, enabled),
                    Vector<double>.Count)
                select lanes),
            lanes =>
            {
                var a = new Vector<double>(lanes.Select(l => l.a).ToArray());
                var b = new Vector<double>(lanes.Select(l => l.b).ToArray());
                var c = new Vector<double>(lanes.Select(l => l.c).ToArray());
                var z = new Vector<double>(lanes.Select(l => l.z).ToArray());
                var active = new Vector<long>(lanes.Select(l => l.enabled ? -1L : 0L).ToArray());
                Vector<double> actual = HypergeometricSeriesKernel.Series(a, b, c, z, active);
                Vector<double> expected = HypergeometricSeriesKernel.SeriesReference(a, b, c, z, active);
                bool same = true;
                for (int i = 0; i < Vector<double>.Count; i++)
                {
                    same &= BitConverter.DoubleToInt64Bits(actual[i]) == BitConverter.DoubleToInt64Bits(expected[i]);
                }

                return same;
            });
}
