using System.Globalization;

namespace CustomerScoring.Summaries;

/// <summary>
/// The portfolio's returns that no summary row carries, for <see cref="CustomerSummariesBuilder.Build"/>: the returns of
/// customers whose only lines on or before the observation end are returns, and the returns in the holdout. (The rows'
/// own returns come with the rows.) All zero with <see cref="ReturnsPolicy.Keep"/>.
/// </summary>
public sealed class SummaryReturnCounts
{
    /// <summary>No returns outside the rows.</summary>
    public static SummaryReturnCounts None { get; } = new();

    /// <summary>Customers with returns but no purchase on or before the observation end (<see cref="CustomerSummaries.CustomersWithOnlyReturns"/>).</summary>
    public int CustomersWithOnlyReturns { get; init; }

    /// <summary>Their returns (<see cref="CustomerSummaries.ReturnsOfCustomersWithoutPurchases"/>).</summary>
    public long ReturnsOfCustomersWithoutPurchases { get; init; }

    /// <summary>The summed amount of those returns (zero or negative).</summary>
    public double ReturnsValueOfCustomersWithoutPurchases { get; init; }

    /// <summary>Returns in the holdout period, of all customers (<see cref="CustomerSummaries.HoldoutReturnTransactions"/>).</summary>
    public long HoldoutReturnTransactions { get; init; }

    internal void Validate(ReturnsPolicy policy, bool hasHoldout, int customersWithoutPurchases, string parameterName)
    {
        string? problem = null;
        if (CustomersWithOnlyReturns < 0 || ReturnsOfCustomersWithoutPurchases < 0 || HoldoutReturnTransactions < 0
            || !double.IsFinite(ReturnsValueOfCustomersWithoutPurchases) || ReturnsValueOfCustomersWithoutPurchases > 0.0)
        {
            problem = "counts must be zero or positive and the value finite and zero or negative";
        }
        else if (policy == ReturnsPolicy.Keep && (CustomersWithOnlyReturns != 0 || ReturnsOfCustomersWithoutPurchases != 0 || HoldoutReturnTransactions != 0 || ReturnsValueOfCustomersWithoutPurchases != 0.0))
        {
            problem = "with ReturnsPolicy.Keep a return is a purchase, so there are none";
        }
        else if (!hasHoldout && HoldoutReturnTransactions != 0)
        {
            problem = "there is no holdout";
        }
        else if (CustomersWithOnlyReturns > customersWithoutPurchases)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"they are among the {customersWithoutPurchases} customers without purchases");
        }
        else if ((CustomersWithOnlyReturns == 0) != (ReturnsOfCustomersWithoutPurchases == 0) || ReturnsOfCustomersWithoutPurchases < CustomersWithOnlyReturns
            || (ReturnsOfCustomersWithoutPurchases == 0 && ReturnsValueOfCustomersWithoutPurchases != 0.0))
        {
            problem = "each customer with only returns has at least one return, and there is no value without returns";
        }

        if (problem is not null)
        {
            throw new ArgumentOutOfRangeException(parameterName, string.Create(CultureInfo.InvariantCulture,
                $"{CustomersWithOnlyReturns} customers with only returns, {ReturnsOfCustomersWithoutPurchases} returns of value {ReturnsValueOfCustomersWithoutPurchases}, {HoldoutReturnTransactions} holdout returns: {problem}."));
        }
    }
}
