using System.Globalization;
using System.Reflection;
using CustomerScoring.Clv;
using CustomerScoring.Cohorts;
using CustomerScoring.Csv;
using CustomerScoring.Parquet;
using CustomerScoring.Rfm;
using CustomerScoring.Rules;
using CustomerScoring.Scorecard;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Cli;

/// <summary>
/// The command: parse the options, read the transactions, build the library's <see cref="CustomerScorecard{TKey}"/>, then
/// render it (text report, scorecard CSV, portfolio JSON, charts). Every failure ends in one line on the error writer and an
/// <see cref="ExitCode"/> chosen by its kind, never a stack trace.
/// </summary>
public static class CliApp
{
    /// <summary>Runs the command; returns the exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="error">Where errors and warnings go.</param>
    /// <param name="defaultInput">The input used without <c>--input</c> (path and format), or null to require <c>--input</c>.</param>
    /// <returns>The exit code (see <see cref="ExitCode"/>).</returns>
    /// <remarks>
    /// Progress of the long phases goes to <paramref name="error"/> when it is the console's standard error and that is a
    /// terminal (not redirected); otherwise the error writer holds only warnings and errors.
    /// </remarks>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, DefaultInput? defaultInput = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Run(args, output, error, defaultInput, CliProgress.For(error, ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected));
    }

    /// <summary>Runs the command with the given progress reporting; returns the exit code.</summary>
    internal static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, DefaultInput? defaultInput, CliProgress progress)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(progress);
        try
        {
            return (int)RunCore(args, output, error, defaultInput, progress);
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run with --help for the options.");
            return (int)ExitCode.Usage;
        }
        catch (CustomerScoringException e)
        {
            // A bad line that stops the import says what to give, as the report's hints do in skip mode.
            string hint = e is CsvImportException { Reason: { } reason } ? $" ({TextReport.FlagHint(reason)})" : string.Empty;
            error.WriteLine($"error: {FlagWords.Of(e.Message)}{hint}");
            return (int)(e.Kind switch
            {
                FailureKind.BadData => ExitCode.BadData,
                FailureKind.BadOptions => ExitCode.Usage,
                FailureKind.ModelNotFitted => ExitCode.ModelNotFitted,
                _ => ExitCode.OutputFailed,
            });
        }
        catch (ArgumentException e)
        {
            // A library argument check reached from the options: a usage mistake, said without the parameter's internal name.
            error.WriteLine($"error: {FlagWords.Of(WithoutParameterName(e))}");
            error.WriteLine("Run with --help for the options.");
            return (int)ExitCode.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return (int)ExitCode.OutputFailed;
        }
