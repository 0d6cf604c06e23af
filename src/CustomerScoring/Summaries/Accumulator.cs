using System.Runtime.InteropServices;

namespace CustomerScoring.Summaries;

/// <summary>
/// Per-customer running totals of one window (calibration or holdout). Order-invariant except for the
/// distinct period count, which is exact only while the customer's periods arrive in non-decreasing
/// order; otherwise <see cref="OutOfOrder"/> is set and the count is recomputed exactly later.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Accumulator
{
    public int Count;
    public int Periods;
    public int FirstPeriod;
    public int LastPeriod;
    public long FirstTicks;
    public long LastTicks;
    public double Total;
    public double Margin;
    public double FirstPeriodAmount;
    public bool OutOfOrder;

    /// <summary>Periods between the last two distinct purchase periods (0 with a single period).</summary>
    public int LastGap;

    public void Add(int period, long ticks, double amount, double margin)
    {
        if (Count == 0)
        {
            Count = 1;
            Periods = 1;
            FirstPeriod = period;
            LastPeriod = period;
            FirstTicks = ticks;
            LastTicks = ticks;
            Total = amount;
            Margin = margin;
            FirstPeriodAmount = amount;
            return;
        }

        Count++;
        Total += amount;
        Margin += margin;
        if (ticks < FirstTicks)
        {
            FirstTicks = ticks;
        }

        if (ticks > LastTicks)
        {
            LastTicks = ticks;
        }

        if (period > LastPeriod)
        {
            Periods++;
            LastGap = period - LastPeriod;
            LastPeriod = period;
        }
        else if (period < LastPeriod)
        {
            OutOfOrder = true;
        }

        if (period < FirstPeriod)
        {
            FirstPeriod = period;
            FirstPeriodAmount = amount;
        }
        else if (period == FirstPeriod)
        {
            FirstPeriodAmount += amount;
        }
    }

    /// <summary>Combines two accumulators of disjoint transaction sets; the period count and last gap are left to a recount.</summary>
    public static Accumulator Merge(in Accumulator a, in Accumulator b)
    {
        if (a.Count == 0)
        {
            return b;
        }

        if (b.Count == 0)
        {
            return a;
        }

        Accumulator r = a;
        r.Count = a.Count + b.Count;
        r.Total = a.Total + b.Total;
        r.Margin = a.Margin + b.Margin;
        r.FirstTicks = Math.Min(a.FirstTicks, b.FirstTicks);
        r.LastTicks = Math.Max(a.LastTicks, b.LastTicks);
        r.LastPeriod = Math.Max(a.LastPeriod, b.LastPeriod);
        if (a.FirstPeriod < b.FirstPeriod)
        {
            r.FirstPeriod = a.FirstPeriod;
            r.FirstPeriodAmount = a.FirstPeriodAmount;
        }
        else if (b.FirstPeriod < a.FirstPeriod)
        {
            r.FirstPeriod = b.FirstPeriod;
            r.FirstPeriodAmount = b.FirstPeriodAmount;
        }
        else
        {
            r.FirstPeriodAmount = a.FirstPeriodAmount + b.FirstPeriodAmount;
        }

        // Distinct periods and the last gap cannot be told from two partial counts: mark them for a recount
        // from the distinct (customer, period) keys that mergeable partials keep.
        r.OutOfOrder = true;
        return r;
    }
}
