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

    public int PeriodOfDay(int day) => PeriodDays == 1 ? day : day / PeriodDays;

    /// <summary>Converts a number of periods into the time unit.</summary>
    public double PeriodsToUnits(int periods) => periods * (double)PeriodDays / UnitDays;
}
