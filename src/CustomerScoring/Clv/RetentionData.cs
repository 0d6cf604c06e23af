using System.Globalization;

namespace CustomerScoring.Clv;

/// <summary>
/// Contract durations for the contractual retention models (<see cref="ShiftedBetaGeometricModel"/>,
/// <see cref="BetaDiscreteWeibullModel"/>), as counts per period: how many members left in period t (t = 1, 2, ...:
/// they paid t periods and did not renew) and how many were still members when observation ended after t periods
/// (right-censored). Built from a cohort's survivor counts, from individual durations, or combined over cohorts.
/// Immutable and thread-safe.
/// </summary>
public sealed class RetentionData
{
    private readonly double[] churned;   // churned[t], t = 1..Periods (index 0 unused, always 0)
    private readonly double[] censored;  // censored[t], t = 0..Periods

    private RetentionData(double[] churned, double[] censored)
    {
        this.churned = churned;
        this.censored = censored;
        double total = 0.0;
        foreach (double c in churned)
        {
            total += c;
        }

        foreach (double c in censored)
        {
            total += c;
        }

        CustomerCount = total;
    }

    /// <summary>The longest observed duration in periods.</summary>
    public int Periods => censored.Length - 1;

    /// <summary>Members counted (churned plus censored).</summary>
    public double CustomerCount { get; }

    /// <summary>Members who left in period <paramref name="period"/> (1 ≤ period ≤ <see cref="Periods"/>).</summary>
    /// <param name="period">The period, from 1.</param>
    /// <returns>The count (0 outside the observed range).</returns>
    public double ChurnedIn(int period) => period >= 1 && period < churned.Length ? churned[period] : 0.0;

    /// <summary>Members still active when their observation ended after <paramref name="period"/> periods.</summary>
    /// <param name="period">Periods observed, from 0.</param>
    /// <returns>The count (0 outside the observed range).</returns>
    public double CensoredAfter(int period) => period >= 0 && period < censored.Length ? censored[period] : 0.0;

    /// <summary>
    /// Members at risk in period <paramref name="period"/>: those observed into it, i.e. who left in period
    /// <paramref name="period"/> or later, or were still members after <paramref name="period"/> or more periods.
    /// </summary>
    /// <param name="period">The period, from 1.</param>
    /// <returns>The count (0 outside the observed range).</returns>
    public double AtRisk(int period)
    {
        if (period < 1)
        {
            return 0.0;
        }

        double n = 0.0;
        for (int t = period; t < censored.Length; t++)
        {
            n += churned[t] + censored[t];
        }

        return n;
    }

    /// <summary>
    /// The observed share still members after t = 0, 1, ..., <see cref="Periods"/> periods: the product-limit
    /// (Kaplan-Meier) estimate Π over s ≤ t of (1 − left in s / at risk in s), which with right-censored members counts
    /// each only while observed. For one cohort's survivor counts it is survivors[t] / survivors[0].
    /// </summary>
    /// <returns><see cref="Periods"/> + 1 shares, the first 1.</returns>
    public double[] ObservedSurvival()
    {
        var s = new double[censored.Length];
        s[0] = 1.0;
        for (int t = 1; t < s.Length; t++)
        {
            double atRisk = AtRisk(t);
            s[t] = atRisk > 0.0 ? s[t - 1] * (1.0 - (churned[t] / atRisk)) : s[t - 1];
        }

        return s;
    }

