using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using CustomerScoring.Transactions;

namespace CustomerScoring.Summaries;

/// <summary>
/// The summarizer's hot loop: adds every row to its customer's accumulators in one pass.
/// </summary>
/// <remarks>
/// <para>The cost is the random access to each customer's accumulator (one cache line per row, see
/// <see cref="Accumulator"/>). The loop keeps many such accesses in flight by prefetching the accumulator of the row
/// <see cref="PrefetchDistance"/> rows ahead (x86), and keeps branches predictable: ordinary rows of a customer in time
/// order take one path; first rows, a customer's move to a second period, rows out of time order and rows after the
/// observation end take rare ones.</para>
/// <para>A thread that owns a customer range [lo, hi) first compacts each block of rows to the rows of its range
/// (branch-free), so that the filter costs no mispredicted branches.</para>
/// <para>Customer indices are trusted here: the callers checked them against the index space.</para>
/// </remarks>
internal static unsafe class AccumulateKernel
{
    /// <summary>How many rows ahead the accumulator is prefetched.</summary>
    internal const int PrefetchDistance = 16;

    /// <summary>Rows per block (compaction buffer and cancellation checks).</summary>
    private const int BlockRows = 4096;

    public static RowCounts Run(TransactionBatch batch, SummaryState state, int lo, int hi, CancellationToken cancellationToken)
    {
        ReadOnlySpan<int> index = batch.CustomerIndex;
        ReadOnlySpan<DateTime> time = batch.Timestamps;
        ReadOnlySpan<double> amount = batch.Amounts;
        ReadOnlySpan<double> margin = batch.HasMargins ? batch.Margins : default;
        WindowAccumulators cal = state.Calibration;
        var counts = new Counters();
        bool wholeRange = lo == 0 && hi >= state.CustomerCount;
        int* rows = stackalloc int[BlockRows];
        fixed (Accumulator* calHot = cal.Hot)
        fixed (AccumulatorCold* calCold = cal.Cold)
        fixed (double* calMargin = batch.HasMargins ? cal.Margin : null)
        {
            var target = new Target(calHot, calCold, calMargin, state);
            for (int start = 0; start < index.Length; start += BlockRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int end = Math.Min(start + BlockRows, index.Length);
                if (wholeRange)
                {
                    AddRows(new RowRange(start), end - start, index, time, amount, margin, target, ref counts);
                }
                else
                {
                    int n = Compact(index, start, end, lo, hi, rows);
                    AddRows(new RowList(rows), n, index, time, amount, margin, target, ref counts);
                }
            }
        }

        return new RowCounts(counts.Calibration, counts.Holdout, counts.Excluded);
    }

    /// <summary>Writes the positions in [start, end) whose customer lies in [lo, hi) to <paramref name="rows"/>; returns how many.</summary>
    private static int Compact(ReadOnlySpan<int> index, int start, int end, int lo, int hi, int* rows)
    {
        uint width = (uint)(hi - lo);
        int n = 0;
        for (int i = start; i < end; i++)
        {
            rows[n] = i;
            n += (uint)(index[i] - lo) < width ? 1 : 0;
        }

        return n;
    }

    private static void AddRows<TRows>(
        TRows rows, int count, ReadOnlySpan<int> index, ReadOnlySpan<DateTime> time, ReadOnlySpan<double> amount, ReadOnlySpan<double> margin,
        in Target target, ref Counters counts)
        where TRows : struct, IRowSource
    {
        Accumulator* hot = target.CalHot;
        AccumulatorCold* cold = target.CalCold;
        double* calMargin = target.CalMargin;
        int endDay = target.EndDay;
        bool weekly = target.Weekly;
        long calibration = 0;
        for (int k = 0; k < count; k++)
        {
            if (Sse.IsSupported && k + PrefetchDistance < count)
            {
                Sse.Prefetch0(hot + index[rows.Row(k + PrefetchDistance)]);
            }

            int i = rows.Row(k);
            int c = index[i];
            long ticks = time[i].Ticks;
            int day = (int)((ulong)ticks / TimeSpan.TicksPerDay);
            if (day <= endDay)
            {
                Add(ref hot[c], ref cold[c], weekly ? (int)((uint)day / 7u) : day, ticks, amount[i]);
                if (calMargin != null)
                {
                    calMargin[c] += margin[i];
                }

                calibration++;
            }
            else
            {
                AddAfterEnd(c, ticks, day, amount[i], margin.IsEmpty ? 0.0 : margin[i], target, ref counts);
            }
        }

        counts.Calibration += calibration;
    }

    /// <summary>A row after the observation end: a holdout row, or an excluded one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddAfterEnd(int c, long ticks, int day, double amount, double margin, in Target target, ref Counters counts)
    {
        if (day <= target.HoldoutEndDay && target.Holdout is { } hold)
        {
            Add(ref hold.Hot[c], ref hold.Cold[c], target.Weekly ? (int)((uint)day / 7u) : day, ticks, amount);
            if (hold.Margin is { } m)
            {
                m[c] += margin;
            }

            counts.Holdout++;
        }
        else
        {
            counts.Excluded++;
        }
    }

    /// <summary>Adds one row to a customer's accumulator; see <see cref="Accumulator"/> for the invariants.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Add(ref Accumulator h, ref AccumulatorCold cold, int period, long ticks, double amount)
    {
        int periods = h.Periods;
        int lastPeriod = h.LastPeriod;
        double before = h.Total;
        h.Count++;
        h.Total = before + amount;
        if ((period > lastPeriod) | (periods == 0))
        {
            // A new period (or the customer's first row): periods only grow in time, so the timestamp is the latest too.
            h.Periods = periods + 1;
            h.LastGap = period - lastPeriod;
            h.LastPeriod = period;
            h.LastTicks = ticks;
            if (periods <= 1)
            {
                if (periods == 0)
                {
                    cold.FirstTicks = ticks;
                }
                else
                {
                    cold.FirstPeriodAmount = before;
                }
            }
        }
        else if (ticks > h.LastTicks)
        {
            h.LastTicks = ticks;
        }
        else if (ticks < h.LastTicks)
        {
            if (ticks < cold.FirstTicks)
            {
                cold.FirstTicks = ticks;
            }

            if (period < lastPeriod)
            {
                cold.OutOfOrder = true;
            }
        }
    }

    /// <summary>Which rows of a block to add: a contiguous range, or a compacted list.</summary>
    private interface IRowSource
    {
        int Row(int k);
    }

    private readonly struct RowRange(int start) : IRowSource
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Row(int k) => start + k;
    }

    private readonly struct RowList(int* rows) : IRowSource
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Row(int k) => rows[k];
    }

    /// <summary>Where rows go: the pinned calibration arrays, and the holdout window for the rare rows after the end.</summary>
    private readonly struct Target(Accumulator* calHot, AccumulatorCold* calCold, double* calMargin, SummaryState state)
    {
        public readonly Accumulator* CalHot = calHot;
        public readonly AccumulatorCold* CalCold = calCold;
        public readonly double* CalMargin = calMargin;
        public readonly WindowAccumulators? Holdout = state.Holdout;
        public readonly int EndDay = state.Window.EndDay;
        public readonly int HoldoutEndDay = state.Window.HoldoutEndDay;
        public readonly bool Weekly = state.Window.PeriodDays == 7;
    }

    private struct Counters
    {
        public long Calibration;
        public long Holdout;
        public long Excluded;
    }
}
