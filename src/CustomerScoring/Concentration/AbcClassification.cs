using System.Globalization;

namespace CustomerScoring.Concentration;

/// <summary>
/// ABC classes of customers by cumulative share of value (see <see cref="ParetoAnalysis.ClassifyAbc"/> for the rule), with the
/// count of customers and the share of value in each class. Immutable.
/// </summary>
public sealed class AbcClassification
{
    private readonly AbcClass[] _classes;

    internal AbcClassification(AbcClass[] classes, double aShare, double bShare, int countA, int countB, int countC, double valueA, double valueB, double valueC)
    {
        _classes = classes;
        AShare = aShare;
        BShare = bShare;
        CountA = countA;
        CountB = countB;
        CountC = countC;
        ValueShareA = valueA;
        ValueShareB = valueB;
        ValueShareC = valueC;
    }

    /// <summary>The cumulative value share that closes class A.</summary>
    public double AShare { get; }

    /// <summary>The cumulative value share that closes class B.</summary>
    public double BShare { get; }

    /// <summary>Class of each customer, by row (the position of its value in the values analysed: the summary row for a
    /// summary column); <see cref="AbcClass.Excluded"/> for excluded customers.</summary>
    public ReadOnlySpan<AbcClass> Classes => _classes;

    /// <summary>Number of A customers.</summary>
    public int CountA { get; }

    /// <summary>Number of B customers.</summary>
    public int CountB { get; }

    /// <summary>Number of C customers.</summary>
    public int CountC { get; }

    /// <summary>Share of total value held by A customers.</summary>
    public double ValueShareA { get; }

    /// <summary>Share of total value held by B customers.</summary>
    public double ValueShareB { get; }

    /// <summary>Share of total value held by C customers.</summary>
    public double ValueShareC { get; }

    /// <summary>"A: 1,234 customers (12.3%) hold 80.1% | B: ... | C: ...".</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        double n = CountA + CountB + CountC;
        return string.Create(CultureInfo.InvariantCulture,
            $"A: {CountA:N0} customers ({100 * CountA / n:F1}%) hold {100 * ValueShareA:F1}% | B: {CountB:N0} ({100 * CountB / n:F1}%) hold {100 * ValueShareB:F1}% | C: {CountC:N0} ({100 * CountC / n:F1}%) hold {100 * ValueShareC:F1}%");
    }
}
