namespace CustomerScoring.Numerics.Sorting;

/// <summary>Keys given as byte strings, by index, for <see cref="ByteStringOrder"/>.</summary>
internal interface IByteKeys
{
    /// <summary>The number of keys.</summary>
    int Count { get; }

    /// <summary>The bytes of key <paramref name="index"/>: a span of the keys' own storage, or written into
    /// <paramref name="scratch"/> (16 bytes at least) and a span of it.</summary>
    ReadOnlySpan<byte> Bytes(int index, Span<byte> scratch);
}
