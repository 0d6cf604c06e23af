using CustomerScoring.Numerics.Sorting;
using CustomerScoring.Transactions;

namespace CustomerScoring.Summaries;

/// <summary>
/// The exact second pass for customers whose rows arrived out of period order: their distinct period count, the gap
/// before their last period and the amount of their first period are recomputed from their own rows.
/// </summary>
/// <remarks>
/// The purchase rows of those customers (returns are no purchases, see <see cref="ReturnsPolicy"/>) are collected as
/// (customer, period) keys with their amounts and sorted; the first period's amounts are summed exactly
/// (<see cref="ExactSum"/>), so the result does not depend on the order of the rows.
/// </remarks>
internal static class OutOfOrderRecount
{
    public static void Run(IReadOnlyList<TransactionBatch> batches, SummaryState state, WindowAccumulators acc, bool holdout, CancellationToken cancellationToken)
    {
        Accumulator[] hot = acc.Hot;
        AccumulatorCold[] cold = acc.Cold;
        long rows = 0;
        for (int c = 0; c < state.CustomerCount; c++)
        {
            if (cold[c].OutOfOrder)
            {
                rows += hot[c].Count;
            }
        }

        if (rows == 0)
        {
            return;
        }

        if (rows > Array.MaxLength)
        {
            throw new InvalidOperationException($"{rows:N0} rows arrived out of time order: too many to recount; sort the rows by time first.");
        }

        var keys = new ulong[rows];
        var positions = new int[rows];
        var amounts = new Int128[rows];
        int k = 0;
        SummaryWindow w = state.Window;
        int fromDay = holdout ? w.EndDay + 1 : int.MinValue;
        int toDay = holdout ? w.HoldoutEndDay : w.EndDay;
        foreach (TransactionBatch batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySpan<int> index = batch.CustomerIndex;
            ReadOnlySpan<DateTime> time = batch.Timestamps;
            ReadOnlySpan<double> amount = batch.Amounts;
            for (int i = 0; i < index.Length; i++)
            {
                int c = index[i];
                if ((uint)c >= (uint)state.CustomerCount)
                {
                    throw new TransactionBatchChangedException("customerIndex", i, c.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        $"outside the customer index space 0..{state.CustomerCount - 1} being summarized");
                }

                if (!cold[c].OutOfOrder)
                {
                    continue;
                }

                int day = (int)(time[i].Ticks / TimeSpan.TicksPerDay);
                double a = amount[i];
                if (day >= fromDay && day <= toDay && !w.IsReturn(a))
                {
                    if (k == rows || !ExactSum.TryScale(a, out Int128 units))
                    {
                        throw k == rows
                            ? new TransactionBatchChangedException("customerIndex", i, c.ToString(System.Globalization.CultureInfo.InvariantCulture), "more rows of this customer than when the batch was first read")
                            : AccumulateKernel.BadValue("amounts", i, a, c);
                    }

                    keys[k] = (ulong)PeriodKey.Of(c, w.PeriodOfDay(day));
                    positions[k] = k;
                    amounts[k] = units;
                    k++;
                }
            }
        }

        RadixSort.SortPairs(keys, positions, new ulong[k], new int[k]);
        int j = 0;
        while (j < k)
        {
            int c = PeriodKey.Customer((long)keys[j]);
            int distinct = 0;
            int lastGap = 0;
            long previous = long.MinValue;
            Int128 firstPeriodAmount = 0;
            for (; j < k && PeriodKey.Customer((long)keys[j]) == c; j++)
            {
                long key = (long)keys[j];
                if (key != previous)
                {
                    // Keys of one customer differ only in their period (low 32 bits).
                    lastGap = distinct == 0 ? 0 : (int)(key - previous);
                    distinct++;
                    previous = key;
                }

                if (distinct == 1)
                {
                    firstPeriodAmount += amounts[positions[j]];
                }
            }

            hot[c].Periods = distinct;
            hot[c].LastGap = lastGap;
            cold[c].FirstPeriodAmount = ExactSum.From(firstPeriodAmount);
            cold[c].OutOfOrder = false;
        }
    }

    /// <summary>Sets the period count and last gap of each customer in <paramref name="sortedKeys"/> from its distinct keys.</summary>
    public static void ApplyDistinctCounts(Accumulator[] hot, ReadOnlySpan<long> sortedKeys)
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
                    lastGap = distinct == 0 ? 0 : (int)(sortedKeys[i] - previous);
                    distinct++;
                    previous = sortedKeys[i];
                }
            }

            hot[c].Periods = distinct;
            hot[c].LastGap = lastGap;
        }
    }
}
