using System.Numerics.Tensors;
using CustomerScoring.Numerics;
using CustomerScoring.Transactions;

namespace CustomerScoring.Summaries;

/// <summary>
/// Summarizes transactions batch by batch as a reader hands them over, so that the reader can reuse one batch's memory
/// for the next instead of keeping every row (the command line tool's file path: 10M rows are 200 MB of columns that
/// are then never held). The customer index space grows with the reader's key map; the observation end may be left to
/// the data (the day after the last transaction, as <see cref="Summarizer.DayAfterLastTransaction(IReadOnlyList{TransactionBatch})"/>).
/// </summary>
/// <remarks>
/// <para>The result is that of <see cref="Summarizer"/> over all the batches, bit for bit: the same accumulators and kernel,
/// exact sums. Rows in time order per customer need no second look (with <see cref="ReturnsPolicy.Net"/> the return rows are
/// kept as they pass, a few bytes each, and a customer's first two purchase periods tell which returns net the repeat
/// spend); the customers whose rows arrived out of period order need their own rows again for an exact recount:
/// <see cref="CustomersToRecount"/> names them, and the caller hands their rows (read again) to <see cref="Finish"/>.</para>
/// <para>Without a holdout only: rows after a holdout's end are told apart by a window the data must not move.</para>
/// <para>Not thread-safe: one thread adds batches (the reader's look-up thread), then one thread finishes.</para>
/// </remarks>
internal sealed class StreamingSummary
{
    private readonly SummaryOptions _options;
    private readonly SummaryState _state;
    // With ReturnsPolicy.Net: every return row's (customer, period) key and exact amount, kept as they pass (returns are
    // few), so that the returns of the repeat periods need no second look at the rows of customers in time order.
    private readonly List<long> _returnKeys = [];
    private readonly List<Int128> _returnUnits = [];
    private long _lastTicks = long.MinValue;
    private long _rows;
    private int _batches;

