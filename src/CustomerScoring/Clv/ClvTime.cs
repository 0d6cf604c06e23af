using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>Conversions of time spans into a model's time unit, so that horizons are never silently in the wrong unit.</summary>
public static class ClvTime
{
    /// <summary>Converts <paramref name="amount"/> <paramref name="from"/>-units into <paramref name="to"/>-units (e.g. 28 days = 4 weeks).</summary>
    /// <param name="amount">The length in <paramref name="from"/> units.</param>
    /// <param name="from">The unit of <paramref name="amount"/>.</param>
    /// <param name="to">The unit wanted.</param>
    /// <returns>The same length in <paramref name="to"/> units.</returns>
    public static double Convert(double amount, TimeUnit from, TimeUnit to) => amount * from.Days() / to.Days();

    /// <summary>Converts a length given in <paramref name="unit"/> into <paramref name="model"/>'s time unit, e.g. a horizon of 90 days for a weekly model.</summary>
    /// <param name="model">The fitted model.</param>
    /// <param name="amount">The length in <paramref name="unit"/>.</param>
    /// <param name="unit">The unit of <paramref name="amount"/>.</param>
    /// <returns>The length in the model's time unit.</returns>
    public static double ToModelUnits(this IPurchaseModel model, double amount, TimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Convert(amount, unit, model.TimeUnit);
    }
}
