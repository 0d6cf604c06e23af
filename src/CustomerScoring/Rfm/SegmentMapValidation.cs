using System.Text;

namespace CustomerScoring.Rfm;

/// <summary>
/// What <see cref="SegmentMap.Validate"/> found by enumerating every score cell: rules that can never fire, cells that fall to
/// Others, and how many cells each rule covers and wins. Immutable.
/// </summary>
public sealed class SegmentMapValidation
{
    private readonly int[] _shadowed;
    private readonly RfmCell[] _gaps;
    private readonly int[] _cellsInRange;
    private readonly int[] _cellsWon;

    internal SegmentMapValidation(SegmentMap map, int totalCells, int[] shadowed, RfmCell[] gaps, int[] cellsInRange, int[] cellsWon, int overlappingCells)
    {
        Map = map;
        TotalCells = totalCells;
        _shadowed = shadowed;
        _gaps = gaps;
        _cellsInRange = cellsInRange;
        _cellsWon = cellsWon;
        OverlappingCells = overlappingCells;
    }

    /// <summary>The validated map.</summary>
    public SegmentMap Map { get; }

    /// <summary>Number of cells enumerated (recency bins x frequency bins x monetary bins).</summary>
    public int TotalCells { get; }

    /// <summary>Indices of rules that can never fire: every cell in their ranges is won by an earlier rule (or their ranges lie outside the grid).</summary>
    public IReadOnlyList<int> ShadowedRules => _shadowed;

    /// <summary>Cells that no rule matches; customers with these scores land in Others.</summary>
    public IReadOnlyList<RfmCell> Gaps => _gaps;

    /// <summary>For each rule, the number of grid cells inside its ranges.</summary>
    public IReadOnlyList<int> CellsInRange => _cellsInRange;

    /// <summary>For each rule, the number of cells it actually wins (first match).</summary>
    public IReadOnlyList<int> CellsWon => _cellsWon;

    /// <summary>Number of cells matched by more than one rule (where rule order decides).</summary>
    public int OverlappingCells { get; }

    /// <summary>True when every cell is matched by exactly one rule: no gaps, no overlaps, so rule order does not matter.</summary>
    public bool IsPartition => _gaps.Length == 0 && OverlappingCells == 0;

    /// <summary>A readable report: per rule cells won of cells in range, shadowed rules and gaps.</summary>
    /// <returns>The report.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(TotalCells).Append(" cells, ").Append(OverlappingCells).Append(" matched by several rules, ")
          .Append(_gaps.Length).Append(" unmatched (").Append(Map.OthersName).AppendLine(")");
        for (int i = 0; i < _cellsWon.Length; i++)
        {
            sb.Append("  ").Append(Map.Rules[i].Name).Append(": wins ").Append(_cellsWon[i]).Append(" of ").Append(_cellsInRange[i]).Append(" cells");
            if (_cellsWon[i] == 0)
            {
                sb.Append(" (shadowed: never fires)");
            }

            sb.AppendLine();
        }

        if (_gaps.Length > 0)
        {
            sb.Append("  gaps: ").AppendJoin(", ", _gaps);
        }

        return sb.ToString().TrimEnd();
    }
}
