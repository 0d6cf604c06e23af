using System.Globalization;
using System.Numerics.Tensors;
using System.Text;

namespace CustomerScoring.Summaries;

/// <summary>
/// Per-customer summaries of transactions over an observation window, stored as columns: one row per
/// customer with at least one purchase on or before the observation end, in customer index order.
/// </summary>
/// <remarks>
/// <para>Definitions (the conventions of lifetimes and BTYD; see <see cref="SummaryOptions"/>):</para>
/// <list type="bullet">
/// <item><see cref="PurchasePeriods"/>: the number of distinct periods with a purchase.</item>
/// <item><see cref="Frequency"/> x = purchase periods - 1 (repeat purchases).</item>
/// <item><see cref="Recency"/> t_x = start of last purchase period - start of first purchase period, in the time unit (0 when x = 0).</item>
/// <item><see cref="Age"/> T = observation end period - first purchase period, in the time unit.</item>
/// <item><see cref="TimeSinceLastPurchase"/> = observation end period - last purchase period, in the time unit (the "R" of RFM).</item>
/// <item><see cref="MonetaryRepeatMean"/> = mean amount per repeat period (amounts summed per period, the first period excluded; 0 when x = 0).</item>
/// <item><see cref="GapBeforeLastPurchase"/> = last purchase period - the distinct purchase period before it, in the time unit (0 when x = 0).</item>
/// </list>
/// <para>Row <c>i</c> describes the customer whose dense index is <c>CustomerIndex[i]</c>; with a
/// <see cref="Transactions.CustomerKeyMap{TKey}"/> that index maps back to your own key. The object is
/// immutable and safe to share between threads.</para>
/// </remarks>
public sealed class CustomerSummaries
{
    private readonly int[] _customerIndex;
    private readonly DateTime[] _first;
    private readonly DateTime[] _last;
    private readonly int[] _transactions;
    private readonly int[] _periods;
    private readonly double[] _total;
    private readonly double[] _margin;
    private readonly double[] _frequency;
    private readonly double[] _recency;
    private readonly double[] _age;
    private readonly double[] _sinceLast;
    private readonly double[] _repeatMean;
    private readonly double[] _lastGap;
    private readonly int[] _holdoutPeriods;
    private readonly int[] _holdoutTransactions;
    private readonly double[] _holdoutAmount;
    private readonly int[] _rowOfIndex;

    private CustomerSummaries(SummaryOptions options, int rows, int indexSpace, bool hasHoldout)
    {
        Options = options;
        _customerIndex = new int[rows];
        _first = new DateTime[rows];
        _last = new DateTime[rows];
        _transactions = new int[rows];
        _periods = new int[rows];
        _total = new double[rows];
        _margin = new double[rows];
        _frequency = new double[rows];
        _recency = new double[rows];
        _age = new double[rows];
        _sinceLast = new double[rows];
        _repeatMean = new double[rows];
        _lastGap = new double[rows];
        _holdoutPeriods = hasHoldout ? new int[rows] : [];
        _holdoutTransactions = hasHoldout ? new int[rows] : [];
        _holdoutAmount = hasHoldout ? new double[rows] : [];
        _rowOfIndex = new int[indexSpace];
    }

    /// <summary>The options the summaries were computed with.</summary>
    public SummaryOptions Options { get; }

    /// <summary>The observation end (analysis date), inclusive.</summary>
    public DateOnly ObservationEnd => Options.ObservationEnd;

    /// <summary>The period unit in which purchases were bucketed.</summary>
    public TimeUnit Period => Options.Period;

    /// <summary>The unit of <see cref="Recency"/>, <see cref="Age"/> and <see cref="TimeSinceLastPurchase"/>.</summary>
    public TimeUnit TimeUnit => Options.TimeUnit;

    /// <summary>The number of customers (rows): those with at least one purchase on or before the observation end.</summary>
    public int Count => _customerIndex.Length;

    /// <summary>Whether the input had a margin column.</summary>
    public bool HasMargins { get; private set; }

