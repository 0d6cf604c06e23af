using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>
/// A fitted buy-till-you-die purchase model (BG/NBD, MBG/NBD, Pareto/NBD). All spans hold one value per customer:
/// frequency x (repeat purchase periods), recency t_x and age T, both in <see cref="TimeUnit"/>.
/// Predictions write into a caller-supplied destination with at least as many elements as customers.
/// </summary>
public interface IPurchaseModel
{
    /// <summary>The unit of t_x, T, horizons and the rate parameters. Convert other units with <see cref="ClvTime.ToModelUnits"/>.</summary>
    TimeUnit TimeUnit { get; }

    /// <summary>The fit facts, or null for a model built from given parameters.</summary>
    ClvFitDiagnostics? Diagnostics { get; }

    /// <summary>Conditional expected number of purchases in (T, T + horizon] given each customer's history.</summary>
    /// <param name="frequency">Repeat purchase periods x.</param>
    /// <param name="recency">Time of the last purchase since the first, t_x.</param>
    /// <param name="age">Time since the first purchase, T.</param>
    /// <param name="horizon">Length of the prediction window in <see cref="TimeUnit"/>s.</param>
    /// <param name="destination">Receives one value per customer.</param>
    void ExpectedPurchases(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, double horizon, Span<double> destination);

    /// <summary>Probability that each customer is still active ("alive") at T.</summary>
    /// <param name="frequency">Repeat purchase periods x.</param>
    /// <param name="recency">Time of the last purchase since the first, t_x.</param>
    /// <param name="age">Time since the first purchase, T.</param>
    /// <param name="destination">Receives one value per customer.</param>
    void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination);

    /// <summary>E[X(t)]: expected repeat purchases of a newly acquired customer in the first <paramref name="horizon"/> time units.</summary>
    /// <param name="horizon">Length of the window in <see cref="TimeUnit"/>s.</param>
    /// <returns>The expected number of purchases.</returns>
    double ExpectedPurchasesNewCustomer(double horizon);

    /// <summary>Total log-likelihood of the customers under the model (checks the input like a fit does, except the all-zero rule).</summary>
    /// <param name="frequency">Repeat purchase periods x.</param>
    /// <param name="recency">Time of the last purchase since the first, t_x.</param>
    /// <param name="age">Time since the first purchase, T.</param>
    /// <returns>Σ ln L over the customers.</returns>
    double LogLikelihood(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age);
}
