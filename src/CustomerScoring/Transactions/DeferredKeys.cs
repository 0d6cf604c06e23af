using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CustomerScoring.Numerics;
using CustomerScoring.Numerics.Sorting;

namespace CustomerScoring.Transactions;

/// <summary>
/// The string keys of a <see cref="CustomerKeyMap{TKey}"/> that a reader added without making their strings: a whole
/// number's value (the key is its invariant decimal text) or the key's UTF-8 bytes, by customer index. The map makes a
/// key's string on first use; until then the bytes serve the key order (<see cref="IByteKeys"/>) and the scorecard's cells.
/// </summary>
/// <remarks>A reader of a million ids thus makes no million strings while reading, whose allocation, promotion and
/// marking cost its collections (each of which also stops the parsing thread).</remarks>
internal sealed class DeferredKeys : IByteKeys
{
    /// <summary>The kind of a key added as a string (made at once).</summary>
    private const int Made = -1;

    /// <summary>The kind of a key kept as UTF-8 bytes.</summary>
    private const int Utf8 = -2;

    /// <summary>Per index: the number (0 or more) whose text the key is, or <see cref="Made"/>, or <see cref="Utf8"/>.</summary>
    private int[] _kind;

    /// <summary>Per index, for UTF-8 keys: the offset of its bytes in <see cref="_bytes"/> (shifted left 16 bits) and their count.</summary>
    private long[] _span = [];

    private readonly ByteArena _bytes = new();
    private int _count;

    /// <summary>Starts with the indices below <paramref name="made"/> taken by keys added as strings.</summary>
    public DeferredKeys(int made)
    {
        _kind = new int[Math.Max(1024, 2 * made)];
        _kind.AsSpan(0, made).Fill(Made);
        _count = made;
    }

    /// <summary>How many keys were added without their strings.</summary>
    public int DeferredCount { get; private set; }

    /// <summary>Whether a UTF-8 key holds a character beyond U+FFFF (a 4-byte sequence), whose UTF-16 order differs from
    /// its byte order against characters U+E000..U+FFFF.</summary>
    public bool AnyBeyondBmp { get; private set; }

    /// <inheritdoc/>
    public int Count => _count;

    /// <summary>Takes the next index for a key added as a string.</summary>
    public void AddMade() => Add(Made);

    /// <summary>Takes the next index for the key that is the invariant decimal text of <paramref name="value"/> (no sign, no
    /// leading zero, at most 8 digits).</summary>
    public void AddNumber(int value)
    {
        if ((uint)value >= 100_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A deferred number key has one to eight digits.");
        }

        Add(value);
        DeferredCount++;
    }

    /// <summary>Takes the next index for the key whose UTF-8 bytes (valid UTF-8, checked by the caller) are <paramref name="utf8"/>.</summary>
    public void AddUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"A deferred key has {utf8.Length} bytes; the most is {ushort.MaxValue}.", nameof(utf8));
        }

        if (_count >= _span.Length)
        {
            Array.Resize(ref _span, Math.Max(_count + 1, Math.Max(1024, 2 * _span.Length)));
        }

        _span[_count] = ((long)_bytes.Append(utf8) << 16) | (long)utf8.Length;
        AnyBeyondBmp |= utf8.IndexOfAnyInRange((byte)0xF0, (byte)0xFF) >= 0;
        Add(Utf8);
        DeferredCount++;
    }

    private void Add(int kind)
    {
        if (_count >= _kind.Length)
        {
            Array.Resize(ref _kind, Math.Max(_count + 1, 2 * _kind.Length));
        }

        _kind[_count++] = kind;
    }

    /// <summary>Whether key <paramref name="index"/> was added without its string.</summary>
    public bool IsDeferred(int index) => (uint)index < (uint)_count && _kind[index] != Made;

    /// <summary>The string of deferred key <paramref name="index"/>.</summary>
    public string MakeString(int index)
    {
        int kind = _kind[index];
        return kind >= 0 ? kind.ToString(CultureInfo.InvariantCulture)
            : kind == Utf8 ? Encoding.UTF8.GetString(Utf8Bytes(index))
            : throw new InvalidOperationException($"Key {index} was added as a string.");
    }

    /// <summary>The UTF-8 byte count of deferred key <paramref name="index"/>'s text, or -1 for a key added as a string.</summary>
    public int ByteCount(int index)
    {
        int kind = _kind[index];
        return kind >= 0 ? DecimalDigits.Count((uint)kind) : kind == Utf8 ? (int)(_span[index] & 0xFFFF) : -1;
    }

    /// <summary>Writes deferred key <paramref name="index"/>'s UTF-8 text (<see cref="ByteCount"/> bytes) to <paramref name="to"/>.</summary>
    public void WriteUtf8(int index, Span<byte> to)
    {
        int kind = _kind[index];
        if (kind >= 0)
        {
            Utf8Formatter.TryFormat(kind, to, out _);
        }
        else
        {
            Utf8Bytes(index).CopyTo(to);
        }
    }

    /// <inheritdoc/>
    public ReadOnlySpan<byte> Bytes(int index, Span<byte> scratch)
    {
        int kind = _kind[index];
        if (kind == Utf8)
        {
            return Utf8Bytes(index);
        }

        if (kind == Made)
        {
            throw new InvalidOperationException($"Key {index} was added as a string.");
        }

        Utf8Formatter.TryFormat(kind, scratch, out int written);
        return scratch[..written];
    }

    private ReadOnlySpan<byte> Utf8Bytes(int index)
    {
        long span = _span[index];
        return _bytes.Slice((int)(span >> 16), (int)(span & 0xFFFF));
    }
}
