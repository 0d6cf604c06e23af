using CustomerScoring.Transactions;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Transactions;

public class TransactionChunksTests
{
    [Property(MaxTest = 60)]
    public void Batches_hold_every_row_in_order_in_chunks_of_the_size_whatever_the_slabs(int seed)
    {
        // Chunk sizes and row counts that cross several slabs (which double up to 16 chunks), with partial chunks taken
        // in between as the CSV reader does at an invoice's end: every row comes back once, in order, in its own batch.
        var rng = new Random(seed);
        int chunk = rng.Next(1, 70);
        int rows = rng.Next(0, chunk * 50);
        bool margins = rng.Next(2) == 0;
        var chunks = new TransactionChunks(chunk, margins);
        var batches = new List<TransactionBatch>();
        var start = new DateTime(2024, 1, 1);
        for (int r = 0; r < rows; r++)
        {
            chunks.Append(r % 7, start.AddMinutes(r), r * 1.5, margins ? r * 0.5 : 0);
            if (chunks.IsFull || rng.Next(40) == 0)
            {
                batches.Add(chunks.Take()!);
            }
        }

        if (chunks.Take() is { } last)
        {
            batches.Add(last);
        }

        Assert.Null(chunks.Take());
        int next = 0;
        foreach (TransactionBatch b in batches)
        {
            Assert.InRange(b.Count, 1, chunk);
            for (int i = 0; i < b.Count; i++, next++)
            {
                Assert.Equal(next % 7, b.CustomerIndex[i]);
                Assert.Equal(start.AddMinutes(next), b.Timestamps[i]);
                Assert.Equal(next * 1.5, b.Amounts[i]);
                Assert.Equal(margins, b.HasMargins);
                if (margins)
                {
                    Assert.Equal(next * 0.5, b.Margins[i]);
                }
            }
        }

        Assert.Equal(rows, next);
    }
}
