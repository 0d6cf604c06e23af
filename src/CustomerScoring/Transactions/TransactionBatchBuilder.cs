namespace CustomerScoring.Transactions;

/// <summary>
/// Appends transactions row by row, keyed by the caller's own customer keys, into fixed-size column
/// chunks, without allocating per row. <see cref="Build"/> returns the chunks as
/// <see cref="TransactionBatch"/>es together with the <see cref="CustomerKeyMap{TKey}"/>.
/// </summary>
/// <typeparam name="TKey">The caller's customer key type.</typeparam>
/// <example>
/// <code>
/// var builder = new TransactionBatchBuilder&lt;string&gt;();
/// builder.Add("alice", new DateTime(2026, 1, 5), 25.0);
/// builder.Add("bob", new DateTime(2026, 1, 6), 12.5);
/// CustomerTransactions&lt;string&gt; data = builder.Build();
/// </code>
/// </example>
public sealed class TransactionBatchBuilder<TKey>
    where TKey : notnull
{
    /// <summary>The default number of rows per batch.</summary>
    public const int DefaultChunkSize = 1 << 16;

    private readonly List<TransactionBatch> _done = [];
    private readonly CustomerKeyMap<TKey> _keys;
    private readonly TransactionChunks _chunks;
    private bool _built;

    /// <summary>Creates a builder.</summary>
    /// <param name="withMargins">Whether every row carries a margin.</param>
    /// <param name="chunkSize">Rows per batch (at least 1).</param>
    /// <param name="keys">An existing key map to extend, so that several builders share customer indices; a new map when null.</param>
    public TransactionBatchBuilder(bool withMargins = false, int chunkSize = DefaultChunkSize, CustomerKeyMap<TKey>? keys = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        WithMargins = withMargins;
        _keys = keys ?? new CustomerKeyMap<TKey>();
        _chunks = new TransactionChunks(chunkSize, withMargins);
    }

    /// <summary>Whether rows carry a margin.</summary>
    public bool WithMargins { get; }

    /// <summary>The number of rows added so far.</summary>
    public long Count { get; private set; }

    /// <summary>The customer key map being filled.</summary>
    public CustomerKeyMap<TKey> Customers => _keys;

    /// <summary>Adds one transaction without a margin.</summary>
    /// <exception cref="InvalidOperationException">The builder was created with margins.</exception>
    /// <exception cref="ArgumentException">The amount is NaN or infinite.</exception>
    public void Add(TKey customer, DateTime timestamp, double amount)
    {
        if (WithMargins)
        {
            throw new InvalidOperationException("This builder was created with withMargins: true; pass a margin for every row.");
        }

        AddCore(customer, timestamp, amount, 0);
    }

    /// <summary>Adds one transaction with a margin.</summary>
    /// <exception cref="InvalidOperationException">The builder was created without margins.</exception>
    /// <exception cref="ArgumentException">The amount or margin is NaN or infinite.</exception>
    public void Add(TKey customer, DateTime timestamp, double amount, double margin)
    {
        if (!WithMargins)
        {
            throw new InvalidOperationException("This builder was created without margins; create it with withMargins: true to add margins.");
        }

        if (!double.IsFinite(margin))
        {
            throw new ArgumentException($"Row {Count}: margin {margin} is not a finite number.", nameof(margin));
        }

        AddCore(customer, timestamp, amount, margin);
    }

    /// <summary>Adds rows from the caller's own objects through selectors.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="customer">Selects the customer key.</param>
    /// <param name="timestamp">Selects the timestamp.</param>
    /// <param name="amount">Selects the amount.</param>
    /// <param name="margin">Selects the margin; required when the builder has margins, not allowed otherwise.</param>
    public void AddRange<TRow>(
        IEnumerable<TRow> rows,
        Func<TRow, TKey> customer,
        Func<TRow, DateTime> timestamp,
        Func<TRow, double> amount,
        Func<TRow, double>? margin = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(amount);
        if (WithMargins != (margin is not null))
        {
            throw new ArgumentException(WithMargins
                ? "This builder has margins: pass a margin selector."
                : "This builder has no margins: create it with withMargins: true to use a margin selector.", nameof(margin));
        }

        foreach (TRow row in rows)
        {
            if (margin is null)
            {
                AddCore(customer(row), timestamp(row), amount(row), 0);
            }
            else
            {
                Add(customer(row), timestamp(row), amount(row), margin(row));
            }
        }
    }

    /// <summary>Finishes building: returns every row added, in order, as batches of at most the chunk size.</summary>
    /// <exception cref="InvalidOperationException">Build was already called.</exception>
    public CustomerTransactions<TKey> Build()
    {
        if (_built)
        {
            throw new InvalidOperationException("Build was already called on this builder.");
        }

        _built = true;
        if (_chunks.Take() is { } last)
        {
            _done.Add(last);
        }

        return new CustomerTransactions<TKey>(_done.ToArray(), _keys);
    }

    private void AddCore(TKey customer, DateTime timestamp, double amount, double margin)
    {
        if (_built)
        {
            throw new InvalidOperationException("Build was already called on this builder.");
        }

        if (!double.IsFinite(amount))
        {
            throw new ArgumentException($"Row {Count}: amount {amount} is not a finite number.", nameof(amount));
        }

        _chunks.Append(_keys.GetOrAdd(customer), timestamp, amount, margin);
        Count++;
        if (_chunks.IsFull)
        {
            _done.Add(_chunks.Take()!);
        }
    }
}
