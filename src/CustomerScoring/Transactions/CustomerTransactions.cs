namespace CustomerScoring.Transactions;

/// <summary>
/// Transactions of many customers: the batches and the map from the caller's customer keys to the
/// dense indices the batches use. This is what a <see cref="TransactionBatchBuilder{TKey}"/> or the
/// CSV reader produces, and what the summarizer reads.
/// </summary>
/// <typeparam name="TKey">The caller's customer key type.</typeparam>
public sealed class CustomerTransactions<TKey>
    where TKey : notnull
{
    /// <summary>Creates the set from batches whose indices come from <paramref name="customers"/>.</summary>
    /// <exception cref="ArgumentException">A batch uses an index the map does not have.</exception>
    public CustomerTransactions(IReadOnlyList<TransactionBatch> batches, CustomerKeyMap<TKey> customers)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(customers);
        long count = 0;
        for (int b = 0; b < batches.Count; b++)
        {
            TransactionBatch batch = batches[b] ?? throw new ArgumentException($"Batch {b} is null.", nameof(batches));
            if (batch.MaxCustomerIndex >= customers.Count)
            {
                throw new ArgumentException(
                    $"Batch {b} uses customer index {batch.MaxCustomerIndex}, but the key map has only {customers.Count} customers.",
                    nameof(batches));
            }

            count += batch.Count;
        }

        Batches = batches;
        Customers = customers;
        Count = count;
    }

    /// <summary>The batches, in the order the rows were added.</summary>
    public IReadOnlyList<TransactionBatch> Batches { get; }

    /// <summary>The customer key map.</summary>
    public CustomerKeyMap<TKey> Customers { get; }

    /// <summary>The total number of transactions.</summary>
    public long Count { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"CustomerTransactions: {Count:N0} transactions of {Customers.Count:N0} customers in {Batches.Count} batches";
}
