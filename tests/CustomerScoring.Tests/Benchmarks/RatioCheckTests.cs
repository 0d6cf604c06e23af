using CustomerScoring.Tests.Support;
using Xunit;

namespace CustomerScoring.Tests.Benchmarks;

/// <summary>
/// Builds the benchmark project once (Release, as benchmarks/run-ci.sh does) and locates its
/// <c>check</c> command; the test project does not reference the benchmark executable.
/// </summary>
public sealed class BenchmarkCheckerFixture
{
    public BenchmarkCheckerFixture()
    {
        RepositoryRoot = DotnetCommand.RepositoryRoot;
        string project = Path.Combine(RepositoryRoot, "benchmarks", "CustomerScoring.Benchmarks");
        var build = Exec(["build", project, "-c", "Release", "--nologo", "-v", "quiet"], TimeSpan.FromMinutes(10));
        if (build.Code != 0)
        {
            throw new InvalidOperationException($"Building the benchmark project failed ({build.Code}):\n{build.Out}\n{build.Err}");
        }

        Dll = Path.Combine(project, "bin", "Release", "net10.0", "CustomerScoring.Benchmarks.dll");
    }

    public string RepositoryRoot { get; }

    public string Dll { get; }

    public (int Code, string Out, string Err) Check(params string[] args) => Exec([Dll, "check", .. args], TimeSpan.FromMinutes(2));

    private (int Code, string Out, string Err) Exec(string[] args, TimeSpan timeout) => DotnetCommand.Run(args, RepositoryRoot, timeout);
}

/// <summary>
/// The benchmark ratio gate (<c>CustomerScoring.Benchmarks check</c>) on small hand-written reports in the format of
/// BenchmarkDotNet 0.15.8's <c>*-report-full-compressed.json</c> (trimmed: the checker reads Namespace, Type, Method,
/// Parameters, Statistics.Mean and Memory.BytesAllocatedPerOperation; baselines come from the real classes' attributes).
/// </summary>
[Collection(DotnetProcessGroup.Name)]
public sealed class RatioCheckTests : IClassFixture<BenchmarkCheckerFixture>, IDisposable
{
    private readonly BenchmarkCheckerFixture _checker;
    private readonly string _dir = Directory.CreateTempSubdirectory("ratio-check-tests").FullName;
    private readonly string _results;

