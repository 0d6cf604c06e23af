using System.Buffers;
using CustomerScoring.Numerics.Sorting;

namespace CustomerScoring.Rfm;

/// <summary>
/// NTILE scores without sorting every customer: only the position of each customer relative to the k - 1 group boundaries
/// matters, so customers are bucketed by the top 16 bits of their order-preserving key (one histogram pass); a bucket that
/// lies inside one group gives all its customers that group's score, and only the few buckets that straddle a boundary are
/// sorted (by key, ties in tie-break order) to place their customers exactly. Same scores as a full stable sort.
/// With shared ties, a customer tied with the one before it takes that customer's score (the group where the tie
/// started); equal keys always fall in one bucket, so only straddling buckets need the rule.
/// </summary>
internal static class NtileScores
{
    private const int TopBits = 16;
    private const int Buckets = 1 << TopBits;
    private const int Shift = 64 - TopBits;

    /// <summary>Scores 1..<paramref name="bins"/>: group g (0-based) of the customers ordered by value, ties by tie-break rank.</summary>
    public static void Score(ReadOnlySpan<double> values, Span<byte> scores, ReadOnlySpan<int> tieBreakRank, bool descending, int bins, bool tiesShared, string rankParamName, ScoringWorkspace? workspace = null)
    {
        int n = values.Length;
        ulong[] keysArray = ScoringWorkspace.Rent<ulong>(workspace, n);
        int[] startArray = ArrayPool<int>.Shared.Rent(Buckets + 1);
        byte[] bucketScoreArray = ArrayPool<byte>.Shared.Rent(Buckets);
        try
        {
            CustomerOrder.ValidateTieBreakRank(tieBreakRank, n, rankParamName);
            if (n == 0)
            {
                return;
            }

            // Keys by customer (descending: flipped, so that ascending key order is the scoring order).
            Span<ulong> keys = keysArray.AsSpan(0, n);
            ulong flip = descending ? ulong.MaxValue : 0UL;
            Span<int> start = startArray.AsSpan(0, Buckets + 1);
            start.Clear();
            for (int c = 0; c < n; c++)
            {
                ulong key = RadixSort.ToOrderedKey(values[c]) ^ flip;
                keys[c] = key;
                start[(int)(key >> Shift) + 1]++;
            }

            for (int b = 1; b <= Buckets; b++)
            {
                start[b] += start[b - 1];
            }

            // A bucket inside one group scores all its customers; 0 marks a bucket that straddles a group boundary.
            var groups = new Groups(n, bins);
            Span<byte> bucketScore = bucketScoreArray.AsSpan(0, Buckets);
            int straddling = 0;
            for (int b = 0; b < Buckets; b++)
            {
                int lo = start[b], hi = start[b + 1];
                if (lo == hi)
                {
                    bucketScore[b] = 0;
                    continue;
                }

                int g = groups.Of(lo);
                bool inside = g == groups.Of(hi - 1);
                bucketScore[b] = inside ? (byte)(g + 1) : (byte)0;
                straddling += inside ? 0 : hi - lo;
            }

            ScoreCustomers(keys, tieBreakRank, start, bucketScore, straddling, groups, tiesShared, scores);
        }
        finally
        {
            ScoringWorkspace.Return(workspace, keysArray);
            ArrayPool<int>.Shared.Return(startArray);
            ArrayPool<byte>.Shared.Return(bucketScoreArray);
        }
    }

    private static void ScoreCustomers(
        ReadOnlySpan<ulong> keys, ReadOnlySpan<int> tieBreakRank, ReadOnlySpan<int> start, ReadOnlySpan<byte> bucketScore, int straddling, Groups groups, bool tiesShared, Span<byte> scores)
    {
        ulong[] pendingKeys = ArrayPool<ulong>.Shared.Rent(Math.Max(straddling, 1));
        int[] pendingCustomers = ArrayPool<int>.Shared.Rent(Math.Max(straddling, 1));
        ulong[] scratchKeys = ArrayPool<ulong>.Shared.Rent(Math.Max(straddling, 1));
        int[] scratchCustomers = ArrayPool<int>.Shared.Rent(Math.Max(straddling, 1));
        try
        {
            // Walk customers in index order (sequential memory): a customer in a bucket inside one group needs no order.
            // The straddling ones are kept (by tie-break rank first when there is one, else by index as walked).
            bool ranked = !tieBreakRank.IsEmpty;
            int m = 0;
            for (int c = 0; c < keys.Length; c++)
            {
                ulong key = keys[c];
                byte s = bucketScore[(int)(key >> Shift)];
                if (s != 0)
                {
                    scores[c] = s;
                }
                else
                {
                    pendingKeys[m] = ranked ? (ulong)tieBreakRank[c] : key;
                    pendingCustomers[m] = c;
                    m++;
                }
            }

            Span<ulong> k = pendingKeys.AsSpan(0, m);
            Span<int> items = pendingCustomers.AsSpan(0, m);
            if (ranked)
            {
                // Into tie order, then the keys back: the stable sort by key below keeps tied customers in tie order.
                RadixSort.SortPairs(k, items, scratchKeys, scratchCustomers);
                for (int p = 0; p < m; p++)
                {
                    k[p] = keys[items[p]];
                }
            }

            RadixSort.SortPairs(k, items, scratchKeys, scratchCustomers);

            // Sorted straddling customers come bucket by bucket; each bucket's customers fill its positions from its start.
            int j = 0;
            while (j < m)
            {
                int b = (int)(k[j] >> Shift);
                int position = start[b];
                int first = j;
                for (; j < m && (int)(k[j] >> Shift) == b; j++, position++)
                {
                    bool tiedWithPrevious = tiesShared && j > first && k[j] == k[j - 1];
                    scores[items[j]] = tiedWithPrevious ? scores[items[j - 1]] : (byte)(groups.Of(position) + 1);
                }
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(pendingKeys);
            ArrayPool<int>.Shared.Return(pendingCustomers);
            ArrayPool<ulong>.Shared.Return(scratchKeys);
            ArrayPool<int>.Shared.Return(scratchCustomers);
        }
    }

    /// <summary>NTILE groups of n ordered customers: k groups, the first n mod k one larger (the SQL NTILE rule).</summary>
    private readonly struct Groups(int n, int k)
    {
        private readonly int _size = n / k;
        private readonly int _extra = n % k;

        public int Of(int position)
        {
            int bigEnd = _extra * (_size + 1);
            return position < bigEnd ? position / (_size + 1) : _extra + ((position - bigEnd) / _size);
        }
    }
}
