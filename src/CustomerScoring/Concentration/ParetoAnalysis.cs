using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using CustomerScoring.Numerics.Sorting;
using CustomerScoring.Numerics;

namespace CustomerScoring.Concentration;

/// <summary>
/// How concentrated a per-customer measure (revenue, margin, CLV) is: the 80/20 figures, the Lorenz curve, Gini, Herfindahl and
/// Rosenbluth indices, the crossing point and ABC classes, all from one radix sort of the values. Immutable, thread-safe and
/// owned by the garbage collector like any other object (nothing to dispose).
/// </summary>
/// <remarks>
/// <para>A customer is addressed by its row: the position of its value in the values analysed (the summary row when they
/// are a <see cref="Summaries.CustomerSummaries"/> column; the key is then <c>customers.KeyOf(summaries.CustomerIndex[row])</c>).
/// Customers are ranked by value, largest first; equal values are ordered by the tie-break rank (row order when none is
/// given), which decides which of several tied customers are listed first and counted first. n is the number of customers
/// analysed; zero values count as customers.</para>
/// <para>Shares of a fractional number of customers (e.g. the top 20% of 7 customers = 1.4 customers) are interpolated linearly
/// along the Lorenz curve: the top 1.4 customers hold the largest value plus 0.4 times the second largest.</para>
/// <para>The total must be positive: an empty input or an all-zero total makes every share undefined and is an error.</para>
/// </remarks>
public sealed class ParetoAnalysis
{
    private readonly int _count;
    private readonly double[] _valuesDescending;
    private readonly int[] _customersDescending;

    // _top[k] = sum of the k largest values; _top[0] = 0, _top[n] = Total.
    private readonly double[] _top;

    private ParetoAnalysis(int inputCount, NegativeValues policy, int negativeCount, int count, double[] valuesDescending, int[] customersDescending, double[] top)
    {
        _count = count;
        InputCount = inputCount;
        NegativePolicy = policy;
        NegativeCount = negativeCount;
        _valuesDescending = valuesDescending;
        _customersDescending = customersDescending;
        _top = top;
        int n = count;
        Total = top[n];

        // Gini on ascending values x(1..n): G = (2 sum(i x(i)) / sum(x) - (n + 1)) / n; ascending rank i = n - j for descending index j.
        // The sum of squares in one fixed order (not TensorPrimitives.SumOfSquares, whose lanes follow the processor's vector
        // width: an AVX-512 JIT and an AVX2 native build gave Herfindahl indices differing in the last digits).
        double weighted = 0, squares = 0;
        for (int j = 0; j < n; j++)
        {
            double v = valuesDescending[j];
            weighted += (double)(n - j) * v;
            squares += v * v;
        }

        Gini = ((2 * weighted / Total) - (n + 1)) / n;
        Herfindahl = squares / (Total * Total);
        CrossingCustomerShare = ComputeCrossing();
    }

    /// <summary>Number of customers given.</summary>
    public int InputCount { get; }

    /// <summary>Number of customers analysed (n): <see cref="InputCount"/> minus excluded customers.</summary>
    public int Count => _count;

    /// <summary>The policy applied to negative values.</summary>
    public NegativeValues NegativePolicy { get; }

    /// <summary>Number of customers whose negative value was clipped to zero or excluded (0 with <see cref="NegativeValues.Reject"/>).</summary>
    public int NegativeCount { get; }

    /// <summary>Sum of the analysed values (positive).</summary>
    public double Total { get; }

    /// <summary>
    /// The rows (positions in the values analysed) of the customers, largest value first (ties by tie-break rank). A row is not a
    /// customer index: with summaries, the key of row <c>r</c> is <c>customers.KeyOf(summaries.CustomerIndex[r])</c>.
    /// </summary>
    public ReadOnlySpan<int> RowsByValue => Customers.AsSpan(0, _count);

    /// <summary>The analysed values, largest first, aligned with <see cref="RowsByValue"/>.</summary>
    public ReadOnlySpan<double> ValuesDescending => Values.AsSpan(0, _count);

