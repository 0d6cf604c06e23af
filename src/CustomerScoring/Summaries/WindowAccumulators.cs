using System.Buffers;

namespace CustomerScoring.Summaries;

/// <summary>
/// The accumulators of one window (calibration or holdout) for every customer index: the hot and cold halves and, when
/// the input has margins, the margin sums. Arrays are rented when pooled (from the caller's <see cref="ScoringWorkspace"/>,
/// or else from <see cref="ArrayPool{T}.Shared"/> for the duration of the call), so that repeated summaries reuse memory that
/// is already mapped instead of faulting in fresh pages. Pooled arrays are not cleared when rented: whoever fills them
/// clears each range first (<see cref="ClearRange"/>).
/// </summary>
internal sealed class WindowAccumulators
{
    private readonly bool _pooled;
    private readonly ScoringWorkspace? _workspace;

    public WindowAccumulators(int customerCount, bool hasMargins, bool pooled, ScoringWorkspace? workspace = null)
    {
        _pooled = pooled;
        _workspace = workspace;
        Hot = Allocate<Accumulator>(customerCount, pooled, workspace);
        Cold = Allocate<AccumulatorCold>(customerCount, pooled, workspace);
        Margin = hasMargins ? Allocate<ExactSum>(customerCount, pooled, workspace) : null;
    }

    /// <summary>The fields every row updates; may be longer than the customer count when pooled or grown.</summary>
    public Accumulator[] Hot { get; private set; }

    /// <summary>The rarely written fields.</summary>
    public AccumulatorCold[] Cold { get; private set; }

    /// <summary>Exact margin sums, or null when the input has no margins.</summary>
    public ExactSum[]? Margin { get; private set; }

    /// <summary>The exact amount of customer <paramref name="c"/>'s first purchase period.</summary>
    public ExactSum FirstPeriodAmount(int c) => Hot[c].Periods <= 1 ? Hot[c].Total : Cold[c].FirstPeriodAmount;

    /// <summary>Gives pooled arrays back; the accumulators must not be used afterwards.</summary>
    public void Return()
    {
        if (_pooled)
        {
            ScoringWorkspace.Return(_workspace, Hot);
            ScoringWorkspace.Return(_workspace, Cold);
            if (Margin is { } m)
            {
                ScoringWorkspace.Return(_workspace, m);
            }
        }
    }

    /// <summary>
    /// Zeroes the accumulators of customer indices <paramref name="lo"/> to <paramref name="hi"/> (exclusive) when the
    /// arrays are pooled (rented arrays hold stale sums; new ones are zero already). The summarizer calls it on each
    /// thread for the range that thread accumulates, just before it adds rows: the first touch of fresh pages (a page fault
    /// each, costly on some virtual machines) is then shared by the threads, and the cleared lines are still in cache.
    /// </summary>
    public void ClearRange(int lo, int hi)
    {
        if (_pooled)
        {
            Array.Clear(Hot, lo, hi - lo);
            Array.Clear(Cold, lo, hi - lo);
            if (Margin is { } m)
            {
                Array.Clear(m, lo, hi - lo);
            }
        }
    }

    /// <summary>
    /// Makes room for customer indices <paramref name="count"/> - 1 and below, where <paramref name="used"/> indices are in
    /// use (non-pooled accumulators of a summary that learns its customers as it reads, see <see cref="StreamingSummary"/>):
    /// indices [<paramref name="used"/>, <paramref name="count"/>) are zeroed. An array too short is replaced by one
    /// <see cref="GrowthFactor"/> times longer, uninitialized, into which the used indices are copied: only the indices in
    /// use are ever written, so the pages of the unused capacity are not touched (a fresh page costs a fault and the
    /// kernel's zeroing), and the arrays outgrown hold about a third of the final count between them.
    /// </summary>
    public void Grow(int used, int count)
    {
        if (_pooled)
        {
            throw new InvalidOperationException("Pooled accumulators do not grow: their arrays go back to the pool.");
        }

        if (count > Hot.Length)
        {
            int capacity = (int)Math.Min(Array.MaxLength, Math.Max(count, Math.Max(MinimumGrowth, (long)Hot.Length * GrowthFactor)));
            Hot = Grown(Hot, used, capacity);
            Cold = Grown(Cold, used, capacity);
            Margin = Margin is null ? null : Grown(Margin, used, capacity);
        }

        Array.Clear(Hot, used, count - used);
        Array.Clear(Cold, used, count - used);
        if (Margin is { } m)
        {
            Array.Clear(m, used, count - used);
        }
    }

    /// <summary>How many times longer a grown array is than the one it replaces (see <see cref="Grow"/>).</summary>
    internal const int GrowthFactor = 4;

    /// <summary>The shortest array <see cref="Grow"/> makes.</summary>
    internal const int MinimumGrowth = 1 << 16;

    private static T[] Grown<T>(T[] old, int used, int capacity)
    {
        T[] grown = GC.AllocateUninitializedArray<T>(capacity);
        old.AsSpan(0, used).CopyTo(grown);
        return grown;
    }

    /// <summary>A new (zeroed) array, or a rented one with undefined contents (see <see cref="ClearRange"/>).</summary>
    private static T[] Allocate<T>(int count, bool pooled, ScoringWorkspace? workspace) =>
        pooled ? ScoringWorkspace.Rent<T>(workspace, count) : new T[count];
}
