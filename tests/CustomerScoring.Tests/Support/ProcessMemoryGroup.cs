namespace CustomerScoring.Tests.Support;

/// <summary>
/// Tests that read the process's own memory mappings (/proc/self/smaps) after changing them: run alone, after the
/// parallel tests, because any other test's allocations can make the GC map parts of its heap anew in between (and an
/// in-process command run advises the heap itself), which would make their assertions depend on timing.
/// </summary>
[Xunit.CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryGroup
{
    /// <summary>The collection name.</summary>
    public const string Name = "process memory mappings";
}