    /// <summary>
    /// Gini coefficient, uncorrected (R ineq's default): with ascending values x(1..n), G = (2 sum(i x(i)) / sum(x) - (n + 1)) / n.
    /// 0 when all values are equal; (n - 1) / n when one customer holds everything.
    /// </summary>
    public double Gini { get; }

    /// <summary>Small-sample corrected Gini, G n / (n - 1): 1 when one customer holds everything. Defined as 0 for a single customer.</summary>
    public double GiniCorrected => Count > 1 ? Gini * Count / (Count - 1) : 0;

    /// <summary>Herfindahl-Hirschman index: the sum of squared value shares, from 1/n (equal) to 1 (one customer holds all).</summary>
    public double Herfindahl { get; }

    /// <summary>Rosenbluth (Hall-Tideman) index, 1 / (n (1 - G)), equivalently 1 / (2 sum(i s(i)) - 1) with shares s ranked largest first.</summary>
    public double Rosenbluth => 1 / (Count * (1 - Gini));

    /// <summary>
    /// The crossing point x of "x of customers hold 1 - x of value" (e.g. 0.2 for a perfect 80/20): the customer share at which the
    /// top-share curve (interpolated as in <see cref="TopShare"/>) meets 1 - x. 0.5 when all values are equal.
    /// </summary>
    public double CrossingCustomerShare { get; }

    /// <summary>The value share held at the crossing point: 1 - <see cref="CrossingCustomerShare"/>.</summary>
    public double CrossingValueShare => 1 - CrossingCustomerShare;

    /// <summary>
    /// Sorts the values once and prepares every figure.
    /// </summary>
    /// <param name="values">One value per customer, by row (e.g. <see cref="Summaries.CustomerSummaries.TotalAmount"/>: one per
    /// summary row); finite.</param>
    /// <param name="negatives">What to do with negative values: <see cref="NegativeValues.Reject"/> (the default),
    /// <see cref="NegativeValues.ClipToZero"/> or <see cref="NegativeValues.Exclude"/>; <see cref="NegativeValues.Keep"/> is
    /// refused (value shares are undefined for negative values).</param>
    /// <param name="tieBreakRank">Optional rank of each row's customer key in key order (a permutation of 0..n-1) to order equal
    /// values; when empty the row order is used.</param>
    /// <param name="workspace">Scratch memory (sort keys and order) kept between repeated calls (optional; see
    /// <see cref="ScoringWorkspace"/>).</param>
    /// <param name="cancellationToken">Stops the analysis, checked before and after the sort.</param>
    /// <returns>The analysis.</returns>
    /// <exception cref="ArgumentException">A value is NaN or infinite, or negative under <see cref="NegativeValues.Reject"/> (the
    /// message names the first such customer and its value); no customers are left or their total is zero; or the tie-break rank
    /// is not a permutation.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="negatives"/> is <see cref="NegativeValues.Keep"/> or not a
    /// policy.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ParetoAnalysis Analyze(ReadOnlySpan<double> values, NegativeValues negatives = NegativeValues.Reject, ReadOnlySpan<int> tieBreakRank = default, ScoringWorkspace? workspace = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ScoringWorkspace.ThrowIfDisposed(workspace);
        if (negatives is not (NegativeValues.Reject or NegativeValues.ClipToZero or NegativeValues.Exclude))
        {
            throw new ArgumentOutOfRangeException(
                nameof(negatives), negatives, "Concentration takes NegativeValues.Reject, ClipToZero or Exclude (value shares are undefined for negative values, so it cannot keep them).");
        }

