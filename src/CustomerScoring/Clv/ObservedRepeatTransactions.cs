using CustomerScoring.Numerics.Sorting;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Clv;

/// <summary>
/// The observed side of <see cref="RepeatTransactionTracking"/>: the customers' acquisition days and their repeat
/// transactions per week, which do not depend on the purchase model, so that several models are tracked against one
/// reading of the transactions (<see cref="PurchaseModelComparison"/>).
/// </summary>
/// <remarks>
/// Every purchase up to the last day becomes one 64-bit key, customer index above day number, radix-sorted: a customer's
/// rows then come together in day order, and so in period order (the period of a day never decreases with the day), which
/// is the order the definition reads them in (the first day of each period after the first counts as a repeat
/// transaction). Acquisitions and repeats are counted per day, in arrays over the days the rows span.
/// </remarks>
internal sealed class ObservedRepeatTransactions
{
    private readonly TrackingOptions _options;
    private readonly int _startDay;
    private readonly DateOnly[] _weekEnds;
    private readonly double[] _actual;
    private readonly int _firstDay;
    private readonly int[] _acquiredOn; // customers whose first purchase is on day _firstDay + i (tracked ones only)
    private readonly int _customers;
    private readonly int _calibrationWeeks;

    private ObservedRepeatTransactions(TrackingOptions options, int startDay, DateOnly[] weekEnds, double[] actual, int firstDay, int[] acquiredOn, int customers, int calibrationWeeks)
    {
        _options = options;
        _startDay = startDay;
        _weekEnds = weekEnds;
        _actual = actual;
        _firstDay = firstDay;
        _acquiredOn = acquiredOn;
        _customers = customers;
        _calibrationWeeks = calibrationWeeks;
    }

    /// <summary>Reads the acquisitions and weekly repeat transactions of <paramref name="batches"/>.</summary>
    /// <exception cref="ArgumentException">Invalid options, no customer acquired by the observation end, or a start after it.</exception>
    public static ObservedRepeatTransactions Of(IReadOnlyList<TransactionBatch> batches, TrackingOptions options)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(options);
        int periodDays = options.Period.Days();
        if (options.HoldoutEnd is { } h && h <= options.ObservationEnd)
        {
            throw new ArgumentException($"HoldoutEnd {h:yyyy-MM-dd} must be after ObservationEnd {options.ObservationEnd:yyyy-MM-dd}.", nameof(options));
        }

        int lastDay = (options.HoldoutEnd ?? options.ObservationEnd).DayNumber;
        int endDay = options.ObservationEnd.DayNumber;
        long total = 0;
        foreach (TransactionBatch b in batches)
        {
            total += b.Count;
        }

        // (customer, day) of every purchase up to the last day, as customer << 32 | day.
        ulong[] keys = GC.AllocateUninitializedArray<ulong>(checked((int)total));
        int n = 0;
        int minDay = int.MaxValue;
        foreach (TransactionBatch b in batches)
        {
            ReadOnlySpan<int> c = b.CustomerIndex;
            ReadOnlySpan<DateTime> ts = b.Timestamps;
            for (int i = 0; i < c.Length; i++)
            {
                int day = (int)(ts[i].Ticks / TimeSpan.TicksPerDay); // DateOnly.DayNumber
                if (day <= lastDay)
                {
                    keys[n++] = ((ulong)(uint)c[i] << 32) | (uint)day;
                    minDay = Math.Min(minDay, day);
                }
            }
        }

        if (n == 0 || minDay > endDay)
        {
            throw new ArgumentException($"No customer made a first purchase on or before {options.ObservationEnd:yyyy-MM-dd}.", nameof(batches));
        }

        Span<ulong> sorted = keys.AsSpan(0, n);
        RadixSort.Sort(sorted, GC.AllocateUninitializedArray<ulong>(n));
        int[] acquiredOn = new int[endDay - minDay + 1];
        int[] repeatsOn = new int[lastDay - minDay + 1];
        int customers = 0;
        int firstAcquisition = int.MaxValue;
        for (int i = 0; i < sorted.Length;)
        {
            uint customer = (uint)(sorted[i] >> 32);
            int firstDay = (int)(uint)sorted[i];
            bool tracked = firstDay <= endDay;
            if (tracked)
            {
                acquiredOn[firstDay - minDay]++;
                customers++;
                firstAcquisition = Math.Min(firstAcquisition, firstDay);
            }

            int previousPeriod = SummaryWindow.PeriodOfDay(firstDay, periodDays); // periods numbered as the summaries number them
            for (i++; i < sorted.Length && (uint)(sorted[i] >> 32) == customer; i++)
            {
                int day = (int)(uint)sorted[i];
                int period = SummaryWindow.PeriodOfDay(day, periodDays);
                if (period != previousPeriod)
                {
                    previousPeriod = period;
                    if (tracked)
                    {
                        repeatsOn[day - minDay]++;
                    }
                }
            }
        }

        int startDay = options.Start?.DayNumber ?? firstAcquisition;
        if (startDay > endDay)
        {
            throw new ArgumentException($"Start {DateOnly.FromDayNumber(startDay):yyyy-MM-dd} is after the observation end.", nameof(options));
        }

        int weeks = ((lastDay - startDay) / 7) + 1;
        var weekEnds = new DateOnly[weeks];
        for (int w = 0; w < weeks; w++)
        {
            weekEnds[w] = DateOnly.FromDayNumber(Math.Min(startDay + (7 * w) + 6, lastDay));
        }

        var actual = new double[weeks];
        for (int day = Math.Max(startDay, minDay); day <= lastDay; day++)
        {
            actual[(day - startDay) / 7] += repeatsOn[day - minDay];
        }

        int calibrationWeeks = 0;
        while (calibrationWeeks < weeks && weekEnds[calibrationWeeks] <= options.ObservationEnd)
        {
            calibrationWeeks++;
        }

        return new ObservedRepeatTransactions(options, startDay, weekEnds, actual, minDay, acquiredOn, customers, calibrationWeeks);
    }

    /// <summary>The tracking of <paramref name="model"/>: Σ over the tracked customers of E[X(week end − first purchase)],
    /// customers grouped by acquisition day and added in day order.</summary>
    public RepeatTransactionTracking Track(IPurchaseModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        double unitDays = model.TimeUnit.Days();
        var expected = new double[_weekEnds.Length];
        double previous = 0.0;
        for (int w = 0; w < _weekEnds.Length; w++)
        {
            double cumulative = 0.0;
            int end = _weekEnds[w].DayNumber;
            for (int d = 0; d < _acquiredOn.Length && _firstDay + d < end; d++)
            {
                if (_acquiredOn[d] > 0)
                {
                    cumulative += _acquiredOn[d] * model.ExpectedPurchasesNewCustomer((end - (_firstDay + d)) / unitDays);
                }
            }

            expected[w] = cumulative - previous;
            previous = cumulative;
        }

        return new RepeatTransactionTracking(_options, DateOnly.FromDayNumber(_startDay), (DateOnly[])_weekEnds.Clone(), (double[])_actual.Clone(), expected, _customers, _calibrationWeeks);
    }
}
