using CustomerScoring.Clv;
using CustomerScoring.Concentration;
using CustomerScoring.Csv;
using CustomerScoring.Rfm;
using CustomerScoring.Rules;
using CustomerScoring.Scorecard;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.QuickStart;

/// <summary>
/// The QuickStart program: read transactions, summarize them, score customers, print a report and
/// optionally write the scorecard CSV and the portfolio JSON. Exit codes: 0 success, 1 bad input data
/// or a missing file, 2 a command-line mistake.
/// </summary>
public static class QuickStartApp
{
    /// <summary>The bundled sample: CDNOW, whitespace-aligned, no header, sample id / date / dollars in columns 1, 2, 4.</summary>
    public static readonly CsvImportOptions BundledSampleFormat = new()
    {
        HasHeader = false,
        Delimiter = CsvDelimiter.Whitespace,
        CustomerColumn = CsvColumn.At(1),
        TimestampColumn = CsvColumn.At(2),
        AmountColumn = CsvColumn.At(4),
        TimestampFormats = ["yyyyMMdd"],
    };

    /// <summary>The path of the bundled sample next to the program.</summary>
    public static string BundledSamplePath => Path.Combine(AppContext.BaseDirectory, "data", "CDNOW_sample.txt");

    /// <summary>Runs the program; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        QuickStartOptions options;
        try
        {
            options = QuickStartOptions.Parse(args);
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run with --help for the options.");
            return 2;
        }

        if (options.Help)
        {
            output.WriteLine(QuickStartOptions.Usage);
            return 0;
        }

        if (options.Measure == "margin" && options.MarginColumn is null)
        {
            error.WriteLine("error: --measure margin needs --margin-column.");
            return 2;
        }

        if (options.Rules is { } rulesPath && !File.Exists(rulesPath))
        {
            error.WriteLine($"error: rule file '{rulesPath}' was not found.");
            return 1;
        }

        string path = options.Input ?? BundledSamplePath;
        if (!File.Exists(path))
        {
            error.WriteLine($"error: input file '{path}' was not found.");
            return 1;
        }

        CsvImportResult imported;
        try
        {
            imported = TransactionCsvReader.ReadFile(path, ImportOptions(options));
        }
        catch (CsvImportException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }

        CustomerTransactions<string> data = imported.Transactions;
        if (data.Count == 0)
        {
            error.WriteLine($"error: '{path}' holds no usable transactions. {imported.Report}");
            return 1;
        }

        var summaryOptions = new SummaryOptions(options.AnalysisDate ?? DayAfterLastTransaction(data))
        {
            Period = options.Period,
            TimeUnit = options.TimeUnit,
        };
        CustomerSummaries summaries = Summarizer.Summarize(data, summaryOptions);
        PortfolioAnalysis analysis;
        try
        {
            analysis = Analyze(path, options, imported.Report, data.Customers, summaries, error);
        }
        catch (RuleDefinitionException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }

        if (options.Explain is { } explainId)
        {
            int row = data.Customers.TryGetIndex(explainId, out int index) ? summaries.RowOf(index) : -1;
            if (row < 0)
            {
                error.WriteLine($"error: customer '{explainId}' has no purchase on or before {summaries.ObservationEnd:yyyy-MM-dd} in '{path}'.");
                return 1;
            }
        }

        TextReport.Write(analysis, output);
        if (options.Explain is { } id)
        {
            int row = summaries.RowOf(data.Customers.IndexOf(id));
            output.WriteLine($"Customer {id}:");
            output.WriteLine($"  tier: {analysis.Tiers.ExplainTier(row)}");
            output.WriteLine($"  lifecycle stage: {analysis.Tiers.ExplainStage(row)}");
            output.WriteLine();
        }

        if (options.Output is { } csvPath)
        {
            Scorecard.Write(analysis, csvPath);
            output.WriteLine($"Scorecard: {summaries.Count:N0} customers written to {csvPath}");
        }

        if (options.Charts is { } chartFolder)
        {
            foreach (string file in ChartFiles.Write(analysis, chartFolder))
            {
                output.WriteLine($"Chart: {file}");
            }
        }

        if (options.Summary is { } jsonPath)
        {
            SummaryJson.Write(analysis, jsonPath);
            output.WriteLine($"Summary: written to {jsonPath}");
        }

