using System.Globalization;
using CustomerScoring.Clv;
using CustomerScoring.Cohorts;
using CustomerScoring.Csv;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;

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
        output.WriteLine(string.Create(inv, $"customer-scoring report: {a.InputPath}"));
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

        if (a.Import is null && a.ParquetImport is null)
        {
            // An engine read the rows (--db, --engine duckdb): nothing was rejected here; rows with NULLs fail the run.
            output.WriteLine(string.Create(inv, $"Summarized by: {a.InputPath}   rows after the analysis date: {s.ExcludedAfterEnd:N0}"));
        }
        else
        {
            output.WriteLine(string.Create(inv, $"Lines read:    {a.LinesRead,12:N0}   rejected: {a.LinesRejected:N0}   after the analysis date: {s.ExcludedAfterEnd:N0}"));
        }

        if (a.Import is { } import)
        {
            WriteCsvImport(import, output);
        }

        foreach (var (reason, count) in a.ParquetImport?.RejectionCounts.OrderByDescending(p => p.Value) ?? Enumerable.Empty<KeyValuePair<CustomerScoring.Parquet.ParquetRejectionReason, long>>())
        {
            output.WriteLine(string.Create(inv, $"  rejected, {reason}: {count:N0} rows"));
        }

        output.WriteLine();
        output.WriteLine("Recency, frequency and monetary value per customer:");
        output.WriteLine(string.Create(inv, $"  {"",-34}{"min",12}{"25%",12}{"median",12}{"75%",12}{"max",12}{"mean",12}"));
        foreach (string line in a.Statistics?.Result ?? StatisticsLines(s, sideBySide: true))
        {
            output.WriteLine(line);
        }
        output.WriteLine();
        WriteSegments(a, output);
        WriteConcentration(a, output);
        WriteClv(a, output);
        WriteCohorts(a, output);
        WriteAssignment(a, output, $"Tiers ({a.Card.Tiers.Tiers.RuleSet.Name}):", a.Card.Tiers.Tiers);
        WriteAssignment(a, output, $"Lifecycle stages ({a.Card.Tiers.Stages.RuleSet.Name}):", a.Card.Tiers.Stages);
    }

    /// <summary>What the CSV reader rejected (by reason, with amounts, first lines and hints), cancellations and invoice conflicts.</summary>
    private static void WriteCsvImport(CsvImportReport import, TextWriter output)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
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
        WriteFit(output, clv.PurchaseDiagnostics, clv.Covariates is null ? null : 4);
        if (clv.Covariates is { } withCovariates)
        {
            WriteCovariates(a, output, withCovariates);
        }

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

        if (f.ReturnedAwayCount > 0)
        {
            output.WriteLine(string.Create(inv, $"  {f.ReturnedAwayCount:N0} customers whose returns netted their repeat purchases (or their total) to nothing are expected to spend 0: CLV 0 (--explain ID says why)"));
        }

        output.WriteLine("  Top customers by CLV:");
        output.WriteLine(string.Create(inv, $"    {"customer",-14}{"x",6}{"p_alive",9}{"exp. purchases",16}{"exp. spend",12}{"clv",12}"));
        // Equal values (customers with the same history) in the order of their ids, not of the file's rows.
        foreach (int r in Largest(f.Value, a.Card.KeyOf, 5))
        {
            output.WriteLine(string.Create(inv,
                $"    {Printable(a.Card.KeyOf(r)),-14}{s.Frequency[r],6:F0}{f.ProbabilityAlive[r],9:F3}{f.ExpectedPurchases[r],16:F2}{f.ExpectedSpend[r],12:F2}{f.Value[r],12:F2}"));
        }

        output.WriteLine();
    }

    private static void WriteFit(TextWriter output, ClvFitDiagnostics? fit, int? parameters = null)
    {
        if (fit is null)
        {
            return;
        }

        CultureInfo inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"  {fit.ModelName}: log-likelihood {fit.LogLikelihood:F2}, {fit.Iterations} iterations, {(fit.Converged ? "converged" : "NOT converged")}, {fit.CustomerCount:N0} customers"));
        for (int i = 0; i < (parameters ?? fit.ParameterNames.Count); i++)
        {
            output.WriteLine(string.Create(inv, $"    {fit.ParameterNames[i],-8}{fit.Estimates[i],12:G6}  (s.e. {fit.StandardErrors[i]:G4})"));
        }
    }

    /// <summary>
    /// The coefficients of the covariate model, one line per covariate: purchase (a positive one raises the purchase rate) and
    /// dropout (lifetime) coefficients with their standard errors.
    /// </summary>
    private static void WriteCovariates(CliRun a, TextWriter output, CovariatePurchaseModel model)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        output.WriteLine($"  covariates from {a.Covariates?.Path}: {string.Join("; ", a.Covariates?.Columns ?? [])}");
        output.WriteLine(string.Create(inv, $"    {"covariate",-24}{"purchase",12}{"(s.e.)",10}{"dropout",12}{"(s.e.)",10}"));
        foreach (var c in CovariateCoefficients(model))
        {
            output.WriteLine(string.Create(inv, $"    {Printable(c.Name),-24}{c.Purchase,12:F4}{c.PurchaseError,10:F4}{c.Dropout,12:F4}{c.DropoutError,10:F4}"));
        }

        output.WriteLine(model.Kind == PurchaseModelKind.ParetoNbd
            ? "    a positive purchase coefficient raises the purchase rate; a positive dropout coefficient shortens lifetimes"
            : "    a positive purchase coefficient raises the purchase rate; a positive dropout coefficient scales both dropout shapes (same mean dropout probability, less spread)");
    }

    /// <summary>Each covariate's purchase and dropout coefficients with their standard errors, from the fit's diagnostics.</summary>
    internal static IEnumerable<(string Name, double Purchase, double PurchaseError, double Dropout, double DropoutError)> CovariateCoefficients(CovariatePurchaseModel model)
    {
        ClvFitDiagnostics? d = model.Diagnostics;
        int k = model.CovariateNames.Count;
        for (int j = 0; j < k; j++)
        {
            double Se(int index) => d is null ? double.NaN : d.StandardErrors[index];
            yield return (model.CovariateNames[j], model.TransactionCoefficients[j], Se(4 + j), model.LifetimeCoefficients[j], Se(4 + k + j));
        }
    }

    private static void WriteCohorts(CliRun a, TextWriter output)
    {
        if (a.Cohorts is not { } t)
        {
            return;
        }

        CultureInfo inv = CultureInfo.InvariantCulture;
        int acquired = 0, observed = 0, activeNext = 0;
        for (int c = 0; c < t.CohortCount; c++)
        {
            acquired += t.Acquired(c);
            if (t.IsObserved(c, 1))
            {
                observed += t.Acquired(c);
                activeNext += t.ActiveCustomers(c, 1);
            }
        }

        string unit = a.Options.CohortPeriod == CohortPeriod.Month ? "month" : "week";
        output.WriteLine(string.Create(inv, $"Acquisition cohorts by {unit} (--cohorts {a.Options.Cohorts}): {t.CohortCount:N0} cohorts, {acquired:N0} customers, {t.PeriodCount:N0} {unit}s since the first"));
        if (observed > 0)
        {
            output.WriteLine(string.Create(inv, $"  {(double)activeNext / observed:P1} of the customers of cohorts observed a {unit} after acquisition bought again in that {unit} (period 1)"));
        }

        output.WriteLine();
    }

    private static void WriteSegments(CliRun a, TextWriter output)
    {
        string[] names = Enumerable.Range(0, a.Card.Rfm.SegmentCounts.Count).Select(a.Card.Rfm.Scorer.Segments.SegmentName).ToArray();
        RfmResult rfm = a.Card.Rfm;
        string title = string.Create(CultureInfo.InvariantCulture, $"RFM segments ({rfm.Scorer.Recency.Bins} bins, {BinningWords(rfm.Scorer.Recency.Method)}):");
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"RFM customers per score, from 1 up: R {Sizes(rfm.RecencyScoreCounts)}; F {Sizes(rfm.FrequencyScoreCounts)}; M {Sizes(rfm.MonetaryScoreCounts)}"));
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

    /// <summary>The CLV line of --explain: the figures, and why the value is 0 when the customer's purchases net to nothing.</summary>
    internal static string? ExplainClv(CustomerScoring.Scorecard.CustomerScorecard<string> card, int row)
    {
        if (card.Clv is not { } clv)
        {
            return null;
        }

        CultureInfo inv = CultureInfo.InvariantCulture;
        CustomerSummaries s = card.Summaries;
        ClvForecast f = clv.Forecast;
        string line = string.Create(inv, $"CLV {f.Value[row]:N2}: P(alive) {f.ProbabilityAlive[row]:F3}, expected purchases {f.ExpectedPurchases[row]:F2}, expected spend {f.ExpectedSpend[row]:N2}");
        string? why = s.Returns != ReturnsPolicy.Net || s.ReturnCount[row] == 0
            ? null
            : !(s.TotalAmount[row] > 0)
            ? string.Create(inv, $"total {s.TotalAmount[row]:N2} (bought {s.GrossAmount[row]:N2}, returned {s.ReturnsAmount[row]:N2}): everything bought was returned")
            : s.Frequency[row] > 0 && !(s.MonetaryRepeatMean[row] > 0)
                ? string.Create(inv, $"the repeat purchases net of their returns came to nothing (bought {s.GrossAmount[row]:N2}, returned {s.ReturnsAmount[row]:N2}, net {s.TotalAmount[row]:N2})")
                : null;
        return why is null ? line : $"{line}; expected spend 0 because {why}";
    }

    private static string Sizes(IReadOnlyList<int> counts) =>
        string.Join(" / ", counts.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)));

    private static string BinningWords(BinningMethod method) => method switch
    {
        BinningMethod.NtileTiesShared => "--binning ntile-ties-shared: equal values score equally",
        BinningMethod.Ntile => "--binning ntile: SQL NTILE, equal values split by customer id",
        BinningMethod.QuantileBreaks => "--binning quantile: type 7 quantile cut points",
        _ => "--binning fixed: your thresholds",
    };

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

    /// <summary>
    /// The rows of the recency, frequency and monetary statistics table. Each row sorts its column (a million customers: tens
    /// of milliseconds each with Array.Sort, about 10 ms with the radix sort of <see cref="ColumnStatistics"/>): side by side, or one after the other when the table is made beside other work (the CLI makes
    /// it while the scorecard's stages run, <see cref="CliRun.Statistics"/>).
    /// </summary>
    public static string[] StatisticsLines(CustomerSummaries s, bool sideBySide)
    {
        string unit = s.TimeUnit.ToName() + "s";
        // ColumnStatistics sorts a copy of its own, so the summaries' columns are passed as they are.
        (string Label, Func<ReadOnlySpan<double>> Values)[] rows =
        [
            ($"recency ({unit} since last purchase)", () => s.TimeSinceLastPurchase),
            ("frequency (transactions)", () => ToDouble(s.TransactionCount)),
            ("repeat periods (x)", () => s.Frequency),
            ("monetary (total)", () => s.TotalAmount),
            ("monetary (repeat mean, x > 0)", () => Positive(s.MonetaryRepeatMean, s.Frequency)),
        ];
        var lines = new string[rows.Length];
        if (sideBySide)
        {
            Parallel.For(0, rows.Length, r => lines[r] = Row(rows[r].Label, rows[r].Values()));
        }
        else
        {
            for (int r = 0; r < rows.Length; r++)
            {
                lines[r] = Row(rows[r].Label, rows[r].Values());
            }
        }

        return lines;
    }

    /// <summary>One row of the statistics table: <paramref name="v"/> summarized (sorted by a radix sort in the core:
    /// Array.Sort of doubles compares through an interface call per comparison in the Native AOT command, and was 9% of
    /// its CPU time at 1M customers).</summary>
    private static string Row(string label, ReadOnlySpan<double> v)
    {
        if (v.Length == 0)
        {
            return $"  {label,-34}{"(none)",12}";
        }

        ColumnStatistics c = ColumnStatistics.Of(v);
        return string.Create(CultureInfo.InvariantCulture,
            $"  {label,-34}{c.Minimum,12:N2}{c.LowerQuartile,12:N2}{c.Median,12:N2}{c.UpperQuartile,12:N2}{c.Maximum,12:N2}{c.Mean,12:N2}");
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
        int count = 0;
        foreach (double x in frequency)
        {
            count += x > 0 ? 1 : 0;
        }

        var result = new double[count];
        for (int i = 0, at = 0; i < values.Length; i++)
        {
            if (frequency[i] > 0)
            {
                result[at++] = values[i];
            }
        }

        return result;
    }

    /// <summary>
    /// The rows of the <paramref name="count"/> largest values, largest first, equal values in the ordinal order of the
    /// customers' ids (not of the file's rows): one pass keeping the best few, without ordering all customers.
    /// </summary>
    internal static int[] Largest(ReadOnlySpan<double> values, Func<int, string> keyOf, int count)
    {
        var best = new List<int>(count + 1);
        for (int r = 0; r < values.Length; r++)
        {
            if (best.Count == count && !Before(values, keyOf, r, best[^1]))
            {
                continue;
            }

            int at = best.Count;
            while (at > 0 && Before(values, keyOf, r, best[at - 1]))
            {
                at--;
            }

            best.Insert(at, r);
            if (best.Count > count)
            {
                best.RemoveAt(count);
            }
        }

        return [.. best];

        static bool Before(ReadOnlySpan<double> v, Func<int, string> key, int r, int q) =>
            v[r] > v[q] || (v[r] == v[q] && string.CompareOrdinal(key(r), key(q)) < 0);
    }
}
