namespace CustomerScoring;

/// <summary>
/// What kind of failure a <see cref="CustomerScoringException"/> reports: what a caller (or a command line's exit code)
/// needs in order to react without reading the message.
/// </summary>
public enum FailureKind
{
    /// <summary>The input data cannot be used as given: a bad value, an unreadable line, nothing to score.</summary>
    BadData = 1,

    /// <summary>The options or definitions given contradict each other or the data (a rule reading a missing field, a bad rule file).</summary>
    BadOptions = 2,

    /// <summary>A model cannot be fitted to the data (no convergence, a degenerate optimum); the message names a remedy.</summary>
    ModelNotFitted = 3,

    /// <summary>A result could not be written (a missing folder, an output that would overwrite an input, a full disk).</summary>
    OutputFailed = 4,
}
