using System.Globalization;

namespace CustomerScoring.Concentration;

/// <summary>A customer and its value, as listed by <see cref="ParetoAnalysis.TopCustomers"/>.</summary>
/// <param name="Row">The customer's row: the position of its value in the values analysed. When those are a column of
/// <see cref="Summaries.CustomerSummaries"/> (such as <c>TotalAmount</c>) this is the summary row, and the customer's key is
/// <c>customers.KeyOf(summaries.CustomerIndex[Row])</c>. Not a customer index: customers without a summary row make the two
/// differ.</param>
/// <param name="Value">The customer's value (after clipping, if negatives were clipped).</param>
public readonly record struct RankedCustomer(int Row, double Value)
{
    /// <summary>"row 17: 1234.5".</summary>
    /// <returns>The entry as text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"row {Row}: {Value:G6}");
}
