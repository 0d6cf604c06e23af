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
    internal RepeatTransactionTracking(TrackingOptions options, DateOnly start, DateOnly[] weekEnds, double[] actual, double[] expected, int customers, int calibrationWeeks)
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
        return ObservedRepeatTransactions.Of(batches, options).Track(model);
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
