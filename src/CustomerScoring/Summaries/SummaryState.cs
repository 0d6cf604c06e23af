using CustomerScoring.Transactions;

namespace CustomerScoring.Summaries;

/// <summary>
/// The mutable working state of a summary: the calibration and (with a holdout) holdout accumulators of every customer
/// index, and the row counters. Shared by <see cref="Summarizer"/> and <see cref="PartialSummary"/>.
/// </summary>
internal sealed class SummaryState
{
    /// <summary>Creates the state for <paramref name="customerCount"/> customer indices.</summary>
    /// <param name="window">The observation window.</param>
    /// <param name="customerCount">The size of the customer index space.</param>
    /// <param name="hasMargins">Whether any input batch has margins (margin sums are kept only then).</param>
    /// <param name="pooled">Rent the arrays (call <see cref="ClearRange"/> before a range is used and <see cref="ReturnToPool"/>
    /// when done).</param>
    /// <param name="workspace">Where pooled arrays come from and go back to; the shared array pool when null.</param>
    public SummaryState(SummaryWindow window, int customerCount, bool hasMargins, bool pooled = false, ScoringWorkspace? workspace = null)
    {
        Window = window;
        CustomerCount = customerCount;
        HasMargins = hasMargins;
        Calibration = new WindowAccumulators(customerCount, hasMargins, pooled, workspace);
        Holdout = window.HasHoldout ? new WindowAccumulators(customerCount, hasMargins, pooled, workspace) : null;
    }

    /// <summary>The observation window; a <see cref="StreamingSummary"/> sets the final one once its input has ended.</summary>
    public SummaryWindow Window { get; set; }

    /// <summary>The size of the customer index space; the accumulator arrays may be longer when pooled or grown.</summary>
    public int CustomerCount { get; private set; }

    public bool HasMargins { get; }

    public WindowAccumulators Calibration { get; }

    public WindowAccumulators? Holdout { get; }

    public long CalibrationRows { get; set; }

    public long HoldoutRows { get; set; }

    public long ExcludedRows { get; set; }

    /// <summary>Returns on or before the observation end (netted or excluded by the policy).</summary>
    public long CalibrationReturnRows { get; set; }

    /// <summary>Returns in the holdout period.</summary>
    public long HoldoutReturnRows { get; set; }

    /// <summary>
    /// With <see cref="ReturnsPolicy.Net"/>: per customer index, the exact sum of the calibration returns that belong to the
    /// repeat purchase periods (see <see cref="Summaries.RepeatReturns"/>); null when no customer has any.
    /// </summary>
    public ExactSum[]? RepeatReturns { get; set; }

    /// <summary>The counts as one value.</summary>
    public RowCounts Counts => new(CalibrationRows, HoldoutRows, ExcludedRows, CalibrationReturnRows, HoldoutReturnRows);

    /// <summary>Zeroes the accumulators of both windows for customer indices <paramref name="lo"/> to <paramref name="hi"/>
    /// (exclusive) when they are pooled (see <see cref="WindowAccumulators.ClearRange"/>).</summary>
    public void ClearRange(int lo, int hi)
    {
        Calibration.ClearRange(lo, hi);
        Holdout?.ClearRange(lo, hi);
    }

    /// <summary>Grows the index space of non-pooled accumulators to <paramref name="count"/> customers (the new ones zeroed;
    /// see <see cref="WindowAccumulators.Grow"/>).</summary>
    public void GrowTo(int count)
    {
        if (count > CustomerCount)
        {
            Calibration.Grow(CustomerCount, count);
            Holdout?.Grow(CustomerCount, count);
            CustomerCount = count;
        }
    }

    /// <summary>Gives pooled arrays back; the state must not be used afterwards.</summary>
    public void ReturnToPool()
    {
        Calibration.Return();
        Holdout?.Return();
    }

    /// <summary>Adds the row counts of one pass.</summary>
    public void AddCounts(RowCounts counts)
    {
        CalibrationRows += counts.Calibration;
        HoldoutRows += counts.Holdout;
        ExcludedRows += counts.Excluded;
        CalibrationReturnRows += counts.CalibrationReturns;
        HoldoutReturnRows += counts.HoldoutReturns;
    }

    /// <summary>
    /// Adds the rows of <paramref name="batch"/> whose customer index lies in [<paramref name="lo"/>, <paramref name="hi"/>),
    /// in row order, and returns their counts.
    /// </summary>
    public RowCounts Accumulate(TransactionBatch batch, int lo, int hi, CancellationToken cancellationToken = default) =>
        AccumulateKernel.Run(batch, this, lo, hi, cancellationToken);

    /// <summary>Recomputes the period fields of customers whose rows arrived out of period order (see <see cref="OutOfOrderRecount"/>).</summary>
    public void RecountOutOfOrder(IReadOnlyList<TransactionBatch> batches, CancellationToken cancellationToken)
    {
        OutOfOrderRecount.Run(batches, this, Calibration, holdout: false, cancellationToken);
        if (Holdout is { } h)
        {
            OutOfOrderRecount.Run(batches, this, h, holdout: true, cancellationToken);
        }
    }

    /// <summary>Builds the result from the finished accumulators.</summary>
    public CustomerSummaries ToSummaries(SummaryOptions options, int maxThreads = 1) => CustomerSummaries.FromState(this, options, maxThreads);
}

/// <summary>Rows by where they fall: calibration purchases, holdout purchases, after the end (excluded), and returns of each window.</summary>
internal readonly record struct RowCounts(long Calibration, long Holdout, long Excluded, long CalibrationReturns = 0, long HoldoutReturns = 0)
{
    public long Total => Calibration + Holdout + Excluded + CalibrationReturns + HoldoutReturns;

    public static RowCounts operator +(RowCounts a, RowCounts b) =>
        new(a.Calibration + b.Calibration, a.Holdout + b.Holdout, a.Excluded + b.Excluded,
            a.CalibrationReturns + b.CalibrationReturns, a.HoldoutReturns + b.HoldoutReturns);
}

/// <summary>A (customer, period) pair packed into one sortable 64-bit key.</summary>
internal static class PeriodKey
{
    public static long Of(int customer, int period) => ((long)customer << 32) | (uint)period;

    public static int Customer(long key) => (int)(key >> 32);

    public static int Period(long key) => (int)key;
}
