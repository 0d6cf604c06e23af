using CustomerScoring.Numerics;
using CustomerScoring.Numerics.Parallelism;
using CustomerScoring.Transactions;

namespace CustomerScoring.Summaries;

/// <summary>
/// Computes <see cref="CustomerSummaries"/> from transaction batches in one pass over the data.
/// </summary>
/// <remarks>
/// <para>The result does not depend on the order of the rows, on how they are split into batches or on the thread
/// count, bit for bit: every sum is exact (a 128-bit fixed-point integer of 2^-64 units, see <see cref="SummaryOptions"/>)
/// and rounded once at the end. Work is split across threads by customer index range.</para>
/// <para>Rows in time order per customer (as exports usually are) need one pass; customers whose purchase
/// periods arrive out of order get their distinct period count, last gap and first-period amount recomputed exactly
/// by a second pass over their own rows.</para>
/// <para>The result is an ordinary object owned by the garbage collector. The working memory (the per-customer accumulators)
/// is borrowed for the call; pass a <see cref="ScoringWorkspace"/> to repeated calls to keep it between them.</para>
/// </remarks>
public static class Summarizer
{
    /// <summary>
    /// Rows below which automatic parallelism (<see cref="SummaryOptions.MaxDegreeOfParallelism"/> = 0) stays on one
    /// thread: every thread streams all rows and keeps its own customers, which pays off only on large inputs (at
    /// 500,000 rows two threads were slower than one on the 2-core CI machine).
    /// </summary>
    internal const long ParallelThreshold = 1 << 22;

    /// <summary>Summarizes the transactions of a <see cref="CustomerTransactions{TKey}"/>; row <c>i</c>'s key is <c>data.Customers.KeyOf(CustomerIndex[i])</c>.</summary>
    /// <param name="data">The transactions and their key map.</param>
    /// <param name="options">The observation window and units.</param>
    /// <param name="workspace">Scratch memory kept between repeated calls (optional; see <see cref="ScoringWorkspace"/>).</param>
    /// <param name="cancellationToken">Cancels long work.</param>
    public static CustomerSummaries Summarize<TKey>(CustomerTransactions<TKey> data, SummaryOptions options, ScoringWorkspace? workspace = null, CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        try
        {
            return Summarize(data.Batches, options, data.Customers.Count, workspace, cancellationToken);
        }
        catch (AmountOverflowException e) when ((uint)e.CustomerIndex < (uint)data.Customers.Count)
        {
            throw e.WithKey(data.Customers.KeyOf(e.CustomerIndex));
        }
    }

    /// <summary>
    /// The day after the last transaction of any batch: the usual default analysis date when none is given (every
    /// transaction then falls on or before it).
    /// </summary>
    /// <param name="batches">The batches.</param>
    /// <returns>The calendar day after the latest timestamp.</returns>
    /// <exception cref="TransactionDataException">There are no transactions, or the latest is on 9999-12-31, the last day a
    /// date can hold, so there is no day after it (often a typo year); the message names its batch and row. Give the analysis
    /// date explicitly.</exception>
    public static DateOnly DayAfterLastTransaction(IReadOnlyList<TransactionBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        long last = long.MinValue;
        int lastBatch = -1;
        for (int b = 0; b < batches.Count; b++)
        {
            TransactionBatch batch = batches[b] ?? throw new ArgumentException($"Batch {b} is null.", nameof(batches));
            long latest = ColumnChecks.MaxTicks(batch.Timestamps);
            if (latest > last)
            {
                last = latest;
                lastBatch = b;
            }
        }

        if (lastBatch < 0)
        {
            throw new TransactionDataException("There are no transactions, so there is no last transaction to take the analysis date from.");
        }

        DateOnly day = DateOnly.FromDateTime(new DateTime(last));
        if (day == DateOnly.MaxValue)
        {
            ReadOnlySpan<DateTime> time = batches[lastBatch].Timestamps;
            int lastRow = 0;
            while (lastRow < time.Length - 1 && time[lastRow].Ticks != last)
            {
                lastRow++;
            }

            throw new TransactionDataException(
                $"The last transaction (batch {lastBatch}, row {lastRow}) is on {day:yyyy-MM-dd}, the last day a date can hold, " +
                "so there is no day after it to use as the analysis date (a typo year?). Give the analysis date explicitly.");
        }

        return day.AddDays(1);
    }

