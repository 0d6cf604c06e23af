namespace CustomerScoring.Summaries;

/// <summary>
/// A customer's amount or margin reaches <see cref="Transactions.TransactionBatch.MaxAmountMagnitude"/> (2^62, about 4.6e18)
/// in magnitude, or one of its totals (amounts, margins, returns or holdout amounts) would reach 2^63 (about 9.2e18): beyond
/// what the summaries sum exactly. Thrown instead of returning an infinite or rounded-away total; names the customer.
/// </summary>
public sealed class AmountOverflowException : CustomerScoringException
{
    /// <summary>Creates the exception for a customer index.</summary>
    /// <param name="customerIndex">The dense customer index whose total overflows.</param>
    /// <param name="what">The total that overflows, e.g. "amount" or "margin".</param>
    /// <param name="customerKey">The caller's key of the customer, when known.</param>
    public AmountOverflowException(int customerIndex, string what, object? customerKey = null)
        : base(FailureKind.BadData, customerKey is null
            ? $"The {what} total of customer index {customerIndex} reaches 9.2e18 in magnitude, beyond what can be summed exactly; check the amounts of this customer."
            : $"The {what} total of customer '{customerKey}' (index {customerIndex}) overflows: an amount of 4.6e18 or more, or a total of 9.2e18 or more in magnitude, is beyond what can be summed exactly; check the amounts of this customer.")
    {
        CustomerIndex = customerIndex;
        Total = what;
        CustomerKey = customerKey;
    }

    /// <summary>The dense customer index whose total overflows.</summary>
    public int CustomerIndex { get; }

    /// <summary>Which total overflows ("amount", "margin", "returns", "holdout amount").</summary>
    public string Total { get; }

    /// <summary>The caller's key of the customer, when the summarizer knew it (<see cref="Summarizer.Summarize{TKey}"/>); otherwise null.</summary>
    public object? CustomerKey { get; }

    /// <summary>The same exception with the customer's key.</summary>
    internal AmountOverflowException WithKey(object key) => new(CustomerIndex, Total, key);
}
