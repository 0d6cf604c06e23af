using System.Globalization;
using CustomerScoring.Clv;
using CustomerScoring.Cohorts;
using CustomerScoring.Csv;
using CustomerScoring.Rfm;
using CustomerScoring.Scorecard;
using CustomerScoring.Sql;
using CustomerScoring.Summaries;

namespace CustomerScoring.Cli;

/// <summary>The parsed command line of the <c>customer-scoring</c> command (and the QuickStart sample).</summary>
public sealed record CliOptions
{
    /// <summary>The transactions file; null for the default input (the QuickStart's bundled sample).</summary>
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

    /// <summary>The RFM binning method; by default ties shared (equal values score equally).</summary>
    public BinningMethod Binning { get; init; } = BinningMethod.NtileTiesShared;

    /// <summary>Fixed thresholds per dimension (with --binning fixed).</summary>
    public IReadOnlyList<double>? RecencyThresholds { get; init; }

    /// <summary>Fixed thresholds for frequency.</summary>
    public IReadOnlyList<double>? FrequencyThresholds { get; init; }

    /// <summary>Fixed thresholds for monetary value.</summary>
    public IReadOnlyList<double>? MonetaryThresholds { get; init; }

    /// <summary>The RFM frequency measure.</summary>
    public FrequencyMeasure FrequencyMeasure { get; init; } = FrequencyMeasure.Transactions;

    /// <summary>The RFM monetary measure.</summary>
    public MonetaryMeasure MonetaryMeasure { get; init; } = MonetaryMeasure.Total;

    /// <summary>The per-customer value that concentration (80/20, Gini, ABC) is measured on.</summary>
    public ConcentrationBasis Measure { get; init; } = ConcentrationBasis.Revenue;

    /// <summary>The purchase model.</summary>
    public PurchaseModelKind Model { get; init; } = PurchaseModelKind.BgNbd;

    /// <summary>Whether the purchase model is chosen by BIC among BG/NBD, MBG/NBD and Pareto/NBD (--model auto).</summary>
    public bool AutoModel { get; init; }

    /// <summary>Bootstrap draws for CLV intervals; 0 for none.</summary>
    public int Intervals { get; init; }

    /// <summary>The forecast horizon in --time-unit; null for one year (365 days or 52 weeks).</summary>
    public double? Horizon { get; init; }

    /// <summary>The annual discount rate of CLV.</summary>
    public double DiscountRate { get; init; } = 0.10;

    /// <summary>The margin rate of CLV (share of spend).</summary>
    public double Margin { get; init; } = 1.0;

    /// <summary>A CSV of time-invariant customer covariates for the purchase model, keyed by the customer id column; null for none.</summary>
    public string? Covariates { get; init; }

    /// <summary>The covariate columns to use (a categorical one may name its reference level as column:level); null for every other column.</summary>
    public IReadOnlyList<string>? CovariateColumns { get; init; }

    /// <summary>Where to write the acquisition cohort table (CSV), if anywhere.</summary>
    public string? Cohorts { get; init; }

    /// <summary>The last day (inclusive) of a holdout window after --analysis-date, for --model auto's comparison; null for none.</summary>
    public DateOnly? HoldoutEnd { get; init; }

    /// <summary>Month or week acquisition cohorts for --cohorts.</summary>
    public CohortPeriod CohortPeriod { get; init; } = CohortPeriod.Month;

    /// <summary>A membership file for the contractual retention model (survivor counts or individual members); null for none.</summary>
    public string? Retention { get; init; }

    /// <summary>The contractual retention model: sBG (default) or BdW.</summary>
    public RetentionModelKind RetentionModel { get; init; } = RetentionModelKind.Sbg;

    /// <summary>The last period of the retention projection; null for twice the periods observed.</summary>
    public int? RetentionHorizon { get; init; }

    /// <summary>The value (payment or margin) of a member per period, for the retention model's CLV; null for lifetimes only.</summary>
    public double? RetentionValue { get; init; }

