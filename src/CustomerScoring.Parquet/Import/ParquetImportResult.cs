using CustomerScoring.Transactions;

namespace CustomerScoring.Parquet;

/// <summary>The transactions read from a Parquet file and the report of what happened to each row.</summary>
/// <param name="Transactions">The transactions: one batch per row group (its used rows) and the map of customer ids (as text) to indices.</param>
/// <param name="Report">What happened to every row.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ParquetImportResult(CustomerTransactions<string> Transactions, ParquetImportReport Report)
{
    /// <inheritdoc />
    public override string ToString() => Report.ToString();
}
