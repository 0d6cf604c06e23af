namespace CustomerScoring.Transactions;

/// <summary>
/// Byte strings stored one after another in one growing array and read back by offset and length: the customer ids that
/// readers keep as bytes (<see cref="DeferredKeys"/>, the CSV reader's id table) without an object each.
/// </summary>
internal sealed class ByteArena
{
    private byte[] _bytes = [];
    private int _used;

    /// <summary>Appends <paramref name="bytes"/> and returns their offset.</summary>
    /// <exception cref="InvalidOperationException">The arena would pass 2 GB.</exception>
    public int Append(ReadOnlySpan<byte> bytes)
    {
        int offset = _used;
        int needed = offset + bytes.Length;
        if ((uint)needed > (uint)Array.MaxLength)
        {
            throw new InvalidOperationException("The customer ids take more than 2 GB.");
        }

        if (needed > _bytes.Length)
        {
            Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(needed, Math.Max(4096L, 2L * _bytes.Length))));
        }

        bytes.CopyTo(_bytes.AsSpan(offset));
        _used = needed;
        return offset;
    }

    /// <summary>The <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    public ReadOnlySpan<byte> Slice(int offset, int length) => _bytes.AsSpan(offset, length);
}