    /// <summary>The discount rate per retention period.</summary>
    public double RetentionDiscount { get; init; } = 0.10;

    /// <summary>Where to write the retention model's per-member (or per-period) CSV, if anywhere.</summary>
    public string? RetentionOutput { get; init; }

    /// <summary>A JSON rule file for the tiers (default: the built-in value tiers).</summary>
    public string? Rules { get; init; }

    /// <summary>A customer id whose tier and stage to explain.</summary>
    public string? Explain { get; init; }

    /// <summary>A folder to write the charts (PNG) into, if any.</summary>
    public string? Charts { get; init; }

    /// <summary>Chart width and height in pixels at scale 1.</summary>
    public (int Width, int Height) ChartSize { get; init; } = (CustomerScoring.Charts.Chart.DefaultWidth, CustomerScoring.Charts.Chart.DefaultHeight);

    /// <summary>Chart pixel density (2 for 192 dpi).</summary>
    public double ChartScale { get; init; } = 1;

    /// <summary>Whether text cells are written exactly as given (no spreadsheet-formula neutralization).</summary>
    public bool RawText { get; init; }

    /// <summary>Whether to detect and print the file's format only, without scoring.</summary>
    public bool Sniff { get; init; }

    /// <summary>Where to write every rejected line (line, column, reason, text), if anywhere.</summary>
    public string? Rejects { get; init; }

    /// <summary>How customer ids are read: as written, or as numbers (17850.0 is 17850).</summary>
    public CsvIdFormat IdFormat { get; init; } = CsvIdFormat.AsWritten;

    /// <summary>Invoice id prefix that marks cancellations (read as returns), e.g. C; needs --invoice-column.</summary>
    public string? CancelPrefix { get; init; }

    /// <summary>The largest share of lines that may be rejected before the import fails; null for no limit.</summary>
    public double? MaxRejectedShare { get; init; }

    /// <summary>What to do with invoice lines whose timestamp differs from the invoice's first line.</summary>
    public CsvInvoiceTimestampHandling InvoiceTimestamps { get; init; } = CsvInvoiceTimestampHandling.UseFirst;

    /// <summary>What a return (negative amount, or a line of a cancelled invoice) is.</summary>
    public ReturnsPolicy Returns { get; init; } = ReturnsPolicy.Net;

    // Issue 14: transactions read and summarized by a database (--db) or by embedded DuckDB (--engine duckdb).

    /// <summary>The database holding the transactions (<c>--db</c>), or null to read a file.</summary>
    public SqlDialect? Database { get; init; }

    /// <summary>The ADO.NET connection string of <see cref="Database"/> (for DuckDB also a plain file path).</summary>
    public string? Connection { get; init; }

    /// <summary>The transactions table or view in <see cref="Database"/> (<c>schema.table</c> allowed).</summary>
    public string? Table { get; init; }

    /// <summary>A SELECT of yours whose columns are the transactions (the column flags name them).</summary>
    public string? Query { get; init; }

    /// <summary>Whether to print the generated SQL and its parameters instead of scoring.</summary>
    public bool ShowSql { get; init; }

    /// <summary>A table of <see cref="Database"/> to write the scorecard into (replaced if it exists).</summary>
    public string? OutputTable { get; init; }

    /// <summary>Whether the <c>--input</c> file (CSV or Parquet) is summarized by embedded DuckDB (<c>--engine duckdb</c>) instead of read into memory.</summary>
    public bool DuckDbEngine { get; init; }

    /// <summary>DuckDB's memory limit (<c>--engine-memory</c>, e.g. <c>4GB</c>) for <c>--engine duckdb</c> and <c>--db duckdb</c>; null for DuckDB's default.</summary>
    public string? EngineMemory { get; init; }

    /// <summary>Whether --help was asked for.</summary>
    public bool Help { get; init; }

    /// <summary>Whether --version was asked for.</summary>
    public bool Version { get; init; }