#pragma warning disable CA1031 // The command's last line of defence: a bug becomes one line and a documented exit code, not a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error.WriteLine($"error: internal error ({e.GetType().Name}): {e.Message}");
            error.WriteLine("This is a bug in customer-scoring; please report it with the command line.");
            return (int)ExitCode.InternalError;
        }
    }

    private static ExitCode RunCore(IReadOnlyList<string> args, TextWriter output, TextWriter error, DefaultInput? defaultInput, CliProgress progress)
    {
        CliOptions options = CliOptions.Parse(args);
        if (options.Help)
        {
            output.WriteLine(CliOptions.Usage);
            return ExitCode.Success;
        }

        if (options.Version)
        {
            output.WriteLine($"customer-scoring {Version}");
            return ExitCode.Success;
        }

        if (DatabaseInput.IsRequested(options))
        {
            return RunDatabase(options, output, error, progress);
        }

        RetentionReport? retention = null;
        if (options.Retention is { } retentionPath)
        {
            progress.Phase($"fitting the retention model to '{retentionPath}'");
            retention = RetentionReport.Compute(RetentionFile.Read(retentionPath, options), options);
            if (options.Input is null)
            {
                return RunRetention(retention, options, output, progress);
            }
        }

        string path = options.Input ?? defaultInput?.Path
            ?? throw new UsageException("--input is required: the transactions file to score.");
        if (!File.Exists(path))
        {
            throw new CliDataException($"input file '{path}' was not found.");
        }

        if (options.Rules is { } rulesPath && !File.Exists(rulesPath))
        {
            throw new CliDataException($"rule file '{rulesPath}' was not found.");
        }

        (string, string?)[] outputs = [("--output", options.Output), ("--summary", options.Summary), ("--charts", options.Charts), ("--rejects", options.Rejects), ("--cohorts", options.Cohorts), ("--retention-output", options.RetentionOutput)];
        OutputPaths.CheckDistinct(path, outputs);
        foreach (string? other in new[] { options.Covariates, options.Retention })
        {
            if (other is not null)
            {
                OutputPaths.CheckDistinct(other, outputs);
            }
        }

        CsvImportOptions format = options.Input is null && defaultInput is not null
            ? defaultInput.Format with { OnError = options.OnError }
            : ImportOptions(options);
        CsvImportResult? imported = null;
        ParquetImportResult? parquet = null;
        CsvImportReport? importReport = null;
        ParquetImportReport? parquetReport = null;
        (CustomerSummaries? Summaries, CustomerKeyMap<string> Customers, long Transactions)? streamed = null;
        // Only the charts, the cohorts, the model comparison's weekly tracking and a holdout read the transactions after summarizing;
        // without them a CSV or Parquet file is summarized as it is read, and its rows are never all held (20 bytes a row).
        bool keepTransactions = options.Charts is not null || options.Cohorts is not null || options.AutoModel || options.HoldoutEnd is not null;
        progress.Phase(keepTransactions ? $"reading '{path}'" : $"reading and summarizing '{path}'");
        if (ParquetInput.Applies(path) && keepTransactions)
        {
            parquet = ParquetInput.Read(path, options);
        }
        else if (ParquetInput.Applies(path))
        {
            (CustomerSummaries? summaries, CustomerKeyMap<string> customers, parquetReport) = Streamed(options, window => ParquetInput.Summarize(path, options, window));
            streamed = (summaries, customers, parquetReport.Transactions);
            FreeReadingMemory();
        }
        else if (options.Sniff)
        {
            CsvSniffResult sniffed = CsvFormatSniffer.Sniff(path, format);
            output.WriteLine(sniffed.ToString());
            return ExitCode.Success;
        }
        else if (!keepTransactions)
        {
            (CustomerSummaries? summaries, CustomerKeyMap<string> customers, importReport) =
                Streamed(options, window => WithRejectsFile(options, format, f => CsvFileSummary.Summarize(path, f, window, endFromData: options.AnalysisDate is null)));
            streamed = (summaries, customers, importReport.Transactions);
            FreeReadingMemory();
        }
        else
        {
            imported = ReadInput(path, options, format);
        }

        CustomerTransactions<string>? data = imported?.Transactions ?? parquet?.Transactions;
        importReport ??= imported?.Report;
        parquetReport ??= parquet?.Report;
        CustomerKeyMap<string> customerMap = data?.Customers ?? streamed!.Value.Customers;
        long transactionCount = data?.Count ?? streamed!.Value.Transactions;
        imported = null;
        parquet = null;
        if (transactionCount == 0)
        {
            throw new CliDataException($"'{path}' holds no usable transactions. {(object?)importReport ?? parquetReport}");
        }

        ScorecardOptions scorecardOptions = ScorecardOptionsFor(options);
        CovariateFileReport? covariateReport = null;
        if (options.Covariates is { } covariatesFile)
        {
            (CustomerCovariates covariates, covariateReport) = CovariateFile.Read(covariatesFile, options, format, customerMap);
            scorecardOptions = scorecardOptions with { Covariates = covariates };
        }

        progress.Phase(streamed is null
            ? string.Create(CultureInfo.InvariantCulture, $"summarizing {transactionCount:N0} transactions, scoring and fitting {ModelWords(options)}")
            : string.Create(CultureInfo.InvariantCulture, $"scoring {customerMap.Count:N0} customers ({transactionCount:N0} transactions) and fitting {ModelWords(options)}"));
        CustomerScorecard<string> card;
        IdleWork<string[]>? statistics = null;
        try
        {
            if (keepTransactions)
            {
                card = CustomerScorecard.Build(data!, scorecardOptions);
            }
            else
            {
                // The file was summarized as it was read (its summaries are there: a file without transactions stopped above).
                CustomerSummaries summaries = streamed!.Value.Summaries!;
                CustomerKeyMap<string> customers = customerMap;
                streamed = null;
                // The report's statistics table needs the summaries alone: made while the stages run, in the processors'
                // idle time (a thread of the lowest priority, IdlePriority), instead of after them.
                statistics = Environment.ProcessorCount > 1 ? IdlePriority.Start(() => TextReport.StatisticsLines(summaries, sideBySide: false)) : null;
                try
                {
                    card = CustomerScorecard.FromSummaries(summaries, customers, scorecardOptions);
                }
                catch
                {
                    statistics?.Wait(); // not left running while the command fails
                    throw;
                }
            }
        }
        catch (TransactionDataException e) when (options.AnalysisDate is null && IsLastDayError(e))
        {
            throw LastDayError(e);
        }

        CohortTable? cohorts = options.Cohorts is null || data is null
            ? null
            : CohortTable.Compute(data, new CohortOptions(card.Summaries.ObservationEnd) { Period = options.CohortPeriod, Returns = options.Returns });
        var run = new CliRun(path, options, importReport, card, parquetReport) { Covariates = covariateReport, Cohorts = cohorts, Data = data, Retention = retention, Statistics = statistics };
        return Render(run, id => format.NormalizeCustomerId(id) ?? id, output, error, progress);
    }

    /// <summary>
    /// A --retention run without --input: the retention model's report section, and on request its CSV, the summary JSON
    /// (a <c>retention</c> object) and its chart.
    /// </summary>
    private static ExitCode RunRetention(RetentionReport retention, CliOptions options, TextWriter output, CliProgress progress)
    {
        foreach (var (flag, given) in new[] { ("--output", options.Output), ("--cohorts", options.Cohorts), ("--covariates", options.Covariates), ("--explain", options.Explain), ("--rejects", options.Rejects), ("--rules", options.Rules) })
        {
            if (given is not null)
            {
                throw new UsageException($"{flag} needs --input (the transactions); a --retention run on its own writes the report, --summary, --charts and --retention-output.");
            }
        }

        if (options.Sniff)
        {
            throw new UsageException("--sniff needs --input (the transactions file to inspect).");
        }

        OutputPaths.CheckDistinct(retention.Input.Path, ("--summary", options.Summary), ("--charts", options.Charts), ("--retention-output", options.RetentionOutput));
        retention.WriteText(output);
        WriteRetentionFiles(retention, options, output);
        if (options.Charts is { } chartFolder)
        {
            progress.Phase($"writing the charts to '{chartFolder}'");
            foreach (string file in ChartFiles.WriteRetention(retention, options, chartFolder))
            {
                output.WriteLine($"Chart: {file}");
            }
        }

        if (options.Summary is { } jsonPath)
        {
            progress.Phase($"writing the summary to '{jsonPath}'");
            OutputPaths.WriteAtomically(jsonPath, "--summary", p =>
            {
                using FileStream stream = File.Create(p);
                using var json = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true });
                json.WriteStartObject();
                retention.WriteJson(json);
                json.WriteEndObject();
            });
            output.WriteLine($"Summary: written to {jsonPath}");
        }

        return ExitCode.Success;
    }

    private static void WriteRetentionFiles(RetentionReport retention, CliOptions options, TextWriter output)
    {
        if (options.RetentionOutput is { } path)
        {
            OutputPaths.WriteAtomically(path, "--retention-output", p => retention.WriteCsv(p, options.RawText));
            output.WriteLine(retention.Input.Members is { } members
                ? string.Create(CultureInfo.InvariantCulture, $"Retention: {members.Count:N0} members written to {path}")
                : string.Create(CultureInfo.InvariantCulture, $"Retention: {retention.Horizon + 1:N0} periods written to {path}"));
        }
    }

    /// <summary>Transactions summarized by a database or by embedded DuckDB: only the summaries come to this process.</summary>
    private static ExitCode RunDatabase(CliOptions options, TextWriter output, TextWriter error, CliProgress progress)
    {
        if (options.Rules is { } rulesPath && !File.Exists(rulesPath))
        {
            throw new CliDataException($"rule file '{rulesPath}' was not found.");
        }

        if (options.Covariates is not null || options.Cohorts is not null || options.HoldoutEnd is not null)
        {
            // These read the transactions themselves; with --db or --engine duckdb only the summaries reach this process.
            throw new UsageException("--covariates, --cohorts and --holdout-end need the transactions in this process: use them with a file --input, without --db or --engine duckdb.");
        }

        OutputPaths.CheckDistinct(options.Input, ("--output", options.Output), ("--summary", options.Summary), ("--charts", options.Charts));
        DatabaseRun? run = DatabaseInput.Score(options, ScorecardOptionsFor(options), output);
        if (run is null)
        {
            return ExitCode.Success;
        }

        ExitCode code = Render(new CliRun(run.Label, options, null, run.Card), id => id, output, error, progress);
        if (run.TableRows is { } rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Score table: {rows:N0} customers written to {options.OutputTable}"));
        }

        return code;
    }

    /// <summary>The warnings, the report and the requested files of a scorecard.</summary>
    private static ExitCode Render(CliRun run, Func<string, string> normalizeId, TextWriter output, TextWriter error, CliProgress progress)
    {
        CliOptions options = run.Options;
        CustomerScorecard<string> card = run.Card;
        string path = run.InputPath;
        if (card.ClvFailure is { } failure)
        {
            error.WriteLine($"warning: no CLV model could be fitted, CLV columns are left empty: {FlagWords.Of(failure)}");
        }

        foreach (string warning in DataWarnings(run))
        {
            error.WriteLine($"warning: {warning}");
        }

        int explainRow = -1;
        if (options.Explain is { } explainId)
        {
            explainRow = card.RowOf(normalizeId(explainId));
            if (explainRow < 0)
            {
                throw new CliDataException($"customer '{explainId}' has no purchase on or before {card.Summaries.ObservationEnd:yyyy-MM-dd} in '{path}'.");
            }
        }

        CohortTable? cohorts = run.Cohorts;
        Task? scorecard = null;
        Action? writeScorecard = null;
        if (options.Output is { } cardPath)
        {
            progress.Phase($"writing the scorecard to '{cardPath}'");
            // The scorecard's column table (ScorecardColumns) rendered as CSV, or as Parquet when the name ends in .parquet.
            // Written beside the report (which leaves a processor mostly idle); its line follows the report's.
            Action<string> write = ParquetInput.Applies(cardPath)
                ? new ScorecardParquetWriter<string>(card).WriteFile
                : new ScorecardCsvWriter<string>(card) { NeutralizeFormulas = !options.RawText }.WriteFile;
            writeScorecard = () => OutputPaths.WriteAtomically(cardPath, "--output", write);
            scorecard = Environment.ProcessorCount > 1 ? Task.Run(writeScorecard) : null;
        }

        try
        {
            progress.Phase("writing the report");
            TextReport.Write(run, output);
            if (run.Retention is { } retention)
            {
                retention.WriteText(output);
                WriteRetentionFiles(retention, options, output);
            }

            if (explainRow >= 0)
            {
                output.WriteLine($"Customer {TextReport.Printable(options.Explain!)}:");
                output.WriteLine($"  tier: {card.Tiers.ExplainTier(explainRow)}");
                output.WriteLine($"  lifecycle stage: {card.Tiers.ExplainStage(explainRow)}");
                if (TextReport.ExplainClv(card, explainRow) is { } clvLine)
                {
                    output.WriteLine($"  {clvLine}");
                }

                output.WriteLine();
            }
        }
        catch
        {
            if (scorecard is not null)
            {
                Task.WaitAny(scorecard); // not left writing while the command fails
            }

            throw;
        }

        if (writeScorecard is not null)
        {
            if (scorecard is null)
            {
                writeScorecard();
            }
            else
            {
                scorecard.GetAwaiter().GetResult();
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Scorecard: {card.Count:N0} customers written to {options.Output}"));
        }

        if (options.Cohorts is { } cohortsPath && cohorts is not null)
        {
            OutputPaths.WriteAtomically(cohortsPath, "--cohorts", p => File.WriteAllText(p, cohorts.ToCsv()));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cohorts: {cohorts.CohortCount:N0} {(options.CohortPeriod == CohortPeriod.Month ? "month" : "week")} cohorts written to {cohortsPath}"));
        }

        if (options.Charts is { } chartFolder)
        {
            progress.Phase($"writing the charts to '{chartFolder}'");
            foreach (string file in ChartFiles.Write(run, chartFolder))
            {
                output.WriteLine($"Chart: {file}");
            }
        }

        if (options.Summary is { } jsonPath)
        {
            progress.Phase($"writing the summary to '{jsonPath}'");
            OutputPaths.WriteAtomically(jsonPath, "--summary", p => SummaryJson.Write(run, p));
            output.WriteLine($"Summary: written to {jsonPath}");
        }

        return ExitCode.Success;
    }

    private static string ModelWords(CliOptions o)
    {
        string models = o.AutoModel ? "BG/NBD, MBG/NBD and Pareto/NBD" : o.Model switch
        {
            PurchaseModelKind.BgNbd => "BG/NBD",
            PurchaseModelKind.MbgNbd => "MBG/NBD",
            _ => "Pareto/NBD",
        };
        return o.Intervals > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{models} and Gamma-Gamma with {o.Intervals:N0} bootstrap draws")
            : $"{models} and Gamma-Gamma";
    }

    private static string WithoutParameterName(ArgumentException e) =>
        e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;

    /// <summary>Share of rejected lines above which skip mode warns (without --max-rejected-share, which fails instead).</summary>
    internal const double RejectedShareWarning = 0.10;

    /// <summary>
    /// Facts that do not stop the run but would mislead if unsaid: many rejected lines in skip mode, and a default analysis
    /// date pulled far out by a few late dates (a typo year makes every customer look lapsed).
    /// </summary>
    internal static IEnumerable<string> DataWarnings(CliRun run)
    {
        CustomerScorecard<string> card = run.Card;
        CliOptions options = run.Options;
        if (run.LinesRead > 0 && (double)run.LinesRejected / run.LinesRead > RejectedShareWarning)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{run.LinesRejected:N0} of {run.LinesRead:N0} lines ({(double)run.LinesRejected / run.LinesRead:P1}) were rejected; the report lists why. Give --max-rejected-share to fail instead.");
        }

        if (options.AnalysisDate is null && card.Count >= 20)
        {
            // The default analysis date follows the latest purchase; compare it with the 99th percentile of customers' last purchases.
            (int p99, int latest) = LastPurchaseDays(card.Summaries.LastPurchase);
            if (latest - p99 > 365)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"the latest purchase ({DateOnly.FromDayNumber(latest):yyyy-MM-dd}) is more than a year after 99% of customers' last purchases (up to {DateOnly.FromDayNumber(p99):yyyy-MM-dd}), and the default analysis date follows it, so most customers look inactive: check those dates (a typo year?) or give --analysis-date.");
            }
        }
    }

    /// <summary>
    /// The day numbers of the 99th percentile (the order statistic at ⌊0.99 (n - 1)⌋, 0-based) and the latest of the
    /// customers' last purchases, by counting days (a day-number range is at most 3.7M days) instead of sorting: in the
    /// Native AOT command Array.Sort of ints compares through an interface call, 65 ms for 1M customers at the report's end.
    /// </summary>
    /// <param name="lastPurchases">The customers' last purchases (at least one).</param>
    internal static (int Percentile99, int Latest) LastPurchaseDays(ReadOnlySpan<DateTime> lastPurchases)
    {
        int n = lastPurchases.Length, first = int.MaxValue, latest = int.MinValue;
        var days = new int[n];
        for (int i = 0; i < n; i++)
        {
            int day = DateOnly.FromDateTime(lastPurchases[i]).DayNumber;
            days[i] = day;
            first = Math.Min(first, day);
            latest = Math.Max(latest, day);
        }

        var counts = new int[latest - first + 1];
        foreach (int day in days)
        {
            counts[day - first]++;
        }

        long rank = (long)Math.Floor(0.99 * (n - 1)), below = 0;
        for (int d = 0; ; d++)
        {
            below += counts[d];
            if (below > rank)
            {
                return (first + d, latest);
            }
        }
    }

    /// <summary>The version of the command (the assembly's informational version).</summary>
    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static CsvImportResult ReadInput(string path, CliOptions options, CsvImportOptions format) =>
        WithRejectsFile(options, format, f => TransactionCsvReader.ReadFile(path, f));

    /// <summary>Reads with <paramref name="read"/>; with --rejects every rejected line goes to the rejects file, written
    /// beside its target and renamed when the reading ends.</summary>
    private static T WithRejectsFile<T>(CliOptions options, CsvImportOptions format, Func<CsvImportOptions, T> read)
    {
        if (options.Rejects is not { } rejectsPath)
        {
            return read(format);
        }

        T result = default!;
        OutputPaths.WriteAtomically(rejectsPath, "--rejects", temporary =>
        {
            using CsvRejectsWriter rejects = CsvRejectsWriter.Create(temporary);
            result = read(format with { OnRejection = rejects.Write });
        });
        return result;
    }

    /// <summary>
    /// The input file summarized as it is read (<see cref="CsvFileSummary"/>, <see cref="ParquetFileSummary"/>), with the
    /// window of the scorecard's summarizing step (<see cref="CustomerScorecard.Build{TKey}(CustomerTransactions{TKey}, ScorecardOptions?, CancellationToken)"/>):
    /// the same summaries, without holding the rows. Summaries are null when no row gave a transaction.
    /// </summary>
    private static T Streamed<T>(CliOptions options, Func<SummaryOptions, T> summarize)
    {
        var window = new SummaryOptions(options.AnalysisDate ?? DateOnly.MaxValue) { Period = options.Period, TimeUnit = options.TimeUnit, Returns = options.Returns };
        try
        {
            return summarize(window);
        }
        catch (TransactionDataException e) when (options.AnalysisDate is null && IsLastDayError(e))
        {
            throw LastDayError(e);
        }
    }

    /// <summary>
    /// After a file was summarized as it was read: the summary's accumulators (about 90 bytes a customer, and the shorter
    /// arrays they outgrew) are garbage now, large objects that only a full collection frees: freed here, before the stages
    /// allocate, their memory serves the stages' arrays instead of being compacted away later (10M rows: 1.91 -> 1.74 s,
    /// user time 2.58 -> 2.40 s, 11 alternating runs). The collection gives memory back by mapping it anew, without the
    /// huge-page advice, which is given again.
    /// </summary>
    private static void FreeReadingMemory()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        HugePageAdvice.AdviseAgain();
    }

    private static bool IsLastDayError(TransactionDataException e) => e.Message.Contains("9999-12-31", StringComparison.Ordinal);

    /// <summary>The library's refusal of a last transaction on 9999-12-31, in the command's words.</summary>
    private static CliDataException LastDayError(TransactionDataException e) =>
        new(e.Message.Replace("Give the analysis date explicitly", "Give --analysis-date", StringComparison.Ordinal));

    private static ScorecardOptions ScorecardOptionsFor(CliOptions o)
    {
        RuleSet? tierRules;
        try
        {
            tierRules = o.Rules is { } rules ? RuleSet.Load(rules) : null;
        }
        catch (RuleDefinitionException e)
        {
            throw new UsageException($"--rules: {e.Message}", e);
        }

        ClvForecastOptions oneYear = ScorecardOptions.OneYearForecast(o.TimeUnit);
        return new ScorecardOptions
        {
            AnalysisDate = o.AnalysisDate,
            HoldoutEnd = o.HoldoutEnd,
            Period = o.Period,
            TimeUnit = o.TimeUnit,
            Returns = o.Returns,
            Rfm = new RfmScorer(
                Binning(o, ScoreDirection.LowerIsBetter, o.RecencyThresholds),
                Binning(o, ScoreDirection.HigherIsBetter, o.FrequencyThresholds),
                Binning(o, ScoreDirection.HigherIsBetter, o.MonetaryThresholds),
                SegmentMap.RfmPackage11),
            RfmValues = new RfmValueOptions { Frequency = o.FrequencyMeasure, Monetary = o.MonetaryMeasure },
            Concentration = o.Measure,
            PurchaseModel = o.Model,
            SelectModelByBic = o.AutoModel,
            Intervals = o.Intervals > 0 ? new ClvIntervalOptions { Draws = o.Intervals } : null,
            Forecast = oneYear with { Horizon = o.Horizon ?? oneYear.Horizon, AnnualDiscountRate = o.DiscountRate, MarginRate = o.Margin },
            TierRules = tierRules,
        };
    }

    private static DimensionBinning Binning(CliOptions o, ScoreDirection direction, IReadOnlyList<double>? thresholds)
    {
        try
        {
            return o.Binning switch
            {
                BinningMethod.Ntile => DimensionBinning.Ntile(o.Bins, direction),
                BinningMethod.NtileTiesShared => DimensionBinning.NtileTiesShared(o.Bins, direction),
                BinningMethod.QuantileBreaks => DimensionBinning.QuantileBreaks(o.Bins, direction),
                _ => DimensionBinning.FixedThresholds(direction, [.. thresholds ?? []]),
            };
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--binning {o.Binning}: {WithoutParameterName(e)}", e);
        }
    }

    private static CsvImportOptions ImportOptions(CliOptions o)
    {
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
            CustomerIdFormat = o.IdFormat,
            CancellationPrefix = o.CancelPrefix,
            InvoiceTimestampConflicts = o.InvoiceTimestamps,
            MaxRejectedShare = o.MaxRejectedShare,
            NumberFormat = o.DecimalComma
                ? new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = " " }
                : NumberFormatInfo.InvariantInfo,
        };
        return o.DateFormats is { } formats ? options with { TimestampFormats = [.. formats] } : options;
    }
}

