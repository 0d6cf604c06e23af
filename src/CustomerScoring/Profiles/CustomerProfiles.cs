using System.Globalization;
using System.Runtime.InteropServices;
using CustomerScoring.Concentration;
using CustomerScoring.Numerics.Parallelism;
using CustomerScoring.Numerics.Sorting;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;

namespace CustomerScoring.Profiles;

/// <summary>
/// A per-customer profile view over columns: the <see cref="ProfileField"/>s that rules read, one row per summary row
/// (row <c>i</c> is the customer of <c>summaries.CustomerIndex[i]</c>). Built from <see cref="CustomerSummaries"/> plus
/// optional RFM scores, ABC classes and CLV model columns (absent until a model is fitted).
/// </summary>
/// <remarks>
/// <para>Columns are materialized as arrays on first use and cached, so a rule set reading six fields touches six columns.
/// Percentiles are the fraction of customers with a strictly smaller value: ties share one percentile, the smallest
/// value has 0 and no customer has 1; the top p share of n distinct values is exactly the customers with percentile
/// &gt;= 1 - p when p n is whole. They are computed with one radix sort per column.</para>
/// <para>Immutable apart from the caches; safe to share between threads.</para>
/// </remarks>
public sealed class CustomerProfiles
{
    private static readonly string[] AbcNames = ["Excluded", "A", "B", "C"];

    private readonly double[]?[] _numbers;
    private readonly byte[]?[] _codes;
    private readonly double[]? _clv;
    private readonly double[]? _pAlive;
    private readonly double[]? _expected;
    private readonly int _endDay;

    private CustomerProfiles(CustomerSummaries summaries, RfmResult? rfm, AbcClassification? abc, double[]? clv, double[]? pAlive, double[]? expected, LoyaltyProgram? loyalty, double[]?[]? numbers, byte[]?[]? codes)
    {
        Summaries = summaries;
        Rfm = rfm;
        Abc = abc;
        _clv = clv;
        _pAlive = pAlive;
        _expected = expected;
        Loyalty = loyalty;
        _endDay = summaries.ObservationEnd.DayNumber;
        int fields = ProfileFields.All.Count;
        _numbers = numbers ?? new double[]?[fields];
        _codes = codes ?? new byte[]?[fields];
    }

    /// <summary>The summaries the profiles read.</summary>
    public CustomerSummaries Summaries { get; }

    /// <summary>The RFM result, or null (then r_score, f_score, m_score, rfm_cell and segment are unavailable).</summary>
    public RfmResult? Rfm { get; }

    /// <summary>The ABC classification given, or null (then abc_class is computed from total spend on first use).</summary>
    public AbcClassification? Abc { get; }

    /// <summary>The loyalty program behind the points field, or null.</summary>
    public LoyaltyProgram? Loyalty { get; }

    /// <summary>Number of customers (rows).</summary>
    public int Count => Summaries.Count;

    /// <summary>Whether a CLV column is attached.</summary>
    public bool HasClv => _clv is not null;

    /// <summary>Whether a P(alive) column is attached.</summary>
    public bool HasPAlive => _pAlive is not null;

    /// <summary>Whether an expected-purchases column is attached.</summary>
    public bool HasExpectedPurchases => _expected is not null;