    /// <summary>The name the measure has in reports and files: revenue, margin or clv.</summary>
    public string MeasureName => Measure.ToString().ToLowerInvariant();

    /// <summary>Every option, declared once: the parser, the usage text and the README's option table all come from here.</summary>
    public static IReadOnlyList<CliOption> All { get; } =
    [
        new("--input", "PATH", "transactions CSV, or Parquet when the name ends in .parquet (columns named by the same flags) (default: the bundled CDNOW sample in QuickStart; required for customer-scoring)", (o, v) => o with { Input = v }),
        new("--output", "PATH", "write the scorecard, one row per customer: CSV, or Parquet when the name ends in .parquet (same columns)", (o, v) => o with { Output = v }),
        new("--summary", "PATH", "write the portfolio figures as one JSON object", (o, v) => o with { Summary = v }),
        new("--customer-column", "NAME", "customer id column (default customer_id; a 0-based position with --no-header)", (o, v) => o with { CustomerColumn = v }),
        new("--date-column", "NAME", "timestamp column (default timestamp)", (o, v) => o with { DateColumn = v }),
        new("--amount-column", "NAME", "amount column (default amount)", (o, v) => o with { AmountColumn = v }),
        new("--quantity-column", "NAME", "with --price-column: amount = quantity x price (retail line items)", (o, v) => o with { QuantityColumn = v }),
        new("--price-column", "NAME", "unit price column", (o, v) => o with { PriceColumn = v }),
        new("--invoice-column", "NAME", "consecutive lines of one invoice form one transaction", (o, v) => o with { InvoiceColumn = v }),
        new("--margin-column", "NAME", "margin column (optional)", (o, v) => o with { MarginColumn = v }),
        new("--date-format", "FORMAT", "a .NET date format, e.g. yyyyMMdd or \"M/d/yyyy H:mm\" (repeatable; default ISO 8601: a date, T or space, fractions, Z or offsets converted to UTC)", (o, v) => o with { DateFormats = [.. o.DateFormats ?? [], v] }),
        new("--delimiter", "D", "comma, semicolon, tab or whitespace (default comma)", (o, v) => o with { Delimiter = ParseDelimiter(v) }),
        new("--decimal-separator", "point|comma", "decimal separator of numbers (default point; comma reads 1234,56; group separators are refused, not misread)", (o, v) => o with { DecimalComma = ParseDecimalSeparator(v) }),
        new("--id-format", "as-written|number", "customer ids as written (default), or as numbers: 17850.0 is 17850, and --explain finds it either way", (o, v) => o with { IdFormat = ParseIdFormat(v) }),
        new("--cancel-prefix", "P", "with --invoice-column: invoices whose id starts with P (C in Online Retail) are cancellations, read as returns", (o, v) => o with { CancelPrefix = v }),
        new("--invoice-timestamps", "first|reject", "invoice lines with another timestamp than the invoice's first line: use the first (default, counted) or reject them", (o, v) => o with { InvoiceTimestamps = ParseInvoiceTimestamps(v) }),
        new("--no-header", null, "the file has no header line; columns are 0-based positions", (o, _) => o with { HasHeader = false }),
        new("--sniff", null, "detect delimiter, header, decimal separator and timestamp format from the first lines, print them and exit", (o, _) => o with { Sniff = true }),
        new("--rejects", "PATH", "write every rejected line (line number, column, reason, text) to a CSV file", (o, v) => o with { Rejects = v }),
        new("--max-rejected-share", "X", "fail (exit 1) when more than this share of lines is rejected, 0..1 (default: no limit)", (o, v) => o with { MaxRejectedShare = ParseShare(v) }),
        new("--analysis-date", "YYYY-MM-DD", "observation end, inclusive (default: the day after the last transaction)", (o, v) => o with { AnalysisDate = ParseDate("--analysis-date", v) }),
        new("--period", "day|week", "granularity of distinct purchase periods (default day)", (o, v) => o with { Period = ParseUnit("--period", v) }),
        new("--time-unit", "day|week", "unit of recency, T and the CLV models (default day)", (o, v) => o with { TimeUnit = ParseUnit("--time-unit", v) }),
        new("--on-error", "fail|skip", "stop at the first bad line, or skip bad lines and report them (default fail)", (o, v) => o with { OnError = ParseOnError(v) }),
        new("--returns", "net|exclude|keep", "returns (negative amounts, cancelled invoices): net lowers the customer's value but is no purchase (default), exclude drops and counts them, keep treats them as transactions", (o, v) => o with { Returns = ParseReturns(v) }),
        new("--bins", "N", "RFM bins per dimension, 2..10 (default 5)", (o, v) => o with { Bins = ParseBins(v) }),
        new("--binning", "M", "ntile-ties-shared (default: equal values score equally, groups can be uneven), ntile (SQL NTILE: equal-size groups, ties split by customer id, for parity with SQL), quantile or fixed", (o, v) => o with { Binning = ParseBinning(v) }),
        new("--r-thresholds", "a,b,..", "with --binning fixed: ascending cut points for recency (in --time-unit; bins - 1 values)", (o, v) => o with { RecencyThresholds = ParseList("--r-thresholds", v) }),
        new("--f-thresholds", "a,b,..", "with --binning fixed: ascending cut points for frequency", (o, v) => o with { FrequencyThresholds = ParseList("--f-thresholds", v) }),
        new("--m-thresholds", "a,b,..", "with --binning fixed: ascending cut points for monetary value", (o, v) => o with { MonetaryThresholds = ParseList("--m-thresholds", v) }),
        new("--frequency", "transactions|periods", "the F of RFM (default transactions)", (o, v) => o with { FrequencyMeasure = ParseFrequency(v) }),
        new("--monetary", "total|mean", "the M of RFM: total, or mean per transaction (default total)", (o, v) => o with { MonetaryMeasure = ParseMonetary(v) }),
        new("--measure", "revenue|margin|clv", "the value for 80/20, Gini and ABC classes (default revenue)", (o, v) => o with { Measure = ParseMeasure(v) }),
        new("--model", "bgnbd|paretonbd|mbgnbd|auto", "purchase model for CLV (default bgnbd), fitted in --time-unit; auto fits all three and takes the lowest BIC, reporting the table", (o, v) => v.Equals("auto", StringComparison.OrdinalIgnoreCase) ? o with { AutoModel = true } : o with { Model = ParseModel(v), AutoModel = false }),
        new("--intervals", "N", "95% intervals for expected purchases, P(alive) and CLV from N parametric bootstrap draws (seeded; e.g. 300; default none)", (o, v) => o with { Intervals = ParseDraws(v) }),
        new("--horizon", "N", "forecast horizon in --time-unit, at most 100 years (default one year: 365 days or 52 weeks)", (o, v) => o with { Horizon = ParseHorizon(v) }),
        new("--discount-rate", "R", "annual discount rate of CLV, applied monthly (default 0.10)", (o, v) => o with { DiscountRate = ParseNonNegative("--discount-rate", v) }),
        new("--margin", "M", "share of spend that is margin, for CLV, 0..1 (default 1: CLV in revenue)", (o, v) => o with { Margin = ParseMargin(v) }),
        new("--covariates", "PATH", "CSV of customer covariates keyed by the --customer-column name (the first column with --no-header), one row per customer of the input; fits BG/NBD or Pareto/NBD with covariates (coefficients and standard errors in the report and JSON)", (o, v) => o with { Covariates = v }),
        new("--covariate-columns", "A,B", "with --covariates: the columns to use (default every other column); numbers are numeric, anything else categorical, expanded to 0/1 indicators against the most frequent level or the one given as column:level", (o, v) => o with { CovariateColumns = ParseNames("--covariate-columns", v) }),
        new("--cohorts", "PATH", "write the acquisition cohort table (customers acquired, active, retention, purchases and revenue by periods since acquisition) as CSV", (o, v) => o with { Cohorts = v }),
        new("--holdout-end", "YYYY-MM-DD", "with --model auto and --analysis-date: score each model on the transactions after the analysis date up to this day (per-customer MAE and RMSE, and the mean absolute weekly error of all customers' repeat transactions)", (o, v) => o with { HoldoutEnd = ParseDate("--holdout-end", v) }),
        new("--cohort-period", "month|week", "with --cohorts: cohorts and periods by calendar month (default) or week", (o, v) => o with { CohortPeriod = ParseCohortPeriod(v) }),
        new("--retention", "PATH", "fit a contractual retention model (memberships, subscriptions) to a CSV of survivor counts (columns period,active: members still active after each period from 0, optionally a cohort column) or of members (member_id,periods,active: periods completed, or the period the member left in with active 0); runs without --input, or beside the scoring of --input", (o, v) => o with { Retention = v }),
        new("--retention-model", "sbg|bdw", "with --retention: sbg, shifted-beta-geometric, a constant churn probability per member (default), or bdw, beta-discrete-Weibull, churn changing with tenure", (o, v) => o with { RetentionModel = ParseRetentionModel(v) }),
        new("--retention-horizon", "N", "with --retention: project survival and retention to period N, 1..10000 (default twice the periods observed)", (o, v) => o with { RetentionHorizon = ParseRetentionHorizon(v) }),
        new("--retention-value", "V", "with --retention: value (payment or margin) of a member per period, paid at its start: the report adds a new member's CLV and each tenure's residual value", (o, v) => o with { RetentionValue = ParseNonNegative("--retention-value", v) }),
        new("--retention-discount", "R", "with --retention: discount rate per period (not per year) of the expected lifetimes and values, > 0 (default 0.10)", (o, v) => o with { RetentionDiscount = ParsePositive("--retention-discount", v) }),
        new("--retention-output", "PATH", "with --retention: write a CSV, one row per member (renewal probability, residual lifetime and value of the active) for a members file, one row per period for survivor counts", (o, v) => o with { RetentionOutput = v }),
        new("--rules", "PATH", "JSON rule file for the tier column (default: VIP top 1%, Gold next 4%, Silver next 15%, Bronze; by CLV when a model is fitted, else by revenue)", (o, v) => o with { Rules = v }),
        new("--explain", "CUSTOMER_ID", "print why that customer has its tier and lifecycle stage", (o, v) => o with { Explain = v }),
        new("--charts", "DIR", "write charts as PNG: Lorenz curve, RFM segments, R x F heat map, cohorts; with a CLV model P(alive), expected purchases by frequency and recency, CLV distribution, a customer's P(alive) history (--explain's, else the most frequent buyer's), repeat transactions actual vs model (with a holdout after --analysis-date); with --covariates the coefficients with their 95% intervals (covariates.png); with --retention the survival and retention curves, actual vs model and projected (retention.png)", (o, v) => o with { Charts = v }),
        new("--chart-size", "WxH", "chart size in pixels at scale 1, e.g. 1200x800 (default 900x600)", (o, v) => o with { ChartSize = ParseChartSize(v) }),
        new("--chart-scale", "S", "chart pixel density, 0.5 to 8: 2 doubles the pixels for high-DPI screens and print, same layout (default 1)", (o, v) => o with { ChartScale = ParseChartScale(v) }),
        new("--raw-text", null, "write ids and names into the scorecard CSV exactly as given (default: text a spreadsheet would run as a formula gets a leading ')", (o, _) => o with { RawText = true }),
        new("--db", "duckdb|postgres", "read the transactions from a database, which computes the customer summaries (needs --connection and --table or --query)", (o, v) => o with { Database = ParseDatabase(v) }),
        new("--connection", "STRING", "with --db: the connection string (postgres: Host=...;Database=...;Username=...; duckdb: a database file or DataSource=FILE)", (o, v) => o with { Connection = v }),
        new("--table", "NAME", "with --db: the transactions table or view (schema.table allowed); the column flags name its columns", (o, v) => o with { Table = v }),
        new("--query", "SQL", "with --db: a SELECT whose columns are the transactions (trusted text, run as a sub-query), instead of --table", (o, v) => o with { Query = v }),
        new("--show-sql", null, "with --db or --engine duckdb: print the generated SQL and its parameters and exit without scoring", (o, _) => o with { ShowSql = true }),
        new("--output-table", "NAME", "with --db: write the scorecard (the columns of the scorecard CSV) into this table, replacing it", (o, v) => o with { OutputTable = v }),
        new("--engine", "memory|duckdb", "duckdb: embedded DuckDB summarizes the --input file (.csv or .parquet) in SQL, spilling to disk beyond --engine-memory. The default (memory) already summarizes a file while reading it, in memory that grows with the customers, not the rows (10M rows / 1M customers: about 2 s and 0.4-0.5 GB); duckdb is for a bound below that: the same rows take it 14-17 s and 2.4 GB unbounded, 20 s and 1.2 GB with --engine-memory 1GB (default memory)", (o, v) => o with { DuckDbEngine = ParseEngine(v) }),
        new("--engine-memory", "SIZE", "with --engine duckdb or --db duckdb: DuckDB's memory limit, e.g. 4GB; larger aggregations spill to the temporary folder (default DuckDB's own, 80% of RAM)", (o, v) => o with { EngineMemory = ParseMemorySize(v) }),
        new("--version", null, "print the version and exit", (o, _) => o with { Version = true }),
        new("--help", null, "this text", (o, _) => o with { Help = true }),
    ];

