using System.Globalization;
using CustomerScoring.Clv;
using CustomerScoring.Csv;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;

namespace CustomerScoring.QuickStart;

/// <summary>A command-line mistake: printed with the usage hint, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The parsed command line of the QuickStart tool.</summary>
public sealed record QuickStartOptions
{
    /// <summary>The transactions file; null for the bundled CDNOW sample.</summary>
    public string? Input { get; init; }

    /// <summary>Where to write the per-customer scorecard CSV, if anywhere.</summary>
    public string? Output { get; init; }

    /// <summary>Where to write the portfolio JSON, if anywhere.</summary>
    public string? Summary { get; init; }

    /// <summary>Customer id column (name, or 0-based position with --no-header).</summary>
    public string CustomerColumn { get; init; } = "customer_id";

    /// <summary>Timestamp column.</summary>
    public string DateColumn { get; init; } = "timestamp";

    /// <summary>Amount column (ignored when quantity and price are given).</summary>
    public string AmountColumn { get; init; } = "amount";

    /// <summary>Quantity column: amount = quantity x price.</summary>
    public string? QuantityColumn { get; init; }

    /// <summary>Unit price column: amount = quantity x price.</summary>
    public string? PriceColumn { get; init; }

    /// <summary>Invoice column: consecutive lines of one invoice form one transaction.</summary>
    public string? InvoiceColumn { get; init; }

    /// <summary>Margin column, optional.</summary>
    public string? MarginColumn { get; init; }

    /// <summary>Timestamp formats (.NET custom format strings).</summary>
    public IReadOnlyList<string>? DateFormats { get; init; }

    /// <summary>The field delimiter.</summary>
    public CsvDelimiter Delimiter { get; init; } = CsvDelimiter.Comma;

    /// <summary>Whether amounts use a decimal comma (1.234,56) instead of a decimal point.</summary>
    public bool DecimalComma { get; init; }

    /// <summary>Whether the file has a header line.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>The observation end; null for the day after the last transaction.</summary>
    public DateOnly? AnalysisDate { get; init; }

    /// <summary>Granularity of purchase periods.</summary>
    public TimeUnit Period { get; init; } = TimeUnit.Day;

    /// <summary>Unit of recency and T.</summary>
    public TimeUnit TimeUnit { get; init; } = TimeUnit.Day;

    /// <summary>Fail on the first bad line, or skip bad lines and report them.</summary>
    public CsvErrorHandling OnError { get; init; } = CsvErrorHandling.Fail;

    /// <summary>Bins per RFM dimension (2..10).</summary>
    public int Bins { get; init; } = DimensionBinning.DefaultBins;

    /// <summary>The RFM binning method.</summary>
    public BinningMethod Binning { get; init; } = BinningMethod.Ntile;

    /// <summary>Fixed thresholds per dimension (with --binning fixed).</summary>
    public double[]? RecencyThresholds { get; init; }

    /// <summary>Fixed thresholds for frequency.</summary>
    public double[]? FrequencyThresholds { get; init; }

    /// <summary>Fixed thresholds for monetary value.</summary>
    public double[]? MonetaryThresholds { get; init; }

    /// <summary>The RFM frequency measure.</summary>
    public FrequencyMeasure FrequencyMeasure { get; init; } = FrequencyMeasure.Transactions;

    /// <summary>The RFM monetary measure.</summary>
    public MonetaryMeasure MonetaryMeasure { get; init; } = MonetaryMeasure.Total;

    /// <summary>The per-customer value that concentration (80/20, Gini, ABC) is measured on.</summary>
    public string Measure { get; init; } = "revenue";

    /// <summary>The purchase model.</summary>
    public PurchaseModelKind Model { get; init; } = PurchaseModelKind.BgNbd;

    /// <summary>The forecast horizon in --time-unit; null for one year (365 days or 52 weeks).</summary>
    public double? Horizon { get; init; }

    /// <summary>The annual discount rate of CLV.</summary>
    public double DiscountRate { get; init; } = 0.10;

    /// <summary>The margin rate of CLV (share of spend).</summary>
    public double Margin { get; init; } = 1.0;

    /// <summary>A JSON rule file for the tiers (default: the built-in value tiers).</summary>
    public string? Rules { get; init; }

    /// <summary>A customer id whose tier and stage to explain.</summary>
    public string? Explain { get; init; }

    /// <summary>A folder to write the charts (PNG) into, if any.</summary>
    public string? Charts { get; init; }

    /// <summary>Whether --help was asked for.</summary>
    public bool Help { get; init; }

    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: QuickStart [options]
          With no options, scores the bundled CDNOW sample (samples/data/CDNOW_sample.txt).

