using System.Globalization;
using CustomerScoring.Clv;
using CustomerScoring.Csv;
using CustomerScoring.Summaries;
using MathNet.Numerics.Statistics;

namespace CustomerScoring.Cli;

/// <summary>The readable report printed to the console.</summary>
internal static class TextReport
{
    /// <summary>Writes the report.</summary>
    public static void Write(CliRun a, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(output);
        CultureInfo inv = CultureInfo.InvariantCulture;
        CustomerSummaries s = a.Card.Summaries;
        string unit = s.TimeUnit.ToName() + "s";
        output.WriteLine(string.Create(inv, $"CustomerScoring QuickStart: {a.InputPath}"));
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"Analysis date (observation end): {s.ObservationEnd:yyyy-MM-dd}   period: {s.Period.ToName()}   time unit: {s.TimeUnit.ToName()}"));
        output.WriteLine(string.Create(inv, $"Customers:     {s.Count,12:N0}"));
        output.WriteLine(string.Create(inv, $"Transactions:  {s.TransactionsUsed,12:N0}"));
        output.WriteLine(string.Create(inv, $"Revenue:       {s.Revenue,12:N2}"));
        if (s.ReturnTransactions > 0 || s.CustomersWithOnlyReturns > 0)
        {
            output.WriteLine(string.Create(inv,
                $"Returns:       {s.ReturnTransactions,12:N0}   value {s.ReturnsValue:N2}, {PolicyWords(a.Options.Returns)}; gross revenue {s.GrossRevenue:N2}; {s.CustomersWithOnlyReturns:N0} customers with only returns have no row"));
        }

        output.WriteLine(string.Create(inv, $"Lines read:    {a.Import.LinesRead,12:N0}   rejected: {a.Import.LinesRejected:N0}   after the analysis date: {s.ExcludedAfterEnd:N0}"));
        CsvImportReport import = a.Import;
        if (import.LinesRejected > 0)
        {
            output.WriteLine(string.Create(inv,
                $"  rejected lines carry {import.AmountRejected:N2} of {import.AmountUsed + import.AmountRejected:N2} in amounts ({import.RejectedAmountShare:P1} of revenue)"));
        }

        foreach (var (reason, total) in import.RejectionTotals.OrderByDescending(p => p.Value.Count))
        {
            output.WriteLine(string.Create(inv, $"  rejected, {reason}: {total.Count:N0} lines, amount {total.Amount:N2}"));
            if (total.First is { } first)
            {
                output.WriteLine($"    first: {Printable(first.ToString())}");
            }

            output.WriteLine($"    hint: {FlagHint(reason)}");
        }

        if (import.CancelledLines > 0)
        {
            output.WriteLine(string.Create(inv, $"  {import.CancelledLines:N0} lines of cancelled invoices read as returns (negative amounts)"));
        }

        if (import.InvoiceTimestampConflicts > 0)
        {
            output.WriteLine(string.Create(inv, $"  {import.InvoiceTimestampConflicts:N0} invoice lines had another timestamp than their invoice's first line; the first was used (--invoice-timestamps reject refuses them)"));
        }

        output.WriteLine();
        output.WriteLine("Recency, frequency and monetary value per customer:");
        output.WriteLine(string.Create(inv, $"  {"",-34}{"min",12}{"25%",12}{"median",12}{"75%",12}{"max",12}{"mean",12}"));
        Row(output, $"recency ({unit} since last purchase)", s.TimeSinceLastPurchase);
        Row(output, "frequency (transactions)", ToDouble(s.TransactionCount));
        Row(output, "repeat periods (x)", s.Frequency);
        Row(output, "monetary (total)", s.TotalAmount);
        Row(output, "monetary (repeat mean, x > 0)", Positive(s.MonetaryRepeatMean, s.Frequency));
        output.WriteLine();
        WriteSegments(a, output);
        WriteConcentration(a, output);
        WriteClv(a, output);
        WriteAssignment(a, output, $"Tiers ({a.Card.Tiers.Tiers.RuleSet.Name}):", a.Card.Tiers.Tiers);
        WriteAssignment(a, output, $"Lifecycle stages ({a.Card.Tiers.Stages.RuleSet.Name}):", a.Card.Tiers.Stages);
    }

    private static void WriteAssignment(CliRun a, TextWriter output, string title, CustomerScoring.Rules.TierAssignment assignment) =>
        WriteGroups(a, output, title, "name", assignment.TierNames, assignment.Counts, assignment.TierIndices, largestFirst: false);

    /// <summary>
    /// A table of groups (segments, tiers, stages): customers, share of customers and share of revenue per group.
    /// With <paramref name="largestFirst"/>, groups are sorted by size and empty ones left out; otherwise all are
    /// listed in their own order.
    /// </summary>
    private static void WriteGroups(
        CliRun a, TextWriter output, string title, string nameHeader,
        IReadOnlyList<string> names, IReadOnlyList<int> counts, ReadOnlySpan<byte> groupOf, bool largestFirst)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        CustomerSummaries s = a.Card.Summaries;
        var revenue = new double[names.Count];
        for (int r = 0; r < s.Count; r++)
        {
            revenue[groupOf[r]] += s.TotalAmount[r];
        }

        output.WriteLine(title);
        output.WriteLine(string.Create(inv, $"  {nameHeader,-22}{"customers",10}{"share",9}{"revenue share",15}"));
        IEnumerable<int> order = largestFirst
            ? Enumerable.Range(0, names.Count).Where(i => counts[i] > 0).OrderByDescending(i => counts[i])
            : Enumerable.Range(0, names.Count);
        foreach (int i in order)
        {
            output.WriteLine(string.Create(inv, $"  {names[i],-22}{counts[i],10:N0}{(double)counts[i] / s.Count,9:P1}{Share(revenue[i], s.Revenue),15:P1}"));
        }

        output.WriteLine();
    }

    private static void WriteClv(CliRun a, TextWriter output)
    {
        if (a.Card.Clv is not { } clv)
        {
            output.WriteLine(a.Card.ClvFailure is { } why ? $"CLV: no model could be fitted: {why}" : "CLV: no model fitted.");
            output.WriteLine();
            return;
        }

        CultureInfo inv = CultureInfo.InvariantCulture;
        CustomerSummaries s = a.Card.Summaries;
        if (clv.Comparison is { } comparison)
        {
            output.WriteLine("Purchase models compared (--model auto):");
            foreach (string line in comparison.ToString().Split('\n'))
            {
                output.WriteLine("  " + line.TrimEnd('\r'));
            }
        }

        output.WriteLine(string.Create(inv, $"CLV model {clv.Name} (time unit {s.TimeUnit.ToName()}) with Gamma-Gamma spend:"));
        WriteFit(output, clv.Purchases.Diagnostics);
        WriteFit(output, clv.Spend.Diagnostics);
        ClvForecast f = clv.Forecast;
        output.WriteLine(string.Create(inv,
            $"  horizon {f.Options.Horizon:G4} {f.Options.HorizonUnit.ToName()}s, annual discount rate {f.Options.AnnualDiscountRate:P1}, margin {f.Options.MarginRate:P0}: total CLV {f.Value.Sum():N2}, expected purchases {f.ExpectedPurchases.Sum():N1}"));
        if (clv.Intervals is { } ci)
        {
            output.WriteLine(string.Create(inv,
                $"  {ci.Level:P0} interval of total CLV: {ci.TotalValueLow:N2} to {ci.TotalValueHigh:N2} ({ci.UsedDraws} bootstrap draws of the fitted parameters)"));
        }

        foreach (string note in f.Notes)
        {
            output.WriteLine($"  note: {FlagWords.Of(note)}");
        }

        if (f.SpendFallbackCount > 0)
        {
            output.WriteLine(string.Create(inv, $"  {f.SpendFallbackCount:N0} repeat buyers with a non-positive mean repeat spend were given the population mean spend"));
        }

        output.WriteLine("  Top customers by CLV:");
        output.WriteLine(string.Create(inv, $"    {"customer",-14}{"x",6}{"p_alive",9}{"exp. purchases",16}{"exp. spend",12}{"clv",12}"));
        foreach (int r in Enumerable.Range(0, s.Count).OrderByDescending(r => f.Value[r]).Take(5))
        {
            output.WriteLine(string.Create(inv,
                $"    {Printable(a.Card.KeyOf(r)),-14}{s.Frequency[r],6:F0}{f.ProbabilityAlive[r],9:F3}{f.ExpectedPurchases[r],16:F2}{f.ExpectedSpend[r],12:F2}{f.Value[r],12:F2}"));
        }

        output.WriteLine();
    }

    private static void WriteFit(TextWriter output, ClvFitDiagnostics? fit)
    {
        if (fit is null)
        {
            return;
        }

        CultureInfo inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"  {fit.ModelName}: log-likelihood {fit.LogLikelihood:F2}, {fit.Iterations} iterations, {(fit.Converged ? "converged" : "NOT converged")}, {fit.CustomerCount:N0} customers"));
        for (int i = 0; i < fit.ParameterNames.Count; i++)
        {
            output.WriteLine(string.Create(inv, $"    {fit.ParameterNames[i],-8}{fit.Estimates[i],12:G6}  (s.e. {fit.StandardErrors[i]:G4})"));
        }
    }

    private static void WriteSegments(CliRun a, TextWriter output)
    {
        string[] names = Enumerable.Range(0, a.Card.Rfm.SegmentCounts.Count).Select(a.Card.Rfm.Scorer.Segments.SegmentName).ToArray();
        string title = string.Create(CultureInfo.InvariantCulture, $"RFM segments ({a.Card.Rfm.Scorer.Recency.Bins} bins, {a.Card.Rfm.Scorer.Recency.Method}):");
        WriteGroups(a, output, title, "segment", names, a.Card.Rfm.SegmentCounts, a.Card.Rfm.SegmentIndices, largestFirst: true);
    }

    private static void WriteConcentration(CliRun a, TextWriter output)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        var c = a.Card.Concentration;
        output.WriteLine(string.Create(inv, $"Concentration of {a.Options.MeasureName}:"));
        output.WriteLine(string.Create(inv, $"  top 20% of customers hold {c.TopShare(0.2):P1} of {a.Options.MeasureName}; {c.CustomerShareFor(0.8):P1} of customers ({c.CustomersForShare(0.8):N0}) make 80%"));
        output.WriteLine(string.Create(inv, $"  Gini {c.Gini:F4}   Herfindahl {c.Herfindahl:F6}   {c.CrossingCustomerShare:P1} of customers hold {c.CrossingValueShare:P1}"));
        output.WriteLine(string.Create(inv, $"  ABC classes (A to 80%, B to 95%): A {a.Card.Abc.CountA:N0}, B {a.Card.Abc.CountB:N0}, C {a.Card.Abc.CountC:N0}"));
        if (c.NegativeCount > 0)
        {
            output.WriteLine(string.Create(inv, $"  {c.NegativeCount:N0} customers with a negative {a.Options.MeasureName} (net refunds) count as holding 0"));
        }

        output.WriteLine("  Lorenz curve (customers from the smallest):");
        output.WriteLine(string.Create(inv, $"    {"customers",10}{"hold",10}"));
        foreach (var point in c.LorenzTable())
        {
            output.WriteLine(string.Create(inv, $"    {point.CustomerShare,10:P0}{point.ValueShare,10:P1}"));
        }

        output.WriteLine();
    }

    private static string PolicyWords(ReturnsPolicy policy) => policy switch
    {
        ReturnsPolicy.Net => "netted from customers' value (--returns net)",
        ReturnsPolicy.Exclude => "excluded (--returns exclude)",
        _ => "kept as transactions (--returns keep)",
    };

    /// <summary>The reader's hint for a rejection reason, in the words of the command's flags.</summary>
    internal static string FlagHint(CsvRejectionReason reason) => FlagWords.Of(CsvImportReport.Hint(reason));

    /// <summary>Text as it may be printed to a terminal: control characters (escape sequences included) shown as \uXXXX.</summary>
    internal static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            sb.Append(char.IsControl(c) ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString());
        }

        return sb.ToString();
    }

    private static double Share(double part, double total) => total == 0 ? 0 : part / total;

    private static void Row(TextWriter output, string label, ReadOnlySpan<double> values)
    {
        double[] v = values.ToArray();
        if (v.Length == 0)
        {
            output.WriteLine($"  {label,-34}{"(none)",12}");
            return;
        }

        Array.Sort(v);
        double Q(double tau) => SortedArrayStatistics.QuantileCustom(v, tau, QuantileDefinition.R7);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-34}{v[0],12:N2}{Q(0.25),12:N2}{Q(0.5),12:N2}{Q(0.75),12:N2}{v[^1],12:N2}{v.Average(),12:N2}"));
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
