using CustomerScoring.Transactions;

namespace CustomerScoring.Csv;

/// <summary>The transactions read from a CSV file and the report of what happened to each line.</summary>
/// <param name="Transactions">The transactions: batches and the map of customer ids (the file's text) to indices.</param>
/// <param name="Report">What happened to every line.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CsvImportResult(CustomerTransactions<string> Transactions, CsvImportReport Report)
{
    /// <inheritdoc />
    public override string ToString() => Report.ToString();
}