    /// <summary>The usage text, made from <see cref="All"/>.</summary>
    public static string Usage
    {
        get
        {
            var text = new System.Text.StringBuilder();
            text.AppendLine("Usage: customer-scoring [options]   (or: dotnet run --project samples/QuickStart -- [options])");
            text.AppendLine("  Scores customers from a transactions file: a text report, and on request a scorecard CSV, a portfolio JSON and charts.");
            text.AppendLine("  With --retention (alone or beside --input) it also fits a membership retention model (sBG or BdW) and projects survival, retention and member value.");
            text.AppendLine("  Exit codes: 0 success, 1 bad input data, 2 command-line mistake, 3 no model could be fitted where one was needed, 4 an output could not be written.");
            text.AppendLine();
            foreach (CliOption option in All)
            {
                string flag = option.Value is null ? option.Name : option.Name + " " + option.Value;
                text.AppendLine(flag.Length <= 28 ? $"  {flag,-28}{option.Help}" : $"  {flag}{Environment.NewLine}  {"",-28}{option.Help}");
            }

            return text.ToString();
        }
    }

    /// <summary>The README's option table (markdown), made from <see cref="All"/>.</summary>
    /// <returns>The table lines, header first.</returns>
    public static IReadOnlyList<string> MarkdownTable()
    {
        var lines = new List<string> { "| option | meaning |", "|---|---|" };
        foreach (CliOption option in All)
        {
            string flag = option.Value is null ? option.Name : option.Name + " " + option.Value;
            lines.Add($"| `{flag.Replace("|", "\\|", StringComparison.Ordinal)}` | {option.Help.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        return lines;
    }

    /// <summary>Parses the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The options.</returns>
    /// <exception cref="UsageException">An unknown option, a missing or bad value, or a contradiction.</exception>
    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new CliOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i] == "-h" ? "--help" : args[i];
            CliOption option = All.FirstOrDefault(x => x.Name == name)
                ?? throw new UsageException($"Unknown option '{args[i]}'.");
            string value = string.Empty;
            if (option.Value is not null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new UsageException($"Option {name} needs a value ({option.Value}).");
                }

                value = args[++i];
            }

