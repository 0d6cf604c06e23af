using System.Globalization;
using System.Runtime.InteropServices;
using CustomerScoring.Cli;
using CustomerScoring.Tests.Support;
using Xunit;

namespace CustomerScoring.Tests.Cli;

[Collection(ProcessMemoryGroup.Name)]
public class HugePageAdviceTests
{
    private const string EnabledFile = "/sys/kernel/mm/transparent_hugepage/enabled";

    [Fact]
    public void The_gc_heap_where_arrays_live_is_advised_as_the_machine_allows()
    {
        string? mode = OperatingSystem.IsLinux() && File.Exists(EnabledFile) ? File.ReadAllText(EnabledFile) : null;
        HugePageOutcome outcome = HugePageAdvice.AdviseGcHeap(out ulong start, out ulong end);
        if (mode is null || mode.Contains("[never]", StringComparison.Ordinal))
        {
            Assert.Equal(HugePageOutcome.Skipped, outcome);
            return;
        }

        if (mode.Contains("[always]", StringComparison.Ordinal))
        {
            Assert.Equal(HugePageOutcome.NotNeeded, outcome);
            return;
        }

        // madvise mode: the range is advised, and a large array allocated afterwards lies in a mapping the kernel marks
        // for huge pages ("hg" in its VmFlags).
        Assert.Equal(HugePageOutcome.Advised, outcome);
        Assert.True(end > start);
        double[] column = new double[1_000_000];
        column.AsSpan().Fill(1.0);
        GCHandle pin = GCHandle.Alloc(column, GCHandleType.Pinned);
        try
        {
            ulong address = (ulong)pin.AddrOfPinnedObject();
            Assert.InRange(address, start, end - 1);
            Assert.Contains("hg", VmFlagsOf(address));
        }
        finally
        {
            pin.Free();
        }
    }

    [Fact]
    public void The_environment_switch_turns_the_advice_off()
    {
        string? before = Environment.GetEnvironmentVariable(HugePageAdvice.Switch);
        try
        {
            Environment.SetEnvironmentVariable(HugePageAdvice.Switch, "0");
            Assert.Equal(HugePageOutcome.Skipped, HugePageAdvice.AdviseGcHeap());
        }
        finally
        {
            Environment.SetEnvironmentVariable(HugePageAdvice.Switch, before);
        }
    }

    /// <summary>
    /// The GC gives memory back by mapping it anew, without the advice: after large arrays are freed and collected,
    /// advising again marks every mapping of the range for huge pages once more.
    /// </summary>
    [Fact]
    public void Advising_again_marks_the_mappings_the_gc_made_anew()
    {
        string? mode = OperatingSystem.IsLinux() && File.Exists(EnabledFile) ? File.ReadAllText(EnabledFile) : null;
        if (HugePageAdvice.AdviseGcHeap(out ulong start, out ulong end) != HugePageOutcome.Advised)
        {
            Assert.False(mode?.Contains("[madvise]", StringComparison.Ordinal) == true, "madvise mode, but the heap was not advised");
            return;
        }

        for (int round = 0; round < 4; round++)
        {
            var arrays = Enumerable.Range(0, 8).Select(_ => new double[4_000_000]).ToList();
            arrays.ForEach(a => a.AsSpan().Fill(1.0));
            arrays.Clear();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        int unmarkedBefore = MappingsWithout("hg", start, end);
        HugePageAdvice.AdviseAgain();
        int unmarkedAfter = MappingsWithout("hg", start, end);
        Assert.True(unmarkedAfter == 0, $"{unmarkedAfter} mappings of the range without the advice after advising again ({unmarkedBefore} before)");
    }

    /// <summary>The count of mappings lying in [start, end) whose VmFlags lack <paramref name="flag"/>.</summary>
    private static int MappingsWithout(string flag, ulong start, ulong end) =>
        Mappings().Count(m => start <= m.Start && m.End <= end && !m.Flags.Contains(flag));

    /// <summary>The VmFlags of the mapping holding <paramref name="address"/>.</summary>
    private static string[] VmFlagsOf(ulong address) =>
        Mappings().FirstOrDefault(m => m.Start <= address && address < m.End).Flags
        ?? throw new InvalidOperationException($"No mapping holds address {address:x}.");

    /// <summary>The process's mappings with their VmFlags, from /proc/self/smaps.</summary>
    private static IEnumerable<(ulong Start, ulong End, string[] Flags)> Mappings()
    {
        ulong start = 0, end = 0;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong s)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong e))
            {
                (start, end) = (s, e);
            }
            else if (line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                yield return (start, end, line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }
    }
}
