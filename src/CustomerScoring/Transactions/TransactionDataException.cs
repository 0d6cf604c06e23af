namespace CustomerScoring.Transactions;

/// <summary>
/// Transactions that cannot be scored as given: none at all, none on or before the analysis date, or a value the engine
/// cannot represent (a date at the end of the calendar). Its <see cref="CustomerScoringException.Kind"/> is
/// <see cref="FailureKind.BadData"/>.
/// </summary>
public sealed class TransactionDataException : CustomerScoringException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public TransactionDataException()
        : this("The transactions cannot be scored.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the data and what helps.</param>
    public TransactionDataException(string message)
        : base(FailureKind.BadData, message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What is wrong with the data and what helps.</param>
    /// <param name="innerException">The cause.</param>
    public TransactionDataException(string message, Exception innerException)
        : base(FailureKind.BadData, message, innerException)
    {
    }
}
