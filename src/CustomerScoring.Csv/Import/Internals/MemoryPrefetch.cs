using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace CustomerScoring.Csv;

/// <summary>
/// A hint that a memory location is read soon. A prefetch, unlike a load, does not hold the instructions behind it until
/// the data arrives, so a block of lookups in a large table puts many cache misses in flight at once (a loaded value,
/// even unused, holds the processor's reorder buffer: a handful of misses overlap, not a block's). No-op where the
/// processor offers no prefetch instruction to .NET.
/// </summary>
internal static unsafe class MemoryPrefetch
{
    /// <summary>Prefetches the cache line of <paramref name="location"/> into all cache levels. The address is not
    /// pinned: should the garbage collector move the array meanwhile, the hint is merely wasted (a prefetch never faults).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch<T>(ref T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref location));
        }
    }
}
