using System.Collections.Concurrent;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Parquet;

/// <summary>
/// A Parquet file summarized while it is read, without keeping its rows: what the command line tool does when nothing after
/// the summaries needs the transactions (as <c>CsvFileSummary</c> does for CSV). The row groups are decoded on the calling
/// thread and added to a <see cref="StreamingSummary"/> on another, a few row groups behind, in arrays that go back to the
/// reader: a 10M-row file costs the customer map, the summary's accumulators and a few row groups' arrays instead of
/// 200 MB of columns, and the summarizing overlaps the decoding.
/// </summary>
/// <remarks>
/// The summaries equal <see cref="Summarizer"/>'s over the whole read (<see cref="TransactionParquetReader.ReadFile"/>), bit
/// for bit, with the same customers in the same order and the same report. Customers whose rows arrived out of period order
/// need their rows once more for an exact recount: from the row group where the first such row comes the batches are kept,
/// and the row groups before it are read a second time, keeping only those customers' rows (a second reading numbers the
/// customers in the same order; a file that changed in between is refused).
/// </remarks>
internal static class ParquetFileSummary
{
    /// <summary>The row groups' array sets in use at once: one being decoded, one being summarized, one waiting.</summary>
    internal const int ArraySets = 3;

    /// <summary>Rows per chunk of the rows read again for the recount (the CSV reader's default batch size).</summary>
    private const int RecountChunkRows = 1 << 16;

    /// <summary>Reads and summarizes <paramref name="path"/>.</summary>
    /// <param name="path">The Parquet file.</param>
    /// <param name="options">The columns and error handling.</param>
    /// <param name="window">The summary's options; with <paramref name="endFromData"/> the observation end is the day after the
    /// last transaction. No holdout.</param>
    /// <param name="endFromData">Whether the observation end comes from the data.</param>
    /// <param name="cancellationToken">Checked between row groups.</param>
    /// <returns>The summaries (null when no row gave a transaction), the customer map and the report.</returns>
    /// <exception cref="ParquetImportException">As <see cref="TransactionParquetReader.ReadFile"/>.</exception>
    /// <exception cref="AmountOverflowException">A customer's total overflows; the exception names the customer's id.</exception>
    /// <exception cref="TransactionDataException">With the end from the data, the last transaction is on 9999-12-31.</exception>
    /// <exception cref="IOException">The file changed between the two readings.</exception>
    public static (CustomerSummaries? Summaries, CustomerKeyMap<string> Customers, ParquetImportReport Report) Summarize(
        string path, ParquetImportOptions options, SummaryOptions window, bool endFromData, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        var summary = new StreamingSummary(window, endFromData, options.MarginColumn is not null);
        var customers = new CustomerKeyMap<string>(StringComparer.Ordinal);
        ParquetImportReport report;
        using (var sink = new SummarySink(summary))
        {
            try
            {
                using (FileStream stream = File.OpenRead(path))
                {
                    report = TransactionParquetReader.ReadRowGroupsAsync(stream, options, customers, sink, cancellationToken).AsTask().GetAwaiter().GetResult();
                }

                sink.Finish();
            }
            catch (AmountOverflowException e) when ((uint)e.CustomerIndex < (uint)customers.Count)
            {
                throw e.WithKey(customers.KeyOf(e.CustomerIndex));
            }
        }

        if (summary.Rows == 0)
        {
            return (null, customers, report);
        }

        return (summary.FinishReadingAgain((wanted, rows) => RowsOf(path, options, wanted, rows, report, cancellationToken), cancellationToken), customers, report);
    }

    /// <summary>
    /// Reads the first <paramref name="transactions"/> transactions of the file again and keeps the rows of the customers
    /// <paramref name="wanted"/> marks, in file order (<see cref="WantedRows"/>).
    /// </summary>
    private static List<TransactionBatch> RowsOf(string path, ParquetImportOptions options, bool[] wanted, long transactions, ParquetImportReport first, CancellationToken cancellationToken)
    {
        var sink = new WantedRowsSink(new WantedRows(wanted, transactions, RecountChunkRows, options.MarginColumn is not null), wanted.Length);
        var customers = new CustomerKeyMap<string>(StringComparer.Ordinal);
        using (FileStream stream = File.OpenRead(path))
        {
            _ = TransactionParquetReader.ReadRowGroupsAsync(stream, options, customers, sink, cancellationToken).AsTask().GetAwaiter().GetResult();
        }

        if (!sink.Rows.Done || sink.Changed)
        {
            throw new IOException(
                $"'{path}' changed while it was read: its second reading (the first {transactions:N0} of {first.Transactions:N0} transactions, " +
                "for the customers with rows out of time order) did not give the same transactions.");
        }

        return sink.Rows.Rows;
    }