    /// <summary>Whether a holdout period was summarized (see <see cref="SummaryOptions.HoldoutEnd"/>).</summary>
    public bool HasHoldout => Options.HoldoutEnd.HasValue;

    /// <summary>Transactions on or before the observation end: the ones summarized.</summary>
    public long TransactionsUsed { get; private set; }

    /// <summary>Holdout transactions of customers that have calibration purchases: the ones in the holdout columns.</summary>
    public long HoldoutTransactionsUsed { get; private set; }

    /// <summary>Holdout transactions of customers whose first purchase lies in the holdout period (they have no summary row).</summary>
    public long HoldoutTransactionsOfNewCustomers { get; private set; }

    /// <summary>Transactions after the observation end (after the holdout end, with a holdout): excluded and counted here.</summary>
    public long ExcludedAfterEnd { get; private set; }

    /// <summary>Customer indices present in the input without any purchase on or before the observation end.</summary>
    public int CustomersWithoutPurchases { get; private set; }

    /// <summary>The total amount of all summarized transactions.</summary>
    public double Revenue { get; private set; }

    /// <summary>The length of the holdout period in the time unit, or 0 without a holdout.</summary>
    public double HoldoutLength =>
        Options.HoldoutEnd is { } h ? (h.DayNumber - ObservationEnd.DayNumber) / (double)TimeUnit.Days() : 0;

    /// <summary>The dense customer index of each row.</summary>
    public ReadOnlySpan<int> CustomerIndex => _customerIndex;

    /// <summary>The timestamp of each customer's first purchase.</summary>
    public ReadOnlySpan<DateTime> FirstPurchase => _first;

    /// <summary>The timestamp of each customer's last purchase on or before the observation end.</summary>
    public ReadOnlySpan<DateTime> LastPurchase => _last;

    /// <summary>The number of transactions of each customer.</summary>
    public ReadOnlySpan<int> TransactionCount => _transactions;

    /// <summary>The number of distinct purchase periods of each customer.</summary>
    public ReadOnlySpan<int> PurchasePeriods => _periods;

    /// <summary>The total amount of each customer (refunds netted).</summary>
    public ReadOnlySpan<double> TotalAmount => _total;

    /// <summary>The total margin of each customer; zeros when <see cref="HasMargins"/> is false.</summary>
    public ReadOnlySpan<double> TotalMargin => _margin;

    /// <summary>x: repeat purchase periods (purchase periods - 1), as whole numbers.</summary>
    public ReadOnlySpan<double> Frequency => _frequency;

    /// <summary>t_x: time between the first and the last purchase period, in <see cref="TimeUnit"/>.</summary>
    public ReadOnlySpan<double> Recency => _recency;

    /// <summary>T: time between the first purchase period and the observation end, in <see cref="TimeUnit"/>.</summary>
    public ReadOnlySpan<double> Age => _age;

    /// <summary>Time from the last purchase period to the observation end, in <see cref="TimeUnit"/> (RFM recency).</summary>
    public ReadOnlySpan<double> TimeSinceLastPurchase => _sinceLast;

    /// <summary>m: the mean amount of the repeat purchase periods (first period excluded; 0 when x = 0).</summary>
    public ReadOnlySpan<double> MonetaryRepeatMean => _repeatMean;

    /// <summary>
    /// Time between the last two distinct purchase periods, in <see cref="TimeUnit"/> (0 when x = 0): how long the
    /// customer had been away before the latest purchase, e.g. to tell a reactivated customer.
    /// </summary>
    public ReadOnlySpan<double> GapBeforeLastPurchase => _lastGap;

    /// <summary>Distinct purchase periods in the holdout; empty without a holdout.</summary>
    public ReadOnlySpan<int> HoldoutPurchasePeriods => _holdoutPeriods;

    /// <summary>Transactions in the holdout; empty without a holdout.</summary>
    public ReadOnlySpan<int> HoldoutTransactionCount => _holdoutTransactions;

    /// <summary>Total amount in the holdout; empty without a holdout.</summary>
    public ReadOnlySpan<double> HoldoutAmount => _holdoutAmount;

