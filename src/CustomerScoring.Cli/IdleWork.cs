using System.Runtime.ExceptionServices;

namespace CustomerScoring.Cli;

/// <summary>Work running at the lowest priority (<see cref="IdlePriority.Start{T}"/>); its result is taken by joining the
/// thread, so nothing of the caller's runs on it.</summary>
/// <typeparam name="T">The work's result.</typeparam>
internal sealed class IdleWork<T>
{
    private readonly Thread _thread;
    private T? _result;
    private ExceptionDispatchInfo? _error;

    internal IdleWork(Func<T> work)
    {
        _thread = new Thread(() =>
        {
            IdlePriority.Lower();
            try
            {
                _result = work();
            }
            catch (Exception e)
            {
                _error = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = "idle-priority work",
        };
        _thread.Start();
    }

    /// <summary>The work's result, once it has ended; its exception, if it threw one.</summary>
    public T Result
    {
        get
        {
            _thread.Join();
            _error?.Throw();
            return _result!;
        }
    }

    /// <summary>Waits for the work to end, whatever its outcome (not left running while the command fails).</summary>
    public void Wait() => _thread.Join();
}
