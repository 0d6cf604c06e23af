using System.Globalization;
using System.Runtime.CompilerServices;
using CustomerScoring.Numerics.Sorting;
using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>Checks of per-customer (x, t_x, T) spans and their compression into weighted unique rows.</summary>
internal static class ClvInput
{
    /// <summary>The compressed rows of summaries objects, kept as long as the summaries are (they cannot change).</summary>
    private static readonly ConditionalWeakTable<CustomerSummaries, SummaryRows> SummaryRowsOf = new();

    /// <summary>
    /// The distinct (x, t_x, T) rows of <paramref name="summaries"/> (as <see cref="Compress"/> gives them) and each
    /// customer's row, computed once per summaries object: a scorecard's purchase fit and its forecast share them.
    /// </summary>
    public static SummaryRows CompressSummaries(CustomerSummaries summaries) =>
        SummaryRowsOf.GetValue(summaries, static s =>
        {
            var rowOf = new int[s.Count];
            CompressedRows rows = Compress(s.Frequency, s.Recency, s.Age, rowOf: rowOf);
            return new SummaryRows(rows, rowOf);
        });

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the span, the customer position and the value for:
    /// mismatched lengths, NaN/Infinity, negative values, non-integer x, t_x &gt; T, x &gt; 0 with t_x = 0,
    /// x = 0 with t_x &gt; 0, and (when <paramref name="forFitting"/>) no customers.
    /// </summary>
    public static void Validate(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, bool forFitting)
    {
        if (recency.Length != frequency.Length || age.Length != frequency.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The spans must have one value per customer: frequency has {frequency.Length}, recency {recency.Length}, age {age.Length}."),
                recency.Length != frequency.Length ? nameof(recency) : nameof(age));
        }

        for (int i = 0; i < frequency.Length; i++)
        {
            double x = frequency[i], tx = recency[i], t = age[i];
            // Every rule below at once, without branches (NaN fails every comparison; t >= 0 follows from 0 <= t_x <= T);
            // the first customer that fails one is checked rule by rule for its message.
            bool valid = double.IsFinite(x) & double.IsFinite(tx) & double.IsFinite(t) & (x >= 0.0) & (x == Math.Floor(x))
                & (tx >= 0.0) & (tx <= t) & ((x > 0.0) == (tx != 0.0));
            if (!valid)
            {
                ThrowInvalid(frequency, recency, age, i);
            }
        }

