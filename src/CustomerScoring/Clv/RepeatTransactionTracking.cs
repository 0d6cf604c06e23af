using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Clv;

/// <summary>
/// Repeat transactions per calendar week, actual against a purchase model's expectation, over the calibration and
/// holdout periods: the tracking plots of the BG/NBD and Pareto/NBD papers. The expectation at the end of week w is
/// Σ over customers of E[X(t)], t the time from the customer's own first purchase to the week's last day (in the
/// model's time unit, as the summaries measure T), using <see cref="IPurchaseModel.ExpectedPurchasesNewCustomer"/>.
/// Customers acquired after the observation end are not tracked. Weeks are 7 days from <see cref="Start"/>; the last
/// one may be shorter. Immutable and thread-safe.
/// </summary>
public sealed class RepeatTransactionTracking
{
    private RepeatTransactionTracking(TrackingOptions options, DateOnly start, DateOnly[] weekEnds, double[] actual, double[] expected, int customers, int calibrationWeeks)
    {
        Options = options;
        Start = start;
        WeekEnds = Array.AsReadOnly(weekEnds);
        ActualIncremental = Array.AsReadOnly(actual);
        ExpectedIncremental = Array.AsReadOnly(expected);
        ActualCumulative = Array.AsReadOnly(Cumulate(actual));
        ExpectedCumulative = Array.AsReadOnly(Cumulate(expected));
        CustomerCount = customers;
        CalibrationWeeks = calibrationWeeks;
    }

    /// <summary>The options used.</summary>
    public TrackingOptions Options { get; }

    /// <summary>The first day of week 1.</summary>
    public DateOnly Start { get; }

    /// <summary>The last day of each week (inclusive).</summary>
    public ReadOnlyCollection<DateOnly> WeekEnds { get; }

    /// <summary>Weeks ending on or before the observation end; the rest are holdout weeks.</summary>
    public int CalibrationWeeks { get; }

    /// <summary>Customers tracked (first purchase on or before the observation end).</summary>
    public int CustomerCount { get; }

    /// <summary>Repeat transactions (purchase periods after each customer's first) in each week.</summary>
    public ReadOnlyCollection<double> ActualIncremental { get; }

    /// <summary>Expected repeat transactions in each week under the model.</summary>
    public ReadOnlyCollection<double> ExpectedIncremental { get; }

    /// <summary>Repeat transactions up to the end of each week.</summary>
    public ReadOnlyCollection<double> ActualCumulative { get; }

    /// <summary>Expected repeat transactions up to the end of each week: Σ E[X(week end − first purchase)].</summary>
    public ReadOnlyCollection<double> ExpectedCumulative { get; }

    /// <summary>Weeks after the calibration weeks (those ending after the observation end).</summary>
    public int HoldoutWeeks => WeekEnds.Count - CalibrationWeeks;

    /// <summary>Repeat transactions in the holdout weeks.</summary>
    public double HoldoutActual => Sum(ActualIncremental, CalibrationWeeks);

    /// <summary>Expected repeat transactions in the holdout weeks.</summary>
    public double HoldoutExpected => Sum(ExpectedIncremental, CalibrationWeeks);

    /// <summary>
    /// The aggregate tracking error by week: the mean over the holdout weeks of |actual − expected| repeat transactions in
    /// the week (all tracked customers together; a shorter last week counts as one); null without holdout weeks.
    /// </summary>
    public double? HoldoutMeanAbsoluteWeeklyError
    {
        get
        {
            if (HoldoutWeeks == 0)
            {
                return null;
            }

            double sum = 0.0;
            for (int w = CalibrationWeeks; w < WeekEnds.Count; w++)
            {
                sum += Math.Abs(ActualIncremental[w] - ExpectedIncremental[w]);
            }

            return sum / HoldoutWeeks;
        }
    }

    private static double Sum(ReadOnlyCollection<double> values, int from)
    {
        double sum = 0.0;
        for (int w = from; w < values.Count; w++)
        {
            sum += values[w];
        }

        return sum;
    }

