namespace CustomerScoring.Summaries;

/// <summary>
/// What a return (a transaction with a negative amount: a refund or a cancellation) does to a customer's summary; see
/// <see cref="SummaryOptions.Returns"/>.
/// </summary>
public enum ReturnsPolicy
{
    /// <summary>
    /// The default. A return is not a purchase (no transaction, no purchase period, no change to first or last purchase,
    /// recency or frequency), and its amount lowers the customer's monetary total: <see cref="CustomerSummaries.TotalAmount"/>
    /// is <see cref="CustomerSummaries.GrossAmount"/> plus <see cref="CustomerSummaries.ReturnsAmount"/>.
    /// </summary>
    Net = 0,

    /// <summary>A return is dropped: it changes no figure of its customer, and is counted (with its value) in the portfolio figures.</summary>
    Exclude = 1,

    /// <summary>A return is an ordinary transaction with a negative amount: it is a purchase, makes a purchase period and is summed (the behaviour before returns had a policy).</summary>
    Keep = 2,
}
