using System.Collections.Concurrent;
using CustomerScoring.Transactions;

namespace CustomerScoring.Csv;

/// <content>
/// Reading a whole input with the look-ups running behind the parsing by several blocks (<see cref="ReadAll"/> in
/// look-ahead mode).
/// </content>
public sealed partial class TransactionCsvReader
{
    /// <summary>Blocks the look-up thread may be behind the one being parsed: the one it is looking up and up to two waiting.</summary>
    internal const int RunAheadBlocks = 3;

    /// <summary>
    /// All the batches of the input, parsed on this thread while one other thread looks up the customers of the blocks
    /// parsed before, in file order, up to <see cref="RunAheadBlocks"/> blocks behind. <see cref="NextBatchLookAhead"/>
    /// waits at every batch for the look-up of the batch before (nothing may run between two calls of an enumeration, as
    /// the caller may read <see cref="Customers"/>), so each pause of either thread (a new slab, a collection, a block with
    /// many new customers) stalls both. A whole read returns nothing before the end, so here the two threads are tied
    /// only through the queue. The look-ups run in file order on one thread, so the customers, their order, the batches
    /// and the report are those of the enumeration.
    /// </summary>
    /// <param name="sink">When given, each batch goes to it (with the customer count after its look-ups) on the look-up
    /// thread instead of into the list (see <see cref="ReadInto"/>).</param>
    /// <param name="cancellationToken">Checked before each block.</param>
    private List<TransactionBatch> ReadAllRunningAhead(Func<TransactionBatch, int, bool>? sink, CancellationToken cancellationToken)
    {
        var batches = new List<TransactionBatch>();
        using var parsed = new BlockingCollection<PendingRows>();
        using var free = new BlockingCollection<PendingRows>();
        free.Add(_ahead!, CancellationToken.None);
        for (int i = 1; i < RunAheadBlocks; i++)
        {
            free.Add(new PendingRows(_options.BatchSize), CancellationToken.None);
        }

        // A thread of its own (not a pool task), so the consumer runs whatever the machine (tests force look-ahead on one processor).
        Task lookup = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (PendingRows rows in parsed.GetConsumingEnumerable())
                {
                    rows.Flush(_customers, _chunks);
                    if (_chunks.Take() is { } batch)
                    {
                        if (sink is null)
                        {
                            batches.Add(batch);
                        }
                        else if (sink(batch, _customers.Map.Count))
                        {
                            _chunks.StopRecycling();
                        }
                    }

                    free.Add(rows, CancellationToken.None);
                }
            }
            finally
            {
                free.CompleteAdding(); // a failed look-up must not leave the parsing thread waiting for a free block
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            while (!_finished)
            {
                cancellationToken.ThrowIfCancellationRequested();
                while (!_finished && _pending.Count < _pending.Capacity)
                {
                    if (!ReadRecord())
                    {
                        _finished = true;
                        break;
                    }

                    ProcessRecord();
                }

                if (_pending.Count > 0)
                {
                    parsed.Add(_pending, CancellationToken.None);
                    if (!free.TryTake(out PendingRows? next, Timeout.Infinite, CancellationToken.None))
                    {
                        break; // the look-up failed: its exception is thrown below
                    }

                    _pending = next;
                }
            }

            parsed.CompleteAdding();
            lookup.GetAwaiter().GetResult();
        }
        catch
        {
            parsed.CompleteAdding();
            try
            {
                lookup.Wait(CancellationToken.None); // nothing runs on after the call; a look-up failure is the one thrown below
            }
            catch (AggregateException)
            {
            }

            throw;
        }

        // Every row read is looked up: the report (its customer count too) is final before the share is checked.
        _shareChecked = true;
        CheckRejectedShare();
        return batches;
    }
}