        if (forFitting && frequency.Length == 0)
        {
            throw new ArgumentException("No customers to fit.", nameof(frequency));
        }
    }

    /// <summary>Throws the exception for the first rule that customer <paramref name="i"/> breaks.</summary>
    private static void ThrowInvalid(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, int i)
    {
        double x = frequency[i];
        double tx = recency[i];
        double t = age[i];
        CheckFinite(x, i, nameof(frequency), "frequency x");
        CheckFinite(tx, i, nameof(recency), "recency t_x");
        CheckFinite(t, i, nameof(age), "age T");
        if (x < 0.0)
        {
            throw Bad(nameof(frequency), i, $"frequency x = {x} is negative.");
        }

        if (x != Math.Floor(x))
        {
            throw Bad(nameof(frequency), i, $"frequency x = {x} is not a whole number of repeat purchase periods.");
        }

        if (tx < 0.0)
        {
            throw Bad(nameof(recency), i, $"recency t_x = {tx} is negative.");
        }

        if (t < 0.0)
        {
            throw Bad(nameof(age), i, $"age T = {t} is negative.");
        }

        if (tx > t)
        {
            throw Bad(nameof(recency), i, $"recency t_x = {tx} exceeds age T = {t}; both must be in the same time unit, measured from the first purchase.");
        }

        if (x > 0.0 && tx == 0.0)
        {
            throw Bad(nameof(recency), i, $"frequency x = {x} but recency t_x = 0: a customer with repeat purchases has a last purchase after the first.");
        }

        if (x == 0.0 && tx != 0.0)
        {
            throw Bad(nameof(recency), i, $"frequency x = 0 but recency t_x = {tx}: without repeat purchases t_x must be 0.");
        }

        throw new InvalidOperationException("A customer failed the combined check but none of the rules.");
    }

    /// <summary>Customers with x &gt; 0.</summary>
    public static int RepeatBuyers(ReadOnlySpan<double> frequency)
    {
        int count = 0;
        foreach (double x in frequency)
        {
            count += x > 0.0 ? 1 : 0;
        }

        return count;
    }

    public static void CheckFinite(double value, int position, string parameter, string what)
    {
        if (!double.IsFinite(value))
        {
            throw Bad(parameter, position, $"{what} = {value} is not a finite number.");
        }
    }

    public static ArgumentException Bad(string parameter, int position, FormattableString detail) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Customer at position {position}: ") + detail.ToString(CultureInfo.InvariantCulture), parameter);

    public static void CheckDestination(int required, int actual, string parameter)
    {
        if (actual < required)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The destination has {actual} elements but {required} customers were given."),
                parameter);
        }
    }

    /// <summary>
    /// Identical (x, t_x, T) rows merged into weighted rows sorted by (x, t_x, T) (validated input assumed); each row weighs
    /// its count in <paramref name="counts"/> (whole numbers) or 1 when that is empty. When <paramref name="rowOf"/> is not
    /// empty it receives, per customer, the position of the customer's row.
    /// </summary>
    /// <remarks>
    /// Each column is mapped to the dense rank of its value among the column's distinct values; the three ranks pack into
    /// one 64-bit key, radix-sorted, so equal rows are adjacent and come out in the (x, t_x, T) order whatever order the
    /// customers came in. Very many distinct values (keys wider than 64 bits) fall back to a comparison sort of the ranks.
    /// </remarks>
    public static CompressedRows Compress(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> counts = default, Span<int> rowOf = default)
    {
        int n = frequency.Length;
        int[] xRank = new int[n], txRank = new int[n], tRank = new int[n];
        double[] xs = DenseRanks.Compute(frequency, xRank);
        double[] txs = DenseRanks.Compute(recency, txRank);
        double[] ts = DenseRanks.Compute(age, tRank);
        int tBits = DenseRanks.Bits(ts.Length), txBits = DenseRanks.Bits(txs.Length), xBits = DenseRanks.Bits(xs.Length);
        var order = new int[n];
        if (xBits + txBits + tBits <= 64)
        {
            var keys = new ulong[n];
            for (int i = 0; i < n; i++)
            {
                keys[i] = ((ulong)(uint)xRank[i] << (txBits + tBits)) | ((ulong)(uint)txRank[i] << tBits) | (uint)tRank[i];
                order[i] = i;
            }

            RadixSort.SortPairs(keys, order, new ulong[n], new int[n]);
            return Rows(keys, order, txBits, tBits, xs, txs, ts, counts, rowOf);
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (i, j) =>
            {
                int c = xRank[i].CompareTo(xRank[j]);
                c = c != 0 ? c : txRank[i].CompareTo(txRank[j]);
                c = c != 0 ? c : tRank[i].CompareTo(tRank[j]);
                return c != 0 ? c : i.CompareTo(j);
            });
        }

        // Equal rows are adjacent now: count them, then fill exact-size columns in one more walk.
        int rowCount = n == 0 ? 0 : 1;
        for (int k = 1; k < n; k++)
        {
            int i = order[k], p = order[k - 1];
            rowCount += xRank[i] != xRank[p] || txRank[i] != txRank[p] || tRank[i] != tRank[p] ? 1 : 0;
        }

        var rowX = new double[rowCount];
        var rowTx = new double[rowCount];
        var rowTIndex = new int[rowCount];
        var rowTxIndex = new int[rowCount];
        var weights = new double[rowCount];
        int row = -1, previous = -1;
        for (int k = 0; k < n; k++)
        {
            int i = order[k];
            double w = counts.IsEmpty ? 1.0 : counts[i];
            if (previous < 0 || xRank[i] != xRank[previous] || txRank[i] != txRank[previous] || tRank[i] != tRank[previous])
            {
                row++;
                rowX[row] = xs[xRank[i]];
                rowTx[row] = txs[txRank[i]];
                rowTxIndex[row] = txRank[i];
                rowTIndex[row] = tRank[i];
            }

            weights[row] += w;
            if (!rowOf.IsEmpty)
            {
                rowOf[i] = row;
            }

            previous = i;
        }

        return new CompressedRows(rowX, rowTx, rowTxIndex, rowTIndex, txs, ts, weights, CustomerCount(n, counts));
    }

    /// <summary>
    /// The rows from the sorted packed keys (x rank, t_x rank, T rank) and the customers in that order: equal rows are
    /// adjacent keys, and each row's values come from its key, so the walk reads the customers' columns nowhere (one cache
    /// miss per customer fewer, three times over); the rows and weights are those the walk over the ranks gives.
    /// </summary>
    private static CompressedRows Rows(ulong[] keys, int[] order, int txBits, int tBits, double[] xs, double[] txs, double[] ts, ReadOnlySpan<double> counts, Span<int> rowOf)
    {
        int n = keys.Length;
        int rowCount = n == 0 ? 0 : 1;
        for (int k = 1; k < n; k++)
        {
            rowCount += keys[k] != keys[k - 1] ? 1 : 0;
        }

        var rowX = new double[rowCount];
        var rowTx = new double[rowCount];
        var rowTIndex = new int[rowCount];
        var rowTxIndex = new int[rowCount];
        var weights = new double[rowCount];
        ulong txMask = (1UL << txBits) - 1, tMask = (1UL << tBits) - 1;
        int row = -1;
        for (int k = 0; k < n; k++)
        {
            ulong key = keys[k];
            if (k == 0 || key != keys[k - 1])
            {
                row++;
                int txRank = (int)((key >> tBits) & txMask);
                rowX[row] = xs[(int)(key >> (txBits + tBits))];
                rowTx[row] = txs[txRank];
                rowTxIndex[row] = txRank;
                rowTIndex[row] = (int)(key & tMask);
            }

            int i = order[k];
            weights[row] += counts.IsEmpty ? 1.0 : counts[i];
            if (!rowOf.IsEmpty)
            {
                rowOf[i] = row;
            }
        }

        return new CompressedRows(rowX, rowTx, rowTxIndex, rowTIndex, txs, ts, weights, CustomerCount(n, counts));
    }

    private static int CustomerCount(int n, ReadOnlySpan<double> counts)
    {
        if (counts.IsEmpty)
        {
            return n;
        }

        double customerCount = 0.0;
        foreach (double w in counts)
        {
            customerCount += w;
        }

        return (int)customerCount;
    }
}

