using System.Globalization;
using System.Runtime.InteropServices;
using CustomerScoring.Cli;
using Xunit;

namespace CustomerScoring.Tests.Cli;

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

    /// <summary>The VmFlags of the mapping holding <paramref name="address"/>, from /proc/self/smaps.</summary>
    private static string[] VmFlagsOf(ulong address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong s)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong e))
            {
                inside = s <= address && address < e;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        throw new InvalidOperationException($"No mapping holds address {address:x}.");
    }
}