/// <summary>The input used when no <c>--input</c> is given (the QuickStart sample's bundled data).</summary>
/// <param name="Path">The file.</param>
/// <param name="Format">How to read it.</param>
public sealed record DefaultInput(string Path, CsvImportOptions Format);

/// <summary>Everything the report, the scorecard CSV, the JSON and the charts are rendered from.</summary>
/// <param name="InputPath">The file read (or the database source's description).</param>
/// <param name="Options">The command line.</param>
/// <param name="Import">What the CSV reader read and rejected; null for Parquet input or when an engine read the rows (--db, --engine duckdb).</param>
/// <param name="Card">The library's scorecard.</param>
/// <param name="ParquetImport">What the Parquet reader read and rejected, when the input was a .parquet file (then Import is null).</param>
internal sealed record CliRun(string InputPath, CliOptions Options, CsvImportReport? Import, CustomerScorecard<string> Card, ParquetImportReport? ParquetImport = null)
{
    /// <summary>Records (CSV lines or Parquet rows) read; when an engine read the rows (--db, --engine duckdb), every
    /// row it summarized: purchases, returns, holdout rows and rows after the analysis date.</summary>
    public long LinesRead => Import?.LinesRead ?? ParquetImport?.RowsRead ?? EngineRows(Card.Summaries);

