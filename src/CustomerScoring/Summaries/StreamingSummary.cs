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
/// exact sums. Rows in time order per customer need no second look; the customers whose rows arrived out of period
/// order, or (with <see cref="ReturnsPolicy.Net"/>) that have returns, need their own rows again for an exact recount:
/// <see cref="CustomersToRecount"/> names them, and the caller hands their rows (read again) to <see cref="Finish"/>.</para>
/// <para>Without a holdout only: rows after a holdout's end are told apart by a window the data must not move.</para>
/// <para>Not thread-safe: one thread adds batches (the reader's look-up thread), then one thread finishes.</para>
/// </remarks>
internal sealed class StreamingSummary
{
    private readonly SummaryOptions _options;
    private readonly SummaryState _state;
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
        _lastTicks = Math.Max(_lastTicks, ColumnChecks.MaxTicks(batch.Timestamps));
        _state.AddCounts(_state.Accumulate(batch, 0, _state.CustomerCount));
        _rows += batch.Count;
    }

    /// <summary>
    /// The customers whose rows <see cref="Finish"/> needs (a mask by customer index): rows out of period order, or returns
    /// when they are netted (the returns of a repeat period are told apart by the rows); null when there are none.
    /// </summary>
    public bool[]? CustomersToRecount()
    {
        int n = _state.CustomerCount;
        Accumulator[] hot = _state.Calibration.Hot;
        AccumulatorCold[] cold = _state.Calibration.Cold;
        bool net = _options.Returns == ReturnsPolicy.Net;
        bool[]? wanted = null;
        for (int c = 0; c < n; c++)
        {
            if (cold[c].OutOfOrder || (net && cold[c].ReturnCount > 0 && hot[c].Periods >= 2))
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
        if (recountRows.Count > 0)
        {
            Summarizer.IndexSpace(recountRows, _state.CustomerCount);
            _state.RecountOutOfOrder(recountRows, cancellationToken);
            RepeatReturns.Run(recountRows, _state, cancellationToken);
        }

        int threads = final.MaxDegreeOfParallelism != 0 ? final.MaxDegreeOfParallelism
            : _rows < Summarizer.ParallelThreshold ? 1
            : Environment.ProcessorCount;
        return _state.ToSummaries(final, Math.Max(1, threads));
    }
}
