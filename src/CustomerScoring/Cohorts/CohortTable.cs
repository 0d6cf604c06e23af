using System.Collections.ObjectModel;
using System.Globalization;
using System.Net;
using System.Text;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Cohorts;

/// <summary>
/// Acquisition cohorts by periods since acquisition: the customers whose first purchase (on or before the analysis
/// date) fell in the same month or week form a cohort; period k is the k-th calendar month or week after that one
/// (period 0 is the acquisition period). Each cell holds the cohort's active customers (at least one purchase in the
/// period), purchases and revenue; retention share and revenue per acquired customer divide by the cohort size.
/// Every transaction on or before the analysis date counts as a purchase, whatever its sign (as in the customer
/// summaries), so the cells add up to the summaries' totals. Cells after the analysis date's period are not observed;
/// the analysis date's own period is observed up to that date. Immutable and thread-safe.
/// </summary>
public sealed class CohortTable
{
    private readonly int[] acquired;
    private readonly int[,] active;
    private readonly long[,] purchases;
    private readonly double[,] revenue;

    private CohortTable(CohortOptions options, DateOnly[] starts, int[] acquired, int[,] active, long[,] purchases, double[,] revenue, long excluded)
    {
        Options = options;
        CohortStarts = Array.AsReadOnly(starts);
        this.acquired = acquired;
        this.active = active;
        this.purchases = purchases;
        this.revenue = revenue;
        ExcludedAfterAnalysisDate = excluded;
    }

    /// <summary>The options used.</summary>
    public CohortOptions Options { get; }

    /// <summary>The first day of each cohort's month or week, ascending; only cohorts with customers are listed.</summary>
    public ReadOnlyCollection<DateOnly> CohortStarts { get; }

    /// <summary>Cohorts (rows).</summary>
    public int CohortCount => acquired.Length;

    /// <summary>Periods since acquisition (columns 0 .. PeriodCount − 1): those of the oldest cohort up to the analysis date.</summary>
    public int PeriodCount => active.GetLength(1);

    /// <summary>Transactions after the analysis date, left out.</summary>
    public long ExcludedAfterAnalysisDate { get; }

    /// <summary>Customers acquired in cohort <paramref name="cohort"/>.</summary>
    /// <param name="cohort">Row index.</param>
    /// <returns>The cohort size.</returns>
    public int Acquired(int cohort) => acquired[cohort];

    /// <summary>Whether the period has started on or before the analysis date for this cohort.</summary>
    /// <param name="cohort">Row index.</param>
    /// <param name="period">Periods since acquisition.</param>
    /// <returns>True when observed (the analysis date's own period partly).</returns>
    public bool IsObserved(int cohort, int period) => period >= 0 && period < PeriodCount && Shift(CohortStarts[cohort], period) <= Options.AnalysisDate;

    /// <summary>Customers of the cohort with a purchase in the period (0 when not observed).</summary>
    /// <param name="cohort">Row index.</param>
    /// <param name="period">Periods since acquisition.</param>
    /// <returns>The count.</returns>
    public int ActiveCustomers(int cohort, int period) => active[cohort, period];

    /// <summary>The cohort's purchases (transactions) in the period.</summary>
    /// <param name="cohort">Row index.</param>
    /// <param name="period">Periods since acquisition.</param>
    /// <returns>The count.</returns>
    public long Purchases(int cohort, int period) => purchases[cohort, period];

    /// <summary>The sum of the amounts of the cohort's purchases in the period.</summary>
    /// <param name="cohort">Row index.</param>
    /// <param name="period">Periods since acquisition.</param>
    /// <returns>The revenue.</returns>
    public double Revenue(int cohort, int period) => revenue[cohort, period];

    /// <summary>Active customers over acquired customers; NaN when the period is not observed.</summary>
    /// <param name="cohort">Row index.</param>
    /// <param name="period">Periods since acquisition.</param>
    /// <returns>A share in [0, 1].</returns>
    public double RetentionShare(int cohort, int period) => IsObserved(cohort, period) ? (double)active[cohort, period] / acquired[cohort] : double.NaN;

    /// <summary>Revenue over acquired customers; NaN when the period is not observed.</summary>
    /// <param name="cohort">Row index.</param>
    /// <param name="period">Periods since acquisition.</param>
    /// <returns>The revenue per customer acquired.</returns>
    public double RevenuePerAcquiredCustomer(int cohort, int period) => IsObserved(cohort, period) ? revenue[cohort, period] / acquired[cohort] : double.NaN;

    /// <summary>The value of a measure in a cell; NaN when the period is not observed.</summary>
    /// <param name="measure">What to read.</param>
    /// <param name="cohort">Row index.</param>
    /// <param name="period">Periods since acquisition.</param>
    /// <returns>The value.</returns>
    public double Value(CohortMeasure measure, int cohort, int period) => !IsObserved(cohort, period) ? double.NaN : measure switch
    {
        CohortMeasure.ActiveCustomers => active[cohort, period],
        CohortMeasure.RetentionShare => RetentionShare(cohort, period),
        CohortMeasure.Revenue => revenue[cohort, period],
        CohortMeasure.RevenuePerAcquiredCustomer => RevenuePerAcquiredCustomer(cohort, period),
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Unknown measure."),
    };

