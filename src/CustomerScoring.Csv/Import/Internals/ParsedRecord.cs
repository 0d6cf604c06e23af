namespace CustomerScoring.Csv;

/// <summary>What a parallel worker made of one record; the reading thread finishes it in file order.</summary>
internal struct ParsedRecord
{
    /// <summary>The line where the record starts.</summary>
    public long Line;

    /// <summary>The timestamp (used records).</summary>
    public DateTime Timestamp;

    /// <summary>The amount (used records); for rejected ones the amount of the record for the totals, NaN when it has none.</summary>
    public double Amount;

    /// <summary>The margin (used records).</summary>
    public double Margin;

    /// <summary>Used records: the customer's index in the worker's table (-2: the id is not valid, see
    /// <see cref="LargeAmounts"/>). Rejected records: the <see cref="CsvRejectionReason"/>.</summary>
    public int Customer;

    /// <summary>Where the customer id's bytes are in the chunk <see cref="Extra"/> (or <see cref="LargeAmounts.KeyChunk"/>)
    /// when the worker saw the id for the first time.</summary>
    public int KeyOffset;

    /// <summary>The length of the customer id's bytes; 0 when the worker saw the id before.</summary>
    public int KeyLength;

    /// <summary>The worker that parsed the record (its number).</summary>
    public short Worker;

    /// <summary>What the record is.</summary>
    public ParsedKind Kind;

    /// <summary>
    /// Used records: the worker's chunk of customer id bytes (a byte array it never writes again where this id is) when
    /// the worker saw the id for the first time, or a <see cref="LargeAmounts"/>. Rejected records: the <see cref="CsvRejection"/>, or null when the worker knew the
    /// report would only count it.
    /// </summary>
    public object? Extra;
}

/// <summary>The kinds of <see cref="ParsedRecord"/>.</summary>
internal enum ParsedKind : byte
{
    /// <summary>A blank line.</summary>
    Blank,

    /// <summary>Parsed: a transaction, unless its amounts make the running totals overflow.</summary>
    Used,

    /// <summary>Rejected for a reason of its own.</summary>
    Rejected,
}

/// <summary>
/// A used record with an amount or margin so large (at least 2^960 in absolute value) that adding it could make the
/// running totals overflow: the rejections it would get are built by the worker (which has its text), and the
/// reading thread, which knows the totals, picks the one that applies, as the sequential reader would.
/// </summary>
internal sealed class LargeAmounts
{
    /// <summary>The threshold: smaller amounts cannot make the totals overflow unless larger ones brought them near it.</summary>
    public static readonly double Threshold = Math.ScaleB(1.0, 960);

    /// <summary>The worker's chunk of customer id bytes when the worker saw the id for the first time.</summary>
    public byte[]? KeyChunk { get; init; }

    /// <summary>The rejection when the amount total would overflow.</summary>
    public required CsvRejection AmountOverflow { get; init; }

    /// <summary>The rejection when the margin total would overflow.</summary>
    public required CsvRejection MarginOverflow { get; init; }

    /// <summary>The rejection for an id that is not valid UTF-8 or too long, when it is.</summary>
    public CsvRejection? InvalidId { get; init; }

    /// <summary>The amount of the record for the rejection totals.</summary>
    public double? RejectedAmount { get; init; }
}
