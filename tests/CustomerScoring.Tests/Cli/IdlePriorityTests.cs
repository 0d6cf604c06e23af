using System.Globalization;
using CustomerScoring.Cli;
using Xunit;

namespace CustomerScoring.Tests.Cli;

/// <summary>
/// IdlePriority: the work runs on a thread of its own whose scheduling priority the kernel reports as the lowest (nice 19,
/// read from /proc), the calling thread's priority is left alone, and the work's result and exceptions come back.
/// </summary>
public class IdlePriorityTests
{
    [Fact]
    public void The_work_runs_at_nice_19_on_another_thread_and_the_caller_keeps_its_priority()
    {
        int callerNiceBefore = OwnNice();
        int callerThread = Environment.CurrentManagedThreadId;
        (int Nice, int Thread) seen = IdlePriority.Start(() => (OwnNice(), Environment.CurrentManagedThreadId)).Result;
        Assert.NotEqual(callerThread, seen.Thread);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(19, seen.Nice);
        }

        // The same thread before and after: the result is taken by joining the idle thread, not by a continuation that
        // could run on it (or on a pool worker it created, which would inherit nice 19).
        Assert.Equal(callerThread, Environment.CurrentManagedThreadId);
        Assert.Equal(callerNiceBefore, OwnNice());
    }

    [Fact]
    public void An_exception_of_the_work_reaches_the_caller_and_Wait_does_not_throw_it()
    {
        IdleWork<int> work = IdlePriority.Start<int>(() => throw new InvalidOperationException("from the work"));
        work.Wait();
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => work.Result);
        Assert.Equal("from the work", e.Message);
        Assert.Contains(nameof(An_exception_of_the_work_reaches_the_caller_and_Wait_does_not_throw_it), e.StackTrace, StringComparison.Ordinal);
    }

    /// <summary>The nice value of the calling thread (field 19 of /proc/thread-self/stat); 0 where there is no /proc.</summary>
    private static int OwnNice()
    {
        if (!File.Exists("/proc/thread-self/stat"))
        {
            return 0;
        }

        string stat = File.ReadAllText("/proc/thread-self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture); // fields after the command: state is field 3, nice field 19
    }
}
