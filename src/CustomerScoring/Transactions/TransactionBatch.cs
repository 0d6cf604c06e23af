using CustomerScoring.Numerics;
namespace CustomerScoring.Transactions;

/// <summary>
/// A batch of transactions stored as columns (struct-of-arrays): dense customer index, timestamp,
/// amount and an optional margin. The batch wraps the caller's memory without copying it and is
/// validated once, when it is created.
/// </summary>
/// <remarks>
/// <para>Customer indices are dense, non-negative integers (see <see cref="CustomerKeyMap{TKey}"/> to map
/// your own keys to them). Amounts and margins must be finite; negative amounts (returns, refunds) are allowed. The
/// summaries sum amounts exactly up to <see cref="MaxAmountMagnitude"/> (2^62, about 4.6e18) per amount and 2^63 per
/// customer total, and report larger ones as <see cref="Summaries.AmountOverflowException"/> naming the customer; a reader
/// can refuse such lines at import with <see cref="MaxAmountMagnitude"/>.
/// Timestamps are taken as wall-clock values: their <see cref="DateTime.Kind"/> is ignored, so give all
/// timestamps in one time zone.</para>
/// <para>The batch is immutable as long as the caller does not change the arrays it wraps; it is safe to
/// read from several threads at once. A value changed after creation to one the batch would have refused (an index
/// outside the index space being summarized, a non-finite or too large amount) is found when it is read and reported as
/// <see cref="TransactionBatchChangedException"/>; it never makes the summarizer touch memory outside its own.</para>
/// </remarks>
public sealed class TransactionBatch
{
    /// <summary>The exclusive bound on the magnitude of an amount or margin that the summaries sum exactly: 2^62 (about 4.6e18).</summary>
    public const double MaxAmountMagnitude = 4611686018427387904.0;

    /// <summary>Creates a batch over the given columns without copying them.</summary>
    /// <param name="customerIndex">Dense customer index of each transaction (0-based, non-negative).</param>
    /// <param name="timestamps">Timestamp of each transaction.</param>
    /// <param name="amounts">Amount of each transaction; finite, may be negative (refunds).</param>
    /// <param name="margins">Optional margin of each transaction; when given, same length as the other columns and finite.</param>
    /// <exception cref="ArgumentException">A column has a different length, or holds a negative index or a non-finite value;
    /// the message names the column, the first bad position and its value.</exception>
    public TransactionBatch(
        ReadOnlyMemory<int> customerIndex,
        ReadOnlyMemory<DateTime> timestamps,
        ReadOnlyMemory<double> amounts,
        ReadOnlyMemory<double>? margins = null)
    {
        int n = customerIndex.Length;
        if (timestamps.Length != n)
        {
            throw new ArgumentException($"Column 'timestamps' has {timestamps.Length} rows but 'customerIndex' has {n}.", nameof(timestamps));
        }

        if (amounts.Length != n)
        {
            throw new ArgumentException($"Column 'amounts' has {amounts.Length} rows but 'customerIndex' has {n}.", nameof(amounts));
        }

        if (margins is { } m && m.Length != n)
        {
            throw new ArgumentException($"Column 'margins' has {m.Length} rows but 'customerIndex' has {n}.", nameof(margins));
        }

        int bad = ColumnChecks.IndexOfNegative(customerIndex.Span);
        if (bad >= 0)
        {
            throw new ArgumentException($"Column 'customerIndex' has a negative index {customerIndex.Span[bad]} at position {bad}.", nameof(customerIndex));
        }

        bad = ColumnChecks.IndexOfNonFinite(amounts.Span);
        if (bad >= 0)
        {
            throw new ArgumentException(BadValue("amounts", amounts.Span[bad], bad), nameof(amounts));
        }

        if (margins is { } mm)
        {
            bad = ColumnChecks.IndexOfNonFinite(mm.Span);
            if (bad >= 0)
            {
                throw new ArgumentException(BadValue("margins", mm.Span[bad], bad), nameof(margins));
            }
        }

        CustomerIndexMemory = customerIndex;
        TimestampMemory = timestamps;
        AmountMemory = amounts;
        MarginMemory = margins ?? ReadOnlyMemory<double>.Empty;
        HasMargins = margins.HasValue;
        MaxCustomerIndex = ColumnChecks.Max(customerIndex.Span);
    }

    /// <summary>Creates a batch over arrays without copying them. See the main constructor.</summary>
    public TransactionBatch(int[] customerIndex, DateTime[] timestamps, double[] amounts, double[]? margins = null)
        : this(
            (ReadOnlyMemory<int>)(customerIndex ?? throw new ArgumentNullException(nameof(customerIndex))),
            (ReadOnlyMemory<DateTime>)(timestamps ?? throw new ArgumentNullException(nameof(timestamps))),
            (ReadOnlyMemory<double>)(amounts ?? throw new ArgumentNullException(nameof(amounts))),
            margins is null ? default(ReadOnlyMemory<double>?) : new ReadOnlyMemory<double>(margins))
    {
    }

    private static string BadValue(string column, double value, int position) => $"Column '{column}' has a non-finite value {value} at position {position}.";

    /// <summary>The number of transactions in the batch.</summary>
    public int Count => CustomerIndexMemory.Length;

    /// <summary>Whether the batch has a margin column.</summary>
    public bool HasMargins { get; }

    /// <summary>The largest customer index in the batch, or -1 when the batch is empty.</summary>
    public int MaxCustomerIndex { get; }

    /// <summary>The customer index column.</summary>
    public ReadOnlySpan<int> CustomerIndex => CustomerIndexMemory.Span;

    /// <summary>The timestamp column.</summary>
    public ReadOnlySpan<DateTime> Timestamps => TimestampMemory.Span;

    /// <summary>The amount column.</summary>
    public ReadOnlySpan<double> Amounts => AmountMemory.Span;

    /// <summary>The margin column; empty when <see cref="HasMargins"/> is false.</summary>
    public ReadOnlySpan<double> Margins => MarginMemory.Span;

    /// <summary>The customer index column as memory.</summary>
    public ReadOnlyMemory<int> CustomerIndexMemory { get; }

    /// <summary>The timestamp column as memory.</summary>
    public ReadOnlyMemory<DateTime> TimestampMemory { get; }

    /// <summary>The amount column as memory.</summary>
    public ReadOnlyMemory<double> AmountMemory { get; }

    /// <summary>The margin column as memory; empty when <see cref="HasMargins"/> is false.</summary>
    public ReadOnlyMemory<double> MarginMemory { get; }

    /// <summary>A view of rows <paramref name="start"/> .. <paramref name="start"/> + <paramref name="length"/> - 1, sharing memory with this batch.</summary>
    public TransactionBatch Slice(int start, int length) =>
        new(CustomerIndexMemory.Slice(start, length), TimestampMemory.Slice(start, length), AmountMemory.Slice(start, length),
            HasMargins ? MarginMemory.Slice(start, length) : default(ReadOnlyMemory<double>?));

    /// <inheritdoc />
    public override string ToString() =>
        $"TransactionBatch: {Count:N0} transactions, customer indices 0..{MaxCustomerIndex}{(HasMargins ? ", with margins" : "")}";
}