        return 0;
    }

    private static PortfolioAnalysis Analyze(string path, QuickStartOptions o, CsvImportReport report, CustomerKeyMap<string> customers, CustomerSummaries summaries, TextWriter error)
    {
        ClvResult? clv = FitClv(o, summaries, error);
        if (o.Measure == "clv" && clv is null)
        {
            throw new ArgumentException("--measure clv needs a fitted CLV model, and the fit failed (see above).");
        }

        RfmScorer scorer = new(
            Binning(o, ScoreDirection.LowerIsBetter, o.RecencyThresholds),
            Binning(o, ScoreDirection.HigherIsBetter, o.FrequencyThresholds),
            Binning(o, ScoreDirection.HigherIsBetter, o.MonetaryThresholds),
            SegmentMap.RfmPackage11);
        var values = new RfmValueOptions { Frequency = o.FrequencyMeasure, Monetary = o.MonetaryMeasure };
        int[] tieBreak = RfmScorerExtensions.TieBreakRanks(summaries, customers);
        RfmValues rfmValues = RfmValues.From(summaries, values);
        RfmResult rfm = scorer.Score(rfmValues.Recency, rfmValues.Frequency, rfmValues.Monetary, tieBreak);

        double[] measure = o.Measure switch
        {
            "margin" => summaries.TotalMargin.ToArray(),
            "clv" => clv!.Forecast.Value,
            _ => summaries.TotalAmount.ToArray(),
        };
        // Refund-heavy customers (negative totals) count as holding nothing; the report says how many.
        ParetoAnalysis concentration = ParetoAnalysis.Analyze(measure, NegativeValues.ClipToZero, tieBreak);
        AbcClassification abc = concentration.ClassifyAbc();
        RuleSet? tierRules = o.Rules is { } rules ? RuleSet.Load(rules) : null;
        TierScorecard tiers = clv is { Forecast: var f }
            ? TierScorecard.Create(summaries, rfm, abc, f.Value, f.ProbabilityAlive, f.ExpectedPurchases, tierRules)
            : TierScorecard.Create(summaries, rfm, abc, tierRules: tierRules);
        return new PortfolioAnalysis(path, o, report, customers, summaries, rfm, concentration, abc, clv, tiers);
    }

    private static ClvResult? FitClv(QuickStartOptions o, CustomerSummaries summaries, TextWriter error)
    {
        try
        {
            IPurchaseModel purchases = ClvForecast.FitPurchases(summaries, o.Model);
            GammaGammaModel spend = ClvForecast.FitSpend(summaries);
            var options = new ClvForecastOptions
            {
                Horizon = o.Horizon ?? (o.TimeUnit == TimeUnit.Week ? 52 : 365),
                HorizonUnit = o.TimeUnit,
                AnnualDiscountRate = o.DiscountRate,
                MarginRate = o.Margin,
            };
            return new ClvResult(o.Model, purchases, spend, ClvForecast.Compute(summaries, purchases, spend, options));
        }
        catch (Exception e) when (e is ClvFitException or ArgumentException)
        {
            // The scorecard keeps its CLV columns, empty, so that its shape does not depend on the data.
            error.WriteLine($"warning: no CLV model could be fitted, CLV columns are left empty: {e.Message}");
            return null;
        }
    }

    private static DimensionBinning Binning(QuickStartOptions o, ScoreDirection direction, double[]? thresholds) => o.Binning switch
    {
        BinningMethod.Ntile => DimensionBinning.Ntile(o.Bins, direction),
        BinningMethod.NtileTiesShared => DimensionBinning.NtileTiesShared(o.Bins, direction),
        BinningMethod.QuantileBreaks => DimensionBinning.QuantileBreaks(o.Bins, direction),
        _ => DimensionBinning.FixedThresholds(direction, thresholds ?? []),
    };

    private static CsvImportOptions ImportOptions(QuickStartOptions o)
    {
        if (o.Input is null)
        {
            return BundledSampleFormat with { OnError = o.OnError };
        }

        CsvColumn Column(string text) =>
            !o.HasHeader && int.TryParse(text, out int position) ? CsvColumn.At(position) : CsvColumn.Named(text);

        CsvImportOptions options = new()
        {
            HasHeader = o.HasHeader,
            Delimiter = o.Delimiter,
            CustomerColumn = Column(o.CustomerColumn),
            TimestampColumn = Column(o.DateColumn),
            AmountColumn = Column(o.AmountColumn),
            MarginColumn = o.MarginColumn is null ? default(CsvColumn?) : Column(o.MarginColumn),
            QuantityColumn = o.QuantityColumn is null ? default(CsvColumn?) : Column(o.QuantityColumn),
            PriceColumn = o.PriceColumn is null ? default(CsvColumn?) : Column(o.PriceColumn),
            InvoiceColumn = o.InvoiceColumn is null ? default(CsvColumn?) : Column(o.InvoiceColumn),
            OnError = o.OnError,
            NumberFormat = o.DecimalComma
                ? new System.Globalization.NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = " " }
                : System.Globalization.NumberFormatInfo.InvariantInfo,
        };
        return o.DateFormats is { } formats ? options with { TimestampFormats = formats } : options;
    }

    private static DateOnly DayAfterLastTransaction(CustomerTransactions<string> data)
    {
        long last = long.MinValue;
        foreach (TransactionBatch batch in data.Batches)
        {
            foreach (DateTime t in batch.Timestamps)
            {
                last = Math.Max(last, t.Ticks);
            }
        }

        return DateOnly.FromDateTime(new DateTime(last)).AddDays(1);
    }
}

/// <summary>Everything the report, the scorecard and the JSON are made from.</summary>
public sealed record PortfolioAnalysis(
    string InputPath,
    QuickStartOptions Options,
    CsvImportReport Import,
    CustomerKeyMap<string> Customers,
    CustomerSummaries Summaries,
    RfmResult Rfm,
    ParetoAnalysis Concentration,
    AbcClassification Abc,
    ClvResult? Clv,
    TierScorecard Tiers);

/// <summary>The fitted CLV models and their forecasts.</summary>
public sealed record ClvResult(PurchaseModelKind Kind, IPurchaseModel Purchases, GammaGammaModel Spend, ClvForecast Forecast)
{
    /// <summary>The model name used in files: bgnbd, paretonbd or mbgnbd.</summary>
    public string Name => Kind.ToString().ToLowerInvariant();
}
