using CustomerScoring.Transactions;

namespace CustomerScoring.Parquet;

/// <summary>The arrays one row group is read into (the used rows first; margins when the file has a margin column).</summary>
internal sealed class RowGroupArrays(int rows, bool margins)
{
    /// <summary>The rows the arrays hold at most.</summary>
    public int Capacity { get; } = rows;

    public int[] Index { get; } = new int[rows];

    public DateTime[] Timestamps { get; } = new DateTime[rows];

    public double[] Amounts { get; } = new double[rows];

    public double[]? Margins { get; } = margins ? new double[rows] : null;

    /// <summary>Whether these arrays can take a row group of <paramref name="rows"/> rows, with margins or without.</summary>
    public bool Fits(int rows, bool margins) => Capacity >= rows && (Margins is not null) == margins;
}

/// <summary>
/// Where <see cref="TransactionParquetReader.ReadRowGroupsAsync"/> puts each row group's batch, and where it gets the arrays
/// to read it into: new ones unless the sink reuses the arrays of batches it did not keep.
/// </summary>
internal abstract class RowGroupSink
{
    /// <summary>Whether the sink takes more row groups (the reader stops when it does not; the report then counts those read).</summary>
    public virtual bool WantsMore => true;

    /// <summary>Arrays for a row group of <paramref name="rows"/> rows.</summary>
    public virtual RowGroupArrays Rent(int rows, bool margins) => new(rows, margins);

    /// <summary>Takes the batch of a row group (its used rows, in <paramref name="arrays"/>), with the key map's count after it.</summary>
    public abstract void Take(TransactionBatch batch, RowGroupArrays arrays, int customerCount);

    /// <summary>The arrays of a row group without a used row.</summary>
    public virtual void Unused(RowGroupArrays arrays)
    {
    }
}
