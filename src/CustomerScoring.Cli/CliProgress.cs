using System.Diagnostics;
using System.Globalization;

namespace CustomerScoring.Cli;

/// <summary>
/// Progress of the long phases (read, summarize and fit, write) on standard error, for a person watching a terminal:
/// one line as each phase starts, with the time since the command started. Quiet when standard error is redirected (a
/// pipeline, a log file, a test), so that error output holds only warnings and errors there.
/// </summary>
internal sealed class CliProgress
{
    private readonly TextWriter? _error;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private CliProgress(TextWriter? error) => _error = error;

    /// <summary>No progress lines.</summary>
    public static CliProgress Quiet { get; } = new(null);

    /// <summary>Progress lines on <paramref name="error"/> when it is a terminal, else none.</summary>
    /// <param name="error">Where progress goes.</param>
    /// <param name="isTerminal">Whether <paramref name="error"/> is a terminal (not redirected).</param>
    public static CliProgress For(TextWriter error, bool isTerminal) => isTerminal ? new CliProgress(error) : Quiet;

    /// <summary>Whether lines are written.</summary>
    public bool Enabled => _error is not null;

    /// <summary>Says that a phase starts.</summary>
    /// <param name="phase">What the command is doing, e.g. "reading 'sales.csv'".</param>
    public void Phase(string phase)
    {
        if (_error is not null)
        {
            _error.WriteLine(Line(_clock.Elapsed, phase));
            _error.Flush();
        }
    }

    /// <summary>"customer-scoring [  12.3 s] reading 'sales.csv' ...": the elapsed time right-aligned, so phases line up.</summary>
    internal static string Line(TimeSpan elapsed, string phase) =>
        string.Create(CultureInfo.InvariantCulture, $"customer-scoring [{elapsed.TotalSeconds,6:F1} s] {phase} ...");
}