/// <summary>The distinct (x, t_x, T) rows of a summaries object and, per customer, the position of its row.</summary>
internal sealed record SummaryRows(CompressedRows Rows, int[] RowOf);

/// <summary>Weighted unique rows sorted by (x, t_x, T), with the boundaries of the groups of equal x.</summary>
internal sealed class CompressedRows
{
    /// <summary>Rows already sorted by (x, t_x, T) and distinct; the t_x and T columns as positions in the distinct values.</summary>
    public CompressedRows(double[] x, double[] tx, int[] txIndex, int[] tIndex, double[] distinctTx, double[] distinctT, double[] weight, int customerCount)
    {
        int n = x.Length;
        X = x;
        Tx = tx;
        TxIndex = txIndex;
        TIndex = tIndex;
        DistinctTx = distinctTx;
        DistinctT = distinctT;
        Weight = weight;
        T = new double[n];
        var starts = new List<int>();
        for (int i = 0; i < n; i++)
        {
            T[i] = distinctT[tIndex[i]];
            if (i == 0 || X[i] != X[i - 1])
            {
                starts.Add(i);
            }
        }

        starts.Add(n);
        GroupStart = starts.ToArray();
        CustomerCount = customerCount;
    }

    /// <summary>
    /// A sample of these rows to start a fit from (<see cref="Numerics.Optimization.FitSample"/>), with the same distinct
    /// values and customer count; null when the rows are too few for one to pay.
    /// </summary>
    public CompressedRows? FitSample()
    {
        int step = Numerics.Optimization.FitSample.Step(Count);
        if (step == 0)
        {
            return null;
        }

        int[] kept = Numerics.Optimization.FitSample.Select(Weight, step, out double[] weight);
        return new CompressedRows(
            [.. kept.Select(i => X[i])], [.. kept.Select(i => Tx[i])], [.. kept.Select(i => TxIndex[i])], [.. kept.Select(i => TIndex[i])],
            DistinctTx, DistinctT, weight, CustomerCount);
    }

    /// <summary>
    /// The distinct ages T (few: whole days or weeks since the first purchase), so that a likelihood takes a logarithm
    /// per distinct value, not per row; <see cref="TIndex"/> gives each row's.
    /// </summary>
    public double[] DistinctT { get; }

    /// <summary>Row i's age is <c>DistinctT[TIndex[i]]</c>.</summary>
    public int[] TIndex { get; }

    /// <summary>The distinct recencies t_x.</summary>
    public double[] DistinctTx { get; }

    /// <summary>Row i's recency is <c>DistinctTx[TxIndex[i]]</c>.</summary>
    public int[] TxIndex { get; }

    /// <summary>The distinct (x, T) pairs of the rows and each row's pair (built on first use, then kept).</summary>
    public AgeTable Ages => LazyInitializer.EnsureInitialized(ref _ages, () => new AgeTable(this));

    private AgeTable? _ages;

    /// <summary>Per group of equal x, the distinct values among its rows' t_x and T (built on first use, then kept).</summary>
    public GroupValueTable GroupValues => LazyInitializer.EnsureInitialized(ref _groupValues, () => new GroupValueTable(this));

    private GroupValueTable? _groupValues;

    public double[] X { get; }

    public double[] Tx { get; }

    public double[] T { get; }

    public double[] Weight { get; }

    /// <summary>Group g holds rows GroupStart[g] .. GroupStart[g+1]-1, all with the same x.</summary>
    public int[] GroupStart { get; }

    public int GroupCount => GroupStart.Length - 1;

