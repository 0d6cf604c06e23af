using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace CustomerScoring.Benchmarks.Checking;

/// <summary>
/// <c>check &lt;results-dir&gt; &lt;floors.json&gt; [--markdown &lt;file&gt;]</c>: reads the JSON reports BenchmarkDotNet
/// exported into the results directory, prints every speed-up against its class's baseline, writes them as a
/// Markdown table (default: <c>ratios.md</c> beside the results directory, i.e. <c>BenchmarkDotNet.Artifacts/ratios.md</c>)
/// and exits 1 when a guarded speed-up is below its floor or missing, 2 on bad arguments or input, 0 otherwise.
/// </summary>
internal static class CheckCommand
{
    private static readonly string[] Suffixes = ["-report-full-compressed.json", "-report-full.json", "-report.json"];

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length is not (2 or 4) || (args.Length == 4 && args[2] != "--markdown"))
        {
            error.WriteLine("usage: check <results-dir> <floors.json> [--markdown <file>]");
            return 2;
        }

        string resultsDirectory = args[0];
        string floorsPath = args[1];
        string markdownPath = args.Length == 4
            ? args[3]
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(resultsDirectory).TrimEnd(Path.DirectorySeparatorChar)) ?? ".", "ratios.md");
        try
        {
            if (!Directory.Exists(resultsDirectory))
            {
                error.WriteLine($"check: results directory '{resultsDirectory}' was not found; run the benchmarks with the JSON exporter first.");
                return 2;
            }

            // One file per report: BenchmarkDotNet names reports after the class, so prefer the fullest JSON flavour.
            var reports = Directory.EnumerateFiles(resultsDirectory, "*.json")
                .Select(path => (Path: path, Suffix: Array.FindIndex(Suffixes, s => path.EndsWith(s, StringComparison.Ordinal))))
                .Where(f => f.Suffix >= 0)
                .GroupBy(f => Path.GetFileName(f.Path)[..^Suffixes[f.Suffix].Length], StringComparer.Ordinal)
                .Select(g => g.MinBy(f => f.Suffix).Path)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (reports.Count == 0)
            {
                error.WriteLine($"check: no BenchmarkDotNet JSON reports (*-report-full-compressed.json) in '{resultsDirectory}'; pass --exporters json.");
                return 2;
            }

            var results = reports.SelectMany(path => RatioCheck.ParseReport(File.ReadAllText(path))).ToList();
            IReadOnlyDictionary<string, double> floors = RatioCheck.ParseFloors(File.ReadAllText(floorsPath));
            HashSet<string> baselines = BaselinesOf(typeof(CheckCommand).Assembly);
            RatioReport report = RatioCheck.Evaluate(results, r => baselines.Contains($"{r.Namespace}.{r.Type}.{r.Method}"), floors);

            output.WriteLine($"Speed-up = baseline mean / mean, same class and parameters ({reports.Count} reports, {floors.Count} floors from {floorsPath}):");
            output.Write(RatioCheck.ToText(report));
            string? markdownDirectory = Path.GetDirectoryName(Path.GetFullPath(markdownPath));
            if (markdownDirectory is not null)
            {
                Directory.CreateDirectory(markdownDirectory);
            }

            File.WriteAllText(markdownPath, RatioCheck.ToMarkdown(report));
            output.WriteLine($"Markdown table: {markdownPath}");
            if (report.Passed)
            {
                output.WriteLine($"check: all {report.Rows.Count(r => r.Status == RatioStatus.Pass)} guarded speed-ups are at or above their floors.");
                return 0;
            }

            foreach (string failure in report.Failures)
            {
                error.WriteLine("check: FAIL " + failure);
            }

            error.WriteLine($"check: {report.Failures.Count} guarded benchmark(s) failed the ratio gate.");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException)
        {
            error.WriteLine($"check: {e.Message}");
            return 2;
        }
    }

    /// <summary><c>Namespace.Type.Method</c> of every <c>[Benchmark(Baseline = true)]</c> in the assembly.</summary>
    private static HashSet<string> BaselinesOf(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is { Baseline: true })
                .Select(m => $"{t.Namespace}.{t.Name}.{m.Name}"))
            .ToHashSet(StringComparer.Ordinal);
}
