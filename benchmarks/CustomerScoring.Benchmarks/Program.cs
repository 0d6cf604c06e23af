using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Running;
using CustomerScoring.Benchmarks.Checking;

// Runs the suite: dotnet run -c Release --project benchmarks/CustomerScoring.Benchmarks -- --filter '*'
//   (CUSTOMERSCORING_BENCH=quick for the CI sizes; benchmarks/run-ci.sh runs the quick suite and the check.)
// Checks exported results: ... -- check BenchmarkDotNet.Artifacts/results benchmarks/ratio-floors.json
if (args.Length > 0 && args[0] == "check")
{
    return CheckCommand.Run(args[1..], Console.Out, Console.Error);
}

// The JSON export (read by the check) and the GitHub Markdown export on every run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.AddExporter(JsonExporter.FullCompressed));
return 0;

/// <summary>Entry point of the benchmark suite.</summary>
public partial class Program;
