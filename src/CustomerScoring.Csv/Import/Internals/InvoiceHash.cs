namespace CustomerScoring.Csv;

/// <summary>
/// A 64-bit hash of an invoice id's UTF-8 bytes, to remember closed invoices in 8 bytes each: FNV-1a started from a
/// basis drawn at random once per process, then mixed (xorshift-multiply) so that every bit of the result depends on
/// every byte. A data supplier cannot craft ids that collide (a false <see cref="CsvRejectionReason.InvoiceReappears"/>)
/// or that crowd one bucket of the set of closed invoices without knowing the basis.
/// </summary>
internal static class InvoiceHash
{
    private static readonly ulong Basis = 14695981039346656037UL ^ (ulong)Random.Shared.NextInt64();

    /// <summary>The hash of <paramref name="bytes"/>.</summary>
    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        ulong hash = Basis;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash = (hash ^ (hash >> 33)) * 0xFF51AFD7ED558CCDUL;
        return hash ^ (hash >> 33);
    }
}