    /// <summary>
    /// Hands each batch to the summary on a thread of its own, in file order, and gives the arrays of the batches it does not
    /// keep back to the reader. Kept batches (from the first row out of order on) keep their arrays.
    /// </summary>
    private sealed class SummarySink : RowGroupSink, IDisposable
    {
        private readonly StreamingSummary _summary;
        private readonly BlockingCollection<(TransactionBatch Batch, RowGroupArrays Arrays, int Customers)> _parsed = [];

        /// <summary>Array sets free for the reader; null stands for one to allocate.</summary>
        private readonly BlockingCollection<RowGroupArrays?> _free = [];
        private readonly Task _consumer;

        public SummarySink(StreamingSummary summary)
        {
            _summary = summary;
            for (int i = 0; i < ArraySets; i++)
            {
                _free.Add(null);
            }

            // A thread of its own (not a pool task), so the summary runs whatever the machine.
            _consumer = Task.Factory.StartNew(Consume, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        public override RowGroupArrays Rent(int rows, bool margins)
        {
            if (!_free.TryTake(out RowGroupArrays? arrays, Timeout.Infinite))
            {
                Finish(); // the summary failed: its exception
                throw new InvalidOperationException("The summary stopped taking row groups.");
            }

            return arrays is not null && arrays.Fits(rows, margins) ? arrays : new RowGroupArrays(rows, margins);
        }

        public override void Take(TransactionBatch batch, RowGroupArrays arrays, int customerCount) => _parsed.Add((batch, arrays, customerCount));

        public override void Unused(RowGroupArrays arrays)
        {
            try
            {
                _free.Add(arrays);
            }
            catch (InvalidOperationException)
            {
                Finish(); // the summary failed (and stopped taking arrays): its exception
                throw;
            }
        }

        /// <summary>Waits until every batch is added; throws what the summary threw.</summary>
        public void Finish()
        {
            _parsed.CompleteAdding();
            _consumer.GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            if (!_parsed.IsAddingCompleted)
            {
                _parsed.CompleteAdding();
                try
                {
                    _consumer.Wait(CancellationToken.None); // the reading failed: its exception is the one that counts
                }
                catch (AggregateException)
                {
                }
            }

            _parsed.Dispose();
            _free.Dispose();
        }

        private void Consume()
        {
            try
            {
                foreach ((TransactionBatch batch, RowGroupArrays arrays, int count) in _parsed.GetConsumingEnumerable())
                {
                    // A kept batch keeps its arrays: the reader gets new ones in their place.
                    _free.Add(_summary.AddKeeping(batch, count) ? null : arrays);
                }
            }
            finally
            {
                _free.CompleteAdding(); // a failed summary must not leave the reader waiting for arrays
            }
        }
    }

    /// <summary>The second reading's batches into <see cref="WantedRows"/>, one array set reused.</summary>
    private sealed class WantedRowsSink(WantedRows rows, int customers) : RowGroupSink
    {
        private RowGroupArrays? _arrays;

        public WantedRows Rows => rows;

        /// <summary>Whether the second reading found more customers than the first had.</summary>
        public bool Changed { get; private set; }

        public override bool WantsMore => !rows.Done;

        public override RowGroupArrays Rent(int rowCount, bool withMargins) =>
            _arrays is { } a && a.Fits(rowCount, withMargins) ? a : _arrays = new RowGroupArrays(rowCount, withMargins);

        public override void Take(TransactionBatch batch, RowGroupArrays arrays, int customerCount)
        {
            Changed |= customerCount > customers;
            rows.Add(batch);
        }
    }
}
