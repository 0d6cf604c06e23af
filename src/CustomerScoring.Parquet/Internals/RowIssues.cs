namespace CustomerScoring.Parquet.Internals;

/// <summary>The first problem of each row of a row group (none, or a reason and its column), reused across row groups.</summary>
internal sealed class RowIssues
{
    private byte[] _reason = [];
    private byte[] _column = [];

    /// <summary>Whether any row has a problem.</summary>
    public bool Any { get; private set; }

    /// <summary>Clears the marks for <paramref name="rows"/> rows.</summary>
    public void Reset(int rows)
    {
        if (_reason.Length < rows)
        {
            _reason = new byte[rows];
            _column = new byte[rows];
        }
        else
        {
            _reason.AsSpan(0, rows).Clear();
        }

        Any = false;
    }

    /// <summary>Whether row <paramref name="row"/> has a problem.</summary>
    public bool Has(int row) => _reason[row] != 0;

    /// <summary>Marks row <paramref name="row"/> unless it already has a problem (the first problem, in column order, wins).</summary>
    public void Mark(int row, ParquetRejectionReason reason, int column)
    {
        if (_reason[row] == 0)
        {
            _reason[row] = (byte)(reason + 1);
            _column[row] = (byte)column;
            Any = true;
        }
    }

    /// <summary>The problem of a marked row.</summary>
    public (ParquetRejectionReason Reason, int Column) Get(int row) => ((ParquetRejectionReason)(_reason[row] - 1), _column[row]);
}