    /// <summary>The profile of one customer, for typed rules (<c>Rules.Rule.When</c>).</summary>
    /// <param name="row">Row.</param>
    public CustomerProfile this[int row]
    {
        get
        {
            if ((uint)row >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(row), row, $"There are {Count} customers.");
            }

            return new CustomerProfile(this, row);
        }
    }

    /// <summary>
    /// Builds the profiles. CLV columns are optional: pass them (one value per summary row) once a model is fitted.
    /// </summary>
    /// <param name="summaries">Customer summaries.</param>
    /// <param name="rfm">RFM scores of the same rows, or null.</param>
    /// <param name="abc">ABC classes of the same rows, or null to compute them from total spend when asked.</param>
    /// <param name="clv">Customer lifetime values, or empty.</param>
    /// <param name="pAlive">P(alive) in [0, 1], or empty.</param>
    /// <param name="expectedPurchases">Expected purchases (non-negative), or empty.</param>
    /// <returns>The profiles.</returns>
    /// <exception cref="ArgumentException">A column's length differs from the summaries' row count, or holds a non-finite or out-of-range value.</exception>
    public static CustomerProfiles Create(
        CustomerSummaries summaries,
        RfmResult? rfm = null,
        AbcClassification? abc = null,
        ReadOnlyMemory<double> clv = default,
        ReadOnlyMemory<double> pAlive = default,
        ReadOnlyMemory<double> expectedPurchases = default)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        int n = summaries.Count;
        if (rfm is not null && rfm.Count != n)
        {
            throw new ArgumentException($"The RFM result has {rfm.Count} customers but the summaries have {n}.", nameof(rfm));
        }

        if (abc is not null && abc.Classes.Length != n)
        {
            throw new ArgumentException($"The ABC classification has {abc.Classes.Length} customers but the summaries have {n}.", nameof(abc));
        }

        return new CustomerProfiles(
            summaries,
            rfm,
            abc,
            Column(clv, n, nameof(clv), 0, 0),
            Column(pAlive, n, nameof(pAlive), 0, 1),
            Column(expectedPurchases, n, nameof(expectedPurchases), 0, double.PositiveInfinity),
            loyalty: null,
            numbers: null,
            codes: null);
    }

    /// <summary>The same profiles with CLV model columns attached (each may be empty to leave it absent).</summary>
    /// <param name="clv">Customer lifetime values, or empty.</param>
    /// <param name="pAlive">P(alive) in [0, 1], or empty.</param>
    /// <param name="expectedPurchases">Expected purchases, or empty.</param>
    /// <returns>New profiles sharing the summary columns already computed.</returns>
    public CustomerProfiles WithClv(ReadOnlyMemory<double> clv, ReadOnlyMemory<double> pAlive = default, ReadOnlyMemory<double> expectedPurchases = default)
    {
        var numbers = (double[]?[])_numbers.Clone();
        numbers[(int)ProfileField.Clv] = null;
        numbers[(int)ProfileField.ClvPercentile] = null;
        numbers[(int)ProfileField.PAlive] = null;
        numbers[(int)ProfileField.ExpectedPurchases] = null;
        int n = Count;
        return new CustomerProfiles(Summaries, Rfm, Abc, Column(clv, n, nameof(clv), 0, 0), Column(pAlive, n, nameof(pAlive), 0, 1), Column(expectedPurchases, n, nameof(expectedPurchases), 0, double.PositiveInfinity), Loyalty, numbers, (byte[]?[])_codes.Clone());
    }

    /// <summary>The same profiles with a loyalty program, which makes the points field available.</summary>
    /// <param name="loyalty">The program, or null to remove it.</param>
    /// <returns>New profiles sharing the columns already computed.</returns>
    public CustomerProfiles WithLoyalty(LoyaltyProgram? loyalty)
    {
        if (ReferenceEquals(loyalty, Loyalty))
        {
            return this;
        }

        var numbers = (double[]?[])_numbers.Clone();
        numbers[(int)ProfileField.Points] = null;
        return new CustomerProfiles(Summaries, Rfm, Abc, _clv, _pAlive, _expected, loyalty, numbers, (byte[]?[])_codes.Clone());
    }

    /// <summary>Whether <paramref name="field"/> can be read: RFM fields need an RFM result, CLV fields their column, points a loyalty program.</summary>
    /// <param name="field">The field.</param>
    /// <returns>True when available.</returns>
    public bool Has(ProfileField field) => MissingReason(field) is null;

    /// <summary>The whole column of a numeric field (materialized and cached on first use).</summary>
    /// <param name="field">A numeric field.</param>
    /// <returns>One value per customer; NaN where undefined.</returns>
    public ReadOnlySpan<double> NumberColumn(ProfileField field) => Numbers(field);

    /// <summary>The value of a numeric field for one customer.</summary>
    /// <param name="field">A numeric field.</param>
    /// <param name="row">Row.</param>
    /// <returns>The value; NaN where undefined.</returns>
    public double Number(ProfileField field, int row) => Numbers(field)[row];

    /// <summary>The value of a text field (<see cref="ProfileField.Segment"/>, <see cref="ProfileField.AbcClass"/>) for one customer.</summary>
    /// <param name="field">A text field.</param>
    /// <param name="row">Row.</param>
    /// <returns>The text.</returns>
    public string Text(ProfileField field, int row) => TextValues(field)[Codes(field)[row]];

    /// <summary>The values a text field can take, indexed by code.</summary>
    /// <param name="field">A text field.</param>
    /// <returns>The names.</returns>
    public IReadOnlyList<string> TextValues(ProfileField field)
    {
        ThrowIfUnavailable(field, text: true);
        if (field == ProfileField.AbcClass)
        {
            return AbcNames;
        }

        SegmentMap map = Rfm!.Scorer.Segments;
        var names = new string[map.OthersIndex + 1];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = map.SegmentName(i);
        }

        return names;
    }

    /// <summary>"CustomerProfiles: 1,000 customers; RFM yes, CLV no, P(alive) no, ...".</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"CustomerProfiles: {Count:N0} customers; RFM {YesNo(Rfm is not null)}, ABC {(Abc is null ? "from total spend" : "given")}, CLV {YesNo(HasClv)}, P(alive) {YesNo(HasPAlive)}, expected purchases {YesNo(HasExpectedPurchases)}, loyalty {YesNo(Loyalty is not null)}");

    internal string? MissingReason(ProfileField field) => field switch
    {
        ProfileField.RScore or ProfileField.FScore or ProfileField.MScore or ProfileField.RfmCell or ProfileField.Segment when Rfm is null =>
            "it needs RFM scores (pass an RfmResult when creating the profiles)",
        ProfileField.Clv or ProfileField.ClvPercentile when _clv is null => "it needs a CLV column (fit a CLV model and attach its values)",
        ProfileField.PAlive when _pAlive is null => "it needs a P(alive) column (fit a CLV model and attach its values)",
        ProfileField.ExpectedPurchases when _expected is null => "it needs an expected-purchases column (fit a CLV model and attach its values)",
        ProfileField.Points when Loyalty is null => "it needs a loyalty program (a \"loyalty\" section in the rule file or WithLoyalty)",
        _ => null,
    };

    internal double[] Numbers(ProfileField field)
    {
        ThrowIfUnavailable(field, text: false);
        ref double[]? slot = ref _numbers[(int)field];
        double[]? column = Volatile.Read(ref slot);
        if (column is null)
        {
            column = ComputeNumbers(field);
            column = Interlocked.CompareExchange(ref slot, column, null) ?? column;
        }

        return column;
    }

    internal byte[] Codes(ProfileField field)
    {
        ThrowIfUnavailable(field, text: true);
        ref byte[]? slot = ref _codes[(int)field];
        byte[]? column = Volatile.Read(ref slot);
        if (column is null)
        {
            column = ComputeCodes(field);
            column = Interlocked.CompareExchange(ref slot, column, null) ?? column;
        }

        return column;
    }

    /// <summary>Percentiles as documented on the class: fraction of values strictly smaller, with one stable radix sort.</summary>
    internal static double[] Percentiles(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        var result = new double[n];
        if (n == 0)
        {
            return result;
        }

        using CustomerOrder order = CustomerOrder.Create(values, default, descending: false, nameof(values));
        ReadOnlySpan<ulong> keys = order.Keys;
        ReadOnlySpan<int> rows = order.Customers;
        int runStart = 0;
        for (int pos = 0; pos < n; pos++)
        {
            if (pos > 0 && keys[pos] != keys[pos - 1])
            {
                runStart = pos;
            }

            result[rows[pos]] = (double)runStart / n;
        }

        return result;
    }

    private static string YesNo(bool b) => b ? "yes" : "no";

    private static double[]? Column(ReadOnlyMemory<double> values, int n, string name, double min, double max)
    {
        if (values.IsEmpty)
        {
            return null;
        }

        if (values.Length != n)
        {
            throw new ArgumentException($"'{name}' has {values.Length} values but there are {n} customers.", name);
        }

        ReadOnlySpan<double> span = values.Span;
        bool bounded = max > min;
        for (int i = 0; i < span.Length; i++)
        {
            double v = span[i];
            if (!double.IsFinite(v) || (bounded && (v < min || v > max)))
            {
                string range = bounded ? string.Create(CultureInfo.InvariantCulture, $"finite and within [{min}, {max}]") : "finite";
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{name}' has {v} at row {i}; values must be {range}."), name);
            }
        }

        if (MemoryMarshal.TryGetArray(values, out ArraySegment<double> segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length)
        {
            return segment.Array;
        }

        return span.ToArray();
    }

    private void ThrowIfUnavailable(ProfileField field, bool text)
    {
        if ((uint)field >= (uint)ProfileFields.All.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown profile field.");
        }

        if (ProfileFields.IsText(field) != text)
        {
            throw new ArgumentException($"Field '{ProfileFields.NameOf(field)}' is {(text ? "a number" : "text")}.", nameof(field));
        }

        if (MissingReason(field) is { } reason)
        {
            throw new InvalidOperationException($"Field '{ProfileFields.NameOf(field)}' is not available: {reason}.");
        }
    }

    private double[] ComputeNumbers(ProfileField field)
    {
        switch (field)
        {
            // Columns that exist already or come from a ranking: no new column of their own (at a million customers each
            // is 8 MB, and fresh memory costs a page fault per 4 KB).
            case ProfileField.SpendPercentile:
                return Percentiles(Summaries.TotalAmount);
            case ProfileField.FrequencyPercentile:
                return Percentiles(Summaries.Frequency);
            case ProfileField.Clv:
                return _clv!;
            case ProfileField.ClvPercentile:
                return Percentiles(_clv);
            case ProfileField.PAlive:
                return _pAlive!;
            case ProfileField.ExpectedPurchases:
                return _expected!;
        }

        CustomerSummaries s = Summaries;
        int n = s.Count;
        var c = new double[n];
        if (field == ProfileField.MeanInterpurchaseDays)
        {
            _ = Numbers(ProfileField.TenureDays); // made (once, thread-safely) before the blocks read it
        }

        // Each value depends on its customer alone: blocks of customers on the available threads (one block, or one
        // processor: here, in order) give the same bits.
        int blocks = (n + NumbersBlock - 1) / NumbersBlock;
        ParallelWork.ForBlocks(blocks, b => FillNumbers(field, c, b * NumbersBlock, Math.Min(n, (b + 1) * NumbersBlock)), CancellationToken.None);
        return c;
    }

    /// <summary>Customers per block of a derived column made on several threads.</summary>
    private const int NumbersBlock = 1 << 15;

    /// <summary>Writes the values of customers <paramref name="lo"/> to <paramref name="hi"/> (exclusive) of a derived column.</summary>
    private void FillNumbers(ProfileField field, double[] column, int lo, int hi)
    {
        CustomerSummaries s = Summaries;
        Span<double> c = column.AsSpan(lo, hi - lo);
        int n = hi - lo;
        switch (field)
        {
            case ProfileField.DaysSinceLastPurchase:
                Widen(s.DaysSinceLastPurchase.Slice(lo, n), c); // one definition: calendar days, whatever the period
                break;
            case ProfileField.FirstPurchaseDaysAgo:
                ReadOnlySpan<DateTime> first = s.FirstPurchase.Slice(lo, n);
                for (int i = 0; i < n; i++)
                {
                    c[i] = _endDay - DateOnly.FromDateTime(first[i]).DayNumber;
                }

                break;
            case ProfileField.TenureDays:
                ReadOnlySpan<DateTime> f = s.FirstPurchase.Slice(lo, n);
                ReadOnlySpan<DateTime> l = s.LastPurchase.Slice(lo, n);
                for (int i = 0; i < n; i++)
                {
                    c[i] = DateOnly.FromDateTime(l[i]).DayNumber - DateOnly.FromDateTime(f[i]).DayNumber;
                }

                break;
            case ProfileField.LastGapDays:
                ReadOnlySpan<double> gap = s.GapBeforeLastPurchase.Slice(lo, n);
                ReadOnlySpan<double> repeats = s.Frequency.Slice(lo, n);
                int unitDays = s.TimeUnit.Days();
                for (int i = 0; i < n; i++)
                {
                    c[i] = repeats[i] > 0 ? gap[i] * unitDays : double.NaN;
                }

                break;
            case ProfileField.MeanInterpurchaseDays:
                ReadOnlySpan<double> tenure = Numbers(ProfileField.TenureDays).AsSpan(lo, n);
                ReadOnlySpan<double> x = s.Frequency.Slice(lo, n);
                for (int i = 0; i < n; i++)
                {
                    c[i] = x[i] > 0 ? tenure[i] / x[i] : double.NaN;
                }

                break;
            case ProfileField.OverdueRatio:
                // days since / (tenure / x) from the summaries, with the arithmetic of the tenure and mean columns, without
                // making those two columns unless a rule asks for them.
                ReadOnlySpan<DateTime> firstDay = s.FirstPurchase.Slice(lo, n);
                ReadOnlySpan<DateTime> lastDay = s.LastPurchase.Slice(lo, n);
                ReadOnlySpan<double> purchases = s.Frequency.Slice(lo, n);
                ReadOnlySpan<int> sinceLast = s.DaysSinceLastPurchase.Slice(lo, n);
                for (int i = 0; i < n; i++)
                {
                    double tenureDays = DateOnly.FromDateTime(lastDay[i]).DayNumber - DateOnly.FromDateTime(firstDay[i]).DayNumber;
                    double mean = purchases[i] > 0 ? tenureDays / purchases[i] : double.NaN;
                    double since = sinceLast[i];

                    // NaN mean stays NaN; 0 / 0 (bought again today, same-day repeats) is "not overdue".
                    c[i] = since == 0 && mean == 0 ? 0 : since / mean;
                }

                break;
            case ProfileField.Frequency:
                s.Frequency.Slice(lo, n).CopyTo(c);
                break;
            case ProfileField.Transactions:
                Widen(s.TransactionCount.Slice(lo, n), c);
                break;
            case ProfileField.PurchasePeriods:
                Widen(s.PurchasePeriods.Slice(lo, n), c);
                break;
            case ProfileField.TotalSpend:
                s.TotalAmount.Slice(lo, n).CopyTo(c);
                break;
            case ProfileField.TotalMargin:
                s.TotalMargin.Slice(lo, n).CopyTo(c);
                break;
            case ProfileField.MonetaryRepeatMean:
                s.MonetaryRepeatMean.Slice(lo, n).CopyTo(c);
                break;
            case ProfileField.RScore:
                Widen(Rfm!.RecencyScores.Slice(lo, n), c);
                break;
            case ProfileField.FScore:
                Widen(Rfm!.FrequencyScores.Slice(lo, n), c);
                break;
            case ProfileField.MScore:
                Widen(Rfm!.MonetaryScores.Slice(lo, n), c);
                break;
            case ProfileField.RfmCell:
                ReadOnlySpan<byte> r = Rfm!.RecencyScores.Slice(lo, n);
                ReadOnlySpan<byte> fr = Rfm.FrequencyScores.Slice(lo, n);
                ReadOnlySpan<byte> m = Rfm.MonetaryScores.Slice(lo, n);
                for (int i = 0; i < n; i++)
                {
                    c[i] = (r[i] * 100) + (fr[i] * 10) + m[i];
                }

                break;
            case ProfileField.Points:
                LoyaltyProgram program = Loyalty!;
                ReadOnlySpan<double> spend = s.TotalAmount.Slice(lo, n);
                for (int i = 0; i < n; i++)
                {
                    c[i] = program.PointsFor(spend[i]);
                }

                break;
            default:
                throw new InvalidOperationException($"Internal error: no numbers for {field}.");
        }
    }

    private byte[] ComputeCodes(ProfileField field)
    {
        if (field == ProfileField.Segment)
        {
            return Rfm!.SegmentIndices.ToArray();
        }

        AbcClassification? abc = Abc;
        if (abc is null)
        {
            ParetoAnalysis pareto = ParetoAnalysis.Analyze(Summaries.TotalAmount, NegativeValues.ClipToZero);
            abc = pareto.ClassifyAbc();
        }

        return MemoryMarshal.AsBytes(abc.Classes).ToArray();
    }

    private static void Widen(ReadOnlySpan<int> from, Span<double> to)
    {
        for (int i = 0; i < from.Length; i++)
        {
            to[i] = from[i];
        }
    }

    private static void Widen(ReadOnlySpan<byte> from, Span<double> to)
    {
        for (int i = 0; i < from.Length; i++)
        {
            to[i] = from[i];
        }
    }
}
