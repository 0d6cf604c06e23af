using CustomerScoring.Summaries;

namespace CustomerScoring.Tests.Support;

/// <summary>One transaction row, for the slow reference and for generating random data.</summary>
internal readonly record struct Row(int Customer, DateTime Time, double Amount, double Margin);

/// <summary>One customer's summary as the slow, obvious reference computes it.</summary>
internal sealed record ReferenceCustomer(
    int Customer, DateTime First, DateTime Last, int Transactions, int Periods, double Total, double Margin,
    double Frequency, double Recency, double Age, double SinceLast, double RepeatMean, double LastGap,
    int HoldoutPeriods, int HoldoutTransactions, double HoldoutAmount);

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

    public static List<ReferenceCustomer> Compute(IEnumerable<Row> rows, SummaryOptions o)
    {
        int endDay = o.ObservationEnd.DayNumber;
        int holdoutEndDay = o.HoldoutEnd?.DayNumber ?? endDay;
        double unit = o.TimeUnit == TimeUnit.Day ? 1 : 7;
        double periodDays = o.Period == TimeUnit.Day ? 1 : 7;
        int endPeriod = o.Period == TimeUnit.Day ? endDay : endDay / 7;
        var result = new List<ReferenceCustomer>();
        foreach (var g in rows.GroupBy(r => r.Customer).OrderBy(g => g.Key))
        {
            var cal = g.Where(r => DateOnly.FromDateTime(r.Time).DayNumber <= endDay).ToList();
            if (cal.Count == 0)
            {
                continue;
            }

            var hold = g.Where(r => DateOnly.FromDateTime(r.Time).DayNumber > endDay && DateOnly.FromDateTime(r.Time).DayNumber <= holdoutEndDay).ToList();
            var byPeriod = cal.GroupBy(r => PeriodOf(r.Time, o.Period)).OrderBy(p => p.Key).ToList();
            int first = byPeriod[0].Key;
            int last = byPeriod[^1].Key;
            int x = byPeriod.Count - 1;
            double repeatMean = x == 0 ? 0 : byPeriod.Skip(1).Sum(p => p.Sum(r => r.Amount)) / x;
            result.Add(new ReferenceCustomer(
                g.Key, cal.Min(r => r.Time), cal.Max(r => r.Time), cal.Count, byPeriod.Count,
                cal.Sum(r => r.Amount), cal.Sum(r => r.Margin), x,
                (last - first) * periodDays / unit, (endPeriod - first) * periodDays / unit, (endPeriod - last) * periodDays / unit,
                repeatMean,
                x == 0 ? 0 : (last - byPeriod[^2].Key) * periodDays / unit,
                hold.Select(r => PeriodOf(r.Time, o.Period)).Distinct().Count(), hold.Count, hold.Sum(r => r.Amount)));
        }

        return result;
    }
}
