using System.Globalization;
using System.Runtime.CompilerServices;
using CustomerScoring.Numerics.Parallelism;
using CustomerScoring.Transactions;

namespace CustomerScoring.Summaries;

/// <summary>
/// The summarizer's hot loop: adds every row to its customer's accumulators in one pass.
/// </summary>
/// <remarks>
/// <para>The cost is the random access to each customer's accumulator (see <see cref="Accumulator"/>). The loop keeps many
/// such accesses in flight by prefetching the accumulator of the row <see cref="PrefetchDistance"/> rows ahead (x86), and
/// keeps branches predictable: ordinary purchase rows (a positive amount of the <see cref="ExactSum"/> fast path, on or
/// before the observation end) take one path; returns, zero or unusual amounts and rows after the observation end take a
/// rare one, as do a customer's first row, its move to a second period and rows out of time order inside the update.</para>
/// <para>A thread that owns a customer range [lo, hi) first compacts each block of rows to the rows of its range
/// (branch-free), so that the filter costs no mispredicted branches.</para>
/// <para>The batch wraps the caller's memory, which may change after the batch was validated: every customer index is
/// read once and checked against the thread's range before it is used as an offset (a value outside the index space
/// throws <see cref="TransactionBatchChangedException"/>), and every amount and margin is checked while it is converted
/// for the exact sum (NaN and infinities throw the same exception; a finite magnitude of 2^62 or more is an
/// <see cref="AmountOverflowException"/> of its customer).</para>
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
        int space = state.CustomerCount;
        hi = Math.Min(hi, space);
        bool wholeRange = lo == 0 && hi == space;
        int* rows = stackalloc int[BlockRows];
        fixed (Accumulator* calHot = cal.Hot)
        fixed (AccumulatorCold* calCold = cal.Cold)
        fixed (ExactSum* calMargin = batch.HasMargins ? cal.Margin : null)
        {
            var target = new Target(calHot, calCold, calMargin, state, lo, hi);
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
                    int n = Compact(index, start, end, lo, hi, space, rows);
                    AddRows(new RowList(rows), n, index, time, amount, margin, target, ref counts);
                }
            }
        }

        return new RowCounts(counts.Calibration, counts.Holdout, counts.Excluded, counts.CalibrationReturns, counts.HoldoutReturns);
    }

    /// <summary>
    /// Writes the positions in [start, end) whose customer lies in [lo, hi) to <paramref name="rows"/>; returns how many.
    /// Throws when a customer index lies outside [0, space): such a row belongs to no thread's range and would be lost.
    /// </summary>
    private static int Compact(ReadOnlySpan<int> index, int start, int end, int lo, int hi, int space, int* rows)
    {
        uint width = (uint)(hi - lo);
        int n = 0;
        uint outside = 0;
        for (int i = start; i < end; i++)
        {
            int c = index[i];
            rows[n] = i;
            n += (uint)(c - lo) < width ? 1 : 0;
            outside |= (uint)c >= (uint)space ? 1u : 0u;
        }

        if (outside != 0)
        {
            for (int i = start; i < end; i++)
            {
                if ((uint)index[i] >= (uint)space)
                {
                    throw IndexChanged(i, index[i], space);
                }
            }
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
        ExactSum* calMargin = target.CalMargin;
        int endDay = target.EndDay;
        bool weekly = target.Weekly;
        int lo = target.Lo;
        uint width = (uint)(target.Hi - target.Lo);
        long calibration = 0;
        for (int k = 0; k < count; k++)
        {
            if (MemoryPrefetch.IsSupported && k + PrefetchDistance < count)
            {
                // Only a prefetch: an index changed by the caller cannot fault here, and is checked before any use below.
                byte* ahead = (byte*)(hot + index[rows.Row(k + PrefetchDistance)]);
                MemoryPrefetch.Prefetch(ahead);
                MemoryPrefetch.Prefetch(ahead + (sizeof(Accumulator) - 1));
            }

            int i = rows.Row(k);
            int c = index[i];
            if ((uint)(c - lo) >= width)
            {
                throw IndexChanged(i, c, target.Space);
            }

            long ticks = time[i].Ticks;
            int day = (int)((ulong)ticks / TimeSpan.TicksPerDay);
            long bits = BitConverter.DoubleToInt64Bits(amount[i]);
            if ((day <= endDay) & ExactSum.IsFast(bits))
            {
                if (!AddFast(ref hot[c], ref cold[c], weekly ? (int)((uint)day / 7u) : day, ticks, bits))
                {
                    throw new AmountOverflowException(c, "amount");
                }

                if (calMargin != null)
                {
                    AddMargin(ref calMargin[c], margin[i], i, c);
                }

                calibration++;
            }
            else
            {
                AddRare(i, c, ticks, day, amount[i], margin.IsEmpty ? 0.0 : margin[i], target, ref counts);
            }
        }

        counts.Calibration += calibration;
    }

    /// <summary>Adds a margin exactly; throws for a margin changed to an invalid value or a total that overflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddMargin(ref ExactSum sum, double margin, int row, int customer)
    {
        long bits = BitConverter.DoubleToInt64Bits(margin);
        if (!ExactSum.IsFast(bits) || !sum.AddFast(bits))
        {
            AddMarginRare(ref sum, margin, row, customer);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddMarginRare(ref ExactSum sum, double margin, int row, int customer)
    {
        if (!ExactSum.TryScale(margin, out Int128 units))
        {
            throw BadValue("margins", row, margin, customer);
        }

        if (!sum.TryAdd(units))
        {
            throw new AmountOverflowException(customer, "margin");
        }
    }

    /// <summary>
    /// A row off the fast path: a return, a zero, negative (kept), tiny or large amount, a row after the observation end
    /// (holdout or excluded), or an amount changed to an invalid value after the batch was created.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddRare(int row, int c, long ticks, int day, double amount, double margin, in Target target, ref Counters counts)
    {
        if (!ExactSum.TryScale(amount, out Int128 units))
        {
            throw BadValue("amounts", row, amount, c);
        }

        bool calibration = day <= target.EndDay;
        WindowAccumulators? hold = target.Holdout;
        if (!calibration && (day > target.HoldoutEndDay || hold is null))
        {
            counts.Excluded++;
            return;
        }

        ref Accumulator h = ref calibration ? ref target.CalHot[c] : ref hold!.Hot[c];
        ref AccumulatorCold cold = ref calibration ? ref target.CalCold[c] : ref hold!.Cold[c];
        ref ExactSum m = ref Unsafe.NullRef<ExactSum>();
        if (target.HasMargins)
        {
            m = ref calibration ? ref target.CalMargin[c] : ref hold!.Margin![c];
        }

        bool isReturn = amount < 0 && target.Returns != ReturnsPolicy.Keep;
        if (isReturn)
        {
            cold.ReturnCount++;
            if (!cold.Returns.TryAdd(units))
            {
                throw new AmountOverflowException(c, calibration ? "returns" : "holdout returns");
            }

            if (!Unsafe.IsNullRef(ref m) && target.Returns == ReturnsPolicy.Net)
            {
                AddMargin(ref m, margin, row, c);
            }

            if (calibration)
            {
                counts.CalibrationReturns++;
            }
            else
            {
                counts.HoldoutReturns++;
            }

            return;
        }

        Touch(ref h, ref cold, target.Weekly ? (int)((uint)day / 7u) : day, ticks);
        if (!h.Total.TryAdd(units))
        {
            throw new AmountOverflowException(c, calibration ? "amount" : "holdout amount");
        }
        if (!Unsafe.IsNullRef(ref m))
        {
            AddMargin(ref m, margin, row, c);
        }

        if (calibration)
        {
            counts.Calibration++;
        }
        else
        {
            counts.Holdout++;
        }
    }

    /// <summary>Adds one purchase row of the fast path; false when the total overflows (the caller throws then).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AddFast(ref Accumulator h, ref AccumulatorCold cold, int period, long ticks, long bits)
    {
        Touch(ref h, ref cold, period, ticks);
        return h.Total.AddFast(bits);
    }

    /// <summary>
    /// Counts one purchase row, before its amount is added to <see cref="Accumulator.Total"/> (so that the total is still
    /// the amount of the earlier rows when a second period starts); see <see cref="Accumulator"/> for the invariants.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Touch(ref Accumulator h, ref AccumulatorCold cold, int period, long ticks)
    {
        int periods = h.Periods;
        int lastPeriod = h.LastPeriod;
        h.Count++;
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
                    cold.FirstPeriodAmount = h.Total;
                    if (!cold.OutOfOrder)
                    {
                        cold.SecondPeriod = period;
                    }
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TransactionBatchChangedException IndexChanged(int row, int value, int space) =>
        new("customerIndex", row, value.ToString(CultureInfo.InvariantCulture),
            $"outside the customer index space 0..{space - 1} being summarized");

    /// <summary>
    /// The exception for an amount or margin that cannot be summed: NaN or infinite (refused when the batch was created, so
    /// changed since), or a magnitude of <see cref="TransactionBatch.MaxAmountMagnitude"/> or more (an overflow of its customer).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static Exception BadValue(string column, int row, double value, int customer) => double.IsFinite(value)
        ? new AmountOverflowException(customer, column == "margins" ? "margin" : "amount")
        : new TransactionBatchChangedException(column, row, value.ToString("R", CultureInfo.InvariantCulture), "which is not a finite number");

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
    private readonly struct Target(Accumulator* calHot, AccumulatorCold* calCold, ExactSum* calMargin, SummaryState state, int lo, int hi)
    {
        public readonly Accumulator* CalHot = calHot;
        public readonly AccumulatorCold* CalCold = calCold;
        public readonly ExactSum* CalMargin = calMargin;
        public readonly bool HasMargins = calMargin != null;
        public readonly WindowAccumulators? Holdout = state.Holdout;
        public readonly int EndDay = state.Window.EndDay;
        public readonly int HoldoutEndDay = state.Window.HoldoutEndDay;
        public readonly bool Weekly = state.Window.PeriodDays == 7;
        public readonly ReturnsPolicy Returns = state.Window.Returns;
        public readonly int Space = state.CustomerCount;
        public readonly int Lo = lo;
        public readonly int Hi = hi;
    }

    private struct Counters
    {
        public long Calibration;
        public long Holdout;
        public long Excluded;
        public long CalibrationReturns;
        public long HoldoutReturns;
    }
}
