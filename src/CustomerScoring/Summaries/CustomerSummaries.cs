using System.Globalization;
using System.Text;
using CustomerScoring.Numerics.Parallelism;

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
/// <item><see cref="TotalAmount"/> = <see cref="GrossAmount"/> (purchases) + <see cref="ReturnsAmount"/> (returns, negative) with
/// <see cref="ReturnsPolicy.Net"/>; see <see cref="SummaryOptions.Returns"/>.</item>
/// </list>
/// <para>Every sum (amounts, margins, returns, first-period and holdout amounts) is exact and rounded once, so the
/// result is bit for bit the same for any row order, batch split or thread count.</para>
/// <para>Row <c>i</c> describes the customer whose dense index is <c>CustomerIndex[i]</c>; with a
/// <see cref="Transactions.CustomerKeyMap{TKey}"/> that index maps back to your own key. The object is
/// immutable, owned by the garbage collector like any other object (nothing to dispose) and safe to share between threads.</para>
/// </remarks>
public sealed class CustomerSummaries
{
    private readonly int _count;
    private readonly int _indexSpace;
    private readonly int[] _customerIndex;
    private readonly DateTime[] _first;
    private readonly DateTime[] _last;
    private readonly int[] _transactions;
    private readonly int[] _periods;
    private readonly double[] _total;
    private readonly double[] _gross;
    private readonly double[] _returnsAmount;
    private readonly int[] _returnCount;
    private readonly int[] _daysSinceLast;
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
    private readonly bool _withReturns;

