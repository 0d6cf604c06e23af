using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;

namespace CustomerScoring.Parquet.Internals;

/// <summary>
/// Typed memory over an Arrow buffer's bytes, without copying: the <see cref="ReadOnlyMemory{T}"/> a
/// <see cref="Transactions.TransactionBatch"/> wraps. It reads the buffer's memory for as long as it is used, so the
/// record batch that owns the buffer must stay undisposed (native buffers are freed when it is disposed).
/// </summary>
internal sealed class ArrowMemory<T> : MemoryManager<T>
    where T : unmanaged
{
    private readonly ReadOnlyMemory<byte> _bytes;

    private ArrowMemory(ReadOnlyMemory<byte> bytes)
    {
        _bytes = bytes;
    }

    /// <summary>Elements <paramref name="offset"/> .. <paramref name="offset"/> + <paramref name="length"/> - 1 of a buffer of <typeparamref name="TSource"/> values, as <typeparamref name="T"/> (same size).</summary>
    public static ReadOnlyMemory<T> Over<TSource>(ArrowBuffer buffer, int offset, int length)
        where TSource : unmanaged
    {
        if (Unsafe.SizeOf<TSource>() != Unsafe.SizeOf<T>())
        {
            throw new InvalidOperationException($"{typeof(TSource).Name} and {typeof(T).Name} differ in size.");
        }

        int size = Unsafe.SizeOf<T>();
        ReadOnlyMemory<byte> bytes = buffer.Memory.Slice(offset * size, length * size);
        return new ArrowMemory<T>(bytes).Memory;
    }

    /// <inheritdoc />
    public override Span<T> GetSpan() => MemoryMarshal.Cast<byte, T>(MemoryMarshal.AsMemory(_bytes).Span);

    /// <inheritdoc />
    public override MemoryHandle Pin(int elementIndex = 0) => _bytes.Slice(elementIndex * Unsafe.SizeOf<T>()).Pin();

    /// <inheritdoc />
    public override void Unpin()
    {
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
    }
}
