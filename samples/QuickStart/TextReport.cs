using System.Globalization;
using CustomerScoring.Summaries;
using MathNet.Numerics.Statistics;

namespace CustomerScoring.QuickStart;

/// <summary>The readable report printed to the console.</summary>
public static class TextReport
{
    /// <summary>Writes the report.</summary>
    public static void Write(PortfolioAnalysis a, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(output);
        CultureInfo inv = CultureInfo.InvariantCulture;
        CustomerSummaries s = a.Summaries;
        string unit = s.TimeUnit.ToName() + "s";
        output.WriteLine(string.Create(inv, $"CustomerScoring QuickStart: {a.InputPath}"));
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"Analysis date (observation end): {s.ObservationEnd:yyyy-MM-dd}   period: {s.Period.ToName()}   time unit: {s.TimeUnit.ToName()}"));
        output.WriteLine(string.Create(inv, $"Customers:     {s.Count,12:N0}"));
        output.WriteLine(string.Create(inv, $"Transactions:  {s.TransactionsUsed,12:N0}"));
        output.WriteLine(string.Create(inv, $"Revenue:       {s.Revenue,12:N2}"));
        output.WriteLine(string.Create(inv, $"Lines read:    {a.Import.LinesRead,12:N0}   rejected: {a.Import.LinesRejected:N0}   after the analysis date: {s.ExcludedAfterEnd:N0}"));
        foreach (var (reason, count) in a.Import.RejectionCounts.OrderByDescending(p => p.Value))
        {
            output.WriteLine(string.Create(inv, $"  rejected, {reason}: {count:N0}"));
        }

        foreach (var rejection in a.Import.Rejections.Take(5))
        {
            output.WriteLine(string.Create(inv, $"  {rejection}"));
        }

        output.WriteLine();
        output.WriteLine("Recency, frequency and monetary value per customer:");
        output.WriteLine(string.Create(inv, $"  {"",-34}{"min",10}{"25%",10}{"median",10}{"75%",10}{"max",10}{"mean",10}"));
        Row(output, $"recency ({unit} since last purchase)", s.TimeSinceLastPurchase);
        Row(output, "frequency (transactions)", ToDouble(s.TransactionCount));
        Row(output, "repeat periods (x)", s.Frequency);
        Row(output, "monetary (total)", s.TotalAmount);
        Row(output, "monetary (repeat mean, x > 0)", Positive(s.MonetaryRepeatMean, s.Frequency));
        output.WriteLine();
    }

    private static void Row(TextWriter output, string label, ReadOnlySpan<double> values)
    {
        double[] v = values.ToArray();
        if (v.Length == 0)
        {
            output.WriteLine($"  {label,-34}{"(none)",10}");
            return;
        }

        Array.Sort(v);
        double Q(double tau) => SortedArrayStatistics.QuantileCustom(v, tau, QuantileDefinition.R7);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-34}{v[0],10:N2}{Q(0.25),10:N2}{Q(0.5),10:N2}{Q(0.75),10:N2}{v[^1],10:N2}{v.Average(),10:N2}"));
    }

    private static double[] ToDouble(ReadOnlySpan<int> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    private static double[] Positive(ReadOnlySpan<double> values, ReadOnlySpan<double> frequency)
    {
        var result = new List<double>();
        for (int i = 0; i < values.Length; i++)
        {
            if (frequency[i] > 0)
            {
                result.Add(values[i]);
            }
        }

        return result.ToArray();
    }
}
