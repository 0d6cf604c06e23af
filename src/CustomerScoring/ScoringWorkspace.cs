using System.Buffers;
using System.Runtime.CompilerServices;

namespace CustomerScoring;

/// <summary>
/// Scratch memory kept between repeated jobs: pass one workspace to repeated <c>Summarizer.Summarize</c>,
/// <c>RfmScorer.Score</c> and <c>ParetoAnalysis.Analyze</c> calls (or <c>CustomerScorecard.Build</c>) and the working buffers
/// those calls need (the per-customer accumulators of a summary, the sort keys and orders of RFM binning and the 80/20
/// analysis) are taken from it and given back to it, instead of being allocated anew. Dispose it when the jobs are done.
/// </summary>
/// <remarks>
/// <para>Opt-in: without a workspace every call works as well, from short-lived buffers. The results never live in a
/// workspace: summaries, RFM scores and 80/20 analyses are ordinary objects owned by the garbage collector, valid after the
/// workspace is disposed or reused.</para>
/// <para>A workspace serves one call at a time (a call may use it from several threads internally); two calls that run at the
/// same time need two workspaces. Results are bit for bit the same with or without one.</para>
/// </remarks>
public sealed class ScoringWorkspace : IDisposable
{
    private readonly List<(Array Array, long Bytes)> _retained = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>The bytes of scratch memory the workspace holds for the next call (0 before the first call and after disposal).</summary>
    public long RetainedBytes
    {
        get
        {
            lock (_lock)
            {
                long bytes = 0;
                foreach ((Array _, long b) in _retained)
                {
                    bytes += b;
                }

                return bytes;
            }
        }
    }

    /// <summary>Lets go of the retained buffers; the workspace cannot be passed to a call afterwards.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _retained.Clear();
        }
    }

    /// <summary>
    /// A scratch array of at least <paramref name="length"/> elements with undefined contents: from the workspace when one is
    /// given, otherwise from the shared array pool for the duration of the call. Give it back with <see cref="Return{T}"/>.
    /// </summary>
    internal static T[] Rent<T>(ScoringWorkspace? workspace, int length) =>
        workspace is null ? ArrayPool<T>.Shared.Rent(Math.Max(length, 1)) : workspace.Take<T>(length);

    /// <summary>Gives back an array of <see cref="Rent{T}"/> (to the same workspace, or to the shared pool).</summary>
    internal static void Return<T>(ScoringWorkspace? workspace, T[] array)
    {
        if (workspace is null)
        {
            ArrayPool<T>.Shared.Return(array);
        }
        else
        {
            workspace.Keep(array);
        }
    }

    /// <summary>Throws when the workspace has been disposed: checked by the public calls before they start.</summary>
    internal static void ThrowIfDisposed(ScoringWorkspace? workspace)
    {
        if (workspace is not null)
        {
            lock (workspace._lock)
            {
                ObjectDisposedException.ThrowIf(workspace._disposed, workspace);
            }
        }
    }

    private T[] Take<T>(int length)
    {
        length = Math.Max(length, 1);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // The smallest retained array of this type that is long enough.
            int best = -1;
            for (int i = 0; i < _retained.Count; i++)
            {
                Array a = _retained[i].Array;
                if (a.GetType() == typeof(T[]) && a.Length >= length && (best < 0 || a.Length < _retained[best].Array.Length))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                var found = (T[])_retained[best].Array;
                _retained.RemoveAt(best);
                return found;
            }
        }

        return GC.AllocateUninitializedArray<T>(length);
    }

    private void Keep<T>(T[] array)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            // Of several arrays of one type only the longest few are worth keeping: drop a shorter one the new array replaces.
            for (int i = 0; i < _retained.Count; i++)
            {
                Array a = _retained[i].Array;
                if (a.GetType() == typeof(T[]) && a.Length < array.Length && CountOf<T>() >= MaxPerType)
                {
                    _retained.RemoveAt(i);
                    break;
                }
            }

            if (CountOf<T>() < MaxPerType)
            {
                _retained.Add((array, (long)array.Length * Unsafe.SizeOf<T>()));
            }
        }
    }

    /// <summary>Arrays of one element type a call needs at once at most (accumulator halves of two windows, keys and scratch).</summary>
    private const int MaxPerType = 8;

    private int CountOf<T>()
    {
        int n = 0;
        foreach ((Array a, long _) in _retained)
        {
            n += a.GetType() == typeof(T[]) ? 1 : 0;
        }

        return n;
    }
}
