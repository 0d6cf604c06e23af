using CustomerScoring.Transactions;

namespace CustomerScoring.Summaries;

/// <summary>
/// A mergeable summary of part of the transactions: summarize parts separately (on other threads,
/// processes or days), <see cref="Merge"/> them in any order, and <see cref="ToSummaries"/> gives exactly
/// the summary of all the rows together, bit for bit (sums are exact, see <see cref="Summarizer"/>).
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

    // With ReturnsPolicy.Net: the calibration returns as (customer, period) keys, sorted, with their exact amounts, so that
    // the returns of the repeat periods (RepeatReturns) are exact under any split.
    private readonly long[] _returnKeys;
    private readonly Int128[] _returnUnits;

    private PartialSummary(SummaryOptions options, SummaryState state, long[] calibrationKeys, long[] holdoutKeys, long[] returnKeys, Int128[] returnUnits)
    {
        Options = options;
        _state = state;
        _calibrationKeys = calibrationKeys;
        _holdoutKeys = holdoutKeys;
        _returnKeys = returnKeys;
        _returnUnits = returnUnits;
    }

    /// <summary>The options shared by every partial that merges with this one.</summary>
    public SummaryOptions Options { get; }

    /// <summary>The number of input rows this partial has seen (used, holdout and excluded).</summary>
    public long RowCount => _state.Counts.Total;

    /// <summary>Summarizes some batches into a partial.</summary>
    /// <param name="batches">The batches of this part.</param>
    /// <param name="options">The observation window and units; every merged partial must use equal options.</param>
    public static PartialSummary Create(IReadOnlyList<TransactionBatch> batches, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(options);
        var window = new SummaryWindow(options);
        int space = Summarizer.IndexSpace(batches, 0);
        var state = new SummaryState(window, space, batches.Any(b => b.HasMargins));
        var calibration = new List<long>();
        var holdout = new List<long>();
        var returnKeys = new List<long>();
        var returnUnits = new List<Int128>();
        foreach (TransactionBatch batch in batches)
        {
            state.AddCounts(state.Accumulate(batch, 0, space));
            if (window.Returns == ReturnsPolicy.Net)
            {
                RepeatReturns.Collect(batch, window, wanted: null, purchases: null, returnKeys, returnUnits);
            }

            ReadOnlySpan<int> index = batch.CustomerIndex;
            ReadOnlySpan<DateTime> time = batch.Timestamps;
            ReadOnlySpan<double> amount = batch.Amounts;
            for (int i = 0; i < index.Length; i++)
            {
                int day = (int)(time[i].Ticks / TimeSpan.TicksPerDay);
                if (window.IsReturn(amount[i]))
                {
                    continue; // a return makes no purchase period
                }

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

        // Exact first-period amounts for customers out of time order; period counts come from the keys.
        state.RecountOutOfOrder(batches, CancellationToken.None);
        long[] keys = [.. returnKeys];
        Int128[] units = [.. returnUnits];
        Array.Sort(keys, units);
        return new PartialSummary(options, state, SortedDistinct(calibration.ToArray()), SortedDistinct(holdout.ToArray()), keys, units);
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
        var state = new SummaryState(_state.Window, space, _state.HasMargins || other._state.HasMargins);
        state.AddCounts(_state.Counts);
        state.AddCounts(other._state.Counts);
        MergeInto(state.Window, state.Calibration, _state.Calibration, _state.CustomerCount, other._state.Calibration, other._state.CustomerCount);
        if (state.Holdout is { } h)
        {
            MergeInto(state.Window, h, _state.Holdout!, _state.CustomerCount, other._state.Holdout!, other._state.CustomerCount);
        }

        long[] calibrationKeys = MergeSorted(_calibrationKeys, other._calibrationKeys);
        long[] holdoutKeys = MergeSorted(_holdoutKeys, other._holdoutKeys);
        OutOfOrderRecount.ApplyDistinctCounts(state.Calibration.Hot, calibrationKeys);
        if (state.Holdout is { } held)
        {
            OutOfOrderRecount.ApplyDistinctCounts(held.Hot, holdoutKeys);
        }

        long[] mergedReturnKeys = [.. _returnKeys, .. other._returnKeys];
        Int128[] mergedReturnUnits = [.. _returnUnits, .. other._returnUnits];
        Array.Sort(mergedReturnKeys, mergedReturnUnits);
        return new PartialSummary(Options, state, calibrationKeys, holdoutKeys, mergedReturnKeys, mergedReturnUnits);
    }

    /// <summary>The summaries of all rows merged into this partial.</summary>
    public CustomerSummaries ToSummaries()
    {
        // Work on a copy so that the partial stays immutable.
        int space = _state.CustomerCount;
        var state = new SummaryState(_state.Window, space, _state.HasMargins);
        state.AddCounts(_state.Counts);
        CopyInto(state.Calibration, _state.Calibration, space);
        OutOfOrderRecount.ApplyDistinctCounts(state.Calibration.Hot, _calibrationKeys);
        if (_returnKeys.Length > 0)
        {
            state.RepeatReturns = RepeatReturns.Compute(space, _calibrationKeys, _returnKeys, _returnUnits);
        }

        if (state.Holdout is { } h)
        {
            CopyInto(h, _state.Holdout!, space);
            OutOfOrderRecount.ApplyDistinctCounts(h.Hot, _holdoutKeys);
        }

        return state.ToSummaries(Options);
    }

    /// <inheritdoc />
    public override string ToString() => $"PartialSummary: {RowCount:N0} rows, {_calibrationKeys.Length:N0} distinct customer-periods";

    private static void CopyInto(WindowAccumulators target, WindowAccumulators source, int count)
    {
        source.Hot.AsSpan(0, count).CopyTo(target.Hot);
        source.Cold.AsSpan(0, count).CopyTo(target.Cold);
        source.Margin?.AsSpan(0, count).CopyTo(target.Margin);
    }

    /// <summary>
    /// Combines the accumulators of two partials (each exact for its own rows) customer by customer. The period count and
    /// last gap are left to the distinct keys; the first-period amount comes from the partial with the earlier first period
    /// (both summed when they start in the same period). Sums are exact, so the merge order changes no bit.
    /// </summary>
    private static void MergeInto(SummaryWindow w, WindowAccumulators target, WindowAccumulators a, int aCount, WindowAccumulators b, int bCount)
    {
        for (int c = 0; c < target.Hot.Length && (c < aCount || c < bCount); c++)
        {
            bool inA = c < aCount && (a.Hot[c].Count > 0 || a.Cold[c].ReturnCount > 0);
            bool inB = c < bCount && (b.Hot[c].Count > 0 || b.Cold[c].ReturnCount > 0);
            if (!inA && !inB)
            {
                continue;
            }

            if (!inB || !inA)
            {
                WindowAccumulators only = inA ? a : b;
                target.Hot[c] = only.Hot[c];
                target.Cold[c] = only.Cold[c];
                target.Cold[c].FirstPeriodAmount = only.FirstPeriodAmount(c);
                if (target.Margin is { } m)
                {
                    m[c] = only.Margin?[c] ?? default;
                }

                continue;
            }

            ref readonly Accumulator x = ref a.Hot[c];
            ref readonly Accumulator y = ref b.Hot[c];
            ExactSum total = x.Total;
            ExactSum returns = a.Cold[c].Returns;
            ExactSum margin = a.Margin?[c] ?? default;
            if (!total.TryAdd(y.Total) || !returns.TryAdd(b.Cold[c].Returns) || !margin.TryAdd(b.Margin?[c] ?? default))
            {
                throw new AmountOverflowException(c, "amount, returns or margin");
            }

            var hot = new Accumulator { Count = x.Count + y.Count, Total = total };
            var cold = new AccumulatorCold { Returns = returns, ReturnCount = a.Cold[c].ReturnCount + b.Cold[c].ReturnCount };
            if (x.Count == 0 || y.Count == 0)
            {
                // Purchases on one side only (the other has returns only).
                WindowAccumulators buyer = x.Count > 0 ? a : b;
                hot = buyer.Hot[c] with { Count = hot.Count, Total = total };
                cold.FirstTicks = buyer.Cold[c].FirstTicks;
                cold.FirstPeriodAmount = buyer.FirstPeriodAmount(c);
            }
            else
            {
                int firstA = FirstPeriod(w, a.Cold[c]);
                int firstB = FirstPeriod(w, b.Cold[c]);
                hot.LastTicks = Math.Max(x.LastTicks, y.LastTicks);
                hot.LastPeriod = Math.Max(x.LastPeriod, y.LastPeriod);
                cold.FirstTicks = Math.Min(a.Cold[c].FirstTicks, b.Cold[c].FirstTicks);
                ExactSum first = firstA <= firstB ? a.FirstPeriodAmount(c) : b.FirstPeriodAmount(c);
                if (firstA == firstB && !first.TryAdd(b.FirstPeriodAmount(c)))
                {
                    throw new AmountOverflowException(c, "amount");
                }

                cold.FirstPeriodAmount = first;
            }

            target.Hot[c] = hot;
            target.Cold[c] = cold;
            if (target.Margin is { } mm)
            {
                mm[c] = margin;
            }
        }
    }

    private static int FirstPeriod(SummaryWindow w, in AccumulatorCold cold) => w.PeriodOfDay((int)(cold.FirstTicks / TimeSpan.TicksPerDay));

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
