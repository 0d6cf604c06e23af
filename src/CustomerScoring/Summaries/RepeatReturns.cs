using CustomerScoring.Transactions;

namespace CustomerScoring.Summaries;

/// <summary>
/// With <see cref="ReturnsPolicy.Net"/>, the returns that belong to a customer's <b>repeat</b> purchase periods: a return
/// belongs to the latest purchase period at or before its own period (a return in the period of a purchase nets with it;
/// one before the first purchase belongs to the first period), so the repeat periods' returns are those whose period is
/// at or after the customer's second purchase period. m (the mean repeat spend) is netted with them.
/// </summary>
/// <remarks>
/// Only customers with two or more purchase periods and at least one return need it. The sums are exact (<see cref="ExactSum"/>)
/// and depend only on the set of rows, not on their order, batch split or merge order of partials.
/// </remarks>
internal static class RepeatReturns
{
    /// <summary>Computes the repeat returns of the calibration window from the rows, for <see cref="Summarizer"/>.</summary>
    public static void Run(IReadOnlyList<TransactionBatch> batches, SummaryState state, CancellationToken cancellationToken)
    {
        SummaryWindow w = state.Window;
        if (w.Returns != ReturnsPolicy.Net)
        {
            return;
        }

        Accumulator[] hot = state.Calibration.Hot;
        AccumulatorCold[] cold = state.Calibration.Cold;
        int n = state.CustomerCount;
        var wanted = new bool[n];
        bool any = false;
        for (int c = 0; c < n; c++)
        {
            wanted[c] = hot[c].Periods >= 2 && cold[c].ReturnCount > 0;
            any |= wanted[c];
        }

        if (!any)
        {
            return;
        }

        var purchases = new List<long>();
        var returnKeys = new List<long>();
        var returnUnits = new List<Int128>();
        foreach (TransactionBatch batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Collect(batch, w, wanted, purchases, returnKeys, returnUnits);
        }

        long[] purchaseKeys = [.. purchases];
        Array.Sort(purchaseKeys);
        long[] keys = [.. returnKeys];
        Int128[] units = [.. returnUnits];
        Array.Sort(keys, units);
        state.RepeatReturns = Compute(n, purchaseKeys, keys, units);
    }

    /// <summary>
    /// Adds the calibration purchase keys and the calibration returns (key and exact units) of the customers in
    /// <paramref name="wanted"/> (every customer when null).
    /// </summary>
    public static void Collect(TransactionBatch batch, SummaryWindow w, bool[]? wanted, List<long>? purchases, List<long> returnKeys, List<Int128> returnUnits)
    {
        ReadOnlySpan<int> index = batch.CustomerIndex;
        ReadOnlySpan<DateTime> time = batch.Timestamps;
        ReadOnlySpan<double> amount = batch.Amounts;
        for (int i = 0; i < index.Length; i++)
        {
            int c = index[i];
            if (wanted is not null && ((uint)c >= (uint)wanted.Length || !wanted[c]))
            {
                continue;
            }

            int day = (int)(time[i].Ticks / TimeSpan.TicksPerDay);
            if (day > w.EndDay)
            {
                continue;
            }

            long key = PeriodKey.Of(c, w.PeriodOfDay(day));
            double a = amount[i];
            if (!w.IsReturn(a))
            {
                purchases?.Add(key);
            }
            else if (ExactSum.TryScale(a, out Int128 u))
            {
                returnKeys.Add(key);
                returnUnits.Add(u);
            }
            else
            {
                throw AccumulateKernel.BadValue("amounts", i, a, c);
            }
        }
    }

    /// <summary>
    /// The repeat returns per customer index from the sorted purchase keys (duplicates allowed) and the returns sorted by key:
    /// each customer's returns whose period is at or after the customer's second distinct purchase period.
    /// </summary>
    public static ExactSum[] Compute(int customerCount, ReadOnlySpan<long> sortedPurchaseKeys, ReadOnlySpan<long> sortedReturnKeys, ReadOnlySpan<Int128> units)
    {
        var result = new ExactSum[customerCount];
        int j = 0;
        while (j < sortedReturnKeys.Length)
        {
            int c = PeriodKey.Customer(sortedReturnKeys[j]);
            long second = SecondPeriodKey(sortedPurchaseKeys, c);
            Int128 sum = 0;
            for (; j < sortedReturnKeys.Length && PeriodKey.Customer(sortedReturnKeys[j]) == c; j++)
            {
                if (sortedReturnKeys[j] >= second)
                {
                    sum += units[j];
                }
            }

            if ((uint)c < (uint)customerCount)
            {
                result[c] = ExactSum.From(sum);
            }
        }

        return result;
    }

    /// <summary>The key of customer <paramref name="c"/>'s second distinct purchase period, or long.MaxValue with fewer than two.</summary>
    private static long SecondPeriodKey(ReadOnlySpan<long> sorted, int c)
    {
        int i = sorted.BinarySearch(PeriodKey.Of(c, 0));
        i = i < 0 ? ~i : i;
        while (i > 0 && PeriodKey.Customer(sorted[i - 1]) == c)
        {
            i--; // periods are non-negative, but step back over any equal key
        }

        if (i >= sorted.Length || PeriodKey.Customer(sorted[i]) != c)
        {
            return long.MaxValue;
        }

        long first = sorted[i];
        for (; i < sorted.Length && PeriodKey.Customer(sorted[i]) == c; i++)
        {
            if (sorted[i] != first)
            {
                return sorted[i];
            }
        }

        return long.MaxValue;
    }
}
