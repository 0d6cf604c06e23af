using System.Buffers;

namespace CustomerScoring.Summaries;

/// <summary>
/// The accumulators of one window (calibration or holdout) for every customer index: the hot and cold halves and, when
/// the input has margins, the margin sums. Arrays are rented from <see cref="ArrayPool{T}.Shared"/> when pooled, so that
/// repeated summaries reuse memory that is already mapped instead of faulting in fresh pages.
/// </summary>
internal sealed class WindowAccumulators
{
    private readonly bool _pooled;

    public WindowAccumulators(int customerCount, bool hasMargins, bool pooled)
    {
        _pooled = pooled;
        Hot = Allocate<Accumulator>(customerCount, pooled);
        Cold = Allocate<AccumulatorCold>(customerCount, pooled);
        Margin = hasMargins ? Allocate<ExactSum>(customerCount, pooled) : null;
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
            ArrayPool<Accumulator>.Shared.Return(Hot);
            ArrayPool<AccumulatorCold>.Shared.Return(Cold);
            if (Margin is { } m)
            {
                ArrayPool<ExactSum>.Shared.Return(m);
            }
        }
    }

    private static T[] Allocate<T>(int count, bool pooled)
    {
        if (!pooled)
        {
            return new T[count];
        }

        T[] rented = ArrayPool<T>.Shared.Rent(count);
        Array.Clear(rented, 0, count);
        return rented;
    }
}