    /// <summary>The cohort's label: "2026-01" for a month, the Monday "2026-01-05" for a week.</summary>
    /// <param name="cohort">Row index.</param>
    /// <returns>The label.</returns>
    public string Label(int cohort) => Options.Period == CohortPeriod.Month
        ? CohortStarts[cohort].ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : CohortStarts[cohort].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Builds the table from a set of transactions.</summary>
    /// <typeparam name="TKey">The caller's customer key type.</typeparam>
    /// <param name="data">The transactions.</param>
    /// <param name="options">Analysis date and period.</param>
    /// <returns>The table.</returns>
    public static CohortTable Compute<TKey>(CustomerTransactions<TKey> data, CohortOptions options)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        return Compute(data.Batches, options);
    }

    /// <summary>Builds the table from transaction batches (customer indices shared across batches).</summary>
    /// <param name="batches">The transactions.</param>
    /// <param name="options">Analysis date and period.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentException">No transaction on or before the analysis date.</exception>
    public static CohortTable Compute(IReadOnlyList<TransactionBatch> batches, CohortOptions options)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Period))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Period, "Unknown cohort period.");
        }

        int maxCustomer = -1;
        long rows = 0;
        foreach (TransactionBatch b in batches)
        {
            maxCustomer = Math.Max(maxCustomer, b.MaxCustomerIndex);
            rows += b.Count;
        }

        int end = PeriodNumber(options.AnalysisDate, options.Period);
        var first = new int[maxCustomer + 1];
        Array.Fill(first, int.MaxValue);
        long excluded = 0;
        var keys = new List<(long Key, double Amount)>((int)Math.Min(rows, int.MaxValue));
        foreach (TransactionBatch b in batches)
        {
            ReadOnlySpan<int> c = b.CustomerIndex;
            ReadOnlySpan<DateTime> ts = b.Timestamps;
            ReadOnlySpan<double> amounts = b.Amounts;
            for (int i = 0; i < c.Length; i++)
            {
                DateOnly day = DateOnly.FromDateTime(ts[i]);
                if (day > options.AnalysisDate)
                {
                    excluded++;
                    continue;
                }

                bool isReturn = amounts[i] < 0 && options.Returns != ReturnsPolicy.Keep;
                if (isReturn && options.Returns == ReturnsPolicy.Exclude)
                {
                    continue; // dropped, as in the summaries
                }

                int p = PeriodNumber(day, options.Period);
                if (!isReturn)
                {
                    first[c[i]] = Math.Min(first[c[i]], p); // acquisition is the first purchase, never a return
                }

                keys.Add((((long)c[i] << 32) | (uint)p, amounts[i]));
            }
        }

        if (keys.Count == 0)
        {
            throw new ArgumentException($"No transaction on or before the analysis date {options.AnalysisDate:yyyy-MM-dd}; {excluded} are after it.", nameof(batches));
        }

        // Sorted by (customer, period, amount): the revenue sums do not depend on the row order or batch split.
        keys.Sort();
        var cohortNumbers = new SortedDictionary<int, int>();
        foreach (int f in first)
        {
            if (f != int.MaxValue)
            {
                cohortNumbers[f] = 0;
            }
        }

        var starts = new DateOnly[cohortNumbers.Count];
        int row = 0;
        foreach (int f in cohortNumbers.Keys.ToArray())
        {
            cohortNumbers[f] = row;
            starts[row++] = StartOf(f, options.Period);
        }

        int firstCohort = cohortNumbers.Keys.First();
        int periodsCount = end - firstCohort + 1;
        var acquired = new int[starts.Length];
        var active = new int[starts.Length, periodsCount];
        var purchases = new long[starts.Length, periodsCount];
        var revenue = new double[starts.Length, periodsCount];
        foreach (int f in first)
        {
            if (f != int.MaxValue)
            {
                acquired[cohortNumbers[f]]++;
            }
        }

        long previous = -1;
        bool keep = options.Returns == ReturnsPolicy.Keep;
        foreach (var (key, amount) in keys)
        {
            int customer = (int)(key >> 32);
            if (first[customer] == int.MaxValue)
            {
                continue; // only returns: no purchase, no cohort (as the summaries give such a customer no row)
            }

            int p = (int)(key & 0xFFFFFFFF);
            int cohortRow = cohortNumbers[first[customer]];
            int k = Math.Max(0, p - first[customer]); // a return before the first purchase lowers the first period's revenue
            revenue[cohortRow, k] += amount;
            if (amount < 0 && !keep)
            {
                continue; // a return is no purchase and makes no one active
            }

            if (key != previous)
            {
                active[cohortRow, k]++;
                previous = key;
            }

            purchases[cohortRow, k]++;
        }

        return new CohortTable(options, starts, acquired, active, purchases, revenue, excluded);
    }

    /// <summary>An aligned text table of one measure: a row per cohort with its size, a column per period.</summary>
    /// <param name="measure">What the cells show.</param>
    /// <returns>Lines of text.</returns>
    public string ToText(CohortMeasure measure)
    {
        var cells = new string[CohortCount + 1][];
        cells[0] = new string[PeriodCount + 2];
        cells[0][0] = "cohort";
        cells[0][1] = "customers";
        for (int k = 0; k < PeriodCount; k++)
        {
            cells[0][k + 2] = k.ToString(CultureInfo.InvariantCulture);
        }

        for (int c = 0; c < CohortCount; c++)
        {
            var line = cells[c + 1] = new string[PeriodCount + 2];
            line[0] = Label(c);
            line[1] = acquired[c].ToString(CultureInfo.InvariantCulture);
            for (int k = 0; k < PeriodCount; k++)
            {
                line[k + 2] = Format(measure, Value(measure, c, k));
            }
        }

        var widths = new int[PeriodCount + 2];
        foreach (string[] line in cells)
        {
            for (int j = 0; j < line.Length; j++)
            {
                widths[j] = Math.Max(widths[j], line[j].Length);
            }
        }

        var sb = new StringBuilder();
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                sb.AppendLine();
            }

            for (int j = 0; j < cells[i].Length; j++)
            {
                if (j == 0)
                {
                    sb.Append(cells[i][j].PadRight(widths[j]));
                }
                else
                {
                    sb.Append("  ").Append(cells[i][j].PadLeft(widths[j]));
                }
            }

            int len = sb.Length;
            while (len > 0 && sb[len - 1] == ' ')
            {
                len--;
            }

            sb.Length = len;
        }

        return sb.ToString();
    }

    /// <summary>The retention shares as a text table (<see cref="ToText"/>).</summary>
    /// <returns>Lines of text.</returns>
    public override string ToString() => ToText(CohortMeasure.RetentionShare);

    /// <summary>
    /// CSV in long form, one row per observed cell:
    /// cohort,cohort_start,acquired,period,active_customers,retention_share,purchases,revenue,revenue_per_acquired_customer
    /// (invariant culture, full precision).
    /// </summary>
    /// <returns>The CSV text with a header line.</returns>
    public string ToCsv()
    {
        var sb = new StringBuilder("cohort,cohort_start,acquired,period,active_customers,retention_share,purchases,revenue,revenue_per_acquired_customer\n");
        for (int c = 0; c < CohortCount; c++)
        {
            for (int k = 0; k < PeriodCount && IsObserved(c, k); k++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{Label(c)},{CohortStarts[c]:yyyy-MM-dd},{acquired[c]},{k},{active[c, k]},{RetentionShare(c, k):R},{purchases[c, k]},{revenue[c, k]:R},{RevenuePerAcquiredCustomer(c, k):R}\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>An HTML table of one measure (no styles; cells carry the value in a data-value attribute).</summary>
    /// <param name="measure">What the cells show.</param>
    /// <returns>A &lt;table&gt; element.</returns>
    public string ToHtml(CohortMeasure measure)
    {
        var sb = new StringBuilder("<table class=\"cohorts\">\n<thead><tr><th>cohort</th><th>customers</th>");
        for (int k = 0; k < PeriodCount; k++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<th>{k}</th>");
        }

        sb.Append("</tr></thead>\n<tbody>\n");
        for (int c = 0; c < CohortCount; c++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th>{WebUtility.HtmlEncode(Label(c))}</th><td>{acquired[c]}</td>");
            for (int k = 0; k < PeriodCount; k++)
            {
                double v = Value(measure, c, k);
                sb.Append(double.IsNaN(v) ? "<td></td>" : string.Create(CultureInfo.InvariantCulture, $"<td data-value=\"{v:R}\">{Format(measure, v)}</td>"));
            }

            sb.Append("</tr>\n");
        }

        return sb.Append("</tbody>\n</table>").ToString();
    }

    private static string Format(CohortMeasure measure, double value) => double.IsNaN(value) ? string.Empty : measure switch
    {
        CohortMeasure.ActiveCustomers => value.ToString("F0", CultureInfo.InvariantCulture),
        CohortMeasure.RetentionShare => (100 * value).ToString("F1", CultureInfo.InvariantCulture) + "%",
        _ => value.ToString("F2", CultureInfo.InvariantCulture),
    };

    private DateOnly Shift(DateOnly start, int periods) => Options.Period == CohortPeriod.Month ? start.AddMonths(periods) : start.AddDays(7 * periods);

    private static int PeriodNumber(DateOnly day, CohortPeriod period) => period == CohortPeriod.Month
        ? (day.Year * 12) + day.Month - 1
        : (day.DayNumber - (((int)day.DayOfWeek + 6) % 7)) / 7;   // DayNumber of Monday; 0001-01-01 was a Monday

    private static DateOnly StartOf(int number, CohortPeriod period) => period == CohortPeriod.Month
        ? new DateOnly(number / 12, (number % 12) + 1, 1)
        : DateOnly.FromDayNumber(number * 7);
}
