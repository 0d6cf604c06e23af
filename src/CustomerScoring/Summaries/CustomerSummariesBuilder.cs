using System.Globalization;

namespace CustomerScoring.Summaries;

/// <summary>
/// Builds <see cref="CustomerSummaries"/> from summary rows computed elsewhere (a database's GROUP BY, a Spark job, a
/// summary file), one customer at a time, so that the summaries of transactions that never pass through this process can
/// feed RFM, CLV and concentration exactly like the in-memory <see cref="Summarizer"/>'s.
/// </summary>
/// <remarks>
/// <para>Rows are given in increasing customer index order (each row's index is the dense index of its customer in a
/// <see cref="Transactions.CustomerKeyMap{TKey}"/> that the caller keeps). Every row is checked against the definitions
/// of <see cref="CustomerSummaries"/>: x = purchase periods - 1, 0 &lt;= t_x &lt;= T, t_x = 0 when x = 0, time since
/// the last purchase = T - t_x, finite amounts and counts that add up; a violation throws
/// <see cref="ArgumentException"/> naming the row and the value. Memory grows with the number of customers (about 100
/// bytes each), never with transactions. Not thread-safe; a builder builds once.</para>
/// </remarks>
public sealed class CustomerSummariesBuilder
{
    private const double Tolerance = 1e-9;
    private bool _built;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="options">The options the rows were computed with (observation end, period, time unit, holdout).</param>
    /// <param name="hasMargins">Whether the rows carry margins (otherwise every margin must be 0).</param>
    /// <exception cref="ArgumentException">The options are invalid (e.g. a holdout end not after the observation end).</exception>
    public CustomerSummariesBuilder(SummaryOptions options, bool hasMargins)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        HasMargins = hasMargins;
    }

    /// <summary>The options the rows are checked against and the summaries carry.</summary>
    public SummaryOptions Options { get; }

    /// <summary>Whether the rows carry margins.</summary>
    public bool HasMargins { get; }

    /// <summary>The rows added so far.</summary>
    public int Count { get; private set; }

    internal Columns Data { get; } = new();

    /// <summary>Adds one customer's row.</summary>
    /// <param name="customerIndex">The customer's dense index; larger than the previous row's.</param>
    /// <param name="firstPurchase">The timestamp of the first transaction on or before the observation end.</param>
    /// <param name="lastPurchase">The timestamp of the last transaction on or before the observation end.</param>
    /// <param name="transactions">Transactions on or before the observation end (at least 1).</param>
    /// <param name="purchasePeriods">Distinct purchase periods (at least 1, at most <paramref name="transactions"/>).</param>
    /// <param name="totalAmount">The customer's total under the options' returns policy: <paramref name="grossAmount"/> plus
    /// <paramref name="returnsAmount"/> with <see cref="ReturnsPolicy.Net"/>, <paramref name="grossAmount"/> otherwise.</param>
    /// <param name="grossAmount">The sum of the purchase amounts (with <see cref="ReturnsPolicy.Keep"/>: of every amount, = <paramref name="totalAmount"/>).</param>
    /// <param name="returnsAmount">The sum of the customer's returns on or before the observation end (zero or negative; 0 with <see cref="ReturnsPolicy.Keep"/>).</param>
    /// <param name="returnCount">The number of those returns (0 with <see cref="ReturnsPolicy.Keep"/>).</param>
    /// <param name="totalMargin">The sum of the margins (0 without margins), returns' margins netted with <see cref="ReturnsPolicy.Net"/>.</param>
    /// <param name="recency">t_x in the time unit.</param>
    /// <param name="age">T in the time unit.</param>
    /// <param name="timeSinceLastPurchase">T - t_x in the time unit.</param>
    /// <param name="monetaryRepeatMean">m: the mean purchase amount of the repeat periods (0 when x = 0).</param>
    /// <param name="gapBeforeLastPurchase">The last two purchase periods' distance in the time unit (0 when x = 0).</param>
    /// <param name="holdoutPurchasePeriods">Distinct holdout purchase periods (0 without a holdout).</param>
    /// <param name="holdoutTransactions">Holdout transactions (0 without a holdout).</param>
    /// <param name="holdoutAmount">Holdout amount (0 without a holdout), holdout returns netted with <see cref="ReturnsPolicy.Net"/>.</param>
    /// <exception cref="ArgumentException">The row contradicts the definitions; the message names the row and value.</exception>
    /// <exception cref="InvalidOperationException">The builder has already built its summaries.</exception>
    public void Add(
        int customerIndex,
        DateTime firstPurchase,
        DateTime lastPurchase,
        int transactions,
        int purchasePeriods,
        double totalAmount,
        double grossAmount,
        double returnsAmount,
        int returnCount,
        double totalMargin,
        double recency,
        double age,
        double timeSinceLastPurchase,
        double monetaryRepeatMean,
        double gapBeforeLastPurchase,
        int holdoutPurchasePeriods = 0,
        int holdoutTransactions = 0,
        double holdoutAmount = 0.0)
    {
        if (_built)
        {
            throw new InvalidOperationException("The builder has already built its summaries.");
        }

        int row = Count;
        int previous = row == 0 ? -1 : Data.CustomerIndex[row - 1];
        if (customerIndex <= previous)
        {
            throw Bad(row, nameof(customerIndex), $"customer index {customerIndex} is not larger than the previous row's {previous}.");
        }

        if (transactions < 1 || purchasePeriods < 1 || purchasePeriods > transactions)
        {
            throw Bad(row, nameof(purchasePeriods), $"{purchasePeriods} purchase periods and {transactions} transactions: need 1 <= periods <= transactions.");
        }

        if (lastPurchase < firstPurchase)
        {
            throw Bad(row, nameof(lastPurchase), $"last purchase {lastPurchase:O} is before the first {firstPurchase:O}.");
        }

        if (DateOnly.FromDateTime(lastPurchase) > Options.ObservationEnd)
        {
            throw Bad(row, nameof(lastPurchase), $"last purchase {lastPurchase:O} is after the observation end {Options.ObservationEnd:yyyy-MM-dd}.");
        }

        CheckFinite(row, nameof(totalAmount), totalAmount);
        CheckFinite(row, nameof(grossAmount), grossAmount);
        CheckFinite(row, nameof(returnsAmount), returnsAmount);
        CheckReturns(row, totalAmount, grossAmount, returnsAmount, returnCount);
        CheckFinite(row, nameof(totalMargin), totalMargin);
        CheckFinite(row, nameof(monetaryRepeatMean), monetaryRepeatMean);
        CheckFinite(row, nameof(holdoutAmount), holdoutAmount);
        CheckTime(row, nameof(recency), recency);
        CheckTime(row, nameof(age), age);
        CheckTime(row, nameof(timeSinceLastPurchase), timeSinceLastPurchase);
        CheckTime(row, nameof(gapBeforeLastPurchase), gapBeforeLastPurchase);
        if (!HasMargins && totalMargin != 0.0)
        {
            throw Bad(row, nameof(totalMargin), $"margin {totalMargin} given to a builder without margins.");
        }

        int x = purchasePeriods - 1;
        if (recency > age || gapBeforeLastPurchase > recency)
        {
            throw Bad(row, nameof(recency), $"need gap before last ({gapBeforeLastPurchase}) <= t_x ({recency}) <= T ({age}).");
        }

        if (x == 0 ? recency != 0.0 || gapBeforeLastPurchase != 0.0 || monetaryRepeatMean != 0.0 : recency == 0.0 || gapBeforeLastPurchase == 0.0)
        {
            throw Bad(row, nameof(recency), $"x = {x} with t_x = {recency}, gap {gapBeforeLastPurchase}, m = {monetaryRepeatMean}: t_x, gap and m are 0 exactly when x = 0.");
        }

        if (Math.Abs(age - recency - timeSinceLastPurchase) > Tolerance * Math.Max(1.0, age))
        {
            throw Bad(row, nameof(timeSinceLastPurchase), $"time since last purchase {timeSinceLastPurchase} is not T - t_x = {age - recency}.");
        }

        if (Options.HoldoutEnd is null ? holdoutPurchasePeriods != 0 || holdoutTransactions != 0 || holdoutAmount != 0.0
            : holdoutPurchasePeriods < 0 || holdoutPurchasePeriods > holdoutTransactions || (holdoutTransactions > 0 && holdoutPurchasePeriods == 0))
        {
            throw Bad(row, nameof(holdoutPurchasePeriods), $"{holdoutPurchasePeriods} holdout periods, {holdoutTransactions} holdout transactions, amount {holdoutAmount} (holdout {(Options.HoldoutEnd is null ? "not set" : "set")}).");
        }

        Data.Append(customerIndex, firstPurchase, lastPurchase, transactions, purchasePeriods, totalAmount, grossAmount, returnsAmount, returnCount, totalMargin, x, recency, age,
            timeSinceLastPurchase, monetaryRepeatMean, gapBeforeLastPurchase, holdoutPurchasePeriods, holdoutTransactions, holdoutAmount);
        Count++;
    }

    /// <summary>Builds the summaries; the builder cannot be used afterwards.</summary>
    /// <param name="customersWithoutPurchases">Customers of the source with no purchase on or before the observation end.</param>
    /// <param name="excludedAfterEnd">Transactions after the observation end (after the holdout end, with a holdout).</param>
    /// <param name="holdoutTransactionsOfNewCustomers">Holdout transactions of customers whose first purchase lies in the holdout.</param>
    /// <param name="returns">The portfolio's returns outside the rows (customers with only returns, holdout returns); <see cref="SummaryReturnCounts.None"/> by default, and always with <see cref="ReturnsPolicy.Keep"/>.</param>
    /// <returns>The summaries; row <c>i</c> is the <c>i</c>-th row added.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, a holdout count is given without a holdout, or a returns count with <see cref="ReturnsPolicy.Keep"/>.</exception>
    /// <exception cref="InvalidOperationException">The builder has already built its summaries.</exception>
    public CustomerSummaries Build(int customersWithoutPurchases = 0, long excludedAfterEnd = 0, long holdoutTransactionsOfNewCustomers = 0, SummaryReturnCounts? returns = null)
    {
        if (_built)
        {
            throw new InvalidOperationException("The builder has already built its summaries.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(customersWithoutPurchases);
        ArgumentOutOfRangeException.ThrowIfNegative(excludedAfterEnd);
        ArgumentOutOfRangeException.ThrowIfNegative(holdoutTransactionsOfNewCustomers);
        if (Options.HoldoutEnd is null && holdoutTransactionsOfNewCustomers != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(holdoutTransactionsOfNewCustomers), holdoutTransactionsOfNewCustomers, "There is no holdout.");
        }

        returns ??= SummaryReturnCounts.None;
        returns.Validate(Options.Returns, Options.HoldoutEnd.HasValue, customersWithoutPurchases, nameof(returns));
        _built = true;
        return CustomerSummaries.FromBuilder(this, customersWithoutPurchases, excludedAfterEnd, holdoutTransactionsOfNewCustomers, returns);
    }

    private static void CheckFinite(int row, string name, double value)
    {
        if (!double.IsFinite(value))
        {
            throw Bad(row, name, $"{name} = {value} is not a finite number.");
        }
    }

    private void CheckReturns(int row, double total, double gross, double returns, int count)
    {
        if (count < 0 || returns > 0.0 || (count == 0 && returns != 0.0))
        {
            throw Bad(row, "returnsAmount", $"{count} returns of value {returns}: need a count >= 0 and a zero or negative value (0 without returns).");
        }

        if (Options.Returns == ReturnsPolicy.Keep && (count != 0 || gross != total))
        {
            throw Bad(row, "returnCount", $"with ReturnsPolicy.Keep a return is a purchase: need no returns ({count}) and gross {gross} = total {total}.");
        }

        double expected = Options.Returns == ReturnsPolicy.Net ? gross + returns : gross;
        if (Math.Abs(total - expected) > Tolerance * Math.Max(1.0, Math.Abs(gross) + Math.Abs(returns)))
        {
            throw Bad(row, "totalAmount", $"total {total} is not {(Options.Returns == ReturnsPolicy.Net ? "gross + returns" : "gross")} = {expected} under ReturnsPolicy.{Options.Returns}.");
        }
    }

    private static void CheckTime(int row, string name, double value)
    {
        if (!double.IsFinite(value) || value < 0.0)
        {
            throw Bad(row, name, $"{name} = {value} is not a finite, non-negative time.");
        }
    }

    private static ArgumentException Bad(int row, string parameter, FormattableString detail) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Summary row {row}: ") + detail.ToString(CultureInfo.InvariantCulture), parameter);

    /// <summary>Growing column arrays.</summary>
    internal sealed class Columns
    {
        public int[] CustomerIndex = [];
        public DateTime[] First = [];
        public DateTime[] Last = [];
        public int[] Transactions = [];
        public int[] Periods = [];
        public double[] Total = [];
        public double[] Gross = [];
        public double[] ReturnsAmount = [];
        public int[] ReturnCount = [];
        public double[] Margin = [];
        public double[] Frequency = [];
        public double[] Recency = [];
        public double[] Age = [];
        public double[] SinceLast = [];
        public double[] RepeatMean = [];
        public double[] LastGap = [];
        public int[] HoldoutPeriods = [];
        public int[] HoldoutTransactions = [];
        public double[] HoldoutAmount = [];
        private int _length;

        public void Append(int c, DateTime first, DateTime last, int n, int periods, double total, double gross, double returns, int returnCount, double margin, double x, double tx, double t,
            double sinceLast, double m, double gap, int hp, int ht, double ha)
        {
            if (_length == CustomerIndex.Length)
            {
                int size = Math.Max(1024, _length * 2);
                Array.Resize(ref CustomerIndex, size);
                Array.Resize(ref First, size);
                Array.Resize(ref Last, size);
                Array.Resize(ref Transactions, size);
                Array.Resize(ref Periods, size);
                Array.Resize(ref Total, size);
                Array.Resize(ref Gross, size);
                Array.Resize(ref ReturnsAmount, size);
                Array.Resize(ref ReturnCount, size);
                Array.Resize(ref Margin, size);
                Array.Resize(ref Frequency, size);
                Array.Resize(ref Recency, size);
                Array.Resize(ref Age, size);
                Array.Resize(ref SinceLast, size);
                Array.Resize(ref RepeatMean, size);
                Array.Resize(ref LastGap, size);
                Array.Resize(ref HoldoutPeriods, size);
                Array.Resize(ref HoldoutTransactions, size);
                Array.Resize(ref HoldoutAmount, size);
            }

            int r = _length++;
            CustomerIndex[r] = c;
            First[r] = first;
            Last[r] = last;
            Transactions[r] = n;
            Periods[r] = periods;
            Total[r] = total;
            Gross[r] = gross;
            ReturnsAmount[r] = returns;
            ReturnCount[r] = returnCount;
            Margin[r] = margin;
            Frequency[r] = x;
            Recency[r] = tx;
            Age[r] = t;
            SinceLast[r] = sinceLast;
            RepeatMean[r] = m;
            LastGap[r] = gap;
            HoldoutPeriods[r] = hp;
            HoldoutTransactions[r] = ht;
            HoldoutAmount[r] = ha;
        }
    }
}