    public RatioCheckTests(BenchmarkCheckerFixture checker)
    {
        _checker = checker;
        _results = Path.Combine(_dir, "results");
        Directory.CreateDirectory(_results);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Passes_when_every_guarded_speed_up_is_at_or_above_its_floor_and_writes_the_markdown_table()
    {
        WriteReports();
        string floors = WriteFloors("""{ "floors": { "ParetoAnalysisBenchmarks.ParetoAnalysisAnalyze": 1.5, "TransactionCsvReaderBenchmarks.ReadFile": 1.5 } }""");

        var (code, output, error) = _checker.Check(_results, floors);

        Assert.True(code == 0, output + error);
        // 137.84 ms / 40.22 ms; each CSV parameter set against its own baseline: 178.55 / 41.22 and 293.09 / 152.06.
        Assert.Matches(@"ParetoAnalysisBenchmarks\s+ParetoAnalysisAnalyze\s+Customers=200000\s+40\.22 ms\s+137\.84 ms\s+3\.43x\s+1\.50x\s+3\.82 MB\s+ok", output);
        Assert.Matches(@"ReadFile\s+Customers=1000, Rows=200000\s+41\.22 ms\s+178\.55 ms\s+4\.33x", output);
        Assert.Matches(@"ReadFile\s+Customers=100000, Rows=200000\s+152\.06 ms\s+293\.09 ms\s+1\.93x", output);
        // Unguarded benchmarks are reported, not judged; baselines get no row of their own.
        Assert.Matches(@"Streaming\s+Customers=1000, Rows=200000\s+79\.22 ms\s+178\.55 ms\s+2\.25x\s+-\s+6\.45 MB\s+-", output);
        Assert.DoesNotContain("LinqOrderBy", output, StringComparison.Ordinal);
        Assert.Contains("all 3 guarded speed-ups are at or above their floors", output, StringComparison.Ordinal);

        string markdown = File.ReadAllText(Path.Combine(_dir, "ratios.md"));
        Assert.StartsWith("| Class | Method | Params | Mean | Baseline mean | Speed-up | Floor | Allocated | Status |", markdown, StringComparison.Ordinal);
        Assert.Contains("| ParetoAnalysisBenchmarks | ParetoAnalysisAnalyze | Customers=200000 | 40.22 ms | 137.84 ms | 3.43x | 1.50x | 3.82 MB | ok |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_a_guarded_speed_up_is_below_its_floor_in_any_parameter_set()
    {
        WriteReports();
        string floors = WriteFloors("""{ "floors": { "ParetoAnalysisBenchmarks.ParetoAnalysisAnalyze": 1.5, "TransactionCsvReaderBenchmarks.ReadFile": 2.0 } }""");
        string markdown = Path.Combine(_dir, "out", "table.md");

        var (code, output, error) = _checker.Check(_results, floors, "--markdown", markdown);

        Assert.True(code == 1, output + error);
        Assert.Contains("FAIL TransactionCsvReaderBenchmarks.ReadFile [Customers=100000&Rows=200000]: speed-up 1.93x is below its floor 2.00x.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("[Customers=1000&Rows=200000]", error, StringComparison.Ordinal);
        Assert.Contains("1 guarded benchmark(s) failed", error, StringComparison.Ordinal);
        Assert.Contains("| 1.93x | 2.00x | 27.54 MB | FAIL |", File.ReadAllText(markdown), StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_a_guarded_benchmark_or_its_measurement_is_missing()
    {
        WriteReports();
        string floors = WriteFloors("""
            {
              // comments are allowed
              "floors": {
                "ParetoAnalysisBenchmarks.ParetoAnalysisAnalyze": 1.5,
                "RfmScoringBenchmarks.RfmScorerDefault": 8.0,
                "BgNbdFitBenchmarks.LibraryFit": 10.0
              }
            }
            """);

        var (code, output, error) = _checker.Check(_results, floors);

        Assert.True(code == 1, output + error);
        Assert.Contains("FAIL RfmScoringBenchmarks.RfmScorerDefault: guarded by a floor but missing from the results", error, StringComparison.Ordinal);
        // The fixture's fit report has a LibraryFit whose run failed (no statistics) and one whose baseline failed.
        Assert.Contains("FAIL BgNbdFitBenchmarks.LibraryFit [Customers=2357]: no measurement (the benchmark failed)", error, StringComparison.Ordinal);
        Assert.Contains("FAIL BgNbdFitBenchmarks.LibraryFit [Customers=20000]: the baseline PlainScalarFit has no measurement", error, StringComparison.Ordinal);
        Assert.Contains("3 guarded benchmark(s) failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_the_baseline_was_filtered_out()
    {
        File.WriteAllText(Path.Combine(_results, "CustomerScoring.Benchmarks.Concentration.ParetoAnalysisBenchmarks-report-full-compressed.json"),
            Report("CustomerScoring.Benchmarks.Concentration", "ParetoAnalysisBenchmarks", Case("ParetoAnalysisAnalyze", "Customers=200000", 40_220_000, 4_005_000)));
        string floors = WriteFloors("""{ "floors": { "ParetoAnalysisBenchmarks.ParetoAnalysisAnalyze": 1.5 } }""");

        var (code, output, error) = _checker.Check(_results, floors);

        Assert.True(code == 1, output + error);
        Assert.Contains("no baseline result in the same class and parameter set", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_arguments_and_empty_results_exit_with_2()
    {
        string floors = WriteFloors("""{ "floors": { "ParetoAnalysisBenchmarks.ParetoAnalysisAnalyze": 1.5 } }""");

        Assert.Equal(2, _checker.Check(_results).Code);
        var empty = _checker.Check(_results, floors);
        Assert.Equal(2, empty.Code);
        Assert.Contains("no BenchmarkDotNet JSON reports", empty.Err, StringComparison.Ordinal);
        WriteReports();
        var badFloors = _checker.Check(_results, WriteFloors("""{ "floors": { "NoDot": 2 } }"""));
        Assert.Equal(2, badFloors.Code);
        Assert.Contains("expected \"Type.Method\"", badFloors.Err, StringComparison.Ordinal);
    }

    private string WriteFloors(string json)
    {
        string path = Path.Combine(_dir, "floors.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>Three reports with the figures of a real quick run (Pareto, CSV with two parameters, a fit with failures).</summary>
    private void WriteReports()
    {
        File.WriteAllText(Path.Combine(_results, "CustomerScoring.Benchmarks.Concentration.ParetoAnalysisBenchmarks-report-full-compressed.json"),
            Report("CustomerScoring.Benchmarks.Concentration", "ParetoAnalysisBenchmarks",
                Case("LinqOrderBy", "Customers=200000", 137_840_000, 5_600_552),
                Case("ParetoAnalysisAnalyze", "Customers=200000", 40_220_000, 4_005_000)));
        File.WriteAllText(Path.Combine(_results, "CustomerScoring.Benchmarks.Csv.TransactionCsvReaderBenchmarks-report-full-compressed.json"),
            Report("CustomerScoring.Benchmarks.Csv", "TransactionCsvReaderBenchmarks",
                Case("Naive", "Customers=1000&Rows=200000", 178_550_000, 40_000_000),
                Case("ReadFile", "Customers=1000&Rows=200000", 41_220_000, 6_763_315),
                Case("Streaming", "Customers=1000&Rows=200000", 79_220_000, 6_763_315),
                Case("Naive", "Customers=100000&Rows=200000", 293_090_000, 52_000_000),
                Case("ReadFile", "Customers=100000&Rows=200000", 152_060_000, 28_878_000),
                Case("Streaming", "Customers=100000&Rows=200000", 114_030_000, 28_878_000)));
        // A brief report of the same class must not be read twice.
        File.WriteAllText(Path.Combine(_results, "CustomerScoring.Benchmarks.Csv.TransactionCsvReaderBenchmarks-report.json"), "{}");
        File.WriteAllText(Path.Combine(_results, "CustomerScoring.Benchmarks.Clv.BgNbdFitBenchmarks-report-full-compressed.json"),
            Report("CustomerScoring.Benchmarks.Clv", "BgNbdFitBenchmarks",
                Case("PlainScalarFit", "Customers=2357", 121_360_000, 9_000_000),
                Case("LibraryFit", "Customers=2357", null, null),
                Case("PlainScalarFit", "Customers=20000", null, null),
                Case("LibraryFit", "Customers=20000", 9_560_000, 1_488_000)));
    }

    private static string Report(string ns, string type, params string[] cases) => $$"""
        {"Title":"{{ns}}.{{type}}-20261123-101327","HostEnvironmentInfo":{"BenchmarkDotNetCaption":"BenchmarkDotNet","BenchmarkDotNetVersion":"0.15.8","OsVersion":"Linux Debian GNU/Linux 12 (bookworm)","ProcessorName":"AMD EPYC","PhysicalProcessorCount":1,"PhysicalCoreCount":2,"LogicalCoreCount":2,"RuntimeVersion":".NET 10.0.12 (10.0.12, 10.0.1226.42308)","Architecture":"X64","HasAttachedDebugger":false,"HasRyuJit":true,"Configuration":"RELEASE","DotNetCliVersion":"10.0.401","ChronometerFrequency":{"Hertz":1000000000},"HardwareTimerKind":"Unknown"},"Benchmarks":[{{string.Join(",", cases.Select(c => c.Replace("{NS}", ns, StringComparison.Ordinal).Replace("{TYPE}", type, StringComparison.Ordinal)))}}]}
        """;

    /// <summary>One benchmark as BenchmarkDotNet writes it; a failed benchmark has null Statistics and Memory.</summary>
    private static string Case(string method, string parameters, double? mean, long? allocated)
    {
        string args = parameters.Replace("=", ": ", StringComparison.Ordinal).Replace("&", ", ", StringComparison.Ordinal);
        string statistics = mean is { } m
            ? $$"""{"OriginalValues":[{{m * 0.98}},{{m}},{{m * 1.02}}],"N":3,"Min":{{m * 0.98}},"Median":{{m}},"Mean":{{m}},"Max":{{m * 1.02}},"StandardError":{{m * 0.01}},"StandardDeviation":{{m * 0.02}}}"""
            : "null";
        string memory = allocated is { } a
            ? $$"""{"Gen0Collections":0,"Gen1Collections":0,"Gen2Collections":0,"TotalOperations":8,"BytesAllocatedPerOperation":{{a}}}"""
            : "null";
        return $$"""
            {"DisplayInfo":"{TYPE}.{{method}}: Job-IJPESX(IterationCount=5, LaunchCount=1, WarmupCount=3) [{{parameters.Replace("&", ", ", StringComparison.Ordinal)}}]","Namespace":"{NS}","Type":"{TYPE}","Method":"{{method}}","MethodTitle":"{{method}}","Parameters":"{{parameters}}","FullName":"{NS}.{TYPE}.{{method}}({{args}})","HardwareIntrinsics":"AVX2","Statistics":{{statistics}},"Memory":{{memory}},"Measurements":[{"IterationMode":"Workload","IterationStage":"Result","LaunchIndex":1,"IterationIndex":1,"Operations":1,"Nanoseconds":{{mean ?? 0}}}],"Metrics":[]}
            """;
    }
}
