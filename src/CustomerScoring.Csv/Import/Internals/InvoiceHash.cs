namespace CustomerScoring.Csv;

/// <summary>A 64-bit FNV-1a hash of an invoice id's UTF-8 bytes, to remember closed invoices in 8 bytes each.</summary>
internal static class InvoiceHash
{
    /// <summary>The hash of <paramref name="bytes"/>.</summary>
    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
