using CustomerScoring.Clv;
using CustomerScoring.Summaries;

namespace CustomerScoring.Charts;

/// <summary>
/// One customer's P(alive) through time under a fitted model: at each time t (in the model's unit since the first purchase)
/// the customer's history up to t gives x (purchase days after the first day, up to t), t_x (the last of them) and T = t.
/// Evaluated on an even grid and just before and at each purchase, so the jumps show.
/// </summary>
internal sealed class AliveHistory
{
    private AliveHistory(DateOnly first, double[] times, double[] probabilities, double[] purchaseTimes)
    {
        First = first;
        Times = times;
        Probabilities = probabilities;
        PurchaseTimes = purchaseTimes;
    }

    /// <summary>The first purchase day (time 0).</summary>
    public DateOnly First { get; }

    /// <summary>Times of the points, in the model's unit since <see cref="First"/>, ascending.</summary>
    public double[] Times { get; }

    /// <summary>P(alive) at each time.</summary>
    public double[] Probabilities { get; }

    /// <summary>Times of the repeat purchase days.</summary>
    public double[] PurchaseTimes { get; }

    public static AliveHistory From(IPurchaseModel model, IEnumerable<DateTime> purchases, DateOnly end, int points)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        DateOnly[] days = [.. purchases.Select(DateOnly.FromDateTime).Distinct().Order()];
        if (days.Length == 0)
        {
            throw new ArgumentException("The customer has no purchase: there is no history to chart.", nameof(purchases));
        }

        if (days[^1] > end)
        {
            throw new ArgumentException($"A purchase ({days[^1]:yyyy-MM-dd}) falls after the end {end:yyyy-MM-dd}; give an end on or after the last purchase.", nameof(end));
        }

        double Time(DateOnly d) => model.ToModelUnits(d.DayNumber - days[0].DayNumber, TimeUnit.Day);
        double[] purchaseTimes = [.. days.Skip(1).Select(Time)];
        double total = Time(end);
        var times = new SortedSet<double>(Enumerable.Range(0, points).Select(i => total * i / (points - 1)));
        const double JustBefore = 1e-9;
        foreach (double p in purchaseTimes)
        {
            times.Add(p);
            times.Add(Math.Max(0, p - JustBefore));
        }

        double[] t = [.. times];
        var x = new double[t.Length];
        var tx = new double[t.Length];
        for (int i = 0; i < t.Length; i++)
        {
            int count = 0;
            while (count < purchaseTimes.Length && purchaseTimes[count] <= t[i])
            {
                count++;
            }

            x[i] = count;
            tx[i] = count == 0 ? 0 : purchaseTimes[count - 1];
        }

        var probability = new double[t.Length];
        model.ProbabilityAlive(x, tx, t, probability);
        return new AliveHistory(days[0], t, probability, purchaseTimes);
    }
}
