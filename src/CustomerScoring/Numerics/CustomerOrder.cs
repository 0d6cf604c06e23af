using System.Buffers;
using System.Globalization;

namespace CustomerScoring.Numerics;

/// <summary>
/// Pooled buffers holding customers sorted by a per-customer value: <see cref="Keys"/> are the order-preserving
/// keys of the values (see <see cref="RadixSort.ToOrderedKey"/>), <see cref="Customers"/> the customer indices in the
/// same order. Equal values keep the order of the tie-break rank (customer index when no rank is given).
/// Dispose to return the buffers to <see cref="ArrayPool{T}.Shared"/>, so that repeated sorting does not allocate.
/// </summary>
internal sealed class CustomerOrder : IDisposable
{
    private ulong[]? _keys;
    private int[]? _customers;

    private CustomerOrder(ulong[] keys, int[] customers, int count)
    {
        _keys = keys;
        _customers = customers;
        Count = count;
    }

    /// <summary>Number of customers.</summary>
    public int Count { get; }

    /// <summary>Sorted keys.</summary>
    public Span<ulong> Keys => _keys.AsSpan(0, Count);

    /// <summary>Customer indices in sorted order.</summary>
    public Span<int> Customers => _customers.AsSpan(0, Count);

    /// <summary>
    /// Sorts customers by value, ascending, or descending when <paramref name="descending"/> is true; in both cases
    /// customers with equal values are ordered by ascending tie-break rank. Values must already be validated finite.
    /// With <paramref name="clipNegativesToZero"/>, negative values sort as zero.
    /// </summary>
    public static CustomerOrder Create(ReadOnlySpan<double> values, ReadOnlySpan<int> tieBreakRank, bool descending, string tieBreakParamName, bool clipNegativesToZero = false)
    {
        int n = values.Length;
        ulong[] keys = ArrayPool<ulong>.Shared.Rent(Math.Max(n, 1));
        int[] customers = ArrayPool<int>.Shared.Rent(Math.Max(n, 1));
        ulong[] scratchKeys = ArrayPool<ulong>.Shared.Rent(Math.Max(n, 1));
        int[] scratchCustomers = ArrayPool<int>.Shared.Rent(Math.Max(n, 1));
        try
        {
            Span<int> order = customers.AsSpan(0, n);
            FillTieOrder(order, tieBreakRank, tieBreakParamName);
            Span<ulong> k = keys.AsSpan(0, n);
            ulong flip = descending ? ulong.MaxValue : 0UL;
            for (int pos = 0; pos < n; pos++)
            {
                double v = values[order[pos]];
                k[pos] = RadixSort.ToOrderedKey(clipNegativesToZero && v < 0 ? 0d : v) ^ flip;
            }

            if (SmallIntegerRange(values, clipNegativesToZero, n, out double min, out int range))
            {
                CountingSort(values, clipNegativesToZero, descending, min, range, k, order, scratchKeys, scratchCustomers);
            }
            else
            {
                RadixSort.SortPairs(k, order, scratchKeys, scratchCustomers);
            }

            if (descending)
            {
                for (int pos = 0; pos < n; pos++)
                {
                    k[pos] = ~k[pos];
                }
            }

            return new CustomerOrder(keys, customers, n);
        }
        catch
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(customers);
            throw;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratchKeys);
            ArrayPool<int>.Shared.Return(scratchCustomers);
        }
    }

    /// <summary>Largest value range sorted by counting instead of radix sort.</summary>
    internal const int MaxCountingRange = 1 << 16;

    /// <summary>
    /// Whether every value (negatives as zero when clipped) is a whole number and max - min is below
    /// <see cref="MaxCountingRange"/> and at most n: day counts and purchase counts, typically, which one counting pass orders.
    /// </summary>
    private static bool SmallIntegerRange(ReadOnlySpan<double> values, bool clipNegativesToZero, int n, out double min, out int range)
    {
        min = 0;
        range = 0;
        if (n < 2)
        {
            return false;
        }

        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double raw in values)
        {
            double v = clipNegativesToZero && raw < 0 ? 0d : raw;
            if (v != Math.Floor(v))
            {
                return false;
            }

            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }

        double width = hi - lo;
        if (!(width < MaxCountingRange && width <= n))
        {
            return false;
        }

        min = lo;
        range = (int)width + 1;
        return true;
    }

    /// <summary>
    /// Stable counting sort of the customers (given in tie order, with their keys) by value: the same order as the radix sort
    /// of the keys, in two passes. Bucket = value - min, or max - value when descending.
    /// </summary>
    private static void CountingSort(
        ReadOnlySpan<double> values, bool clipNegativesToZero, bool descending, double min, int range,
        Span<ulong> keys, Span<int> order, Span<ulong> scratchKeys, Span<int> scratchCustomers)
    {
        int n = order.Length;
        int[] startArray = ArrayPool<int>.Shared.Rent(range + 1);
        try
        {
            Span<int> start = startArray.AsSpan(0, range + 1);
            start.Clear();
            int top = range - 1;
            for (int pos = 0; pos < n; pos++)
            {
                start[Bucket(values[order[pos]], clipNegativesToZero, descending, min, top) + 1]++;
            }

            for (int b = 1; b <= range; b++)
            {
                start[b] += start[b - 1];
            }

            for (int pos = 0; pos < n; pos++)
            {
                int c = order[pos];
                int to = start[Bucket(values[c], clipNegativesToZero, descending, min, top)]++;
                scratchCustomers[to] = c;
                scratchKeys[to] = keys[pos];
            }

            scratchCustomers[..n].CopyTo(order);
            scratchKeys[..n].CopyTo(keys);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(startArray);
        }
    }

    private static int Bucket(double raw, bool clipNegativesToZero, bool descending, double min, int top)
    {
        double v = clipNegativesToZero && raw < 0 ? 0d : raw;
        int b = (int)(v - min);
        return descending ? top - b : b;
    }

    /// <summary>
    /// Writes the customer indices ordered by tie-break rank: order[rank[c]] = c, or the identity when no rank is given.
    /// Validates that the rank is a permutation of 0..n-1.
    /// </summary>
    public static void FillTieOrder(Span<int> order, ReadOnlySpan<int> tieBreakRank, string paramName)
    {
        int n = order.Length;
        if (tieBreakRank.IsEmpty)
        {
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }

            return;
        }

        if (tieBreakRank.Length != n)
        {
            throw new ArgumentException(
                $"'{paramName}' has {tieBreakRank.Length} entries but there are {n} customers.", paramName);
        }

        order.Fill(-1);
        for (int c = 0; c < n; c++)
        {
            int r = tieBreakRank[c];
            if ((uint)r >= (uint)n)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must be a permutation of 0..{n - 1}; customer {c} has rank {r}."), paramName);
            }

            if (order[r] >= 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must be a permutation of 0..{n - 1}; customers {order[r]} and {c} share rank {r}."), paramName);
            }

            order[r] = c;
        }
    }

    /// <summary>Returns the buffers to the pool.</summary>
    public void Dispose()
    {
        if (_keys is not null)
        {
            ArrayPool<ulong>.Shared.Return(_keys);
            _keys = null;
        }

        if (_customers is not null)
        {
            ArrayPool<int>.Shared.Return(_customers);
            _customers = null;
        }
    }
}
