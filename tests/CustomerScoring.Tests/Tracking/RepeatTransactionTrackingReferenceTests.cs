using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Tracking;

/// <summary>
/// The tracking (rows radix-sorted by customer and day, counts per day, one reading for several models) equals a slow
/// reference written from the definition: every purchase as a (customer, period, day) tuple sorted by comparison, the
/// first day of each period after a customer's first counting as a repeat, acquisitions grouped in a sorted dictionary.
/// </summary>
public sealed class RepeatTransactionTrackingReferenceTests
{
    private static readonly DateOnly End = new(2025, 3, 31);

    [Property(MaxTest = 100)]
    public bool Equals_the_reference_for_any_rows_order_split_period_and_start(int seed, bool weekly, bool withHoldout, byte startChoice, byte batches)
    {
        var random = new Random(seed);
        int customers = 1 + random.Next(60);
        int rows = random.Next(400);
        var all = new (int Customer, DateTime Time)[rows];
        for (int i = 0; i < rows; i++)
        {
            // Days from 2024-10 to 2025-07: some after the holdout end, some customers acquired after the observation end.
            all[i] = (random.Next(customers), new DateTime(2024, 10, 1).AddDays(random.Next(300)).AddHours(random.Next(24)));
        }

        var split = new List<TransactionBatch>();
        int parts = 1 + (batches % 4);
        for (int p = 0; p < parts; p++)
        {
            var slice = all.Where((_, i) => i % parts == p).ToArray();
            split.Add(new TransactionBatch(slice.Select(r => r.Customer).ToArray(), slice.Select(r => r.Time).ToArray(), slice.Select(_ => 1.0).ToArray()));
        }

        var options = new TrackingOptions(End)
        {
            HoldoutEnd = withHoldout ? End.AddDays(91) : null,
            Period = weekly ? TimeUnit.Week : TimeUnit.Day,
            Start = (startChoice % 3) switch { 0 => null, 1 => new DateOnly(2024, 9, 2), _ => new DateOnly(2024, 12, 30) },
        };
        IPurchaseModel model = seed % 2 == 0 ? new BgNbdModel(0.243, 4.414, 0.793, 2.426, TimeUnit.Week) : new ParetoNbdModel(0.6, 10, 0.8, 15, TimeUnit.Day);
        RepeatTransactionTracking? actual = null, expected = null;
        Exception? actualError = null, expectedError = null;
        try
        {
            actual = RepeatTransactionTracking.Compute(split, model, options);
        }
        catch (ArgumentException e)
        {
            actualError = e;
        }

        try
        {
            expected = Reference(all, model, options);
        }
        catch (ArgumentException e)
        {
            expectedError = e;
        }

        if (expected is null || actual is null)
        {
            Assert.Equal(expectedError?.Message, actualError?.Message);
            return true;
        }

        Assert.Equal(expected.Start, actual.Start);
        Assert.Equal(expected.WeekEnds, actual.WeekEnds);
        Assert.Equal(expected.CalibrationWeeks, actual.CalibrationWeeks);
        Assert.Equal(expected.CustomerCount, actual.CustomerCount);
        Assert.Equal(Bits(expected.ActualIncremental), Bits(actual.ActualIncremental));
        Assert.Equal(Bits(expected.ExpectedIncremental), Bits(actual.ExpectedIncremental));
        Assert.Equal(Bits(expected.ExpectedCumulative), Bits(actual.ExpectedCumulative));
        return true;
    }

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>The definition, written plainly (the implementation before the radix sort).</summary>
    private static RepeatTransactionTracking Reference((int Customer, DateTime Time)[] all, IPurchaseModel model, TrackingOptions options)
    {
        int periodDays = options.Period.Days();
        DateOnly last = options.HoldoutEnd ?? options.ObservationEnd;
        var rows = new List<(int Customer, int Period, int Day)>();
        foreach ((int customer, DateTime time) in all)
        {
            int day = DateOnly.FromDateTime(time).DayNumber;
            if (day <= last.DayNumber)
            {
                rows.Add((customer, periodDays == 1 ? day : (day - ((day % 7 + 7) % 7)) / 7, day));
            }
        }

        rows.Sort();
        var firstDays = new List<int>();
        var repeatDays = new List<int>();
        for (int i = 0; i < rows.Count;)
        {
            int customer = rows[i].Customer;
            bool tracked = rows[i].Day <= options.ObservationEnd.DayNumber;
            if (tracked)
            {
                firstDays.Add(rows[i].Day);
            }

            int previousPeriod = rows[i].Period;
            for (i++; i < rows.Count && rows[i].Customer == customer; i++)
            {
                if (rows[i].Period != previousPeriod)
                {
                    previousPeriod = rows[i].Period;
                    if (tracked)
                    {
                        repeatDays.Add(rows[i].Day);
                    }
                }
            }
        }

        if (firstDays.Count == 0)
        {
            throw new ArgumentException($"No customer made a first purchase on or before {options.ObservationEnd:yyyy-MM-dd}. (Parameter 'batches')");
        }

        int startDay = options.Start?.DayNumber ?? firstDays.Min();
        if (startDay > options.ObservationEnd.DayNumber)
        {
            throw new ArgumentException($"Start {DateOnly.FromDayNumber(startDay):yyyy-MM-dd} is after the observation end. (Parameter 'options')");
        }

        int weeks = ((last.DayNumber - startDay) / 7) + 1;
        var weekEnds = Enumerable.Range(0, weeks).Select(w => DateOnly.FromDayNumber(Math.Min(startDay + (7 * w) + 6, last.DayNumber))).ToArray();
        var actual = new double[weeks];
        foreach (int day in repeatDays.Where(d => d >= startDay))
        {
            actual[(day - startDay) / 7] += 1.0;
        }

        var byDay = new SortedDictionary<int, int>();
        foreach (int d in firstDays)
        {
            byDay[d] = byDay.TryGetValue(d, out int n) ? n + 1 : 1;
        }

        var expected = new double[weeks];
        double previous = 0.0;
        for (int w = 0; w < weeks; w++)
        {
            double cumulative = 0.0;
            int end = weekEnds[w].DayNumber;
            foreach (var (day, count) in byDay.Where(p => p.Key < end))
            {
                cumulative += count * model.ExpectedPurchasesNewCustomer((end - day) / (double)model.TimeUnit.Days());
            }

            expected[w] = cumulative - previous;
            previous = cumulative;
        }

        int calibrationWeeks = weekEnds.Count(e => e <= options.ObservationEnd);
        return new RepeatTransactionTracking(options, DateOnly.FromDayNumber(startDay), weekEnds, actual, expected, firstDays.Count, calibrationWeeks);
    }
}
