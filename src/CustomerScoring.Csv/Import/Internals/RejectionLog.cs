namespace CustomerScoring.Csv;

/// <summary>Counts rejected lines by reason with the sum of their amounts (where the amount parses), keeps the
/// first few in detail and the first of each reason.</summary>
internal sealed class RejectionLog(int maxDetails)
{
    private static readonly int ReasonCount = Enum.GetValues<CsvRejectionReason>().Length;

    private readonly long[] _counts = new long[ReasonCount];
    private readonly double[] _amounts = new double[ReasonCount];
    private readonly long[] _withAmount = new long[ReasonCount];
    private readonly CsvRejection?[] _first = new CsvRejection?[ReasonCount];
    private readonly List<CsvRejection> _details = [];
    private int _detailCount;

    /// <summary>Records one rejected line, with its amount when it parsed.</summary>
    public void Add(CsvRejection rejection, double? amount)
    {
        Count(rejection.Reason, amount);
        if (_first[(int)rejection.Reason] is null)
        {
            Volatile.Write(ref _first[(int)rejection.Reason], rejection);
        }

        if (_details.Count < maxDetails)
        {
            _details.Add(rejection);
            Volatile.Write(ref _detailCount, _details.Count);
        }
    }

    /// <summary>Whether a rejection of this reason would be kept (in the details, or as the first of its reason).</summary>
    public bool WantsDetails(CsvRejectionReason reason) => _details.Count < maxDetails || _first[(int)reason] is null;

    /// <summary>
    /// Whether a rejection of this reason may still be kept, as another thread (a parallel worker) sees it: the log only
    /// ever goes from wanting details to not wanting them, so a stale view errs on building a rejection that is then
    /// only counted, never on leaving out one that is kept.
    /// </summary>
    public bool MayWantDetails(CsvRejectionReason reason) =>
        Volatile.Read(ref _detailCount) < maxDetails || Volatile.Read(ref _first[(int)reason]) is null;

    /// <summary>Counts a rejected line whose details are not kept.</summary>
    public void Count(CsvRejectionReason reason, double? amount)
    {
        _counts[(int)reason]++;
        if (amount is { } a)
        {
            _amounts[(int)reason] += a;
            _withAmount[(int)reason]++;
        }
    }

    /// <summary>The number of rejected lines.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            foreach (long count in _counts)
            {
                total += count;
            }

            return total;
        }
    }

    /// <summary>A snapshot of the counts and amounts, non-zero counts only.</summary>
    public IReadOnlyDictionary<CsvRejectionReason, CsvRejectionTotal> Totals()
    {
        var totals = new Dictionary<CsvRejectionReason, CsvRejectionTotal>();
        for (int i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] > 0)
            {
                totals[(CsvRejectionReason)i] = new CsvRejectionTotal(_counts[i], _amounts[i], _withAmount[i], _first[i]);
            }
        }

        return totals;
    }

    /// <summary>A snapshot of the details.</summary>
    public IReadOnlyList<CsvRejection> Details() => _details.ToArray();
}