    /// <summary>Tracks repeat transactions of the customers in <paramref name="data"/> against <paramref name="model"/>.</summary>
    /// <typeparam name="TKey">The caller's customer key type.</typeparam>
    /// <param name="data">The transactions, calibration and holdout.</param>
    /// <param name="model">A purchase model fitted on the calibration summaries of the same data.</param>
    /// <param name="options">Dates and purchase period.</param>
    /// <returns>The weekly series.</returns>
    public static RepeatTransactionTracking Compute<TKey>(CustomerTransactions<TKey> data, IPurchaseModel model, TrackingOptions options)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        return Compute(data.Batches, model, options);
    }

    /// <summary>Tracks repeat transactions in <paramref name="batches"/> (customer indices shared) against <paramref name="model"/>.</summary>
    /// <param name="batches">The transactions, calibration and holdout.</param>
    /// <param name="model">A purchase model fitted on the calibration summaries of the same data.</param>
    /// <param name="options">Dates and purchase period.</param>
    /// <returns>The weekly series.</returns>
    /// <exception cref="ArgumentException">No customer acquired by the observation end, or a start after it.</exception>
    public static RepeatTransactionTracking Compute(IReadOnlyList<TransactionBatch> batches, IPurchaseModel model, TrackingOptions options)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        int periodDays = options.Period.Days();
        if (options.HoldoutEnd is { } h && h <= options.ObservationEnd)
        {
            throw new ArgumentException($"HoldoutEnd {h:yyyy-MM-dd} must be after ObservationEnd {options.ObservationEnd:yyyy-MM-dd}.", nameof(options));
        }

        DateOnly last = options.HoldoutEnd ?? options.ObservationEnd;

        // (customer, period number, day) of every purchase up to the last day; the first day of each period counts.
        var rows = new List<(int Customer, int Period, int Day)>();
        foreach (TransactionBatch b in batches)
        {
            ReadOnlySpan<int> c = b.CustomerIndex;
            ReadOnlySpan<DateTime> ts = b.Timestamps;
            for (int i = 0; i < c.Length; i++)
            {
                int day = DateOnly.FromDateTime(ts[i]).DayNumber;
                if (day <= last.DayNumber)
                {
                    int period = periodDays == 1 ? day : (day - ((day % 7 + 7) % 7)) / 7; // DayNumber 0 is a Monday
                    rows.Add((c[i], period, day));
                }
            }
        }

        rows.Sort();
        var firstDays = new List<int>();
        var repeatDays = new List<int>();
        for (int i = 0; i < rows.Count;)
        {
            int customer = rows[i].Customer;
            int firstDay = rows[i].Day;
            bool tracked = firstDay <= options.ObservationEnd.DayNumber;
            if (tracked)
            {
                firstDays.Add(firstDay);
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
            throw new ArgumentException($"No customer made a first purchase on or before {options.ObservationEnd:yyyy-MM-dd}.", nameof(batches));
        }

        int startDay = options.Start?.DayNumber ?? firstDays.Min();
        if (startDay > options.ObservationEnd.DayNumber)
        {
            throw new ArgumentException($"Start {DateOnly.FromDayNumber(startDay):yyyy-MM-dd} is after the observation end.", nameof(options));
        }

        int weeks = ((last.DayNumber - startDay) / 7) + 1;
        var weekEnds = new DateOnly[weeks];
        for (int w = 0; w < weeks; w++)
        {
            weekEnds[w] = DateOnly.FromDayNumber(Math.Min(startDay + (7 * w) + 6, last.DayNumber));
        }

        var actual = new double[weeks];
        foreach (int day in repeatDays)
        {
            if (day >= startDay)
            {
                actual[(day - startDay) / 7] += 1.0;
            }
        }

        // Σ_i E[X(end_w − first_i)], customers grouped by acquisition day.
        var byDay = new SortedDictionary<int, int>();
        foreach (int d in firstDays)
        {
            byDay[d] = byDay.TryGetValue(d, out int n) ? n + 1 : 1;
        }

        double unitDays = model.TimeUnit.Days();
        var expected = new double[weeks];
        double previous = 0.0;
        for (int w = 0; w < weeks; w++)
        {
            double cumulative = 0.0;
            int end = weekEnds[w].DayNumber;
            foreach (var (day, count) in byDay)
            {
                if (day >= end)
                {
                    break;
                }

                cumulative += count * model.ExpectedPurchasesNewCustomer((end - day) / unitDays);
            }

            expected[w] = cumulative - previous;
            previous = cumulative;
        }

        int calibrationWeeks = 0;
        while (calibrationWeeks < weeks && weekEnds[calibrationWeeks] <= options.ObservationEnd)
        {
            calibrationWeeks++;
        }

        return new RepeatTransactionTracking(options, DateOnly.FromDayNumber(startDay), weekEnds, actual, expected, firstDays.Count, calibrationWeeks);
    }

    /// <summary>CSV: week,week_end,holdout,actual,expected,actual_cumulative,expected_cumulative (invariant culture).</summary>
    /// <returns>The CSV text with a header line.</returns>
    public string ToCsv()
    {
        var sb = new StringBuilder("week,week_end,holdout,actual,expected,actual_cumulative,expected_cumulative\n");
        for (int w = 0; w < WeekEnds.Count; w++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{w + 1},{WeekEnds[w]:yyyy-MM-dd},{(w >= CalibrationWeeks ? "true" : "false")},{ActualIncremental[w]:R},{ExpectedIncremental[w]:R},{ActualCumulative[w]:R},{ExpectedCumulative[w]:R}\n");
        }

        return sb.ToString();
    }

    /// <summary>A short summary: customers, weeks, and actual vs expected totals at the end of calibration and holdout.</summary>
    /// <returns>Lines of text.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Repeat transactions of {CustomerCount} customers, {WeekEnds.Count} weeks from {Start:yyyy-MM-dd} ({CalibrationWeeks} calibration)");
        if (CalibrationWeeks > 0)
        {
            int c = CalibrationWeeks - 1;
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  calibration: actual {ActualCumulative[c]:F0}, expected {ExpectedCumulative[c]:F1}");
        }

        if (CalibrationWeeks < WeekEnds.Count)
        {
            int c = CalibrationWeeks - 1, e = WeekEnds.Count - 1;
            double a0 = c >= 0 ? ActualCumulative[c] : 0.0, e0 = c >= 0 ? ExpectedCumulative[c] : 0.0;
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  holdout:     actual {ActualCumulative[e] - a0:F0}, expected {ExpectedCumulative[e] - e0:F1}");
        }

        return sb.ToString();
    }

    private static double[] Cumulate(double[] values)
    {
        var c = new double[values.Length];
        double s = 0.0;
        for (int i = 0; i < values.Length; i++)
        {
            s += values[i];
            c[i] = s;
        }

        return c;
    }
}