    /// <param name="options">The window.</param>
    /// <param name="rows">The customers with a purchase.</param>
    /// <param name="indexSpace">The customer indices.</param>
    /// <param name="hasHoldout">Whether the holdout columns are made.</param>
    /// <param name="withReturns">False when no row is a return: the gross amounts are then the totals (the same array) and the
    /// returns' columns stay zero, so that their memory is never written (fresh pages cost on virtual machines).</param>
    /// <param name="withMargins">False when the input has no margins: the margin column stays zero, unwritten.</param>
    private CustomerSummaries(SummaryOptions options, int rows, int indexSpace, bool hasHoldout, bool withReturns = true, bool withMargins = true)
    {
        Options = options;
        _count = rows;
        _indexSpace = indexSpace;
        _customerIndex = NewColumn<int>(rows);
        _first = NewColumn<DateTime>(rows);
        _last = NewColumn<DateTime>(rows);
        _transactions = NewColumn<int>(rows);
        _periods = NewColumn<int>(rows);
        _total = NewColumn<double>(rows);
        _withReturns = withReturns;
        _gross = withReturns ? NewColumn<double>(rows) : _total;
        _returnsAmount = withReturns ? NewColumn<double>(rows) : ZeroColumn<double>(rows);
        _returnCount = withReturns ? NewColumn<int>(rows) : ZeroColumn<int>(rows);
        _daysSinceLast = NewColumn<int>(rows);
        _margin = withMargins ? NewColumn<double>(rows) : ZeroColumn<double>(rows);
        _frequency = NewColumn<double>(rows);
        _recency = NewColumn<double>(rows);
        _age = NewColumn<double>(rows);
        _sinceLast = NewColumn<double>(rows);
        _repeatMean = NewColumn<double>(rows);
        _lastGap = NewColumn<double>(rows);
        _holdoutPeriods = hasHoldout ? NewColumn<int>(rows) : [];
        _holdoutTransactions = hasHoldout ? NewColumn<int>(rows) : [];
        _holdoutAmount = hasHoldout ? NewColumn<double>(rows) : [];
        _rowOfIndex = NewColumn<int>(indexSpace);
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
    public int Count => _count;

    /// <summary>Whether the input had a margin column.</summary>
    public bool HasMargins { get; private set; }

    /// <summary>Whether a holdout period was summarized (see <see cref="SummaryOptions.HoldoutEnd"/>).</summary>
    public bool HasHoldout => Options.HoldoutEnd.HasValue;

    /// <summary>Purchase transactions on or before the observation end: the ones summarized (returns are in <see cref="ReturnTransactions"/>).</summary>
    public long TransactionsUsed { get; private set; }

    /// <summary>Holdout purchase transactions of customers that have calibration purchases: the ones in the holdout columns.</summary>
    public long HoldoutTransactionsUsed { get; private set; }

    /// <summary>Holdout transactions of customers whose first purchase lies in the holdout period (they have no summary row).</summary>
    public long HoldoutTransactionsOfNewCustomers { get; private set; }

    /// <summary>Transactions after the observation end (after the holdout end, with a holdout): excluded and counted here.</summary>
    public long ExcludedAfterEnd { get; private set; }

    /// <summary>Customer indices present in the input without any purchase on or before the observation end.</summary>
    public int CustomersWithoutPurchases { get; private set; }

    /// <summary>
    /// The sum of <see cref="TotalAmount"/> over the customers with a row (net of their returns with
    /// <see cref="ReturnsPolicy.Net"/>), computed exactly and rounded once.
    /// </summary>
    public double Revenue { get; private set; }

    /// <summary>The sum of <see cref="GrossAmount"/>: the purchases of the customers with a row, before returns.</summary>
    public double GrossRevenue { get; private set; }

    /// <summary>What <see cref="SummaryOptions.Returns"/> did with negative amounts.</summary>
    public ReturnsPolicy Returns => Options.Returns;

    /// <summary>
    /// Returns (negative amounts) on or before the observation end, of all customers: netted into totals with
    /// <see cref="ReturnsPolicy.Net"/>, dropped with <see cref="ReturnsPolicy.Exclude"/>; 0 with <see cref="ReturnsPolicy.Keep"/>
    /// (returns are then purchases). Not part of <see cref="TransactionsUsed"/>.
    /// </summary>
    public long ReturnTransactions { get; private set; }

    /// <summary>The summed amount of <see cref="ReturnTransactions"/> (zero or negative), exact and rounded once.</summary>
    public double ReturnsValue { get; private set; }

    /// <summary>
    /// Customers whose only lines on or before the observation end are returns: they made no purchase, so they have no
    /// row (they are among <see cref="CustomersWithoutPurchases"/>), and their returns lower no total.
    /// </summary>
    public int CustomersWithOnlyReturns { get; private set; }

    /// <summary>The returns among <see cref="ReturnTransactions"/> made by <see cref="CustomersWithOnlyReturns"/>.</summary>
    public long ReturnsOfCustomersWithoutPurchases { get; private set; }

    /// <summary>Returns in the holdout period (netted into <see cref="HoldoutAmount"/> with <see cref="ReturnsPolicy.Net"/>).</summary>
    public long HoldoutReturnTransactions { get; private set; }

    /// <summary>The length of the holdout period in the time unit, or 0 without a holdout.</summary>
    public double HoldoutLength =>
        Options.HoldoutEnd is { } h ? (h.DayNumber - ObservationEnd.DayNumber) / (double)TimeUnit.Days() : 0;

    /// <summary>The dense customer index of each row.</summary>
    public ReadOnlySpan<int> CustomerIndex => Column(_customerIndex);

    /// <summary>The timestamp of each customer's first purchase.</summary>
    public ReadOnlySpan<DateTime> FirstPurchase => Column(_first);

    /// <summary>The timestamp of each customer's last purchase on or before the observation end.</summary>
    public ReadOnlySpan<DateTime> LastPurchase => Column(_last);

    /// <summary>The number of purchase transactions of each customer (returns are counted in <see cref="ReturnCount"/>).</summary>
    public ReadOnlySpan<int> TransactionCount => Column(_transactions);

    /// <summary>The number of distinct purchase periods of each customer.</summary>
    public ReadOnlySpan<int> PurchasePeriods => Column(_periods);

    /// <summary>
    /// The total amount of each customer: <see cref="GrossAmount"/> + <see cref="ReturnsAmount"/> with <see cref="ReturnsPolicy.Net"/>,
    /// the gross amount with <see cref="ReturnsPolicy.Exclude"/>, every amount with <see cref="ReturnsPolicy.Keep"/>. Exact, rounded once.
    /// </summary>
    public ReadOnlySpan<double> TotalAmount => Column(_total);

    /// <summary>The sum of each customer's purchase amounts, before returns.</summary>
    public ReadOnlySpan<double> GrossAmount => Column(_gross);

    /// <summary>The sum of each customer's returns (zero or negative), netted into <see cref="TotalAmount"/> only with <see cref="ReturnsPolicy.Net"/>.</summary>
    public ReadOnlySpan<double> ReturnsAmount => Column(_returnsAmount);

    /// <summary>The number of returns of each customer on or before the observation end (0 with <see cref="ReturnsPolicy.Keep"/>).</summary>
    public ReadOnlySpan<int> ReturnCount => Column(_returnCount);

    /// <summary>
    /// Calendar days from the day of the last purchase to the observation end, whatever the period and time unit (unlike
    /// <see cref="TimeSinceLastPurchase"/>, which counts whole periods): what a "recency in days" column shows.
    /// </summary>
    public ReadOnlySpan<int> DaysSinceLastPurchase => Column(_daysSinceLast);

    /// <summary>The total margin of each customer (returns' margins netted with <see cref="ReturnsPolicy.Net"/>); zeros when <see cref="HasMargins"/> is false.</summary>
    public ReadOnlySpan<double> TotalMargin => Column(_margin);

    /// <summary>x: repeat purchase periods (purchase periods - 1), as whole numbers.</summary>
    public ReadOnlySpan<double> Frequency => Column(_frequency);

    /// <summary>t_x: time between the first and the last purchase period, in <see cref="TimeUnit"/>.</summary>
    public ReadOnlySpan<double> Recency => Column(_recency);

    /// <summary>T: time between the first purchase period and the observation end, in <see cref="TimeUnit"/>.</summary>
    public ReadOnlySpan<double> Age => Column(_age);

    /// <summary>Time from the last purchase period to the observation end, in <see cref="TimeUnit"/> (RFM recency).</summary>
    public ReadOnlySpan<double> TimeSinceLastPurchase => Column(_sinceLast);

    /// <summary>m: the mean amount of the repeat purchase periods (first period excluded; 0 when x = 0).</summary>
    public ReadOnlySpan<double> MonetaryRepeatMean => Column(_repeatMean);

    /// <summary>
    /// Time between the last two distinct purchase periods, in <see cref="TimeUnit"/> (0 when x = 0): how long the
    /// customer had been away before the latest purchase, e.g. to tell a reactivated customer.
    /// </summary>
    public ReadOnlySpan<double> GapBeforeLastPurchase => Column(_lastGap);

    /// <summary>Distinct purchase periods in the holdout; empty without a holdout.</summary>
    public ReadOnlySpan<int> HoldoutPurchasePeriods => HasHoldout ? Column(_holdoutPeriods) : [];

    /// <summary>Transactions in the holdout; empty without a holdout.</summary>
    public ReadOnlySpan<int> HoldoutTransactionCount => HasHoldout ? Column(_holdoutTransactions) : [];

    /// <summary>Total amount in the holdout (net of holdout returns with <see cref="ReturnsPolicy.Net"/>); empty without a holdout.</summary>
    public ReadOnlySpan<double> HoldoutAmount => HasHoldout ? Column(_holdoutAmount) : [];

    /// <summary>The row of the customer with dense index <paramref name="customerIndex"/>, or -1 when that customer has no summary row.</summary>
    public int RowOf(int customerIndex) => (uint)customerIndex < (uint)_indexSpace ? _rowOfIndex[customerIndex] : -1;

    /// <summary>A short, readable description of the portfolio.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"CustomerSummaries: {Count:N0} customers, {TransactionsUsed:N0} transactions, revenue {Revenue:N2}, observation end {ObservationEnd:yyyy-MM-dd}");
        sb.Append(inv, $", period {Period.ToName()}, time unit {TimeUnit.ToName()}");
        if (ReturnTransactions > 0)
        {
            sb.Append(inv, $", {ReturnTransactions:N0} returns of value {ReturnsValue:N2} {(Returns == ReturnsPolicy.Net ? "netted" : "excluded")}");
            if (CustomersWithOnlyReturns > 0)
            {
                sb.Append(inv, $" ({CustomersWithOnlyReturns:N0} customers with only returns)");
            }
        }

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

    internal static CustomerSummaries FromState(SummaryState state, SummaryOptions options, int maxThreads)
    {
        int space = state.CustomerCount;
        int threads = Math.Max(1, Math.Min(maxThreads, space / MinCustomersPerThread));
        var rowStart = new int[threads + 1];
        Accumulator[] calHot = state.Calibration.Hot;
        for (int t = 0; t < threads; t++)
        {
            int rows = 0;
            for (int c = RangeStart(space, t, threads); c < RangeStart(space, t + 1, threads); c++)
            {
                rows += calHot[c].Count > 0 ? 1 : 0;
            }

            rowStart[t + 1] = rowStart[t] + rows;
        }

        // Without returns every customer's returns are zero and its gross amount is its total; without margins every margin is zero.
        bool withReturns = state.CalibrationReturnRows > 0 || state.HoldoutReturnRows > 0;
        var s = new CustomerSummaries(options, rowStart[threads], space, state.Holdout is not null, withReturns, state.HasMargins && state.Calibration.Margin is not null);
        var parts = new FillTotals[threads];
        if (threads == 1)
        {
            parts[0] = s.Fill(state, 0, space, 0);
        }
        else
        {
            ParallelWork.For(threads, t =>
                parts[t] = s.Fill(state, RangeStart(space, t, threads), RangeStart(space, t + 1, threads), rowStart[t]), CancellationToken.None);
        }

        // Exact sums of exact sums: associative, so the split into threads changes no bit.
        var total = new FillTotals();
        foreach (FillTotals p in parts)
        {
            total.Add(p);
        }

        s.HasMargins = state.HasMargins;
        s.TransactionsUsed = state.CalibrationRows;
        s.HoldoutTransactionsUsed = total.HoldoutUsed;
        s.HoldoutTransactionsOfNewCustomers = total.HoldoutOfNew;
        s.ExcludedAfterEnd = state.ExcludedRows;
        s.CustomersWithoutPurchases = space - s.Count;
        s.ReturnTransactions = state.CalibrationReturnRows;
        s.HoldoutReturnTransactions = state.HoldoutReturnRows;
        s.CustomersWithOnlyReturns = total.OnlyReturns;
        s.ReturnsOfCustomersWithoutPurchases = total.ReturnsOfOnlyReturns;
        // A portfolio sum beyond 2^63 (not a realistic one) falls back to a plain sum in customer order: still deterministic.
        s.Revenue = total.Overflow ? Sum(s.TotalAmount) : total.Net.ToDouble();
        s.GrossRevenue = total.Overflow ? Sum(s.GrossAmount) : total.Gross.ToDouble();
        s.ReturnsValue = total.Overflow ? Sum(s.ReturnsAmount) : total.Returns.ToDouble();
        return s;
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return sum;
    }

    /// <summary>The summaries of the rows of a <see cref="CustomerSummariesBuilder"/> (checked there), copied into new columns.</summary>
    internal static CustomerSummaries FromBuilder(CustomerSummariesBuilder builder, int customersWithoutPurchases, long excludedAfterEnd, long holdoutOfNew, SummaryReturnCounts returns)
    {
        int n = builder.Count;
        CustomerSummariesBuilder.Columns d = builder.Data;
        int space = n == 0 ? 0 : d.CustomerIndex[n - 1] + 1;
        bool hasHoldout = builder.Options.HoldoutEnd.HasValue;
        var s = new CustomerSummaries(builder.Options, n, space, hasHoldout);
        d.CustomerIndex.AsSpan(0, n).CopyTo(s._customerIndex);
        d.First.AsSpan(0, n).CopyTo(s._first);
        d.Last.AsSpan(0, n).CopyTo(s._last);
        d.Transactions.AsSpan(0, n).CopyTo(s._transactions);
        d.Periods.AsSpan(0, n).CopyTo(s._periods);
        d.Total.AsSpan(0, n).CopyTo(s._total);
        d.Gross.AsSpan(0, n).CopyTo(s._gross);
        d.ReturnsAmount.AsSpan(0, n).CopyTo(s._returnsAmount);
        d.ReturnCount.AsSpan(0, n).CopyTo(s._returnCount);
        int endDay = builder.Options.ObservationEnd.DayNumber;
        for (int r = 0; r < n; r++)
        {
            s._daysSinceLast[r] = endDay - DateOnly.FromDateTime(d.Last[r]).DayNumber;
        }

        d.Margin.AsSpan(0, n).CopyTo(s._margin);
        d.Frequency.AsSpan(0, n).CopyTo(s._frequency);
        d.Recency.AsSpan(0, n).CopyTo(s._recency);
        d.Age.AsSpan(0, n).CopyTo(s._age);
        d.SinceLast.AsSpan(0, n).CopyTo(s._sinceLast);
        d.RepeatMean.AsSpan(0, n).CopyTo(s._repeatMean);
        d.LastGap.AsSpan(0, n).CopyTo(s._lastGap);
        long transactions = 0;
        long holdoutUsed = 0;
        long returnTransactions = returns.ReturnsOfCustomersWithoutPurchases;
        s._rowOfIndex.AsSpan(0, space).Fill(-1);
        for (int r = 0; r < n; r++)
        {
            s._rowOfIndex[d.CustomerIndex[r]] = r;
            transactions += d.Transactions[r];
            holdoutUsed += d.HoldoutTransactions[r];
            returnTransactions += d.ReturnCount[r];
        }

        if (hasHoldout)
        {
            d.HoldoutPeriods.AsSpan(0, n).CopyTo(s._holdoutPeriods);
            d.HoldoutTransactions.AsSpan(0, n).CopyTo(s._holdoutTransactions);
            d.HoldoutAmount.AsSpan(0, n).CopyTo(s._holdoutAmount);
        }

        s.HasMargins = builder.HasMargins;
        s.TransactionsUsed = transactions;
        s.HoldoutTransactionsUsed = holdoutUsed;
        s.HoldoutTransactionsOfNewCustomers = holdoutOfNew;
        s.ExcludedAfterEnd = excludedAfterEnd;
        s.CustomersWithoutPurchases = customersWithoutPurchases;
        s.Revenue = Sum(s.TotalAmount);
        s.GrossRevenue = Sum(s.GrossAmount);
        s.ReturnTransactions = returnTransactions;
        s.ReturnsValue = Sum(s.ReturnsAmount) + returns.ReturnsValueOfCustomersWithoutPurchases;
        s.CustomersWithOnlyReturns = returns.CustomersWithOnlyReturns;
        s.ReturnsOfCustomersWithoutPurchases = returns.ReturnsOfCustomersWithoutPurchases;
        s.HoldoutReturnTransactions = returns.HoldoutReturnTransactions;
        return s;
    }

    /// <summary>
    /// m: (gross - first period) / x, netted with the returns of the repeat periods when <paramref name="repeatReturns"/> is
    /// given (<see cref="ReturnsPolicy.Net"/>); a repeat spend that nets to zero or less gives m = 0.
    /// </summary>
    private static double RepeatMean(ExactSum gross, ExactSum firstPeriod, ExactSum[]? repeatReturns, int c, int x)
    {
        if (repeatReturns is null)
        {
            return ExactSum.Difference(gross, firstPeriod) / x;
        }

        ExactSum net = gross;
        if (!net.TryAdd(repeatReturns[c]))
        {
            throw new AmountOverflowException(c, "amount");
        }

        double repeat = ExactSum.Difference(net, firstPeriod);
        return repeat > 0 ? repeat / x : 0.0;
    }

    /// <summary>Below this many customers per thread the result is built on fewer threads.</summary>
    private const int MinCustomersPerThread = 1 << 15;

    private static int RangeStart(int space, int t, int threads) => (int)((long)space * t / threads);

    /// <summary>Writes the rows of customer indices [lo, hi), starting at row <paramref name="r"/>; returns the portfolio sums of that range.</summary>
    private FillTotals Fill(SummaryState state, int lo, int hi, int r)
    {
        WindowAccumulators cal = state.Calibration;
        WindowAccumulators? hold = state.Holdout;
        Accumulator[] hot = cal.Hot;
        AccumulatorCold[] cold = cal.Cold;
        ExactSum[]? margin = cal.Margin;
        SummaryWindow w = state.Window;
        bool net = w.Returns == ReturnsPolicy.Net;
        int endPeriod = w.PeriodOfDay(w.EndDay);
        var totals = new FillTotals();
        for (int c = lo; c < hi; c++)
        {
            ref readonly Accumulator a = ref hot[c];
            ref readonly AccumulatorCold ac = ref cold[c];
            if (a.Count == 0)
            {
                _rowOfIndex[c] = -1;
                if (hold is not null)
                {
                    totals.HoldoutOfNew += hold.Hot[c].Count;
                }

                if (ac.ReturnCount > 0)
                {
                    totals.OnlyReturns++;
                    totals.ReturnsOfOnlyReturns += ac.ReturnCount;
                    totals.AddReturns(ac.Returns);
                }

                continue;
            }

            if (ac.OutOfOrder)
            {
                throw new InvalidOperationException("Internal error: a period count was not recounted.");
            }

            int firstPeriod = w.PeriodOfDay((int)(ac.FirstTicks / TimeSpan.TicksPerDay));
            int x = a.Periods - 1;
            ExactSum customerTotal = a.Total;
            if (net && !customerTotal.TryAdd(ac.Returns))
            {
                throw new AmountOverflowException(c, "amount");
            }

            _rowOfIndex[c] = r;
            _customerIndex[r] = c;
            _first[r] = new DateTime(ac.FirstTicks);
            _last[r] = new DateTime(a.LastTicks);
            _transactions[r] = a.Count;
            _periods[r] = a.Periods;
            _total[r] = customerTotal.ToDouble();
            if (_withReturns)
            {
                _gross[r] = a.Total.ToDouble();
                _returnsAmount[r] = ac.Returns.ToDouble();
                _returnCount[r] = ac.ReturnCount;
            }

            _daysSinceLast[r] = w.EndDay - (int)(a.LastTicks / TimeSpan.TicksPerDay);
            if (margin is not null)
            {
                _margin[r] = margin[c].ToDouble();
            }

            _frequency[r] = x;
            _recency[r] = w.PeriodsToUnits(a.LastPeriod - firstPeriod);
            _age[r] = w.PeriodsToUnits(endPeriod - firstPeriod);
            _sinceLast[r] = w.PeriodsToUnits(endPeriod - a.LastPeriod);
            _repeatMean[r] = x > 0 ? RepeatMean(a.Total, cal.FirstPeriodAmount(c), net ? state.RepeatReturns : null, c, x) : 0.0;
            _lastGap[r] = x > 0 ? w.PeriodsToUnits(a.LastGap) : 0.0;
            totals.AddCustomer(customerTotal, a.Total, ac.Returns);
            if (hold is not null)
            {
                ref readonly Accumulator h = ref hold.Hot[c];
                if (hold.Cold[c].OutOfOrder)
                {
                    throw new InvalidOperationException("Internal error: a holdout period count was not recounted.");
                }

                ExactSum holdoutAmount = h.Total;
                if (net && !holdoutAmount.TryAdd(hold.Cold[c].Returns))
                {
                    throw new AmountOverflowException(c, "holdout amount");
                }

                _holdoutPeriods[r] = h.Periods;
                _holdoutTransactions[r] = h.Count;
                _holdoutAmount[r] = holdoutAmount.ToDouble();
                totals.HoldoutUsed += h.Count;
            }

            r++;
        }

        return totals;
    }

    /// <summary>Portfolio figures of a range of customers, exact so that ranges add up to the same bits in any split.</summary>
    private struct FillTotals
    {
        public long HoldoutOfNew;
        public long HoldoutUsed;
        public int OnlyReturns;
        public long ReturnsOfOnlyReturns;
        public ExactSum Net;
        public ExactSum Gross;
        public ExactSum Returns;
        public bool Overflow;

        public void AddCustomer(ExactSum net, ExactSum gross, ExactSum returns)
        {
            Overflow |= !Net.TryAdd(net) | !Gross.TryAdd(gross);
            AddReturns(returns);
        }

        public void AddReturns(ExactSum returns) => Overflow |= !Returns.TryAdd(returns);

        public void Add(in FillTotals other)
        {
            HoldoutOfNew += other.HoldoutOfNew;
            HoldoutUsed += other.HoldoutUsed;
            OnlyReturns += other.OnlyReturns;
            ReturnsOfOnlyReturns += other.ReturnsOfOnlyReturns;
            Overflow |= other.Overflow;
            AddCustomer(other.Net, other.Gross, other.Returns);
        }
    }

    private ReadOnlySpan<T> Column<T>(T[] column) => column.AsSpan(0, _count);

    /// <summary>A column whose every element the builder writes: no need to clear it first.</summary>
    private static T[] NewColumn<T>(int length) => length == 0 ? [] : GC.AllocateUninitializedArray<T>(length);

    /// <summary>A column of zeros that is never written: a new array's memory is only touched where it is read.</summary>
    private static T[] ZeroColumn<T>(int length) => length == 0 ? [] : new T[length];
}