    /// <summary>The row of the customer with dense index <paramref name="customerIndex"/>, or -1 when that customer has no summary row.</summary>
    public int RowOf(int customerIndex) =>
        (uint)customerIndex < (uint)_rowOfIndex.Length ? _rowOfIndex[customerIndex] : -1;

    /// <summary>A short, readable description of the portfolio.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"CustomerSummaries: {Count:N0} customers, {TransactionsUsed:N0} transactions, revenue {Revenue:N2}, observation end {ObservationEnd:yyyy-MM-dd}");
        sb.Append(inv, $", period {Period.ToName()}, time unit {TimeUnit.ToName()}");
        if (ExcludedAfterEnd > 0)
        {
            sb.Append(inv, $", {ExcludedAfterEnd:N0} transactions after the end excluded");
        }

        if (HasHoldout)
        {
            sb.Append(inv, $", holdout to {Options.HoldoutEnd:yyyy-MM-dd}: {HoldoutTransactionsUsed:N0} transactions");
        }

        return sb.ToString();
    }

    internal static CustomerSummaries FromState(SummaryState state, SummaryOptions options)
    {
        Accumulator[] cal = state.Calibration;
        Accumulator[]? hold = state.Holdout;
        int rows = 0;
        for (int c = 0; c < state.CustomerCount; c++)
        {
            if (cal[c].Count > 0)
            {
                rows++;
            }
        }

        var s = new CustomerSummaries(options, rows, state.CustomerCount, hold is not null);
        SummaryWindow w = state.Window;
        int endPeriod = w.PeriodOfDay(w.EndDay);
        long holdoutOfNew = 0;
        long holdoutUsed = 0;
        int r = 0;
        for (int c = 0; c < state.CustomerCount; c++)
        {
            ref readonly Accumulator a = ref cal[c];
            if (a.Count == 0)
            {
                s._rowOfIndex[c] = -1;
                if (hold is not null)
                {
                    holdoutOfNew += hold[c].Count;
                }

                continue;
            }

            if (a.OutOfOrder)
            {
                throw new InvalidOperationException("Internal error: a period count was not recounted.");
            }

            s._rowOfIndex[c] = r;
            s._customerIndex[r] = c;
            s._first[r] = new DateTime(a.FirstTicks);
            s._last[r] = new DateTime(a.LastTicks);
            s._transactions[r] = a.Count;
            s._periods[r] = a.Periods;
            s._total[r] = a.Total;
            s._margin[r] = a.Margin;
            int x = a.Periods - 1;
            s._frequency[r] = x;
            s._recency[r] = w.PeriodsToUnits(a.LastPeriod - a.FirstPeriod);
            s._age[r] = w.PeriodsToUnits(endPeriod - a.FirstPeriod);
            s._sinceLast[r] = w.PeriodsToUnits(endPeriod - a.LastPeriod);
            s._repeatMean[r] = x > 0 ? (a.Total - a.FirstPeriodAmount) / x : 0.0;
            s._lastGap[r] = w.PeriodsToUnits(a.LastGap);
            if (hold is not null)
            {
                ref readonly Accumulator h = ref hold[c];
                if (h.OutOfOrder)
                {
                    throw new InvalidOperationException("Internal error: a holdout period count was not recounted.");
                }

                s._holdoutPeriods[r] = h.Count == 0 ? 0 : h.Periods;
                s._holdoutTransactions[r] = h.Count;
                s._holdoutAmount[r] = h.Total;
                holdoutUsed += h.Count;
            }

            r++;
        }

        s.HasMargins = state.HasMargins;
        s.TransactionsUsed = state.CalibrationRows;
        s.HoldoutTransactionsUsed = holdoutUsed;
        s.HoldoutTransactionsOfNewCustomers = holdoutOfNew;
        s.ExcludedAfterEnd = state.ExcludedRows;
        s.CustomersWithoutPurchases = state.CustomerCount - rows;
        s.Revenue = TensorPrimitives.Sum<double>(s._total);
        return s;
    }
}
