using CustomerScoring.Transactions;

namespace CustomerScoring.Summaries;

/// <summary>
/// The rows of some customers among the first rows of a second reading of a file, in file order, kept in chunks of a
/// reader's batch size (slabs, as a whole read stores them: 20 bytes a row kept, no list grown by doubling and copied;
/// two time-ordered files concatenated can make half the rows wanted): the recount rows of
/// <see cref="StreamingSummary.FinishReadingAgain"/>.
/// </summary>
internal sealed class WantedRows(bool[] wanted, long rows, int chunkSize, bool withMargins)
{
    private readonly TransactionChunks _chunks = new(chunkSize, withMargins);

    /// <summary>The wanted rows taken so far (all of them once <see cref="Done"/>).</summary>
    public List<TransactionBatch> Rows { get; } = [];

    /// <summary>The rows looked at, at most the number asked for.</summary>
    public long Read { get; private set; }

    /// <summary>Whether every row asked for was looked at.</summary>
    public bool Done => Read == rows;

    /// <summary>Takes the wanted rows of the next batch (of those asked for; customers beyond the mask are not wanted).</summary>
    public void Add(TransactionBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ReadOnlySpan<int> c = batch.CustomerIndex;
        ReadOnlySpan<DateTime> t = batch.Timestamps;
        ReadOnlySpan<double> a = batch.Amounts;
        ReadOnlySpan<double> m = batch.HasMargins ? batch.Margins : default;
        int n = (int)Math.Min(c.Length, rows - Read);
        for (int i = 0; i < n; i++)
        {
            if ((uint)c[i] < (uint)wanted.Length && wanted[c[i]])
            {
                if (_chunks.IsFull)
                {
                    Rows.Add(_chunks.Take()!);
                }

                _chunks.Append(c[i], t[i], a[i], m.IsEmpty ? 0.0 : m[i]);
            }
        }

        Read += n;
        if (Done && _chunks.Take() is { } last)
        {
            Rows.Add(last);
        }
    }
}
