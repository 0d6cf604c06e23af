namespace CustomerScoring;

/// <summary>
/// The base of the library's own exceptions: each carries a <see cref="FailureKind"/>, so that callers and command lines
/// react to the kind of failure (bad data, bad options, a model that cannot be fitted, an output that cannot be written)
/// rather than to where an exception was caught. Argument checks of the API throw the usual <see cref="ArgumentException"/>s.
/// </summary>
public abstract class CustomerScoringException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The kind of failure.</param>
    /// <param name="message">What happened and, where known, what helps.</param>
    /// <param name="innerException">The cause, or null.</param>
    protected CustomerScoringException(FailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>The kind of failure.</summary>
    public FailureKind Kind { get; }
}
