using System.Buffers;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Rfm;

/// <summary>Scoring <see cref="CustomerSummaries"/> directly.</summary>
public static class RfmScorerExtensions
{
    /// <summary>
    /// Scores every summary row. Equal values are ordered by the customers' own keys (in
    /// <paramref name="keyComparer"/> order, the key type's default order when null), so the scores do not
    /// depend on the order customers appeared in the input.
    /// </summary>
    /// <param name="scorer">The scorer (binning per dimension and segment map).</param>
    /// <param name="summaries">The customer summaries.</param>
    /// <param name="customers">The key map the summaries' customer indices come from.</param>
    /// <param name="values">How R, F and M are taken from the summaries; <see cref="RfmValueOptions.Default"/> when null.</param>
    /// <param name="keyComparer">The order of keys that breaks ties; ordinal for strings when null.</param>
    /// <param name="workspace">Scratch memory kept between repeated calls (optional; see <see cref="ScoringWorkspace"/>).</param>
    /// <param name="cancellationToken">Cancels long work.</param>
    public static RfmResult Score<TKey>(
        this RfmScorer scorer,
        CustomerSummaries summaries,
        CustomerKeyMap<TKey> customers,
        RfmValueOptions? values = null,
        IComparer<TKey>? keyComparer = null,
        ScoringWorkspace? workspace = null,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(customers);
        int[] keyRank = customers.KeyRanks(keyComparer ?? DefaultComparer<TKey>());
        if (summaries.Count == keyRank.Length && IsIdentity(summaries.CustomerIndex))
        {
            // Row i is customer i (an import's summaries): the map's kept key order is the tie-break rank as it is.
            return ScorePooled(scorer, summaries, values, keyRank.AsSpan(0, summaries.Count), workspace, cancellationToken);
        }

        int[] rank = ArrayPool<int>.Shared.Rent(Math.Max(1, summaries.Count));
        try
        {
            FillRanks(summaries, customers, keyRank, rank.AsSpan(0, summaries.Count));
            return ScorePooled(scorer, summaries, values, rank.AsSpan(0, summaries.Count), workspace, cancellationToken);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rank);
        }
    }

    /// <summary>
    /// Scores every summary row, ordering equal values by dense customer index: use it when the indices are your own
    /// stable customer numbers (e.g. a <see cref="TransactionBatch"/> you built); with a <see cref="CustomerKeyMap{TKey}"/>,
    /// whose indices follow first appearance in the input, prefer the overload that takes the key map, so that scores do not
    /// depend on input order.
    /// </summary>
    /// <param name="scorer">The scorer (binning per dimension and segment map).</param>
    /// <param name="summaries">The customer summaries.</param>
    /// <param name="values">How R, F and M are taken from the summaries; <see cref="RfmValueOptions.Default"/> when null.</param>
    /// <param name="workspace">Scratch memory kept between repeated calls (optional; see <see cref="ScoringWorkspace"/>).</param>
    /// <param name="cancellationToken">Cancels long work.</param>
    public static RfmResult Score(this RfmScorer scorer, CustomerSummaries summaries, RfmValueOptions? values = null, ScoringWorkspace? workspace = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(summaries);
        return ScorePooled(scorer, summaries, values, default, workspace, cancellationToken);
    }

    /// <summary>
    /// Scores with the R, F and M values the options take from the summaries (the result keeps only scores): the summaries'
    /// own recency and total columns when the options take them unchanged (monetary as the total and no total negative),
    /// with frequency in a borrowed buffer; otherwise all three in borrowed buffers. At a million customers each column not
    /// copied is 8 MB of memory not touched. The scorecard scores RFM through here too.
    /// </summary>
    internal static RfmResult ScorePooled(RfmScorer scorer, CustomerSummaries summaries, RfmValueOptions? values, ReadOnlySpan<int> rank, ScoringWorkspace? workspace, CancellationToken cancellationToken)
    {
        int n = summaries.Count;
        ScoringWorkspace.ThrowIfDisposed(workspace);
        RfmValueOptions options = values ?? RfmValueOptions.Default;
        ReadOnlySpan<double> total = summaries.TotalAmount;
        if (options.Monetary == MonetaryMeasure.Total && options.Negatives is (NegativeValues.Keep or NegativeValues.ClipToZero or NegativeValues.Reject)
            && total.IndexOfAnyInRange(double.NegativeInfinity, -double.Epsilon) < 0)
        {
            double[] frequencyBuffer = ScoringWorkspace.Rent<double>(workspace, n);
            try
            {
                Span<double> frequency = frequencyBuffer.AsSpan(0, n);
                ReadOnlySpan<int> counts = options.Frequency == FrequencyMeasure.Transactions ? summaries.TransactionCount : summaries.PurchasePeriods;
                for (int i = 0; i < n; i++)
                {
                    frequency[i] = counts[i];
                }

                return scorer.Score(summaries.TimeSinceLastPurchase, frequency, total, rank, workspace, cancellationToken);
            }
            finally
            {
                ScoringWorkspace.Return(workspace, frequencyBuffer);
            }
        }

        double[] buffer = ScoringWorkspace.Rent<double>(workspace, checked(3 * n));
        try
        {
            Span<double> r = buffer.AsSpan(0, n);
            Span<double> f = buffer.AsSpan(n, n);
            Span<double> m = buffer.AsSpan(2 * n, n);
            RfmValues.Fill(summaries, options, r, f, m);
            return scorer.Score(r, f, m, rank, workspace, cancellationToken);
        }
        finally
        {
            ScoringWorkspace.Return(workspace, buffer);
        }
    }

    /// <summary>
    /// The rank of each summary row's customer key among all rows' keys (0 = first in key order): the
    /// tie-break order that makes scores independent of input order.
    /// </summary>
    public static int[] TieBreakRanks<TKey>(CustomerSummaries summaries, CustomerKeyMap<TKey> customers, IComparer<TKey>? keyComparer = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(customers);
        var rank = new int[summaries.Count];
        FillRanks(summaries, customers, customers.KeyRanks(keyComparer ?? DefaultComparer<TKey>()), rank);
        return rank;
    }

    /// <summary>
    /// The tie-break rank of each summary row from the key map's kept key order (<paramref name="keyRank"/>, by customer
    /// index): a look-up per row, renumbered to 0..n-1 when the rows are only some of the map's customers.
    /// </summary>
    private static void FillRanks<TKey>(CustomerSummaries summaries, CustomerKeyMap<TKey> customers, int[] keyRank, Span<int> rank)
        where TKey : notnull
    {
        ReadOnlySpan<int> index = summaries.CustomerIndex;
        for (int i = 0; i < rank.Length; i++)
        {
            int c = index[i];
            if ((uint)c >= (uint)keyRank.Length)
            {
                _ = customers.KeyOf(c); // throws, naming the index
            }

            rank[i] = keyRank[c];
        }

        if (rank.Length != keyRank.Length)
        {
            CompactRanks(rank, keyRank.Length);
        }
    }

    /// <summary>True when <paramref name="index"/> is 0, 1, ..., n-1.</summary>
    private static bool IsIdentity(ReadOnlySpan<int> index)
    {
        for (int i = 0; i < index.Length; i++)
        {
            if (index[i] != i)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Renumbers ranks taken from the whole key map (0..<paramref name="keyCount"/>-1) to 0..n-1 over the rows present,
    /// keeping their order: rows for only some of the map's customers.
    /// </summary>
    private static void CompactRanks(Span<int> rank, int keyCount)
    {
        int[] position = ArrayPool<int>.Shared.Rent(keyCount + 1);
        try
        {
            Span<int> at = position.AsSpan(0, keyCount + 1);
            at.Clear();
            foreach (int r in rank)
            {
                at[r + 1] = 1;
            }

            for (int k = 1; k <= keyCount; k++)
            {
                at[k] += at[k - 1];
            }

            for (int i = 0; i < rank.Length; i++)
            {
                rank[i] = at[rank[i]];
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(position);
        }
    }

    private static IComparer<TKey> DefaultComparer<TKey>() =>
        typeof(TKey) == typeof(string) ? (IComparer<TKey>)(object)StringComparer.Ordinal : Comparer<TKey>.Default;
}
