namespace CustomerScoring.Cli;

/// <summary>
/// The exit codes of the command, one per kind of failure (<see cref="FailureKind"/>), whichever step failed.
/// </summary>
public enum ExitCode
{
    /// <summary>Everything asked for was done.</summary>
    Success = 0,

    /// <summary>The input data cannot be used: a missing or unreadable file, a bad line (named), nothing to score.</summary>
    BadData = 1,

    /// <summary>A command-line mistake: an unknown option, a bad or contradictory value, a bad rule file.</summary>
    Usage = 2,

    /// <summary>A result that needs a model (e.g. <c>--measure clv</c>) was asked for and no model could be fitted.</summary>
    ModelNotFitted = 3,

    /// <summary>An output could not be written, or would have overwritten an input or another output.</summary>
    OutputFailed = 4,

    /// <summary>An unexpected internal error (a bug): the message says what happened; please report it.</summary>
    InternalError = 70,
}
