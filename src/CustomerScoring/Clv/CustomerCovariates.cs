using System.Collections.ObjectModel;
using System.Globalization;

namespace CustomerScoring.Clv;

/// <summary>
/// Time-invariant customer covariates for <see cref="CovariatePurchaseModel"/>: one numeric column per covariate, one
/// value per customer in the order of the frequency/recency/age spans. Categorical columns are expanded to 0/1
/// indicators, one per level except the stated reference level. Immutable and thread-safe.
/// </summary>
public sealed class CustomerCovariates
{
    private readonly double[][] columns;

    private CustomerCovariates(string[] names, double[][] columns, int count)
    {
        Names = Array.AsReadOnly(names);
        this.columns = columns;
        Count = count;
    }

    /// <summary>The covariate names (indicators are named "column=level").</summary>
    public ReadOnlyCollection<string> Names { get; }

    /// <summary>Customers (rows).</summary>
    public int Count { get; }

    /// <summary>The value of covariate <paramref name="covariate"/> for customer <paramref name="row"/>.</summary>
    /// <param name="row">Row.</param>
    /// <param name="covariate">Column.</param>
    /// <returns>The value.</returns>
    public double this[int row, int covariate] => columns[covariate][row];

    /// <summary>Numeric covariates from named columns of equal length.</summary>
    /// <param name="names">One name per column.</param>
    /// <param name="values">One array per column, one value per customer (finite).</param>
    /// <returns>The covariates.</returns>
    /// <exception cref="ArgumentException">Counts or lengths differ, a name repeats, or a value is not finite (named by position).</exception>
    public static CustomerCovariates FromColumns(IReadOnlyList<string> names, IReadOnlyList<double[]> values)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        if (names.Count != values.Count || names.Count == 0)
        {
            throw new ArgumentException($"Give one name per column and at least one column; got {names.Count} names and {values.Count} columns.", nameof(values));
        }

        int n = values[0].Length;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < names.Count; k++)
        {
            if (!seen.Add(names[k]))
            {
                throw new ArgumentException($"Covariate name '{names[k]}' appears twice.", nameof(names));
            }

            if (values[k].Length != n)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Covariate '{names[k]}' has {values[k].Length} values but '{names[0]}' has {n}."), nameof(values));
            }

            for (int i = 0; i < n; i++)
            {
                if (!double.IsFinite(values[k][i]))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Covariate '{names[k]}' of the customer at position {i} is {values[k][i]}; covariates must be finite."), nameof(values));
                }
            }
        }

        return new CustomerCovariates([.. names], [.. values.Select(v => (double[])v.Clone())], n);
    }

    /// <summary>
    /// These covariates plus 0/1 indicators of a categorical column: one per level other than
    /// <paramref name="referenceLevel"/> (levels in ordinal order), named "<paramref name="name"/>=level". A customer at the
    /// reference level has all of them 0, so each coefficient compares its level with the reference.
    /// </summary>
    /// <param name="name">The column's name.</param>
    /// <param name="levels">One level per customer.</param>
    /// <param name="referenceLevel">The level without an indicator; it must occur.</param>
    /// <returns>The extended covariates.</returns>
    public CustomerCovariates WithCategorical(string name, IReadOnlyList<string> levels, string referenceLevel) =>
        Combine(this, Categorical(name, levels, referenceLevel));

    /// <summary>Indicators of a categorical column alone (see <see cref="WithCategorical"/>).</summary>
    /// <param name="name">The column's name.</param>
    /// <param name="levels">One level per customer.</param>
    /// <param name="referenceLevel">The level without an indicator; it must occur.</param>
    /// <returns>The covariates.</returns>
    public static CustomerCovariates Categorical(string name, IReadOnlyList<string> levels, string referenceLevel)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var distinct = levels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!distinct.Remove(referenceLevel))
        {
            throw new ArgumentException($"The reference level '{referenceLevel}' does not occur in '{name}' (levels: {string.Join(", ", distinct)}).", nameof(referenceLevel));
        }

        if (distinct.Count == 0)
        {
            throw new ArgumentException($"'{name}' has only the reference level '{referenceLevel}': no indicator to estimate.", nameof(levels));
        }

        var names = distinct.Select(l => name + "=" + l).ToArray();
        var cols = distinct.Select(l => levels.Select(v => string.Equals(v, l, StringComparison.Ordinal) ? 1.0 : 0.0).ToArray()).ToArray();
        return FromColumns(names, cols);
    }

    /// <summary>The covariates of the given rows, in that order (rows may repeat).</summary>
    internal CustomerCovariates SelectRows(ReadOnlySpan<int> rows)
    {
        var selected = new double[columns.Length][];
        for (int k = 0; k < columns.Length; k++)
        {
            var column = selected[k] = new double[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                column[i] = columns[k][rows[i]];
            }
        }

        return new CustomerCovariates([.. Names], selected, rows.Length);
    }

    private static CustomerCovariates Combine(CustomerCovariates a, CustomerCovariates b)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The categorical column has {b.Count} values but the covariates have {a.Count} customers."));
        }

        return FromColumns([.. a.Names, .. b.Names], [.. a.columns, .. b.columns]);
    }
}
