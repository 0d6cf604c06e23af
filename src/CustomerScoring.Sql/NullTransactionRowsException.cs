namespace CustomerScoring.Sql;

/// <summary>
/// The transactions hold rows whose customer key, timestamp, amount or margin is NULL. Summaries computed in a database
/// never drop such rows silently (a NULL amount would count neither as a purchase nor as a return): filter them in the
/// source (e.g. <see cref="TransactionSource.FromQuery"/> with <c>WHERE ... IS NOT NULL</c>) or fix them. A
/// <see cref="FailureKind.BadData"/> failure.
/// </summary>
public sealed class NullTransactionRowsException : CustomerScoringException
{
    /// <summary>Creates the exception for <paramref name="rows"/> rows with a NULL value.</summary>
    /// <param name="rows">How many rows have a NULL customer key, timestamp, amount or margin.</param>
    public NullTransactionRowsException(long rows)
        : base(FailureKind.BadData, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{rows} transaction rows have a NULL customer key, timestamp, amount or margin; filter them (e.g. with TransactionSource.FromQuery) or fix them: they are never dropped silently."))
    {
        Rows = rows;
    }

    /// <summary>How many rows have a NULL customer key, timestamp, amount or margin (more than zero).</summary>
    public long Rows { get; }
}
