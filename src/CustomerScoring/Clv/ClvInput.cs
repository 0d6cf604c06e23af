using System.Globalization;

namespace CustomerScoring.Clv;

/// <summary>Checks of per-customer (x, t_x, T) spans and their compression into weighted unique rows.</summary>
internal static class ClvInput
{
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
        }

        if (forFitting && frequency.Length == 0)
        {
            throw new ArgumentException("No customers to fit.", nameof(frequency));
        }
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

    /// <summary>Identical (x, t_x, T) rows merged into weighted rows, sorted by x (validated input assumed).</summary>
    public static CompressedRows Compress(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age)
    {
        var index = new Dictionary<(double X, double Tx, double T), int>(Math.Min(frequency.Length, 1 << 16));
        var weights = new List<double>();
        var keys = new List<(double X, double Tx, double T)>();
        for (int i = 0; i < frequency.Length; i++)
        {
            var key = (frequency[i], recency[i], age[i]);
            if (index.TryGetValue(key, out int slot))
            {
                weights[slot] += 1.0;
            }
            else
            {
                index.Add(key, keys.Count);
                keys.Add(key);
                weights.Add(1.0);
            }
        }

        return new CompressedRows(keys, weights, frequency.Length);
    }
}

/// <summary>Weighted unique rows sorted by (x, t_x, T), with the boundaries of the groups of equal x.</summary>
internal sealed class CompressedRows
{
    public CompressedRows(List<(double X, double Tx, double T)> keys, List<double> weights, int customerCount)
    {
        int n = keys.Count;
        var order = new int[n];
        var sortKeys = new (double X, double Tx, double T)[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            sortKeys[i] = keys[i];
        }

        // Sorted by (x, t_x, T), all distinct: the same rows in the same order whatever order the customers came in, so the
        // weighted sums (and the fitted parameters) are the same bits for any row order or histogram split.
        Array.Sort(sortKeys, order);
        X = new double[n];
        Tx = new double[n];
        T = new double[n];
        Weight = new double[n];
        var starts = new List<int>();
        for (int i = 0; i < n; i++)
        {
            var key = keys[order[i]];
            X[i] = key.X;
            Tx[i] = key.Tx;
            T[i] = key.T;
            Weight[i] = weights[order[i]];
            if (i == 0 || X[i] != X[i - 1])
            {
                starts.Add(i);
            }
        }

        starts.Add(n);
        GroupStart = starts.ToArray();
        CustomerCount = customerCount;
        (DistinctT, TIndex) = Distinct(T);
        (DistinctTx, TxIndex) = Distinct(Tx);
    }

    /// <summary>The distinct values of a column and, per row, the position of its value among them.</summary>
    private static (double[] Values, int[] Index) Distinct(double[] column)
    {
        var position = new Dictionary<double, int>();
        var values = new List<double>();
        var index = new int[column.Length];
        for (int i = 0; i < column.Length; i++)
        {
            ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(position, column[i], out bool exists);
            if (!exists)
            {
                slot = values.Count;
                values.Add(column[i]);
            }

            index[i] = slot;
        }

        return (values.ToArray(), index);
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

    public double[] X { get; }

    public double[] Tx { get; }

    public double[] T { get; }

    public double[] Weight { get; }

    /// <summary>Group g holds rows GroupStart[g] .. GroupStart[g+1]-1, all with the same x.</summary>
    public int[] GroupStart { get; }

    public int GroupCount => GroupStart.Length - 1;

    public int Count => X.Length;

    public int CustomerCount { get; }
}
