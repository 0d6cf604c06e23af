using System.Buffers;
using CustomerScoring.Transactions;

namespace CustomerScoring.Summaries;

/// <summary>
/// The mutable working state of a summary: one calibration and (with a holdout) one holdout
/// accumulator per customer index, and the row counters. Shared by <see cref="Summarizer"/> and
/// <see cref="PartialSummary"/>.
/// </summary>
internal sealed class SummaryState
{
    private readonly bool _pooled;

    /// <summary>Creates the state for <paramref name="customerCount"/> customer indices.</summary>
    /// <param name="window">The observation window.</param>
    /// <param name="customerCount">The size of the customer index space.</param>
    /// <param name="pooled">Rent the accumulators from <see cref="ArrayPool{T}.Shared"/> (call <see cref="ReturnToPool"/>
    /// when done): repeated summaries then reuse memory that is already mapped instead of faulting in fresh pages.</param>
    public SummaryState(SummaryWindow window, int customerCount, bool pooled = false)
    {
        Window = window;
        CustomerCount = customerCount;
        _pooled = pooled;
        Calibration = Allocate(customerCount);
        Holdout = window.HasHoldout ? Allocate(customerCount) : null;
    }

    public SummaryWindow Window { get; }

    /// <summary>The size of the customer index space; the accumulator arrays may be longer when pooled.</summary>
    public int CustomerCount { get; }

    public Accumulator[] Calibration { get; }

    public Accumulator[]? Holdout { get; }

    public bool HasMargins { get; set; }

    public long CalibrationRows { get; set; }

    public long HoldoutRows { get; set; }

    public long ExcludedRows { get; set; }

    /// <summary>Gives pooled accumulators back; the state must not be used afterwards.</summary>
    public void ReturnToPool()
    {
        if (_pooled)
        {
            ArrayPool<Accumulator>.Shared.Return(Calibration);
            if (Holdout is { } h)
            {
                ArrayPool<Accumulator>.Shared.Return(h);
            }
        }
    }

    private Accumulator[] Allocate(int count)
    {
        if (!_pooled)
        {
            return new Accumulator[count];
        }

        Accumulator[] rented = ArrayPool<Accumulator>.Shared.Rent(count);
        Array.Clear(rented, 0, count);
        return rented;
    }

    /// <summary>
    /// Adds the rows of <paramref name="batch"/> whose customer index lies in
    /// [<paramref name="lo"/>, <paramref name="hi"/>), in row order, and returns the row counts
    /// (calibration, holdout, excluded) of those rows.
    /// </summary>
    public (long Calibration, long Holdout, long Excluded) Accumulate(TransactionBatch batch, int lo, int hi)
    {
        ReadOnlySpan<int> index = batch.CustomerIndex;
        ReadOnlySpan<DateTime> time = batch.Timestamps;
        ReadOnlySpan<double> amount = batch.Amounts;
        ReadOnlySpan<double> margin = batch.Margins;
        bool hasMargin = batch.HasMargins;
        Span<Accumulator> cal = Calibration;
        Span<Accumulator> hold = Holdout;
        SummaryWindow w = Window;
        int endDay = w.EndDay;
        int holdoutEndDay = w.HoldoutEndDay;
        uint width = (uint)(hi - lo);
        long nCal = 0, nHold = 0, nExcluded = 0;
        for (int i = 0; i < index.Length; i++)
        {
            int c = index[i];
            if ((uint)(c - lo) >= width)
            {
                continue;
            }

            long ticks = time[i].Ticks;
            int day = (int)(ticks / TimeSpan.TicksPerDay);
            double m = hasMargin ? margin[i] : 0.0;
            if (day <= endDay)
            {
                cal[c].Add(w.PeriodOfDay(day), ticks, amount[i], m);
                nCal++;
            }
            else if (day <= holdoutEndDay)
            {
                hold[c].Add(w.PeriodOfDay(day), ticks, amount[i], m);
                nHold++;
            }
            else
            {
                nExcluded++;
            }
        }

        return (nCal, nHold, nExcluded);
    }

    /// <summary>
    /// Recounts the distinct periods of every customer whose accumulator saw periods out of order,
    /// by a second pass over the raw rows of those customers only.
    /// </summary>
    public void RecountOutOfOrder(IReadOnlyList<TransactionBatch> batches, CancellationToken cancellationToken)
    {
        RecountWindow(batches, Calibration, holdout: false, cancellationToken);
        if (Holdout is { } h)
        {
            RecountWindow(batches, h, holdout: true, cancellationToken);
        }
    }

    private void RecountWindow(IReadOnlyList<TransactionBatch> batches, Accumulator[] acc, bool holdout, CancellationToken cancellationToken)
    {
        long rows = 0;
        for (int c = 0; c < CustomerCount; c++)
        {
            if (acc[c].OutOfOrder)
            {
                rows += acc[c].Count;
            }
        }

        if (rows == 0)
        {
            return;
        }

        var keys = new long[rows];
        int k = 0;
        SummaryWindow w = Window;
        int fromDay = holdout ? w.EndDay + 1 : int.MinValue;
        int toDay = holdout ? w.HoldoutEndDay : w.EndDay;
        foreach (TransactionBatch batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySpan<int> index = batch.CustomerIndex;
            ReadOnlySpan<DateTime> time = batch.Timestamps;
            for (int i = 0; i < index.Length; i++)
            {
                int c = index[i];
                if (!acc[c].OutOfOrder)
                {
                    continue;
                }

                int day = (int)(time[i].Ticks / TimeSpan.TicksPerDay);
                if (day >= fromDay && day <= toDay)
                {
                    keys[k++] = PeriodKey.Of(c, w.PeriodOfDay(day));
                }
            }
        }

        Array.Sort(keys, 0, k);
        ApplyDistinctCounts(acc, keys.AsSpan(0, k));
    }

    /// <summary>Sets the period count and last gap of each customer in <paramref name="sortedKeys"/> from its distinct keys.</summary>
    public static void ApplyDistinctCounts(Accumulator[] acc, ReadOnlySpan<long> sortedKeys)
    {
        int i = 0;
        while (i < sortedKeys.Length)
        {
            int c = PeriodKey.Customer(sortedKeys[i]);
            int distinct = 0;
            int lastGap = 0;
            long previous = long.MinValue;
            for (; i < sortedKeys.Length && PeriodKey.Customer(sortedKeys[i]) == c; i++)
            {
                if (sortedKeys[i] != previous)
                {
                    // Keys of one customer differ only in their period (low 32 bits).
                    lastGap = distinct == 0 ? 0 : (int)(sortedKeys[i] - previous);
                    distinct++;
                    previous = sortedKeys[i];
                }
            }

            acc[c].Periods = distinct;
            acc[c].LastGap = lastGap;
            acc[c].OutOfOrder = false;
        }
    }

    /// <summary>Builds the immutable result from the finished accumulators.</summary>
    public CustomerSummaries ToSummaries(SummaryOptions options) => CustomerSummaries.FromState(this, options);
}

/// <summary>A (customer, period) pair packed into one sortable 64-bit key.</summary>
internal static class PeriodKey
{
    public static long Of(int customer, int period) => ((long)customer << 32) | (uint)period;

    public static int Customer(long key) => (int)(key >> 32);
}