    /// <summary>
    /// A cohort's survivor counts: <paramref name="survivors"/>[0] members at the start, [t] still members after t
    /// periods (non-increasing whole numbers). The members lost between t-1 and t left in period t; the last count is
    /// right-censored (they were still members when observation ended).
    /// </summary>
    /// <param name="survivors">Counts for t = 0..T, at least two.</param>
    /// <returns>The data.</returns>
    /// <exception cref="ArgumentException">Fewer than two counts, a count that is negative, not whole or larger than the one before.</exception>
    public static RetentionData FromSurvivors(ReadOnlySpan<double> survivors)
    {
        if (survivors.Length < 2)
        {
            throw new ArgumentException("Survivor counts need at least two values: the cohort size at t = 0 and the members left after period 1.", nameof(survivors));
        }

        int periods = survivors.Length - 1;
        var churned = new double[periods + 1];
        var censored = new double[periods + 1];
        for (int t = 0; t <= periods; t++)
        {
            double s = survivors[t];
            if (!(s >= 0.0) || !double.IsFinite(s) || Math.Floor(s) != s)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Survivor count at t = {t} is {s}; counts must be whole numbers >= 0."), nameof(survivors));
            }

            if (t > 0)
            {
                if (s > survivors[t - 1])
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Survivor count at t = {t} ({s}) exceeds the count at t = {t - 1} ({survivors[t - 1]}); survivors cannot increase."), nameof(survivors));
                }

                churned[t] = survivors[t - 1] - s;
            }
        }

        censored[periods] = survivors[periods];
        return new RetentionData(churned, censored);
    }

    /// <summary>
    /// Individual members: <paramref name="periods"/>[i] is the period in which member i left (≥ 1) when
    /// <paramref name="churned"/>[i] is true, else the number of periods member i has been observed and is still a
    /// member (≥ 0, right-censored).
    /// </summary>
    /// <param name="periods">One duration per member.</param>
    /// <param name="churned">One flag per member: true when the member left in that period.</param>
    /// <returns>The data.</returns>
    /// <exception cref="ArgumentException">Lengths differ, no members, or a duration out of range (named by position).</exception>
    public static RetentionData FromDurations(ReadOnlySpan<int> periods, ReadOnlySpan<bool> churned)
    {
        if (periods.Length != churned.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"periods has {periods.Length} values but churned has {churned.Length}; give one of each per member."), nameof(churned));
        }

        if (periods.IsEmpty)
        {
            throw new ArgumentException("No members given.", nameof(periods));
        }

        int max = 0;
        for (int i = 0; i < periods.Length; i++)
        {
            int p = periods[i];
            if (p < (churned[i] ? 1 : 0))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Member at position {i}: period {p} is invalid; a member who left did so in period 1 or later, an active member has been observed for 0 or more periods."), nameof(periods));
            }

            max = Math.Max(max, p);
        }

        var ch = new double[max + 1];
        var ce = new double[max + 1];
        for (int i = 0; i < periods.Length; i++)
        {
            if (churned[i])
            {
                ch[periods[i]] += 1.0;
            }
            else
            {
                ce[periods[i]] += 1.0;
            }
        }

        return new RetentionData(ch, ce);
    }

    /// <summary>The members of both data sets (e.g. several cohorts sharing one model).</summary>
    /// <param name="other">The other data.</param>
    /// <returns>The combined counts.</returns>
    public RetentionData Combine(RetentionData other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int periods = Math.Max(Periods, other.Periods);
        var ch = new double[periods + 1];
        var ce = new double[periods + 1];
        for (int t = 0; t <= periods; t++)
        {
            ch[t] = ChurnedIn(t) + other.ChurnedIn(t);
            ce[t] = CensoredAfter(t) + other.CensoredAfter(t);
        }

        return new RetentionData(ch, ce);
    }

    /// <summary>The non-zero cells as (period, count, censored) rows, for likelihoods.</summary>
    internal (int Period, double Count, bool Censored)[] Cells()
    {
        var rows = new List<(int, double, bool)>();
        for (int t = 0; t < censored.Length; t++)
        {
            if (t >= 1 && churned[t] > 0.0)
            {
                rows.Add((t, churned[t], false));
            }

            if (t >= 1 && censored[t] > 0.0)
            {
                rows.Add((t, censored[t], true));
            }
        }

        return [.. rows];
    }
}