    /// <summary>
    /// The rows cut into pieces of at most <see cref="PieceRows"/> rows within each group, in row order: a likelihood sums
    /// each piece on its own (side by side when there are several) and adds the pieces of a group in this order, so its
    /// value depends on the rows alone, never on the number of threads. A group of up to <see cref="PieceRows"/> rows is one
    /// piece.
    /// </summary>
    public (int Group, int Begin, int End)[] Pieces => LazyInitializer.EnsureInitialized(ref _pieces, () =>
    {
        var pieces = new List<(int, int, int)>();
        for (int g = 0; g < GroupCount; g++)
        {
            for (int begin = GroupStart[g]; begin < GroupStart[g + 1]; begin += PieceRows)
            {
                pieces.Add((g, begin, Math.Min(GroupStart[g + 1], begin + PieceRows)));
            }
        }

        return pieces.ToArray();
    });

    /// <summary>Rows per piece of <see cref="Pieces"/>.</summary>
    public const int PieceRows = 32_768;

    private (int Group, int Begin, int End)[]? _pieces;

    public int Count => X.Length;

    public int CustomerCount { get; }

    /// <summary>
    /// The distinct (x, T) pairs of the rows, in the order of their first row (so in (x, T-of-first-row) order within a group),
    /// and each row's pair: a term that depends on x and T only (the BG/NBD bracket of a forecast) is computed once per pair.
    /// </summary>
    internal sealed class AgeTable
    {
        public AgeTable(CompressedRows rows)
        {
            int n = rows.Count;
            PairOf = new int[n];
            var pairOfT = new int[rows.DistinctT.Length];
            var groupOfT = new int[rows.DistinctT.Length];
            var x = new List<double>();
            var t = new List<double>();
            for (int g = 0; g < rows.GroupCount; g++)
            {
                for (int i = rows.GroupStart[g]; i < rows.GroupStart[g + 1]; i++)
                {
                    int ti = rows.TIndex[i];
                    if (groupOfT[ti] != g + 1)
                    {
                        groupOfT[ti] = g + 1;
                        pairOfT[ti] = x.Count;
                        x.Add(rows.X[i]);
                        t.Add(rows.T[i]);
                    }

                    PairOf[i] = pairOfT[ti];
                }
            }

            X = [.. x];
            T = [.. t];
        }

        /// <summary>Row i's pair.</summary>
        public int[] PairOf { get; }

        /// <summary>The pairs' x.</summary>
        public double[] X { get; }

        /// <summary>The pairs' T.</summary>
        public double[] T { get; }
    }

    /// <summary>
    /// Per group of equal x, the sorted distinct values y among its rows' t_x and T, so that a term depending on (x, y) only
    /// is computed once per distinct pair.
    /// </summary>
    internal sealed class GroupValueTable
    {
        public GroupValueTable(CompressedRows rows)
        {
            int n = rows.Count;
            TxSlot = new int[n];
            TSlot = new int[n];
            GroupStart = new int[rows.GroupCount + 1];
            var values = new List<double>();
            var groupValues = new List<double>();
            for (int g = 0; g < rows.GroupCount; g++)
            {
                int begin = rows.GroupStart[g], end = rows.GroupStart[g + 1];
                groupValues.Clear();
                for (int i = begin; i < end; i++)
                {
                    groupValues.Add(rows.Tx[i]);
                    groupValues.Add(rows.T[i]);
                }

                groupValues.Sort();
                int unique = 0;
                for (int k = 0; k < groupValues.Count; k++)
                {
                    if (k == 0 || groupValues[k] != groupValues[unique - 1])
                    {
                        groupValues[unique++] = groupValues[k];
                    }
                }

                groupValues.RemoveRange(unique, groupValues.Count - unique);
                for (int i = begin; i < end; i++)
                {
                    TxSlot[i] = groupValues.BinarySearch(rows.Tx[i]);
                    TSlot[i] = groupValues.BinarySearch(rows.T[i]);
                }

                GroupStart[g] = values.Count;
                MaxGroupValues = Math.Max(MaxGroupValues, unique);
                values.AddRange(groupValues);
            }

            GroupStart[rows.GroupCount] = values.Count;
            Values = [.. values];
        }

        /// <summary>The values of group g are <c>Values[GroupStart[g] .. GroupStart[g+1]]</c>, ascending.</summary>
        public double[] Values { get; }

        /// <summary>Where each group's values start in <see cref="Values"/> (one more entry than groups).</summary>
        public int[] GroupStart { get; }

        /// <summary>Row i's t_x is value number <c>TxSlot[i]</c> of its group.</summary>
        public int[] TxSlot { get; }

        /// <summary>Row i's T is value number <c>TSlot[i]</c> of its group.</summary>
        public int[] TSlot { get; }

        /// <summary>The largest number of values of one group.</summary>
        public int MaxGroupValues { get; }
    }
}
