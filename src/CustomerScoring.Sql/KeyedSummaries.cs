using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Sql;

/// <summary>
/// Customer summaries computed in a database, with the customers' keys: row <c>i</c>'s key is
/// <c>Customers.KeyOf(Summaries.CustomerIndex[i])</c>. An ordinary object owned by the garbage collector (nothing to dispose).
/// </summary>
/// <typeparam name="TKey">The customer key type.</typeparam>
public sealed class KeyedSummaries<TKey>
    where TKey : notnull
{
    internal KeyedSummaries(CustomerSummaries summaries, CustomerKeyMap<TKey> customers, SqlQuery query)
    {
        Summaries = summaries;
        Customers = customers;
        Query = query;
    }

    /// <summary>The summaries, one row per customer with a purchase on or before the observation end.</summary>
    public CustomerSummaries Summaries { get; }

    /// <summary>The keys of the customers with a summary row (customers without purchases are only counted).</summary>
    public CustomerKeyMap<TKey> Customers { get; }

    /// <summary>The summary query that was run.</summary>
    public SqlQuery Query { get; }

    /// <inheritdoc/>
    public override string ToString() => Summaries.ToString();
}
