using System.Globalization;
using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>
/// The distinct (x, t_x, T) rows of a customer base with the number of customers on each: everything BG/NBD,
/// MBG/NBD and Pareto/NBD need to be fitted. A few thousand rows stand for any number of customers, so the
/// histogram can be computed where the data lives (a database's GROUP BY) and only it crosses the wire.
/// </summary>
/// <remarks>
/// Fitting from the histogram maximizes exactly the likelihood of the per-customer fit (each row's log-likelihood
/// weighted by its count, as the per-customer <c>Fit</c> methods do after merging identical customers), from the same
/// starting values; the estimates agree to the optimizer's tolerance. Immutable and thread-safe.
/// </remarks>
public sealed class ClvHistogram
{
    private readonly double[] _x;
    private readonly double[] _tx;
    private readonly double[] _t;
    private readonly double[] _count;

    /// <summary>Creates a histogram from its rows (rows with equal (x, t_x, T) may repeat; they are added together).</summary>
    /// <param name="frequency">x of each row: repeat purchase periods (whole numbers).</param>
    /// <param name="recency">t_x of each row in <paramref name="timeUnit"/>s.</param>
    /// <param name="age">T of each row in <paramref name="timeUnit"/>s.</param>
    /// <param name="customers">The number of customers of each row: a whole number, at least 1.</param>
    /// <param name="timeUnit">The unit of recency and age.</param>
    /// <exception cref="ArgumentException">A row breaks the rules of the per-customer fit (named by position and value), or a count is not a whole number &gt;= 1, or the lengths differ.</exception>
    public ClvHistogram(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> customers, TimeUnit timeUnit)
    {
        _ = timeUnit.Days();
        ClvInput.Validate(frequency, recency, age, forFitting: false);
        if (customers.Length != frequency.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The spans must have one value per row: frequency has {frequency.Length}, customers {customers.Length}."), nameof(customers));
        }

        double total = 0.0;
        for (int i = 0; i < customers.Length; i++)
        {
            double w = customers[i];
            if (!double.IsFinite(w) || w < 1.0 || w != Math.Floor(w) || w > int.MaxValue)
            {
                throw ClvInput.Bad(nameof(customers), i, $"the customer count {w} is not a whole number >= 1.");
            }

            total += w;
        }

        if (total > int.MaxValue)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The histogram counts {total} customers, more than {int.MaxValue}."), nameof(customers));
        }

        _x = frequency.ToArray();
        _tx = recency.ToArray();
        _t = age.ToArray();
        _count = customers.ToArray();
        CustomerCount = (int)total;
        TimeUnit = timeUnit;
    }

    /// <summary>x of each row.</summary>
    public ReadOnlySpan<double> Frequency => _x;

    /// <summary>t_x of each row.</summary>
    public ReadOnlySpan<double> Recency => _tx;

    /// <summary>T of each row.</summary>
    public ReadOnlySpan<double> Age => _t;

    /// <summary>The number of customers of each row.</summary>
    public ReadOnlySpan<double> Customers => _count;

    /// <summary>The number of rows.</summary>
    public int Count => _x.Length;

    /// <summary>The number of customers (the sum of the counts).</summary>
    public int CustomerCount { get; }

    /// <summary>The unit of recency and age.</summary>
    public TimeUnit TimeUnit { get; }

    /// <summary>The histogram of summaries' (x, t_x, T) columns.</summary>
    /// <param name="summaries">The customer summaries.</param>
    public static ClvHistogram FromSummaries(CustomerSummaries summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        CompressedRows rows = ClvInput.Compress(summaries.Frequency, summaries.Recency, summaries.Age);
        return new ClvHistogram(rows.X, rows.Tx, rows.T, rows.Weight, summaries.TimeUnit);
    }

    /// <summary>Fits BG/NBD by maximum likelihood; the same model as <see cref="BgNbdModel.Fit"/> on the customers.</summary>
    /// <param name="options">Fit options; null for <see cref="ClvFitOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the fit.</param>
    /// <exception cref="ArgumentException">No customer has a repeat purchase.</exception>
    /// <exception cref="ClvFitException">The fit did not converge and <see cref="ClvFitOptions.ThrowOnNonConvergence"/> is true.</exception>
    public BgNbdModel FitBgNbd(ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        return BgNbdModel.FitRows(Rows(), TimeUnit, options, cancellationToken);
    }

    /// <summary>Fits MBG/NBD by maximum likelihood; the same model as <see cref="MbgNbdModel.Fit"/> on the customers.</summary>
    /// <param name="options">Fit options; null for <see cref="ClvFitOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the fit.</param>
    /// <exception cref="ArgumentException">No customer has a repeat purchase.</exception>
    /// <exception cref="ClvFitException">The fit did not converge and <see cref="ClvFitOptions.ThrowOnNonConvergence"/> is true.</exception>
    public MbgNbdModel FitMbgNbd(ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        return MbgNbdModel.FitRows(Rows(), TimeUnit, options, cancellationToken);
    }

    /// <summary>Fits Pareto/NBD by maximum likelihood; the same model as <see cref="ParetoNbdModel.Fit"/> on the customers.</summary>
    /// <param name="options">Fit options; null for <see cref="ClvFitOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the fit.</param>
    /// <exception cref="ArgumentException">No customer has a repeat purchase.</exception>
    /// <exception cref="ClvFitException">The fit did not converge and <see cref="ClvFitOptions.ThrowOnNonConvergence"/> is true.</exception>
    public ParetoNbdModel FitParetoNbd(ClvFitOptions? options = null, CancellationToken cancellationToken = default) =>
        ParetoNbdModel.FitRows(Rows(), TimeUnit, options, cancellationToken);

    /// <summary>A short description.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"ClvHistogram: {Count:N0} distinct (x, t_x, T) rows, {CustomerCount:N0} customers, time unit {TimeUnit.ToName()}");

    /// <summary>The rows merged and sorted as the per-customer fit merges them; throws when nobody repeats or nobody is there.</summary>
    private CompressedRows Rows()
    {
        if (CustomerCount == 0)
        {
            throw new ArgumentException("No customers to fit.", nameof(Customers));
        }

        bool anyRepeat = false;
        foreach (double x in _x)
        {
            anyRepeat |= x > 0.0;
        }

        if (!anyRepeat)
        {
            throw new ArgumentException(
                "All frequencies are 0: with no repeat purchases the purchase and dropout rates cannot be estimated. Use a longer calibration period or the simple CLV formulas.",
                nameof(Frequency));
        }

        return ClvInput.Compress(_x, _tx, _t, _count);
    }
}
