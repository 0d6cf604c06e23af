namespace CustomerScoring.Rfm;

/// <summary>
/// Scores customers on recency, frequency and monetary value, each dimension with its own <see cref="DimensionBinning"/>, and
/// names them with a <see cref="SegmentMap"/>. Immutable and safe to use from several threads at once.
/// </summary>
/// <remarks>
/// Inputs are plain per-customer columns (customer index = position): recency as the time since the last purchase (any unit),
/// frequency (e.g. purchase periods) and monetary value (e.g. total or mean amount; negative values are allowed).
/// Scoring 1,000,000 customers on three dimensions sorts each with a radix sort over pooled buffers: no per-customer allocation
/// beyond the result's own arrays.
/// </remarks>
/// <example>
/// <code>
/// var result = RfmScorer.Default.Score(daysSinceLast, purchases, totalSpent);
/// Console.WriteLine(result);                 // segment counts
/// int code = result.CellCode(customer);      // e.g. 545
/// </code>
/// </example>
public sealed class RfmScorer
{
    /// <summary>Creates a scorer.</summary>
    /// <param name="recency">Recency binning; default quintiles by <see cref="DimensionBinning.NtileTiesShared"/> (equal values
    /// score equally), lower is better. The direction given is used as is. For parity with SQL <c>NTILE</c> (ties split by key),
    /// pass <see cref="DimensionBinning.Ntile"/>.</param>
    /// <param name="frequency">Frequency binning; default quintiles by <see cref="DimensionBinning.NtileTiesShared"/>, higher is better.</param>
    /// <param name="monetary">Monetary binning; default quintiles by <see cref="DimensionBinning.NtileTiesShared"/>, higher is better.</param>
    /// <param name="segments">Segment map; default <see cref="SegmentMap.RfmPackage10"/>.</param>
    public RfmScorer(DimensionBinning? recency = null, DimensionBinning? frequency = null, DimensionBinning? monetary = null, SegmentMap? segments = null)
    {
        Recency = recency ?? DimensionBinning.NtileTiesShared(DimensionBinning.DefaultBins, ScoreDirection.LowerIsBetter);
        Frequency = frequency ?? DimensionBinning.NtileTiesShared();
        Monetary = monetary ?? DimensionBinning.NtileTiesShared();
        Segments = segments ?? SegmentMap.RfmPackage10;
    }

    /// <summary>
    /// Quintiles by NTILE with ties shared (<see cref="DimensionBinning.NtileTiesShared"/>: customers with equal values get equal
    /// scores, so groups can be uneven; <see cref="RfmResult.RecencyScoreCounts"/> and its siblings report the sizes) on all three
    /// dimensions (recency reversed) and the 10-segment table of R's rfm package. For SQL <c>NTILE</c> parity (equal-size groups,
    /// ties split by key) see <see cref="NtileParity"/>.
    /// </summary>
    public static RfmScorer Default { get; } = new();

    /// <summary>
    /// Quintiles by SQL <c>NTILE(5)</c> (<see cref="DimensionBinning.Ntile"/>) on all three dimensions (recency reversed) and the
    /// 10-segment table: the scores a SQL query <c>NTILE(5) OVER (ORDER BY value, key)</c> gives, where customers with equal
    /// values can get different scores depending on their key. For parity with SQL pipelines and tables published that way.
    /// </summary>
    public static RfmScorer NtileParity { get; } = new(
        DimensionBinning.Ntile(DimensionBinning.DefaultBins, ScoreDirection.LowerIsBetter), DimensionBinning.Ntile(), DimensionBinning.Ntile());

    /// <summary>Binning of recency (time since last purchase).</summary>
    public DimensionBinning Recency { get; }

    /// <summary>Binning of frequency.</summary>
    public DimensionBinning Frequency { get; }

    /// <summary>Binning of monetary value.</summary>
    public DimensionBinning Monetary { get; }

    /// <summary>The segment map applied to the scores.</summary>
    public SegmentMap Segments { get; }

