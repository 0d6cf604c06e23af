using System.Runtime.InteropServices;

namespace CustomerScoring.Cli;

/// <summary>
/// Runs work that nothing waits for soon on a thread of its own at the lowest scheduling priority (Linux nice 19), so
/// that it takes the processors' idle time instead of sharing them with the work on the critical path.
/// </summary>
/// <remarks>
/// The report's statistics table (five columns sorted, about 65 ms of processor time at a million customers) is needed
/// only when the report is written; made on a pool thread at normal priority beside the scorecard's stages it held one of
/// the two pool threads of a 2-processor machine, so the Gamma-Gamma fit (queued by the CLV work) waited for it, and the
/// forecast for that fit. .NET does not map <see cref="ThreadPriority"/> to anything on Linux, hence setpriority(2) on the
/// thread's own id. Elsewhere (or if the call fails) the thread runs at normal priority: the same result, only the
/// scheduling differs.
/// <para>
/// A Linux thread inherits the priority of the thread that creates it, and .NET's thread pool creates its workers on the
/// thread that queues work when it needs one. So the idle thread hands its result over without a task: a continuation
/// it queued (an <c>await</c> of a task it completes) could start a pool worker that stays at nice 19 for the rest of the
/// process. The work itself must not use the thread pool for the same reason.
/// </para>
/// </remarks>
internal static partial class IdlePriority
{
    private const int PriorityOfProcess = 0; // PRIO_PROCESS: with a thread id, that thread alone
    private const int Lowest = 19;

    /// <summary>Starts <paramref name="work"/> on a new thread at the lowest priority.</summary>
    public static IdleWork<T> Start<T>(Func<T> work) => new(work);

    /// <summary>Lowers the calling thread's priority to the lowest (Linux); false when it could not.</summary>
    internal static bool Lower()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return SetPriority(PriorityOfProcess, GetThreadId(), Lowest) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