        ColumnChecks.ThrowIfNonFinite(values, nameof(values));
        int firstNegative = values.IndexOfAnyInRange(double.NegativeInfinity, -double.Epsilon);
        int negativeCount = 0;
        if (firstNegative >= 0)
        {
            if (negatives == NegativeValues.Reject)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"'{nameof(values)}' has a negative value {values[firstNegative]} at row {firstNegative}; choose NegativeValues.ClipToZero or NegativeValues.Exclude to accept negative values."),
                    nameof(values));
            }

            for (int i = firstNegative; i < values.Length; i++)
            {
                negativeCount += values[i] < 0 ? 1 : 0;
            }
        }

        using CustomerOrder order = CustomerOrder.Create(values, tieBreakRank, descending: true, nameof(tieBreakRank), clipNegativesToZero: negatives == NegativeValues.ClipToZero, workspace);
        cancellationToken.ThrowIfCancellationRequested();

        // Largest first; under Exclude the negatives are exactly the last negativeCount entries.
        int n = negatives == NegativeValues.Exclude ? values.Length - negativeCount : values.Length;
        if (n == 0)
        {
            throw new ArgumentException("No customers to analyse: the concentration of an empty set is undefined.", nameof(values));
        }

        // The result's columns: every element is written below.
        double[] sorted = GC.AllocateUninitializedArray<double>(n);
        int[] customers = order.Customers[..n].ToArray();
        double[] top = GC.AllocateUninitializedArray<double>(n + 1);
        top[0] = 0;
        ReadOnlySpan<ulong> keys = order.Keys;
        double sum = 0;
        for (int j = 0; j < n; j++)
        {
            double v = RadixSort.FromOrderedKey(keys[j]);
            sorted[j] = v;
            sum += v;
            top[j + 1] = sum;
        }

        if (!(sum > 0))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The total of '{nameof(values)}' over {n} customers is zero: value shares are undefined."), nameof(values));
        }

        return new ParetoAnalysis(values.Length, negatives, negativeCount, n, sorted, customers, top);
    }

    /// <summary>
    /// Share of the total held by the top <paramref name="customerShare"/> of customers. A fractional customer count c = p n is
    /// interpolated along the Lorenz curve: (sum of the floor(c) largest + (c - floor(c)) x the next value) / total.
    /// Example: values 5, 3, 2 and p = 0.5: c = 1.5, (5 + 0.5 x 3) / 10 = 0.65.
    /// </summary>
    /// <param name="customerShare">p, 0 to 1 (default 0.2).</param>
    /// <returns>The value share, 0 to 1.</returns>
    public double TopShare(double customerShare = 0.2)
    {
        CheckShare(customerShare, nameof(customerShare));
        int n = Count;
        double c = customerShare * n;
        int k = Math.Min((int)Math.Floor(c), n);
        double share = k == n ? Top[n] : Top[k] + ((c - k) * Values[k]);
        return Math.Min(share / Total, 1);
    }

    /// <summary>Share of the total held by the <paramref name="count"/> largest customers (exact, no interpolation).</summary>
    /// <param name="count">0 to <see cref="Count"/>.</param>
    /// <returns>The value share, 0 to 1.</returns>
    public double TopCountShare(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return Top[count] / Total;
    }

    /// <summary>
    /// The exact number k of customers that make <paramref name="valueShare"/> of the total: customers sorted by value, largest
    /// first (ties by tie-break rank), k is the smallest count whose cumulative value is at least q x total. Each customer is
    /// counted individually, so tied customers at the boundary are split by tie-break rank; this differs from the SQL recipe
    /// with a default window frame (RANGE), which gives tied rows one shared running total, and from counting rows with running
    /// share &lt;= q, which gives one fewer.
    /// </summary>
    /// <param name="valueShare">q, 0 to 1 (default 0.8).</param>
    /// <returns>k, 0 to <see cref="Count"/>.</returns>
    public int CustomersForShare(double valueShare = 0.8)
    {
        CheckShare(valueShare, nameof(valueShare));
        double target = valueShare * Total;

        // Smallest k with Top[k] >= target; _top is non-decreasing and Top[n] = Total >= target.
        int lo = 0;
        int hi = Count;
        while (lo < hi)
        {
            int mid = (int)(((uint)lo + (uint)hi) >> 1);
            if (Top[mid] >= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary><see cref="CustomersForShare"/> as a share of customers, k / n ("23.4% of customers make 80%").</summary>
    /// <param name="valueShare">q, 0 to 1 (default 0.8).</param>
    /// <returns>k / n.</returns>
    public double CustomerShareFor(double valueShare = 0.8) => (double)CustomersForShare(valueShare) / Count;

    /// <summary>The <paramref name="count"/> largest customers with their values, largest first (ties by tie-break rank).</summary>
    /// <param name="count">0 to <see cref="Count"/>.</param>
    /// <returns>The customers.</returns>
    public RankedCustomer[] TopCustomers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        var list = new RankedCustomer[count];
        for (int j = 0; j < count; j++)
        {
            list[j] = new RankedCustomer(Customers[j], Values[j]);
        }

        return list;
    }

    /// <summary>The customers that make <paramref name="valueShare"/> of the total: the first <see cref="CustomersForShare"/> of them.</summary>
    /// <param name="valueShare">q, 0 to 1 (default 0.8).</param>
    /// <returns>The customers, largest first.</returns>
    public RankedCustomer[] CustomersMakingShare(double valueShare = 0.8) => TopCustomers(CustomersForShare(valueShare));

    /// <summary>The exact Lorenz curve: n + 1 points p_k = k / n, L_k = (sum of the k smallest values) / total, from (0, 0) to (1, 1).</summary>
    /// <returns>The points.</returns>
    public LorenzPoint[] LorenzCurve()
    {
        int n = Count;
        var points = new LorenzPoint[n + 1];
        for (int k = 0; k <= n; k++)
        {
            points[k] = ExactPoint(k);
        }

        return points;
    }

    /// <summary>
    /// The Lorenz curve downsampled to <paramref name="points"/> exact vertices: k_j = floor(j n / (points - 1)), j = 0..points - 1,
    /// so both ends (0, 0) and (1, 1) are exact and every point lies on the curve. With points &gt; n the exact curve is returned.
    /// </summary>
    /// <param name="points">At least 2.</param>
    /// <returns>The points.</returns>
    public LorenzPoint[] LorenzCurve(int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        int n = Count;
        if (points > n)
        {
            return LorenzCurve();
        }

        var result = new LorenzPoint[points];
        for (int j = 0; j < points; j++)
        {
            result[j] = ExactPoint((int)((long)j * n / (points - 1)));
        }

        return result;
    }

    /// <summary>
    /// The Lorenz curve at 10% steps of customers, 11 points p = 0, 0.1, ..., 1, with L(p) = 1 - <see cref="TopShare"/>(1 - p)
    /// (interpolated between customers).
    /// </summary>
    /// <returns>The points.</returns>
    public LorenzPoint[] LorenzTable()
    {
        var table = new LorenzPoint[11];
        for (int i = 0; i <= 10; i++)
        {
            table[i] = i == 0 ? new LorenzPoint(0, 0) : i == 10 ? new LorenzPoint(1, 1) : new LorenzPoint(i / 10.0, 1 - TopShare((10 - i) / 10.0));
        }

        return table;
    }

    /// <summary>
    /// The Lorenz table as text, one row per decile p: the share of value held by the poorest p of customers, and the share held
    /// by the other (richest) 1 - p. The row "80%  36.0%  64.0%" reads: the poorest 80% hold 36%, the top 20% hold 64%.
    /// </summary>
    /// <returns>A small table.</returns>
    public string FormatLorenzTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine("poorest p  they hold  richest 1-p hold");
        foreach (LorenzPoint p in LorenzTable())
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{100 * p.CustomerShare,8:F0}%  {100 * p.ValueShare,8:F1}%  {100 * (1 - p.ValueShare),15:F1}%"));
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>
    /// ABC classes by cumulative share of value. Customers are taken largest first; class A is the smallest top group whose
    /// cumulative value reaches <paramref name="aShare"/> of the total (so the customer that straddles the boundary is in A), B
    /// continues until <paramref name="bShare"/> is reached the same way, and C is the rest. Equal values always share a class: a
    /// tie group that straddles a boundary goes wholly into the better class. Excluded customers get <see cref="AbcClass.Excluded"/>.
    /// Example: values 50, 30, 10, 5, 5 (total 100), A 80%, B 95%: A = {50, 30} (80 reaches 80%), B adds 10 (90%) and then 5
    /// (95% reached), which pulls in the tied other 5: B = {10, 5, 5}, C is empty.
    /// </summary>
    /// <param name="aShare">Cumulative share closing class A, in (0, 1) (default 0.8).</param>
    /// <param name="bShare">Cumulative share closing class B, in [aShare, 1] (default 0.95).</param>
    /// <returns>The classes.</returns>
    public AbcClassification ClassifyAbc(double aShare = 0.8, double bShare = 0.95)
    {
        CheckShare(aShare, nameof(aShare));
        CheckShare(bShare, nameof(bShare));
        if (bShare < aShare)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'bShare' ({bShare}) must not be below 'aShare' ({aShare})."), nameof(bShare));
        }

        int endA = ExtendOverTies(CustomersForShare(aShare));
        int endB = ExtendOverTies(Math.Max(endA, CustomersForShare(bShare)));
        var classes = new AbcClass[InputCount]; // Excluded = 0 by default
        for (int j = 0; j < Count; j++)
        {
            classes[Customers[j]] = j < endA ? AbcClass.A : j < endB ? AbcClass.B : AbcClass.C;
        }

        return new AbcClassification(
            classes, aShare, bShare, endA, endB - endA, Count - endB,
            Top[endA] / Total, (Top[endB] - Top[endA]) / Total, (Total - Top[endB]) / Total);
    }

    /// <summary>"top 20% hold 61.2% of value; 23.4% of customers make 80%; Gini 0.62 ...".</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"{Count:N0} customers, total {Total:N2}: top 20% hold {100 * TopShare():F1}% of value; {100 * CustomerShareFor():F1}% of customers make 80% ({CustomersForShare():N0}); Gini {Gini:F2}; Herfindahl {Herfindahl:G3}; {100 * CrossingCustomerShare:F1}/{100 * CrossingValueShare:F1} rule");
        if (NegativeCount > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"; {NegativeCount:N0} negative values {(NegativePolicy == NegativeValues.Exclude ? "excluded" : "clipped to zero")}");
        }

        return sb.ToString();
    }

    private double[] Values => _valuesDescending;

    private int[] Customers => _customersDescending;

    private double[] Top => _top;

    private static void CheckShare(double share, string name)
    {
        if (!(share >= 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(name, share, "A share must be between 0 and 1.");
        }
    }

    private LorenzPoint ExactPoint(int k)
    {
        int n = Count;
        return k == 0 ? new LorenzPoint(0, 0)
            : k == n ? new LorenzPoint(1, 1)
            : new LorenzPoint((double)k / n, Math.Max(0, (Total - Top[n - k]) / Total));
    }

    private int ExtendOverTies(int end)
    {
        while (end > 0 && end < Count && Values[end] == Values[end - 1])
        {
            end++;
        }

        return end;
    }

    private double ComputeCrossing()
    {
        // f(k) = S_k / T + k / n rises strictly from 0 (k = 0) to 2 (k = n): take the last k with f(k) <= 1, then solve the
        // linear piece between k and k + 1 customers for f = 1.
        int n = Count;
        int lo = 0;
        int hi = n;
        while (lo < hi)
        {
            int mid = (int)(((uint)lo + (uint)hi + 1) >> 1);
            if ((Top[mid] / Total) + ((double)mid / n) <= 1)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        int k = lo;
        double rest = 1 - (Top[k] / Total) - ((double)k / n);
        double slope = (Values[Math.Min(k, n - 1)] / Total) + (1.0 / n);
        double t = Math.Clamp(rest / slope, 0, 1);
        return (k + t) / n;
    }
}
