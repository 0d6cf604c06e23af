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

    /// <summary>The fields every row updates; may be longer than the customer count when pooled.</summary>
    public Accumulator[] Hot { get; }

    /// <summary>The rarely written fields.</summary>
    public AccumulatorCold[] Cold { get; }

    /// <summary>Exact margin sums, or null when the input has no margins.</summary>
    public ExactSum[]? Margin { get; }

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

    /// <summary>A new (zeroed) array, or a rented one with undefined contents (see <see cref="ClearRange"/>).</summary>
    private static T[] Allocate<T>(int count, bool pooled, ScoringWorkspace? workspace) =>
        pooled ? ScoringWorkspace.Rent<T>(workspace, count) : new T[count];
}
