using CustomerScoring.Summaries;

namespace CustomerScoring.Tests.Support;

/// <summary>One transaction row, for the slow reference and for generating random data.</summary>
internal readonly record struct Row(int Customer, DateTime Time, double Amount, double Margin);

/// <summary>One customer's summary as the slow, obvious reference computes it.</summary>
internal sealed record ReferenceCustomer(
    int Customer, DateTime First, DateTime Last, int Transactions, int Periods, double Total, double Margin,
    double Frequency, double Recency, double Age, double SinceLast, double RepeatMean, double LastGap,
    int HoldoutPeriods, int HoldoutTransactions, double HoldoutAmount)
{
    public double Gross { get; init; }

    public double ReturnsAmount { get; init; }

    public int ReturnCount { get; init; }

    public int DaysSinceLast { get; init; }
}

/// <summary>
/// A deliberately plain summary: group rows by customer, keep the window's rows, count distinct periods
/// with a set. Written from the definitions in the issue, not from the library's code.
/// </summary>
internal static class ReferenceSummary
{
    public static int PeriodOf(DateTime t, TimeUnit period)
    {
        int day = DateOnly.FromDateTime(t).DayNumber;
        return period == TimeUnit.Day ? day : day / 7;
    }

    /// <summary>Whether a row is a return under the options' policy (a negative amount, unless returns are kept as purchases).</summary>
    public static bool IsReturn(Row r, SummaryOptions o) => r.Amount < 0 && o.Returns != ReturnsPolicy.Keep;

    public static List<ReferenceCustomer> Compute(IEnumerable<Row> rows, SummaryOptions o)
    {
        int endDay = o.ObservationEnd.DayNumber;
        int holdoutEndDay = o.HoldoutEnd?.DayNumber ?? endDay;
        double unit = o.TimeUnit == TimeUnit.Day ? 1 : 7;
        double periodDays = o.Period == TimeUnit.Day ? 1 : 7;
        int endPeriod = o.Period == TimeUnit.Day ? endDay : endDay / 7;
        bool net = o.Returns == ReturnsPolicy.Net;
        var result = new List<ReferenceCustomer>();
        foreach (var g in rows.GroupBy(r => r.Customer).OrderBy(g => g.Key))
        {
            var inWindow = g.Where(r => DateOnly.FromDateTime(r.Time).DayNumber <= endDay).ToList();
            var cal = inWindow.Where(r => !IsReturn(r, o)).ToList();
            var returns = inWindow.Where(r => IsReturn(r, o)).ToList();
            if (cal.Count == 0)
            {
                continue;
            }

            var holdAll = g.Where(r => DateOnly.FromDateTime(r.Time).DayNumber > endDay && DateOnly.FromDateTime(r.Time).DayNumber <= holdoutEndDay).ToList();
            var hold = holdAll.Where(r => !IsReturn(r, o)).ToList();
            var byPeriod = cal.GroupBy(r => PeriodOf(r.Time, o.Period)).OrderBy(p => p.Key).ToList();
            int first = byPeriod[0].Key;
            int last = byPeriod[^1].Key;
            int x = byPeriod.Count - 1;
            double repeatMean = x == 0 ? 0 : byPeriod.Skip(1).Sum(p => p.Sum(r => r.Amount)) / x;
            if (net && x > 0)
            {
                // Net: a return belongs to the latest purchase period at or before it, so the repeat periods' returns are
                // those from the second purchase period on; a repeat spend that nets to <= 0 gives m = 0.
                int second = byPeriod[1].Key;
                double repeat = byPeriod.Skip(1).Sum(p => p.Sum(r => r.Amount)) + returns.Where(r => PeriodOf(r.Time, o.Period) >= second).Sum(r => r.Amount);
                repeatMean = repeat > 0 ? repeat / x : 0;
            }

            double gross = cal.Sum(r => r.Amount);
            double returnsAmount = returns.Sum(r => r.Amount);
            result.Add(new ReferenceCustomer(
                g.Key, cal.Min(r => r.Time), cal.Max(r => r.Time), cal.Count, byPeriod.Count,
                gross + (net ? returnsAmount : 0), cal.Sum(r => r.Margin) + (net ? returns.Sum(r => r.Margin) : 0), x,
                (last - first) * periodDays / unit, (endPeriod - first) * periodDays / unit, (endPeriod - last) * periodDays / unit,
                repeatMean,
                x == 0 ? 0 : (last - byPeriod[^2].Key) * periodDays / unit,
                hold.Select(r => PeriodOf(r.Time, o.Period)).Distinct().Count(), hold.Count,
                hold.Sum(r => r.Amount) + (net ? holdAll.Where(r => IsReturn(r, o)).Sum(r => r.Amount) : 0))
            {
                Gross = gross,
                ReturnsAmount = returnsAmount,
                ReturnCount = returns.Count,
                DaysSinceLast = endDay - DateOnly.FromDateTime(cal.Max(r => r.Time)).DayNumber,
            });
        }

        return result;
    }
}