    /// <summary>Records rejected.</summary>
    public long LinesRejected => Import?.LinesRejected ?? ParquetImport?.RowsRejected ?? 0;

    private static long EngineRows(CustomerScoring.Summaries.CustomerSummaries s) =>
        s.TransactionsUsed + s.ReturnTransactions + s.HoldoutTransactionsUsed + s.HoldoutTransactionsOfNewCustomers + s.HoldoutReturnTransactions + s.ExcludedAfterEnd;

    /// <summary>How the --covariates file was read, or null without one.</summary>
    public CovariateFileReport? Covariates { get; init; }

    /// <summary>The transactions read (those after the analysis date too: the charts' holdout), or null when an engine
    /// read them (--db, --engine duckdb).</summary>
    public CustomerTransactions<string>? Data { get; init; }

    /// <summary>The acquisition cohorts for --cohorts, or null without it.</summary>
    public CohortTable? Cohorts { get; init; }

    /// <summary>The fitted --retention model, or null without it.</summary>
    public RetentionReport? Retention { get; init; }

    /// <summary>The report's statistics table (<see cref="TextReport.StatisticsLines"/>) when it was started beside the
    /// scorecard's stages, else null (the report makes it).</summary>
    public IdleWork<string[]>? Statistics { get; init; }
}
