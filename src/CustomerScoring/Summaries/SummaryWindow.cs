namespace CustomerScoring.Summaries;

/// <summary>The observation window of a summary in day numbers (days since 0001-01-01).</summary>
internal readonly struct SummaryWindow
{
    public SummaryWindow(SummaryOptions options)
    {
        options.Validate();
        EndDay = options.ObservationEnd.DayNumber;
        HoldoutEndDay = options.HoldoutEnd?.DayNumber ?? EndDay;
        PeriodDays = options.Period.Days();
        UnitDays = options.TimeUnit.Days();
        Returns = options.Returns;
    }

    /// <summary>What a negative amount does (see <see cref="ReturnsPolicy"/>).</summary>
    public ReturnsPolicy Returns { get; }

    /// <summary>Whether an amount is a return under the policy: negative, unless returns are kept as purchases.</summary>
    public bool IsReturn(double amount) => amount < 0 && Returns != ReturnsPolicy.Keep;

    /// <summary>Last calibration day, inclusive.</summary>
    public int EndDay { get; }

    /// <summary>Last holdout day, inclusive; equals <see cref="EndDay"/> without a holdout.</summary>
    public int HoldoutEndDay { get; }

    public int PeriodDays { get; }

    public int UnitDays { get; }

    public bool HasHoldout => HoldoutEndDay > EndDay;

    public int PeriodOfDay(int day) => PeriodOfDay(day, PeriodDays);

    /// <summary>
    /// The period number of a day number in periods of <paramref name="periodDays"/> days: the day itself, or its
    /// Monday-to-Sunday week (day number 0 is a Monday, and day numbers are never negative).
    /// </summary>
    public static int PeriodOfDay(int day, int periodDays) => periodDays == 1 ? day : day / periodDays;

    /// <summary>Converts a number of periods into the time unit.</summary>
    public double PeriodsToUnits(int periods) => periods * (double)PeriodDays / UnitDays;
}
