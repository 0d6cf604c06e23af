using System.Globalization;

namespace CustomerScoring.Csv;

/// <summary>The rejected lines of one reason: how many, the sum of their amounts, and the first one.</summary>
/// <param name="Count">The number of lines rejected for the reason.</param>
/// <param name="Amount">The sum of the amounts of those lines whose amount (or quantity × price) parses; the others add nothing.</param>
/// <param name="LinesWithAmount">How many of the lines had an amount that parses (and so are in <paramref name="Amount"/>).</param>
/// <param name="First">The first line rejected for the reason (its text cut to <see cref="CsvImportOptions.MaxRejectedTextChars"/>); null only when details were not kept.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CsvRejectionTotal(long Count, double Amount, long LinesWithAmount, CsvRejection? First)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Count:N0} lines, amount {Amount:N2} ({LinesWithAmount:N0} with an amount)");
}
