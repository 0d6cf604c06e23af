namespace CustomerScoring.Cli;

/// <summary>A command-line mistake: printed with the usage hint, exit code <see cref="ExitCode.Usage"/>.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UsageException()
        : this("The command line is not valid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The mistake, in the words of the flags.</param>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The mistake, in the words of the flags.</param>
    /// <param name="innerException">The cause.</param>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