    /// <summary>
    /// The threads to use: 0 (the default) scores the three dimensions concurrently from 131,072 customers on machines with
    /// several processors; 1 means single-threaded; n caps the threads at n. The result is the same whatever the choice.
    /// </summary>
    public int MaxDegreeOfParallelism
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    }

    /// <summary>Scores every customer on the three dimensions and assigns segments.</summary>
    /// <param name="recency">Time since each customer's last purchase; finite.</param>
    /// <param name="frequency">Each customer's frequency; finite.</param>
    /// <param name="monetary">Each customer's monetary value; finite, may be negative.</param>
    /// <param name="tieBreakRank">Optional rank of each customer's key in key order (a permutation of 0..n-1), used to order
    /// equal values; when empty the row order is used. Results never depend on the order in which customers are given
    /// as long as this rank travels with them.</param>
    /// <param name="workspace">Scratch memory (sort keys) kept between repeated calls (optional; see <see cref="ScoringWorkspace"/>).</param>
    /// <param name="cancellationToken">Stops the scoring, checked before and after the three dimensions are sorted.</param>
    /// <returns>Scores, segments and segment counts.</returns>
    /// <exception cref="ArgumentException">Columns of different lengths, a NaN or infinite value (the message names the column,
    /// customer position and value), or a tie-break rank that is not a permutation.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public RfmResult Score(ReadOnlySpan<double> recency, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, ReadOnlySpan<int> tieBreakRank = default, ScoringWorkspace? workspace = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ScoringWorkspace.ThrowIfDisposed(workspace);
        int n = recency.Length;
        if (frequency.Length != n)
        {
            throw new ArgumentException($"'frequency' has {frequency.Length} customers but 'recency' has {n}.", nameof(frequency));
        }

        if (monetary.Length != n)
        {
            throw new ArgumentException($"'monetary' has {monetary.Length} customers but 'recency' has {n}.", nameof(monetary));
        }

        // The result's scores: every byte is written below.
        byte[] buffer = n == 0 ? [] : GC.AllocateUninitializedArray<byte>(checked(4 * n));
        Span<byte> r = buffer.AsSpan(0, n), f = buffer.AsSpan(n, n), m = buffer.AsSpan(2 * n, n), segment = buffer.AsSpan(3 * n, n);
        if (n < ParallelThreshold || Environment.ProcessorCount < 2 || MaxDegreeOfParallelism == 1)
        {
            Recency.Score(recency, r, tieBreakRank, nameof(recency), workspace);
            Frequency.Score(frequency, f, tieBreakRank, nameof(frequency), workspace);
            Monetary.Score(monetary, m, tieBreakRank, nameof(monetary), workspace);
        }
        else
        {
            ScoreInParallel(recency, frequency, monetary, tieBreakRank, buffer, n, workspace);
        }

        int[] counts = new int[Segments.Rules.Length + 1];
        ReadOnlySpan<byte> lookup = Segments.Lookup;
        // Scores put on the scale the segment rules are written for (identity when the bins agree).
        byte[] rs = Segments.ScaleFrom(Recency.Bins), fs = Segments.ScaleFrom(Frequency.Bins), ms = Segments.ScaleFrom(Monetary.Bins);
        for (int i = 0; i < n; i++)
        {
            byte s = lookup[SegmentMap.LookupIndex(rs[r[i]], fs[f[i]], ms[m[i]])];
            segment[i] = s;
            counts[s]++;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new RfmResult(this, buffer, n, counts);
    }

    /// <summary>Customers from which the three dimensions are scored on separate threads (each is one radix sort).</summary>
    internal const int ParallelThreshold = 1 << 17;

    /// <summary>
    /// Scores the three dimensions concurrently. The result is the same as in sequence; so is the error: when several
    /// dimensions fail, the first in R, F, M order is thrown.
    /// </summary>
    private unsafe void ScoreInParallel(
        ReadOnlySpan<double> recency, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, ReadOnlySpan<int> tieBreakRank,
        byte[] scores, int n, ScoringWorkspace? workspace)
    {
        var errors = new Exception?[3];
        fixed (double* pr = recency)
        fixed (double* pf = frequency)
        fixed (double* pm = monetary)
        fixed (int* pt = tieBreakRank)
        {
            // Spans cannot be captured by the lambdas: pass the pinned addresses, valid until the fixed block ends (Invoke waits).
            (nint Values, DimensionBinning Binning, string Name)[] jobs =
            [
                ((nint)pr, Recency, nameof(recency)),
                ((nint)pf, Frequency, nameof(frequency)),
                ((nint)pm, Monetary, nameof(monetary)),
            ];
            int ranks = tieBreakRank.Length;
            nint rankAddress = (nint)pt;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism > 0 ? MaxDegreeOfParallelism : -1 };
            Parallel.For(0, 3, parallel, j =>
            {
                try
                {
                    var values = new ReadOnlySpan<double>((void*)jobs[j].Values, n);
                    var rank = new ReadOnlySpan<int>((void*)rankAddress, ranks);
                    jobs[j].Binning.Score(values, scores.AsSpan(j * n, n), rank, jobs[j].Name, workspace);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    errors[j] = e;
                }
            });
        }

        foreach (Exception? e in errors)
        {
            if (e is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
            }
        }
    }
}
