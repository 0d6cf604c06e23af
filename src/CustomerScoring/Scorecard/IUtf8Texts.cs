namespace CustomerScoring.Scorecard;

/// <summary>
/// A text column's values as UTF-8 bytes without their strings, where it has them: how a writer formats the customer ids
/// that a reader kept as numbers or bytes (<see cref="Transactions.CustomerKeyMap{TKey}"/>) without making a million strings.
/// </summary>
internal interface IUtf8Texts
{
    /// <summary>The UTF-8 byte count of row <paramref name="row"/>'s text, or -1 when it must be read as a string.</summary>
    int ByteCount(int row);

    /// <summary>Writes row <paramref name="row"/>'s text, <see cref="ByteCount"/> bytes, to <paramref name="to"/>.</summary>
    void Write(int row, Span<byte> to);
}
