using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CustomerScoring.Benchmarks.Checking;

/// <summary>One benchmark case read from BenchmarkDotNet's JSON export (<c>*-report-full*.json</c>).</summary>
/// <param name="Namespace">The benchmark class's namespace (JSON <c>Namespace</c>).</param>
/// <param name="Type">The benchmark class (JSON <c>Type</c>).</param>
/// <param name="Method">The benchmark method (JSON <c>Method</c>).</param>
/// <param name="Parameters">The parameter set, e.g. <c>Rows=200000&amp;Customers=1000</c> (JSON <c>Parameters</c>).</param>
/// <param name="MeanNanoseconds">JSON <c>Statistics.Mean</c>; null when the benchmark failed (no statistics).</param>
/// <param name="AllocatedBytes">JSON <c>Memory.BytesAllocatedPerOperation</c>; null without a memory diagnoser.</param>
internal sealed record BenchmarkResult(
    string Namespace, string Type, string Method, string Parameters, double? MeanNanoseconds, long? AllocatedBytes)
{
    /// <summary>The name floors use: <c>Type.Method</c>.</summary>
    public string Key => Type + "." + Method;
}

/// <summary>A non-baseline benchmark beside its class's baseline in the same parameter set.</summary>
internal sealed record RatioRow(
    BenchmarkResult Result, double? BaselineMeanNanoseconds, double? SpeedUp, double? Floor, RatioStatus Status, string Message);

/// <summary>The verdict on one row.</summary>
internal enum RatioStatus
{
    /// <summary>Not guarded by a floor: reported only.</summary>
    Info,

    /// <summary>At or above its floor.</summary>
    Pass,

    /// <summary>Below its floor, or the result or its baseline is missing or failed.</summary>
    Fail,
}

/// <summary>The outcome of a check: every row plus failures that have no row (guarded benchmarks missing entirely).</summary>
internal sealed record RatioReport(IReadOnlyList<RatioRow> Rows, IReadOnlyList<string> Failures)
{
    /// <summary>True when no guarded benchmark failed.</summary>
    public bool Passed => Failures.Count == 0;
}

/// <summary>
/// The pure logic of the ratio gate: parse BenchmarkDotNet's JSON export and the floors file, pair every
/// non-baseline benchmark with the baseline of its class and parameter set, compute speed-up = baseline mean / mean,
/// and compare guarded speed-ups with their floors. No file system, no BenchmarkDotNet types: the test project can
/// compile this file as a link.
/// </summary>
internal static class RatioCheck
{
    /// <summary>Reads the benchmarks of one exported JSON report.</summary>
    public static IReadOnlyList<BenchmarkResult> ParseReport(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("Benchmarks", out JsonElement benchmarks) || benchmarks.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("Not a BenchmarkDotNet JSON report: no \"Benchmarks\" array.");
        }

        var results = new List<BenchmarkResult>();
        foreach (JsonElement b in benchmarks.EnumerateArray())
        {
            double? mean = b.TryGetProperty("Statistics", out JsonElement s) && s.ValueKind == JsonValueKind.Object
                && s.TryGetProperty("Mean", out JsonElement m) && m.ValueKind == JsonValueKind.Number
                ? m.GetDouble()
                : null;
            long? allocated = b.TryGetProperty("Memory", out JsonElement mem) && mem.ValueKind == JsonValueKind.Object
                && mem.TryGetProperty("BytesAllocatedPerOperation", out JsonElement a) && a.ValueKind == JsonValueKind.Number
                ? a.GetInt64()
                : null;
            results.Add(new BenchmarkResult(
                Text(b, "Namespace"), Required(b, "Type"), Required(b, "Method"), Text(b, "Parameters"), mean, allocated));
        }

