using System.Runtime.ExceptionServices;

namespace CustomerScoring.Numerics.Parallelism;

/// <summary>
/// The library's two ways of using more than one thread. Both leave results unchanged: every piece of work writes
/// only its own outputs, and the pieces are the same whatever the number of threads, so results are the same bits
/// with one thread or many.
/// </summary>
internal static class ParallelWork
{
    /// <summary>Runs <paramref name="body"/> for 0..count-1 in parallel, rethrowing the first failure itself (not wrapped in an <see cref="AggregateException"/>).</summary>
    public static void For(int count, Action<int> body, CancellationToken cancellationToken)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = count, CancellationToken = cancellationToken }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> for the blocks 0..blocks-1: on every processor, each taking every processor-count-th
    /// block, when there are several blocks and processors, else one after the other here; cancellation is checked before
    /// each block, and the first failure is rethrown itself.
    /// </summary>
    public static void ForBlocks(int blocks, Action<int> body, CancellationToken cancellationToken)
    {
        if (blocks > 1 && Environment.ProcessorCount > 1)
        {
            int workers = Math.Min(Environment.ProcessorCount, blocks);
            For(workers, w =>
            {
                for (int b = w; b < blocks; b += workers)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    body(b);
                }
            }, cancellationToken);
            return;
        }

        for (int b = 0; b < blocks; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            body(b);
        }
    }

    /// <summary>
    /// Starts <paramref name="work"/> beside the calling thread (on the thread pool), to be taken with
    /// <see cref="Result{T}"/>; on a single processor it runs when its result is taken, so it never competes.
    /// </summary>
    public static Task<T> Beside<T>(Func<T> work) =>
        Environment.ProcessorCount > 1 ? Task.Run(work) : new Task<T>(work);

    /// <summary><see cref="Beside{T}"/> for work without a result, to be finished with <see cref="Wait"/>.</summary>
    public static Task Beside(Action work) =>
        Environment.ProcessorCount > 1 ? Task.Run(work) : new Task(work);

    /// <summary>The result of work started by <see cref="Beside{T}"/>, its failure rethrown as it was thrown.</summary>
    public static T Result<T>(Task<T> task)
    {
        Wait(task);
        return task.Result;
    }

    /// <summary>Finishes work started by <see cref="Beside(Action)"/> (runs it here when it has not started), its failure
    /// rethrown as it was thrown.</summary>
    public static void Wait(Task task)
    {
        if (task.Status == TaskStatus.Created)
        {
            task.RunSynchronously();
        }

        task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Waits for work started by <see cref="Beside{T}"/> or <see cref="Beside(Action)"/> whose result is no longer wanted (the caller is failing or took
    /// another way), so that nothing runs on after the call that started it; its own failure, if any, is dropped.
    /// </summary>
    public static void Abandon(Task task)
    {
        if (task.Status == TaskStatus.Created)
        {
            return;
        }

        Task.WaitAny(task);
        _ = task.Exception;
    }
}
