using BenchmarkDotNet.Running;

// Runs the suite: dotnet run -c Release --project benchmarks/CustomerScoring.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point of the benchmark suite.</summary>
public partial class Program;
