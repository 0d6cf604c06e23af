namespace CustomerScoring.Csv;

/// <summary>Counts rejected lines by reason and keeps the first few in detail.</summary>
internal sealed class RejectionLog(int maxDetails)
{
    private static readonly int ReasonCount = Enum.GetValues<CsvRejectionReason>().Length;

    private readonly long[] _counts = new long[ReasonCount];
    private readonly List<CsvRejection> _details = [];

    /// <summary>Records one rejected line.</summary>
    public void Add(CsvRejection rejection)
    {
        _counts[(int)rejection.Reason]++;
        if (_details.Count < maxDetails)
        {
            _details.Add(rejection);
        }
    }

    /// <summary>Whether a rejection with this reason would still be kept in detail.</summary>
    public bool WantsDetails => _details.Count < maxDetails;

    /// <summary>Counts a rejected line whose details are not kept.</summary>
    public void Count(CsvRejectionReason reason) => _counts[(int)reason]++;

    /// <summary>A snapshot of the counts, non-zero ones only.</summary>
    public IReadOnlyDictionary<CsvRejectionReason, long> Counts()
    {
        var counts = new Dictionary<CsvRejectionReason, long>();
        for (int i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] > 0)
            {
                counts[(CsvRejectionReason)i] = _counts[i];
            }
        }

        return counts;
    }

    /// <summary>A snapshot of the details.</summary>
    public IReadOnlyList<CsvRejection> Details() => _details.ToArray();
}