            o = option.Apply(o, value);
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

        if (o.CancelPrefix is not null && o.InvoiceColumn is null)
        {
            throw new UsageException("--cancel-prefix needs --invoice-column (the prefix is read from the invoice id).");
        }

        if (o.CovariateColumns is not null && o.Covariates is null)
        {
            throw new UsageException("--covariate-columns needs --covariates (the file the columns are read from).");
        }

        if (o.Covariates is not null && (o.AutoModel || o.Model == PurchaseModelKind.MbgNbd))
        {
            throw new UsageException("--covariates works with --model bgnbd or paretonbd, not mbgnbd or auto.");
        }

        if (o.HoldoutEnd is { } holdoutEnd && (!o.AutoModel || o.AnalysisDate is not { } analysisDate || holdoutEnd <= analysisDate))
        {
            throw new UsageException("--holdout-end needs --model auto and an earlier --analysis-date (the holdout is the days after it).");
        }

        if (o.Covariates is not null && o.Intervals > 0)
        {
            throw new UsageException("--covariates and --intervals cannot be combined yet: the bootstrap draws the plain model's parameters.");
        }

        if (o.Measure == ConcentrationBasis.Margin && o.MarginColumn is null)
        {
            throw new UsageException("--measure margin needs --margin-column.");
        }

