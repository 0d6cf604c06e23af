using CustomerScoring.Transactions;

namespace CustomerScoring.Summaries;

/// <summary>
/// A mergeable summary of part of the transactions: summarize parts separately (on other threads,
/// processes or days), <see cref="Merge"/> them in any order, and <see cref="ToSummaries"/> gives exactly
/// the summary of all the rows together (sums up to floating-point rounding).
/// </summary>
/// <remarks>
/// <para>Besides the per-customer totals a partial keeps the sorted set of distinct (customer, period)
/// pairs, which is what makes distinct period counts exact under any split: its size is that of the
/// distinct customer-periods. For a one-shot summary of data you hold in memory, use
/// <see cref="Summarizer"/>, which needs no such set.</para>
/// <para>Immutable: <see cref="Merge"/> returns a new partial.</para>
/// </remarks>
public sealed class PartialSummary
{
    private readonly SummaryState _state;
    private readonly long[] _calibrationKeys;
    private readonly long[] _holdoutKeys;

    private PartialSummary(SummaryOptions options, SummaryState state, long[] calibrationKeys, long[] holdoutKeys)
    {
        Options = options;
        _state = state;
        _calibrationKeys = calibrationKeys;
        _holdoutKeys = holdoutKeys;
    }

    /// <summary>The options shared by every partial that merges with this one.</summary>
    public SummaryOptions Options { get; }

    /// <summary>The number of input rows this partial has seen (used, holdout and excluded).</summary>
    public long RowCount => _state.CalibrationRows + _state.HoldoutRows + _state.ExcludedRows;

    /// <summary>Summarizes some batches into a partial.</summary>
    /// <param name="batches">The batches of this part.</param>
    /// <param name="options">The observation window and units; every merged partial must use equal options.</param>
    public static PartialSummary Create(IReadOnlyList<TransactionBatch> batches, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(options);
        var window = new SummaryWindow(options);
        int space = Summarizer.IndexSpace(batches, 0);
        var state = new SummaryState(window, space);
        var calibration = new List<long>();
        var holdout = new List<long>();
        foreach (TransactionBatch batch in batches)
        {
            state.HasMargins |= batch.HasMargins;
            var (c, h, e) = state.Accumulate(batch, 0, space);
            state.CalibrationRows += c;
            state.HoldoutRows += h;
            state.ExcludedRows += e;
            ReadOnlySpan<int> index = batch.CustomerIndex;
            ReadOnlySpan<DateTime> time = batch.Timestamps;
            for (int i = 0; i < index.Length; i++)
            {
                int day = (int)(time[i].Ticks / TimeSpan.TicksPerDay);
                if (day <= window.EndDay)
                {
                    calibration.Add(PeriodKey.Of(index[i], window.PeriodOfDay(day)));
                }
                else if (day <= window.HoldoutEndDay)
                {
                    holdout.Add(PeriodKey.Of(index[i], window.PeriodOfDay(day)));
                }
            }
        }

        return new PartialSummary(options, state, SortedDistinct(calibration.ToArray()), SortedDistinct(holdout.ToArray()));
    }

    /// <summary>Summarizes one batch into a partial.</summary>
    public static PartialSummary Create(TransactionBatch batch, SummaryOptions options) => Create([batch], options);

    /// <summary>Combines this partial with another one of disjoint rows.</summary>
    /// <exception cref="ArgumentException">The partials were made with different options.</exception>
    public PartialSummary Merge(PartialSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Options != Options)
        {
            throw new ArgumentException($"Cannot merge partials made with different options: {Options} and {other.Options}.", nameof(other));
        }

        int space = Math.Max(_state.CustomerCount, other._state.CustomerCount);
        var state = new SummaryState(_state.Window, space)
        {
            HasMargins = _state.HasMargins || other._state.HasMargins,
            CalibrationRows = _state.CalibrationRows + other._state.CalibrationRows,
            HoldoutRows = _state.HoldoutRows + other._state.HoldoutRows,
            ExcludedRows = _state.ExcludedRows + other._state.ExcludedRows,
        };
        MergeInto(state.Calibration, _state.Calibration, other._state.Calibration);
        if (state.Holdout is { } h)
        {
            MergeInto(h, _state.Holdout!, other._state.Holdout!);
        }

        return new PartialSummary(Options, state, MergeSorted(_calibrationKeys, other._calibrationKeys), MergeSorted(_holdoutKeys, other._holdoutKeys));
    }

    /// <summary>The summaries of all rows merged into this partial.</summary>
    public CustomerSummaries ToSummaries()
    {
        // Work on a copy so that the partial stays immutable.
        var state = new SummaryState(_state.Window, _state.CustomerCount)
        {
            HasMargins = _state.HasMargins,
            CalibrationRows = _state.CalibrationRows,
            HoldoutRows = _state.HoldoutRows,
            ExcludedRows = _state.ExcludedRows,
        };
        _state.Calibration.AsSpan(0, _state.CustomerCount).CopyTo(state.Calibration);
        SummaryState.ApplyDistinctCounts(state.Calibration, _calibrationKeys);
        if (state.Holdout is { } h)
        {
            _state.Holdout!.AsSpan(0, _state.CustomerCount).CopyTo(h);
            SummaryState.ApplyDistinctCounts(h, _holdoutKeys);
        }

        return state.ToSummaries(Options);
    }

    /// <inheritdoc />
    public override string ToString() => $"PartialSummary: {RowCount:N0} rows, {_calibrationKeys.Length:N0} distinct customer-periods";

    private static void MergeInto(Accumulator[] target, Accumulator[] a, Accumulator[] b)
    {
        for (int c = 0; c < target.Length; c++)
        {
            Accumulator x = c < a.Length ? a[c] : default;
            Accumulator y = c < b.Length ? b[c] : default;
            target[c] = Accumulator.Merge(x, y);
        }
    }

    private static long[] SortedDistinct(long[] keys)
    {
        Array.Sort(keys);
        int n = keys.Length == 0 ? 0 : 1;
        for (int i = 1; i < keys.Length; i++)
        {
            if (keys[i] != keys[n - 1])
            {
                keys[n++] = keys[i];
            }
        }

        return keys[..n];
    }

    private static long[] MergeSorted(long[] a, long[] b)
    {
        var result = new long[a.Length + b.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length || j < b.Length)
        {
            long next = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (n == 0 || result[n - 1] != next)
            {
                result[n++] = next;
            }
        }

        return result[..n];
    }
}
