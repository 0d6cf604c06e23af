using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Csv;

/// <summary>
/// A CSV file summarized while it is read, without keeping its rows: what the command line tool does when nothing after
/// the summaries needs the transactions. Each batch goes into a <see cref="StreamingSummary"/> on the reader's look-up
/// thread and its memory is reused for the next, so a 10M-row file costs the customer map and the summary's accumulators
/// instead of 200 MB of columns (and the summarizing overlaps the parsing).
/// </summary>
/// <remarks>
/// The summaries equal <see cref="Summarizer"/>'s over the whole file, bit for bit. Customers whose rows arrived out of
/// period order need their rows once more for an exact recount. From the batch where the first such row comes, the
/// batches are kept (a shuffled file keeps nearly all of them, as a whole read does); the rows before it are read a second
/// time, keeping only those customers' rows (a second reader numbers the customers in the same order, so the indices
/// agree; a file that changed in between is refused). Returns need no second reading (see <see cref="StreamingSummary"/>).
/// </remarks>
internal static class CsvFileSummary
{
    /// <summary>Reads and summarizes <paramref name="path"/>.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="format">How to read it (its rejection callback sees each rejected line once, on the first read).</param>
    /// <param name="window">The summary's options; with <paramref name="endFromData"/> the observation end is the day after the
    /// last transaction (the default analysis date). No holdout.</param>
    /// <param name="endFromData">Whether the observation end comes from the data.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The summaries (null when no line gave a transaction), the customer map and the report of the first read.</returns>
    /// <exception cref="AmountOverflowException">A customer's total overflows; the exception names the customer's id.</exception>
    /// <exception cref="TransactionDataException">With the end from the data, the last transaction is on 9999-12-31.</exception>
    /// <exception cref="IOException">The file changed between the two reads.</exception>
    public static (CustomerSummaries? Summaries, CustomerKeyMap<string> Customers, CsvImportReport Report) Summarize(
        string path, CsvImportOptions format, SummaryOptions window, bool endFromData, CancellationToken cancellationToken = default)
    {
        var summary = new StreamingSummary(window, endFromData, format.MarginColumn is not null);
        using TransactionCsvReader reader = TransactionCsvReader.Open(path, format);
        CsvImportReport report;
        try
        {
            report = reader.ReadInto(summary.AddKeeping, cancellationToken);
        }
        catch (AmountOverflowException e) when ((uint)e.CustomerIndex < (uint)reader.Customers.Count)
        {
            throw e.WithKey(reader.Customers.KeyOf(e.CustomerIndex));
        }

        if (summary.Rows == 0)
        {
            return (null, reader.Customers, report);
        }

        return (summary.FinishReadingAgain((wanted, rows) => RowsOf(path, format, wanted, rows, report, cancellationToken), cancellationToken), reader.Customers, report);
    }

    /// <summary>
    /// Reads the first <paramref name="transactions"/> transactions of the file again and keeps the rows of the customers
    /// <paramref name="wanted"/> marks, in file order (<see cref="WantedRows"/>).
    /// </summary>
    private static List<TransactionBatch> RowsOf(string path, CsvImportOptions format, bool[] wanted, long transactions, CsvImportReport first, CancellationToken cancellationToken)
    {
        var rows = new WantedRows(wanted, transactions, format.BatchSize, format.MarginColumn is not null);
        using TransactionCsvReader reader = TransactionCsvReader.Open(path, format with { OnRejection = null });
        foreach (TransactionBatch batch in reader.ReadBatchesReusingMemory(cancellationToken))
        {
            if (reader.Customers.Count > wanted.Length)
            {
                break; // more customers than the first reading had: the file changed
            }

            rows.Add(batch);
            if (rows.Done)
            {
                break;
            }
        }

        if (!rows.Done || reader.Customers.Count > wanted.Length)
        {
            throw new IOException(
                $"'{path}' changed while it was read: its second reading (the first {transactions:N0} of {first.Transactions:N0} transactions, " +
                "for the customers with rows out of time order) did not give the same transactions.");
        }

        return rows.Rows;
    }
}
