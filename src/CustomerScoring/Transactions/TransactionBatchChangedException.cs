namespace CustomerScoring.Transactions;

/// <summary>
/// A <see cref="TransactionBatch"/>'s memory was changed after the batch was created and now holds a value the batch would
/// have refused: a customer index outside the index space being summarized, or a non-finite or too large amount or margin.
/// The batch wraps the caller's arrays without copying; they must not change while the batch is in use.
/// </summary>
/// <remarks>Reported instead of writing outside the summary's memory or summing NaN; names the column, the position and the value.</remarks>
public sealed class TransactionBatchChangedException : CustomerScoringException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="column">The column: customerIndex, amounts or margins.</param>
    /// <param name="position">The position in the batch.</param>
    /// <param name="value">The value found there, as text.</param>
    /// <param name="reason">What is wrong with it.</param>
    public TransactionBatchChangedException(string column, int position, string value, string reason)
        : base(FailureKind.BadData, $"Column '{column}' of a TransactionBatch was changed after the batch was created: position {position} now holds {value}, {reason}. " +
            "A batch wraps your arrays without copying them; do not change them while the batch is in use.")
    {
        Column = column;
        Position = position;
        Value = value;
    }

    /// <summary>The column holding the bad value: customerIndex, amounts or margins.</summary>
    public string Column { get; }

    /// <summary>The position of the bad value in the batch.</summary>
    public int Position { get; }

    /// <summary>The bad value, as text.</summary>
    public string Value { get; }
}