        if (o.Retention is null && args.FirstOrDefault(a => a.StartsWith("--retention-", StringComparison.Ordinal)) is { } retentionFlag)
        {
            throw new UsageException($"{retentionFlag} needs --retention (the membership file).");
        }

        if (o.Retention is not null && (o.Database is not null || o.DuckDbEngine))
        {
            throw new UsageException("--retention runs with a file --input or on its own, not with --db or --engine duckdb.");
        }

        DatabaseInput.CheckOptions(o);
        return o;
    }

    private static SqlDialect ParseDatabase(string value) => value.ToLowerInvariant() switch
    {
        "duckdb" => SqlDialect.DuckDb,
        "postgres" or "postgresql" => SqlDialect.PostgreSql,
        _ => throw new UsageException($"--db must be duckdb or postgres, not '{value}'."),
    };

    /// <summary>A size as DuckDB's memory_limit takes it: a number and a unit (KB, MB, GB, TB, or KiB .. TiB), checked here so that
    /// only such text reaches the SET statement.</summary>
    private static string ParseMemorySize(string value)
    {
        System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(
            value, @"^\s*([0-9]{1,9}(?:\.[0-9]{1,3})?)\s*([KMGT]i?B)\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        if (!m.Success || !(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 0))
        {
            throw new UsageException($"--engine-memory must be a size such as 4GB or 512MB (units KB, MB, GB, TB, KiB, MiB, GiB, TiB), not '{value}'.");
        }

        return m.Groups[1].Value + m.Groups[2].Value.ToUpperInvariant().Replace("IB", "iB", StringComparison.Ordinal);
    }

    private static bool ParseEngine(string value) => value.ToLowerInvariant() switch
    {
        "memory" => false,
        "duckdb" => true,
        _ => throw new UsageException($"--engine must be memory or duckdb, not '{value}'."),
    };

    private static (int Width, int Height) ParseChartSize(string value)
    {
        string[] parts = value.Split('x', 'X');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width) && width is >= 100 and <= 10_000
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int height) && height is >= 100 and <= 10_000
            ? (width, height)
            : throw new UsageException($"--chart-size must be WIDTHxHEIGHT in pixels, each from 100 to 10000 (e.g. 1200x800), not '{value}'.");
    }

    private static double ParseChartScale(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double scale) && scale >= CustomerScoring.Charts.Chart.MinScale && scale <= CustomerScoring.Charts.Chart.MaxScale
            ? scale
            : throw new UsageException($"--chart-scale must be a number from 0.5 to 8 (2 for 192 dpi), not '{value}'.");

    private static int ParseDraws(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int draws) && draws is >= 20 and <= 10_000
            ? draws
            : throw new UsageException($"--intervals must be a whole number of draws from 20 to 10000, not '{value}'.");

    private static string[] ParseNames(string option, string value)
    {
        string[] names = value.Split(',', StringSplitOptions.TrimEntries);
        return names.All(n => n.Length > 0 && !n.StartsWith(':')) && names.Length == names.Distinct(StringComparer.Ordinal).Count()
            ? names
            : throw new UsageException($"{option} must be distinct column names separated by commas, not '{value}'.");
    }

    private static RetentionModelKind ParseRetentionModel(string value) => value.ToLowerInvariant() switch
    {
        "sbg" => RetentionModelKind.Sbg,
        "bdw" => RetentionModelKind.Bdw,
        _ => throw new UsageException($"--retention-model must be sbg or bdw, not '{value}'."),
    };

    private static int ParseRetentionHorizon(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int periods) && periods is >= 1 and <= RetentionFile.MaxPeriods
            ? periods
            : throw new UsageException($"--retention-horizon must be a whole number of periods from 1 to {RetentionFile.MaxPeriods}, not '{value}'.");

    private static CohortPeriod ParseCohortPeriod(string value) => value.ToLowerInvariant() switch
    {
        "month" => CohortPeriod.Month,
        "week" => CohortPeriod.Week,
        _ => throw new UsageException($"--cohort-period must be month or week, not '{value}'."),
    };

    private static ReturnsPolicy ParseReturns(string value) => value.ToLowerInvariant() switch
    {
        "net" => ReturnsPolicy.Net,
        "exclude" => ReturnsPolicy.Exclude,
        "keep" => ReturnsPolicy.Keep,
        _ => throw new UsageException($"--returns must be net, exclude or keep, not '{value}'."),
    };

    private static CsvIdFormat ParseIdFormat(string value) => value.ToLowerInvariant() switch
    {
        "as-written" => CsvIdFormat.AsWritten,
        "number" => CsvIdFormat.Number,
        _ => throw new UsageException($"--id-format must be as-written or number, not '{value}'."),
    };

    private static CsvInvoiceTimestampHandling ParseInvoiceTimestamps(string value) => value.ToLowerInvariant() switch
    {
        "first" => CsvInvoiceTimestampHandling.UseFirst,
        "reject" => CsvInvoiceTimestampHandling.Reject,
        _ => throw new UsageException($"--invoice-timestamps must be first or reject, not '{value}'."),
    };

    private static double ParseShare(string value)
    {
        double share = ParseNonNegative("--max-rejected-share", value);
        return share <= 1 ? share : throw new UsageException($"--max-rejected-share is a share from 0 to 1, not '{value}'.");
    }

    private static double ParseHorizon(string value)
    {
        double h = ParsePositive("--horizon", value);
        return h <= 100 * 366
            ? h
            : throw new UsageException($"--horizon must be at most 100 years (36,600 days or 5,220 weeks), not '{value}'.");
    }

    private static double ParseMargin(string value)
    {
        double m = ParseNonNegative("--margin", value);
        return m <= 1
            ? m
            : throw new UsageException($"--margin is a share of spend from 0 to 1, not '{value}'.");
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
        _ => throw new UsageException($"--model must be bgnbd, paretonbd, mbgnbd or auto, not '{value}'."),
    };

    private static double ParsePositive(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d > 0 && double.IsFinite(d)
            ? d
            : throw new UsageException($"{option} must be a positive number, not '{value}'.");

    private static double ParseNonNegative(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= 0 && double.IsFinite(d)
            ? d
            : throw new UsageException($"{option} must be a number >= 0, not '{value}'.");

    private static ConcentrationBasis ParseMeasure(string value) => value.ToLowerInvariant() switch
    {
        "revenue" => ConcentrationBasis.Revenue,
        "margin" => ConcentrationBasis.Margin,
        "clv" => ConcentrationBasis.Clv,
        _ => throw new UsageException($"--measure must be revenue, margin or clv, not '{value}'."),
    };

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
