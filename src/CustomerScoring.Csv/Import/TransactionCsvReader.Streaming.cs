using CustomerScoring.Transactions;

namespace CustomerScoring.Csv;

/// <content>Reading a whole input into a consumer of batches that keeps few of them (the command line tool's summary).</content>
public sealed partial class TransactionCsvReader
{
    /// <summary>
    /// Reads the rest of the input and hands every batch, in file order, to <paramref name="sink"/> with the customer count
    /// after its look-ups (every index of the batch is below it). The batches share one chunk of memory while the sink
    /// returns false: such a batch is valid only during its call, so a whole file is read in the memory of one batch and the
    /// customer map. Once the sink returns true (it keeps that batch), that batch and every later one get memory of their
    /// own, as in <see cref="ReadAll"/>. In look-ahead mode the sink runs on the look-up thread, behind the parsing (see
    /// <see cref="ReadAllRunningAhead"/>).
    /// </summary>
    /// <param name="sink">Takes each batch; returns whether it keeps it (and every later one).</param>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <returns>The report of every line, final.</returns>
    /// <exception cref="InvalidOperationException">The batches were already read.</exception>
    /// <exception cref="CsvImportException">With <see cref="CsvErrorHandling.Fail"/>, a line is bad.</exception>
    internal CsvImportReport ReadInto(Func<TransactionBatch, int, bool> sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _chunks.Recycle = true;
        if (_ahead is not null)
        {
            Start();
            ReadAllRunningAhead(sink, cancellationToken);
        }
        else
        {
            foreach (TransactionBatch batch in ReadBatches(cancellationToken))
            {
                if (sink(batch, _customers.Map.Count))
                {
                    _chunks.StopRecycling();
                }
            }
        }

        return Report;
    }

    /// <summary>
    /// <see cref="ReadBatches"/> for a caller that is done with each batch before it asks for the next: the batches share
    /// one chunk of memory.
    /// </summary>
    internal IEnumerable<TransactionBatch> ReadBatchesReusingMemory(CancellationToken cancellationToken = default)
    {
        _chunks.Recycle = true;
        return ReadBatches(cancellationToken);
    }
}