    /// <summary>The day after the last transaction of <paramref name="data"/>; see <see cref="DayAfterLastTransaction(IReadOnlyList{TransactionBatch})"/>.</summary>
    public static DateOnly DayAfterLastTransaction<TKey>(CustomerTransactions<TKey> data)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        return DayAfterLastTransaction(data.Batches);
    }

    /// <summary>Summarizes one batch.</summary>
    /// <param name="batch">The transactions.</param>
    /// <param name="options">The observation window and units.</param>
    /// <param name="workspace">Scratch memory kept between repeated calls (optional; see <see cref="ScoringWorkspace"/>).</param>
    /// <param name="cancellationToken">Cancels long work.</param>
    public static CustomerSummaries Summarize(TransactionBatch batch, SummaryOptions options, ScoringWorkspace? workspace = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Summarize([batch], options, 0, workspace, cancellationToken);
    }

    /// <summary>Summarizes several batches as one data set.</summary>
    /// <param name="batches">The batches; a customer may appear in any of them.</param>
    /// <param name="options">The observation window and units.</param>
    /// <param name="customerCount">The size of the customer index space (e.g. the key map's count), or 0 to use the largest index seen + 1.</param>
    /// <param name="workspace">Scratch memory kept between repeated calls (optional; see <see cref="ScoringWorkspace"/>).</param>
    /// <param name="cancellationToken">Cancels long work.</param>
    /// <exception cref="ArgumentException">A batch uses a customer index at or beyond <paramref name="customerCount"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="workspace"/> has been disposed.</exception>
    public static CustomerSummaries Summarize(IReadOnlyList<TransactionBatch> batches, SummaryOptions options, int customerCount = 0, ScoringWorkspace? workspace = null, CancellationToken cancellationToken = default) =>
        Summarize(batches, options, customerCount, workspace, rowsDone: null, cancellationToken);

    /// <summary>
    /// <see cref="Summarize(IReadOnlyList{TransactionBatch}, SummaryOptions, int, ScoringWorkspace?, CancellationToken)"/>, calling
    /// <paramref name="rowsDone"/> once the last pass over the rows is over and before the result's columns are allocated. A
    /// caller that owns the only reference to the batches (the command line tool) lets them go there and collects them
    /// before the columns and its later stages allocate.
    /// </summary>
    internal static CustomerSummaries Summarize(IReadOnlyList<TransactionBatch> batches, SummaryOptions options, int customerCount, ScoringWorkspace? workspace, Action? rowsDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(customerCount);
        ScoringWorkspace.ThrowIfDisposed(workspace);
        var window = new SummaryWindow(options);
        int space = IndexSpace(batches, customerCount);
        long rows = 0;
        bool hasMargins = false;
        foreach (TransactionBatch b in batches)
        {
            rows += b.Count;
            hasMargins |= b.HasMargins;
        }

        int threads = Math.Max(1, Math.Min(ThreadsFor(options, rows), space));

        var state = new SummaryState(window, space, hasMargins, pooled: true, workspace);
        try
        {
            if (threads == 1)
            {
                state.AddCounts(AccumulateRange(state, batches, 0, space, cancellationToken));
            }
            else
            {
                var counts = new RowCounts[threads];
                ParallelWork.For(threads, t =>
                {
                    int lo = (int)((long)space * t / threads);
                    int hi = (int)((long)space * (t + 1) / threads);
                    counts[t] = AccumulateRange(state, batches, lo, hi, cancellationToken);
                }, cancellationToken);
                foreach (RowCounts c in counts)
                {
                    state.AddCounts(c);
                }
            }

            state.RecountOutOfOrder(batches, cancellationToken);
            RepeatReturns.Run(batches, state, cancellationToken);
            rowsDone?.Invoke();
            return state.ToSummaries(options, threads);
        }
        finally
        {
            state.ReturnToPool();
        }
    }

    /// <summary>Clears the pooled accumulators of customers <paramref name="lo"/> to <paramref name="hi"/>, then adds every
    /// batch's rows of those customers (one thread's share; the ranges of the threads cover the index space once).</summary>
    private static RowCounts AccumulateRange(SummaryState state, IReadOnlyList<TransactionBatch> batches, int lo, int hi, CancellationToken cancellationToken)
    {
        state.ClearRange(lo, hi);
        RowCounts total = default;
        foreach (TransactionBatch batch in batches)
        {
            total += state.Accumulate(batch, lo, hi, cancellationToken);
        }

        return total;
    }

    /// <summary>The threads for a summary of <paramref name="rows"/> rows: the options' own count, or with automatic
    /// parallelism one below <see cref="ParallelThreshold"/> rows and one per processor above (at least 1).</summary>
    internal static int ThreadsFor(SummaryOptions options, long rows) => Math.Max(1,
        options.MaxDegreeOfParallelism != 0 ? options.MaxDegreeOfParallelism
        : rows < ParallelThreshold ? 1
        : Environment.ProcessorCount);

    internal static int IndexSpace(IReadOnlyList<TransactionBatch> batches, int customerCount)
    {
        int max = -1;
        for (int b = 0; b < batches.Count; b++)
        {
            TransactionBatch batch = batches[b] ?? throw new ArgumentException($"Batch {b} is null.", nameof(batches));
            if (customerCount > 0 && batch.MaxCustomerIndex >= customerCount)
            {
                throw new ArgumentException(
                    $"Batch {b} uses customer index {batch.MaxCustomerIndex}, but customerCount is {customerCount}.", nameof(batches));
            }

            max = Math.Max(max, batch.MaxCustomerIndex);
        }

        return customerCount > 0 ? customerCount : max + 1;
    }
}
