namespace CustomerScoring.Benchmarks;

/// <summary>
/// Problem sizes for the suite. With the environment variable <c>CUSTOMERSCORING_BENCH=quick</c> (what
/// <c>benchmarks/run-ci.sh</c> sets) each class runs its quick sizes, small enough for the whole guarded suite to
/// finish in a few minutes on a 2-core CI machine; otherwise the full sizes the issue describes. Benchmark classes
/// expose them through <c>[ParamsSource]</c> members, e.g.
/// <c>public static IEnumerable&lt;int&gt; Sizes =&gt; BenchmarkSizes.Choose(full: [1_000_000], quick: [200_000]);</c>
/// </summary>
public static class BenchmarkSizes
{
    /// <summary>The environment variable that selects the mode.</summary>
    public const string Variable = "CUSTOMERSCORING_BENCH";

    /// <summary>True when <see cref="Variable"/> is <c>quick</c> (case-insensitive).</summary>
    public static bool Quick =>
        string.Equals(Environment.GetEnvironmentVariable(Variable)?.Trim(), "quick", StringComparison.OrdinalIgnoreCase);

    /// <summary>The quick sizes in quick mode, the full sizes otherwise.</summary>
    public static IEnumerable<int> Choose(int[] full, int[] quick) => Quick ? quick : full;
}
