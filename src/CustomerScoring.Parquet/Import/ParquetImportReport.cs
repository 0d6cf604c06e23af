using System.Globalization;
using System.Text;

namespace CustomerScoring.Parquet;

/// <summary>
/// What happened to every row of an imported Parquet file: how many were read, used or rejected (by reason,
/// with the first few in detail). No row is unaccounted for: <see cref="RowsRead"/> =
/// <see cref="Transactions"/> + <see cref="RowsRejected"/> (see <see cref="IsBalanced"/>).
/// </summary>
/// <remarks>Immutable and thread-safe: a snapshot taken when it was created.</remarks>
public sealed class ParquetImportReport
{
    internal ParquetImportReport(
        int rowGroups,
        long rowsRead,
        long transactions,
        IReadOnlyDictionary<ParquetRejectionReason, long> rejectionCounts,
        IReadOnlyList<ParquetRejection> rejections,
        int customers)
    {
        RowGroups = rowGroups;
        RowsRead = rowsRead;
        Transactions = transactions;
        RejectionCounts = rejectionCounts;
        Rejections = rejections;
        Customers = customers;
        long rejected = 0;
        foreach (long count in rejectionCounts.Values)
        {
            rejected += count;
        }

        RowsRejected = rejected;
    }

    /// <summary>The number of row groups read.</summary>
    public int RowGroups { get; }

    /// <summary>The rows read.</summary>
    public long RowsRead { get; }

    /// <summary>The transactions produced: one per used row.</summary>
    public long Transactions { get; }

    /// <summary>The rows that were rejected (all of them, including those beyond the details kept).</summary>
    public long RowsRejected { get; }

    /// <summary>The number of rejected rows for each reason that occurred (a row is counted once, for its first problem in the order customer, timestamp, amount, margin).</summary>
    public IReadOnlyDictionary<ParquetRejectionReason, long> RejectionCounts { get; }

    /// <summary>The first rejected rows in detail, in file order, up to <see cref="ParquetImportOptions.MaxRejectionDetails"/>.</summary>
    public IReadOnlyList<ParquetRejection> Rejections { get; }

    /// <summary>The number of distinct customers in the key map after the import.</summary>
    public int Customers { get; }

    /// <summary>Whether every row read is accounted for: used or rejected. Always true for a report of a finished import.</summary>
    public bool IsBalanced => RowsRead == Transactions + RowsRejected;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{RowsRead:N0} rows read in {RowGroups:N0} row groups: {Transactions:N0} transactions of {Customers:N0} customers, {RowsRejected:N0} rejected");
        foreach (KeyValuePair<ParquetRejectionReason, long> pair in RejectionCounts.OrderByDescending(p => p.Value))
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {pair.Key}: {pair.Value:N0}");
        }

        return text.ToString();
    }
}
