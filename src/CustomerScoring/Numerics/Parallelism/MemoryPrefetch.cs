using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace CustomerScoring.Numerics.Parallelism;

/// <summary>
/// A hint that a memory location is read soon, so that the cache misses of many independent accesses (a large table's
/// slots, a million customers' accumulators) are in flight together. A prefetch, unlike a load, does not hold the
/// instructions behind it until the data arrives: a loaded value, even unused, holds the processor's reorder buffer, so
/// only a handful of misses overlap. No-op where the processor offers no prefetch instruction to .NET.
/// </summary>
internal static unsafe class MemoryPrefetch
{
    /// <summary>Whether <see cref="Prefetch(void*)"/> does anything here (callers skip computing addresses otherwise).</summary>
    public static bool IsSupported => Sse.IsSupported;

    /// <summary>Prefetches the cache line of <paramref name="address"/> into all cache levels. Any address is allowed:
    /// a prefetch never faults.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(void* address)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(address);
        }
    }

    /// <summary>Prefetches the cache line of <paramref name="location"/>. The address is not pinned: should the garbage
    /// collector move the array meanwhile, the hint is merely wasted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch<T>(ref T location) => Prefetch(Unsafe.AsPointer(ref location));
}