          --input PATH              transactions CSV (default: the bundled CDNOW sample)
          --output PATH             write one CSV row per customer (the scorecard)
          --summary PATH            write the portfolio figures as one JSON object
          --customer-column NAME    customer id column (default customer_id)
          --date-column NAME        timestamp column (default timestamp)
          --amount-column NAME      amount column (default amount)
          --quantity-column NAME    with --price-column: amount = quantity x price
          --price-column NAME       unit price column
          --invoice-column NAME     consecutive lines of one invoice form one transaction
          --margin-column NAME      margin column (optional)
          --date-format FORMAT      .NET date format, e.g. yyyyMMdd or "M/d/yyyy H:mm" (repeatable)
          --delimiter D             comma | semicolon | tab | whitespace (default comma)
          --decimal-separator point|comma  decimal separator of numbers (default point; comma reads 1234,56; group separators are refused)
          --no-header               the file has no header; columns are 0-based positions
          --analysis-date YYYY-MM-DD  observation end, inclusive (default: the day after the last transaction)
          --period day|week         granularity of distinct purchase periods (default day)
          --time-unit day|week      unit of recency and T (default day)
          --on-error fail|skip      stop at the first bad line, or skip and report bad lines (default fail)
          --bins N                  RFM bins per dimension, 2..10 (default 5)
          --binning M               ntile | ntile-ties-shared | quantile | fixed (default ntile)
          --r-thresholds a,b,..     with --binning fixed: ascending cut points for recency (in --time-unit), likewise
          --f-thresholds a,b,..       for frequency and
          --m-thresholds a,b,..       for monetary value (bins - 1 values each)
          --frequency transactions|periods   the F of RFM (default transactions)
          --monetary total|mean     the M of RFM: total, or mean per transaction (default total)
          --measure revenue|margin|clv  the value for 80/20, Gini and ABC classes (default revenue)
          --model bgnbd|paretonbd|mbgnbd  purchase model for CLV (default bgnbd), fitted in --time-unit
          --horizon N               forecast horizon in --time-unit (default one year: 365 days or 52 weeks)
          --discount-rate R         annual discount rate of CLV, applied monthly (default 0.10)
          --margin M                share of spend that is margin, for CLV (default 1: CLV in revenue)
          --rules PATH              JSON rule file for the tier column (default: VIP top 1%, Gold next 4%,
                                    Silver next 15%, Bronze; by CLV when a model is fitted, else by revenue)
          --explain CUSTOMER_ID     print why that customer has its tier and lifecycle stage
          --charts DIR              write charts as PNG: Lorenz curve, RFM segments, R x F heat map, P(alive)
          --help                    this text
        """;

    /// <summary>Parses the command line.</summary>
    /// <exception cref="UsageException">An unknown option, a missing or bad value.</exception>
    public static QuickStartOptions Parse(IReadOnlyList<string> args)
    {
        var o = new QuickStartOptions();
        var formats = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new UsageException($"Option {name} needs a value.");
                }

                return args[++i];
            }

            o = name switch
            {
                "--help" or "-h" => o with { Help = true },
                "--input" => o with { Input = Value() },
                "--output" => o with { Output = Value() },
                "--summary" => o with { Summary = Value() },
                "--customer-column" => o with { CustomerColumn = Value() },
                "--date-column" => o with { DateColumn = Value() },
                "--amount-column" => o with { AmountColumn = Value() },
                "--quantity-column" => o with { QuantityColumn = Value() },
                "--price-column" => o with { PriceColumn = Value() },
                "--invoice-column" => o with { InvoiceColumn = Value() },
                "--margin-column" => o with { MarginColumn = Value() },
                "--date-format" => AddFormat(o, formats, Value()),
                "--delimiter" => o with { Delimiter = ParseDelimiter(Value()) },
                "--no-header" => o with { HasHeader = false },
                "--decimal-separator" => o with { DecimalComma = ParseDecimalSeparator(Value()) },
                "--analysis-date" => o with { AnalysisDate = ParseDate(name, Value()) },
                "--period" => o with { Period = ParseUnit(name, Value()) },
                "--time-unit" => o with { TimeUnit = ParseUnit(name, Value()) },
                "--on-error" => o with { OnError = ParseOnError(Value()) },
                "--bins" => o with { Bins = ParseBins(Value()) },
                "--binning" => o with { Binning = ParseBinning(Value()) },
                "--r-thresholds" => o with { RecencyThresholds = ParseList(name, Value()) },
                "--f-thresholds" => o with { FrequencyThresholds = ParseList(name, Value()) },
                "--m-thresholds" => o with { MonetaryThresholds = ParseList(name, Value()) },
                "--frequency" => o with { FrequencyMeasure = ParseFrequency(Value()) },
                "--monetary" => o with { MonetaryMeasure = ParseMonetary(Value()) },
                "--measure" => o with { Measure = ParseMeasure(Value()) },
                "--model" => o with { Model = ParseModel(Value()) },
                "--rules" => o with { Rules = Value() },
                "--charts" => o with { Charts = Value() },
                "--explain" => o with { Explain = Value() },
                "--horizon" => o with { Horizon = ParsePositive(name, Value()) },
                "--discount-rate" => o with { DiscountRate = ParseNonNegative(name, Value()) },
                "--margin" => o with { Margin = ParseNonNegative(name, Value()) },
                _ => throw new UsageException($"Unknown option '{name}'."),
            };
        }

        if ((o.QuantityColumn is null) != (o.PriceColumn is null))
        {
            throw new UsageException("--quantity-column and --price-column go together.");
        }

        if (o.Binning == BinningMethod.FixedThresholds
            && (o.RecencyThresholds is null || o.FrequencyThresholds is null || o.MonetaryThresholds is null))
        {
            throw new UsageException("--binning fixed needs --r-thresholds, --f-thresholds and --m-thresholds.");
        }

        return o;
    }

    private static int ParseBins(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int bins) && bins is >= DimensionBinning.MinBins and <= DimensionBinning.MaxBins
            ? bins
            : throw new UsageException($"--bins must be a whole number from {DimensionBinning.MinBins} to {DimensionBinning.MaxBins}, not '{value}'.");

    private static BinningMethod ParseBinning(string value) => value.ToLowerInvariant() switch
    {
        "ntile" => BinningMethod.Ntile,
        "ntile-ties-shared" => BinningMethod.NtileTiesShared,
        "quantile" => BinningMethod.QuantileBreaks,
        "fixed" => BinningMethod.FixedThresholds,
        _ => throw new UsageException($"--binning must be ntile, ntile-ties-shared, quantile or fixed, not '{value}'."),
    };

    private static double[] ParseList(string option, string value)
    {
        string[] parts = value.Split(',', StringSplitOptions.TrimEntries);
        var result = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]) || !double.IsFinite(result[i]))
            {
                throw new UsageException($"{option} must be numbers separated by commas; '{parts[i]}' is not a number.");
            }
        }

        return result;
    }

    private static FrequencyMeasure ParseFrequency(string value) => value.ToLowerInvariant() switch
    {
        "transactions" => FrequencyMeasure.Transactions,
        "periods" => FrequencyMeasure.PurchasePeriods,
        _ => throw new UsageException($"--frequency must be transactions or periods, not '{value}'."),
    };

    private static MonetaryMeasure ParseMonetary(string value) => value.ToLowerInvariant() switch
    {
        "total" => MonetaryMeasure.Total,
        "mean" => MonetaryMeasure.MeanPerTransaction,
        _ => throw new UsageException($"--monetary must be total or mean, not '{value}'."),
    };

    private static PurchaseModelKind ParseModel(string value) => value.ToLowerInvariant() switch
    {
        "bgnbd" => PurchaseModelKind.BgNbd,
        "paretonbd" => PurchaseModelKind.ParetoNbd,
        "mbgnbd" => PurchaseModelKind.MbgNbd,
        _ => throw new UsageException($"--model must be bgnbd, paretonbd or mbgnbd, not '{value}'."),
    };

    private static double ParsePositive(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d > 0 && double.IsFinite(d)
            ? d
            : throw new UsageException($"{option} must be a positive number, not '{value}'.");

    private static double ParseNonNegative(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= 0 && double.IsFinite(d)
            ? d
            : throw new UsageException($"{option} must be a number >= 0, not '{value}'.");

    private static string ParseMeasure(string value) => value.ToLowerInvariant() switch
    {
        "revenue" or "margin" or "clv" => value.ToLowerInvariant(),
        _ => throw new UsageException($"--measure must be revenue, margin or clv, not '{value}'."),
    };

    private static QuickStartOptions AddFormat(QuickStartOptions o, List<string> formats, string format)
    {
        formats.Add(format);
        return o with { DateFormats = formats.ToArray() };
    }

    private static bool ParseDecimalSeparator(string value) => value.ToLowerInvariant() switch
    {
        "point" or "." => false,
        "comma" or "," => true,
        _ => throw new UsageException($"--decimal-separator must be point or comma, not '{value}'."),
    };

    private static CsvDelimiter ParseDelimiter(string value) => value.ToLowerInvariant() switch
    {
        "comma" or "," => CsvDelimiter.Comma,
        "semicolon" or ";" => CsvDelimiter.Semicolon,
        "tab" or "\\t" or "\t" => CsvDelimiter.Tab,
        "whitespace" or "space" => CsvDelimiter.Whitespace,
        _ => throw new UsageException($"--delimiter must be comma, semicolon, tab or whitespace, not '{value}'."),
    };

    internal static TimeUnit ParseUnit(string option, string value) => value.ToLowerInvariant() switch
    {
        "day" or "days" => TimeUnit.Day,
        "week" or "weeks" => TimeUnit.Week,
        _ => throw new UsageException($"{option} must be day or week, not '{value}'."),
    };

    private static CsvErrorHandling ParseOnError(string value) => value.ToLowerInvariant() switch
    {
        "fail" => CsvErrorHandling.Fail,
        "skip" => CsvErrorHandling.Skip,
        _ => throw new UsageException($"--on-error must be fail or skip, not '{value}'."),
    };

    private static DateOnly ParseDate(string option, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d)
            ? d
            : throw new UsageException($"{option} must be a date as YYYY-MM-DD, not '{value}'.");
}