    /// <summary>Starts an empty summary.</summary>
    /// <param name="options">The window: with <paramref name="endFromData"/> its observation end is ignored (the day after
    /// the last transaction is used); no holdout.</param>
    /// <param name="endFromData">Whether the observation end is the day after the last transaction added.</param>
    /// <param name="hasMargins">Whether batches carry margins (a batch with margins is refused otherwise).</param>
    public StreamingSummary(SummaryOptions options, bool endFromData, bool hasMargins)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.HoldoutEnd is not null)
        {
            throw new ArgumentException("A streaming summary has no holdout.", nameof(options));
        }

        _options = options;
        EndFromData = endFromData;

        // Every row falls on or before the last transaction's day, so with the end left to the data no row is after it.
        SummaryOptions window = endFromData ? options with { ObservationEnd = DateOnly.MaxValue } : options;
        _state = new SummaryState(new SummaryWindow(window), 0, hasMargins);
    }

    /// <summary>Whether the observation end is the day after the last transaction.</summary>
    public bool EndFromData { get; }

    /// <summary>Rows added.</summary>
    public long Rows => _rows;

    /// <summary>The latest timestamp added (ticks), or <see cref="long.MinValue"/> before any row.</summary>
    public long LastTicks => _lastTicks;

    /// <summary>
    /// Whether a customer's rows arrived out of period order (<see cref="CustomersToRecount"/> is not null), known from the
    /// batch where the first such row came: a reader can keep the rows from there on instead of reading them again.
    /// </summary>
    public bool SawOutOfOrder { get; private set; }

    /// <summary>The customer index space so far.</summary>
    public int CustomerCount => _state.CustomerCount;

    /// <summary>Adds the rows of one batch; the batch is not kept.</summary>
    /// <param name="batch">The rows.</param>
    /// <param name="customerCount">The customer index space now (the key map's count): at least every index of the batch + 1.</param>
    /// <exception cref="ArgumentException">The batch has margins although the summary was started without, or an index
    /// of the batch lies at or beyond <paramref name="customerCount"/>.</exception>
    /// <exception cref="AmountOverflowException">A customer's total overflows (its index; the caller names its key).</exception>
    public void Add(TransactionBatch batch, int customerCount)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.HasMargins && !_state.HasMargins)
        {
            throw new ArgumentException("The batch has margins, but the summary was started without margins.", nameof(batch));
        }

        if (batch.MaxCustomerIndex >= customerCount)
        {
            throw new ArgumentException(
                $"Batch {_batches} uses customer index {batch.MaxCustomerIndex}, but the customer count is {customerCount}.", nameof(customerCount));
        }

        _batches++;
        if (batch.Count == 0)
        {
            return;
        }

        _state.GrowTo(customerCount);
        ReadOnlySpan<DateTime> time = batch.Timestamps;
        // One pass over the timestamps for a file in time order: then the last is the latest, and no row marked a customer.
        bool inOrder = !SawOutOfOrder && InTimeOrderAfter(time, _lastTicks);
        _lastTicks = inOrder ? time[^1].Ticks : Math.Max(_lastTicks, ColumnChecks.MaxTicks(time));
        _state.AddCounts(_state.Accumulate(batch, 0, _state.CustomerCount));
        if (!SawOutOfOrder && !inOrder)
        {
            SawOutOfOrder = MarksAny(batch.CustomerIndex);
        }

        if (_options.Returns == ReturnsPolicy.Net && TensorPrimitives.Min(batch.Amounts) < 0)
        {
            RepeatReturns.Collect(batch, _state.Window, wanted: null, purchases: null, _returnKeys, _returnUnits);
        }

        _rows += batch.Count;
    }

    /// <summary>Whether the timestamps are in time order and none is before <paramref name="after"/> (ticks): then no row of
    /// them can be before its customer's latest row, so none marked a customer out of order (files in time order).</summary>
    private static bool InTimeOrderAfter(ReadOnlySpan<DateTime> time, long after)
    {
        long last = after;
        foreach (DateTime t in time)
        {
            if (t.Ticks < last)
            {
                return false;
            }

            last = t.Ticks;
        }

        return true;
    }

    /// <summary>Whether any of the customers is marked out of order.</summary>
    private bool MarksAny(ReadOnlySpan<int> customers)
    {
        AccumulatorCold[] cold = _state.Calibration.Cold;
        foreach (int c in customers)
        {
            if (cold[c].OutOfOrder)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The customers whose rows <see cref="Finish"/> needs (a mask by customer index): those with rows out of period order,
    /// whose period count, last gap and first-period amount are recounted from their rows; null when there are none.
    /// </summary>
    public bool[]? CustomersToRecount()
    {
        int n = _state.CustomerCount;
        AccumulatorCold[] cold = _state.Calibration.Cold;
        bool[]? wanted = null;
        for (int c = 0; c < n; c++)
        {
            if (cold[c].OutOfOrder)
            {
                wanted ??= new bool[n];
                wanted[c] = true;
            }
        }

        return wanted;
    }

    /// <summary>The observation end: the options' own, or the day after the last transaction.</summary>
    /// <exception cref="TransactionDataException">There are no rows, or (with the end from the data) the last one is on
    /// 9999-12-31, so there is no day after it.</exception>
    public DateOnly ObservationEnd()
    {
        if (!EndFromData)
        {
            return _options.ObservationEnd;
        }

        if (_rows == 0)
        {
            throw new TransactionDataException("There are no transactions, so there is no last transaction to take the analysis date from.");
        }

        DateOnly day = DateOnly.FromDateTime(new DateTime(_lastTicks));
        if (day == DateOnly.MaxValue)
        {
            throw new TransactionDataException(
                $"The last transaction is on {day:yyyy-MM-dd}, the last day a date can hold, so there is no day after it to use " +
                "as the analysis date (a typo year?). Give the analysis date explicitly.");
        }

        return day.AddDays(1);
    }

    /// <summary>
    /// The summaries of every row added. <paramref name="recountRows"/> holds every row of the customers of
    /// <see cref="CustomersToRecount"/> in the order they were added (other customers' rows may be there too, or left out).
    /// Call once.
    /// </summary>
    /// <param name="recountRows">The rows of the customers to recount (empty when there are none).</param>
    /// <param name="cancellationToken">Cancels long work.</param>
    /// <returns>The summaries, with the options given at the start and the observation end of <see cref="ObservationEnd"/>.</returns>
    public CustomerSummaries Finish(IReadOnlyList<TransactionBatch> recountRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recountRows);
        SummaryOptions final = _options with { ObservationEnd = ObservationEnd() };
        _state.Window = new SummaryWindow(final);
        bool[]? outOfOrder = CustomersToRecount(); // the recount clears the marks
        if (recountRows.Count > 0)
        {
            Summarizer.IndexSpace(recountRows, _state.CustomerCount);
            _state.RecountOutOfOrder(recountRows, cancellationToken);
        }

        if (_returnKeys.Count > 0)
        {
            NetRepeatReturns(recountRows, outOfOrder, cancellationToken);
        }

        return _state.ToSummaries(final, Summarizer.ThreadsFor(final, _rows));
    }

    /// <summary>
    /// The batches kept for the recount (see <see cref="AddKeeping"/>): from the first batch with a row out of period order
    /// on; null before such a batch.
    /// </summary>
    public List<TransactionBatch>? Kept { get; private set; }

    /// <summary>The rows added before the first kept batch: those a file reader reads again for the recount.</summary>
    public long RowsBeforeKept { get; private set; }

    /// <summary>
    /// <see cref="Add"/> for a reader that reuses a batch's memory for the next one unless told to keep it: from the batch
    /// where the first row out of period order comes, the batches are kept for the recount (a shuffled file keeps nearly
    /// all, as a whole read would); the rows before it are read again (<see cref="FinishReadingAgain"/>).
    /// </summary>
    /// <returns>Whether the batch is kept: its memory must not be reused.</returns>
    public bool AddKeeping(TransactionBatch batch, int customerCount)
    {
        Add(batch, customerCount);
        if (Kept is null && SawOutOfOrder)
        {
            Kept = [];
            RowsBeforeKept = _rows - batch.Count;
        }

        Kept?.Add(batch);
        return Kept is not null;
    }

    /// <summary>
    /// <see cref="Finish"/> after <see cref="AddKeeping"/>: when customers need a recount, their rows among the first
    /// <see cref="RowsBeforeKept"/> rows come from <paramref name="readAgain"/> (a second reading of the file: it gets the
    /// customers wanted and the number of leading rows to look at; see <see cref="WantedRows"/>), the later ones from the
    /// kept batches. The observation end is checked first (the 9999-12-31 refusal comes before a second reading).
    /// </summary>
    public CustomerSummaries FinishReadingAgain(Func<bool[], long, IReadOnlyList<TransactionBatch>> readAgain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readAgain);
        ObservationEnd();
        var recount = new List<TransactionBatch>();
        if (CustomersToRecount() is { } wanted)
        {
            if (RowsBeforeKept > 0)
            {
                recount.AddRange(readAgain(wanted, RowsBeforeKept));
            }

            recount.AddRange(Kept!);
        }

        Kept = null;
        return Finish(recount, cancellationToken);
    }

    /// <summary>
    /// The returns of the repeat periods (<see cref="RepeatReturns.Compute"/>) of the customers with returns and two or more
    /// purchase periods: from the returns kept as they passed and each customer's first two purchase periods, which the
    /// accumulators hold for customers in time order and the recount rows give for the others.
    /// </summary>
    /// <param name="recountRows">The rows of the customers of <paramref name="outOfOrder"/>.</param>
    /// <param name="outOfOrder">The customers whose rows arrived out of period order (marked before the recount), or null.</param>
    /// <param name="cancellationToken">Cancels long work.</param>
    private void NetRepeatReturns(IReadOnlyList<TransactionBatch> recountRows, bool[]? outOfOrder, CancellationToken cancellationToken)
    {
        int n = _state.CustomerCount;
        Accumulator[] hot = _state.Calibration.Hot;
        AccumulatorCold[] cold = _state.Calibration.Cold;
        SummaryWindow w = _state.Window;
        var purchases = new List<long>();
        bool any = false;
        for (int c = 0; c < n; c++)
        {
            if (cold[c].ReturnCount == 0 || hot[c].Periods < 2)
            {
                continue;
            }

            any = true;
            if (outOfOrder is null || !outOfOrder[c])
            {
                purchases.Add(PeriodKey.Of(c, w.PeriodOfDay((int)(cold[c].FirstTicks / TimeSpan.TicksPerDay))));
                purchases.Add(PeriodKey.Of(c, cold[c].SecondPeriod));
            }
        }

        if (!any)
        {
            return; // as the summarizer: no customer has repeat periods with returns
        }

        if (outOfOrder is not null)
        {
            var ignoredKeys = new List<long>();
            var ignoredUnits = new List<Int128>();
            foreach (TransactionBatch batch in recountRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RepeatReturns.Collect(batch, w, outOfOrder, purchases, ignoredKeys, ignoredUnits);
            }
        }

        long[] purchaseKeys = [.. purchases];
        Array.Sort(purchaseKeys);
        long[] keys = [.. _returnKeys];
        Int128[] units = [.. _returnUnits];
        Array.Sort(keys, units);
        _state.RepeatReturns = RepeatReturns.Compute(n, purchaseKeys, keys, units);
    }
}
