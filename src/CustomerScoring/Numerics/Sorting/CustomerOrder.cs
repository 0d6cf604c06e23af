using System.Buffers;
using System.Globalization;

namespace CustomerScoring.Numerics.Sorting;

/// <summary>
/// Borrowed buffers holding customers sorted by a per-customer value: <see cref="Keys"/> are the order-preserving
/// keys of the values (see <see cref="RadixSort.ToOrderedKey"/>), <see cref="Customers"/> the customer indices in the
/// same order. Equal values keep the order of the tie-break rank (customer index when no rank is given).
/// Dispose to return the buffers to the <see cref="ScoringWorkspace"/> they came from (or to <see cref="ArrayPool{T}.Shared"/>),
/// so that repeated sorting does not allocate.
/// </summary>
internal sealed class CustomerOrder : IDisposable
{
    private readonly ScoringWorkspace? _workspace;
    private ulong[]? _keys;
    private int[]? _customers;

    private CustomerOrder(ulong[] keys, int[] customers, int count, ScoringWorkspace? workspace)
    {
        _keys = keys;
        _customers = customers;
        Count = count;
        _workspace = workspace;
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
    /// With <paramref name="clipNegativesToZero"/>, negative values sort as zero. Buffers come from
    /// <paramref name="workspace"/> when one is given.
    /// </summary>
    public static CustomerOrder Create(ReadOnlySpan<double> values, ReadOnlySpan<int> tieBreakRank, bool descending, string tieBreakParamName, bool clipNegativesToZero = false, ScoringWorkspace? workspace = null)
    {
        int n = values.Length;
        ulong[] keys = ScoringWorkspace.Rent<ulong>(workspace, n);
        int[] customers = ScoringWorkspace.Rent<int>(workspace, n);
        ulong[] scratchKeys = ScoringWorkspace.Rent<ulong>(workspace, n);
        int[] scratchCustomers = ScoringWorkspace.Rent<int>(workspace, n);
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

            RadixSort.SortPairs(k, order, scratchKeys, scratchCustomers);
            if (descending)
            {
                for (int pos = 0; pos < n; pos++)
                {
                    k[pos] = ~k[pos];
                }
            }

            return new CustomerOrder(keys, customers, n, workspace);
        }
        catch
        {
            ScoringWorkspace.Return(workspace, keys);
            ScoringWorkspace.Return(workspace, customers);
            throw;
        }
        finally
        {
            ScoringWorkspace.Return(workspace, scratchKeys);
            ScoringWorkspace.Return(workspace, scratchCustomers);
        }
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

    /// <summary>
    /// Checks that <paramref name="tieBreakRank"/> is empty or a permutation of 0..n-1 (one bit per rank, so a random
    /// rank costs no scattered writes to a large array); the exception is the one <see cref="FillTieOrder"/> throws.
    /// </summary>
    public static void ValidateTieBreakRank(ReadOnlySpan<int> tieBreakRank, int n, string paramName)
    {
        if (tieBreakRank.IsEmpty)
        {
            return;
        }

        if (tieBreakRank.Length != n)
        {
            throw new ArgumentException(
                $"'{paramName}' has {tieBreakRank.Length} entries but there are {n} customers.", paramName);
        }

        ulong[] seen = ArrayPool<ulong>.Shared.Rent((n + 63) >> 6);
        try
        {
            Span<ulong> bits = seen.AsSpan(0, (n + 63) >> 6);
            bits.Clear();
            for (int c = 0; c < n; c++)
            {
                int r = tieBreakRank[c];
                ulong bit = 1UL << (r & 63);
                if ((uint)r >= (uint)n || (bits[r >> 6] & bit) != 0)
                {
                    // Not a permutation: let the order-filling check name the customers.
                    FillTieOrder(new int[n], tieBreakRank, paramName);
                }

                bits[r >> 6] |= bit;
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(seen);
        }
    }

    /// <summary>Returns the buffers to where they came from.</summary>
    public void Dispose()
    {
        if (_keys is not null)
        {
            ScoringWorkspace.Return(_workspace, _keys);
            _keys = null;
        }

        if (_customers is not null)
        {
            ScoringWorkspace.Return(_workspace, _customers);
            _customers = null;
        }
    }
}