        return results;
    }

    /// <summary>
    /// Reads the floors file: <c>{"floors": {"Type.Method": minimumSpeedUp, ...}}</c>. Other top-level properties
    /// (comments, notes) are ignored. A floor applies to every parameter set of that benchmark.
    /// </summary>
    public static IReadOnlyDictionary<string, double> ParseFloors(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("floors", out JsonElement floors) || floors.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The floors file has no \"floors\" object ({\"floors\": {\"Type.Method\": 2.0}}).");
        }

        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (JsonProperty floor in floors.EnumerateObject())
        {
            if (floor.Value.ValueKind != JsonValueKind.Number || floor.Value.GetDouble() <= 0 || !floor.Name.Contains('.', StringComparison.Ordinal))
            {
                throw new FormatException($"Floor \"{floor.Name}\": expected \"Type.Method\": a positive number.");
            }

            result[floor.Name] = floor.Value.GetDouble();
        }

        return result;
    }

    /// <summary>
    /// Pairs results with baselines and applies the floors. <paramref name="isBaseline"/> says whether a result is its
    /// class's <c>[Benchmark(Baseline = true)]</c> (the JSON export does not record it).
    /// </summary>
    public static RatioReport Evaluate(
        IEnumerable<BenchmarkResult> results, Func<BenchmarkResult, bool> isBaseline, IReadOnlyDictionary<string, double> floors)
    {
        var rows = new List<RatioRow>();
        var failures = new List<string>();
        var all = results.ToList();
        var baselines = new Dictionary<(string, string, string), BenchmarkResult>();
        foreach (BenchmarkResult b in all.Where(isBaseline))
        {
            if (!baselines.TryAdd((b.Namespace, b.Type, b.Parameters), b))
            {
                failures.Add($"{b.Type} [{b.Parameters}]: more than one baseline result ({baselines[(b.Namespace, b.Type, b.Parameters)].Method}, {b.Method}); run one job per report.");
            }
        }

        foreach (BenchmarkResult r in all.Where(r => !isBaseline(r))
                     .OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ThenBy(r => r.Parameters, StringComparer.Ordinal))
        {
            double? floor = floors.TryGetValue(r.Key, out double f) ? f : null;
            baselines.TryGetValue((r.Namespace, r.Type, r.Parameters), out BenchmarkResult? baseline);
            double? baselineMean = baseline?.MeanNanoseconds;
            double? speedUp = baselineMean is > 0 && r.MeanNanoseconds is > 0 ? baselineMean / r.MeanNanoseconds : null;
            string where = Describe(r);
            (RatioStatus status, string message) = (floor, speedUp) switch
            {
                (null, _) => (RatioStatus.Info, ""),
                (_, null) when r.MeanNanoseconds is null => (RatioStatus.Fail, $"{where}: no measurement (the benchmark failed); see the BenchmarkDotNet log."),
                (_, null) when baseline is null => (RatioStatus.Fail, $"{where}: no baseline result in the same class and parameter set; was the baseline filtered out or renamed?"),
                (_, null) => (RatioStatus.Fail, $"{where}: the baseline {baseline.Method} has no measurement (it failed); see the BenchmarkDotNet log."),
                ({ } min, { } x) when x < min => (RatioStatus.Fail, $"{where}: speed-up {Format(x)}x is below its floor {Format(min)}x."),
                _ => (RatioStatus.Pass, ""),
            };
            if (status == RatioStatus.Fail)
            {
                failures.Add(message);
            }

            rows.Add(new RatioRow(r, baselineMean, speedUp, floor, status, message));
        }

        var present = all.Where(r => !isBaseline(r)).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        foreach (string guarded in floors.Keys.Where(k => !present.Contains(k)).Order(StringComparer.Ordinal))
        {
            bool asBaseline = all.Any(r => r.Key == guarded && isBaseline(r));
            failures.Add(asBaseline
                ? $"{guarded}: is a baseline; a floor needs a non-baseline benchmark."
                : $"{guarded}: guarded by a floor but missing from the results; was it filtered out, renamed or did the run stop early?");
        }

        return new RatioReport(rows, failures);
    }

    /// <summary>The results as a Markdown table (class, method, params, mean, baseline mean, speed-up, floor, allocated, status).</summary>
    public static string ToMarkdown(RatioReport report)
    {
        var text = new StringBuilder();
        text.AppendLine("| Class | Method | Params | Mean | Baseline mean | Speed-up | Floor | Allocated | Status |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---|");
        foreach (RatioRow row in report.Rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Result.Type} | {row.Result.Method} | {Params(row.Result)} | {Time(row.Result.MeanNanoseconds)} | {Time(row.BaselineMeanNanoseconds)} | {Ratio(row.SpeedUp)} | {Ratio(row.Floor)} | {Bytes(row.Result.AllocatedBytes)} | {Status(row.Status)} |");
        }

        foreach (string failure in report.Failures.Where(f => report.Rows.All(r => r.Message != f)))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| | | | | | | | | FAIL: {failure.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        return text.ToString();
    }

    /// <summary>The same rows as an aligned plain-text table for the console.</summary>
    public static string ToText(RatioReport report)
    {
        string[] header = ["Class", "Method", "Params", "Mean", "Baseline", "Speed-up", "Floor", "Allocated", "Status"];
        var lines = report.Rows.Select(row => new[]
        {
            row.Result.Type, row.Result.Method, Params(row.Result), Time(row.Result.MeanNanoseconds), Time(row.BaselineMeanNanoseconds),
            Ratio(row.SpeedUp), Ratio(row.Floor), Bytes(row.Result.AllocatedBytes), Status(row.Status),
        }).Prepend(header).ToList();
        int[] widths = Enumerable.Range(0, header.Length).Select(c => lines.Max(l => l[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (string[] line in lines)
        {
            text.AppendLine(string.Join("  ", line.Select((cell, c) => c is >= 3 and <= 7 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
        }

        return text.ToString();
    }

    /// <summary>Speed-ups with two decimals, invariant culture.</summary>
    public static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Describe(BenchmarkResult r) => r.Parameters.Length == 0 ? r.Key : $"{r.Key} [{r.Parameters}]";

    private static string Params(BenchmarkResult r) => r.Parameters.Replace("&", ", ", StringComparison.Ordinal);

    private static string Status(RatioStatus status) => status switch
    {
        RatioStatus.Pass => "ok",
        RatioStatus.Fail => "FAIL",
        _ => "-",
    };

    private static string Ratio(double? value) => value is { } v ? Format(v) + "x" : "-";

    private static string Time(double? nanoseconds) => nanoseconds switch
    {
        null => "-",
        >= 1e9 => (nanoseconds.Value / 1e9).ToString("0.000", CultureInfo.InvariantCulture) + " s",
        >= 1e6 => (nanoseconds.Value / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (nanoseconds.Value / 1e3).ToString("0.00", CultureInfo.InvariantCulture) + " us",
        _ => nanoseconds.Value.ToString("0.0", CultureInfo.InvariantCulture) + " ns",
    };

    private static string Bytes(long? bytes) => bytes switch
    {
        null => "-",
        >= 1L << 20 => (bytes.Value / (double)(1L << 20)).ToString("0.00", CultureInfo.InvariantCulture) + " MB",
        >= 1L << 10 => (bytes.Value / (double)(1L << 10)).ToString("0.00", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.Value.ToString(CultureInfo.InvariantCulture) + " B",
    };

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static string Required(JsonElement e, string name)
    {
        string value = Text(e, name);
        return value.Length > 0 ? value : throw new FormatException($"A benchmark in the report has no \"{name}\".");
    }
}
