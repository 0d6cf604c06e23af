namespace CustomerScoring.Csv;

/// <summary>
/// Groups consecutive lines of one invoice into one transaction: the open invoice (its id, customer, first
/// timestamp and running totals) and the 64-bit hashes of the closed ones, so that an invoice that comes back
/// after another is recognized.
/// </summary>
internal sealed class InvoiceGrouper
{
    private readonly HashSet<ulong> _closed = [];
    private byte[] _id = new byte[64];
    private int _idLength;

    /// <summary>Whether an invoice is open.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>The customer of the open invoice.</summary>
    public int Customer { get; private set; }

    /// <summary>The timestamp of the open invoice (of its first line).</summary>
    public DateTime Timestamp { get; private set; }

    /// <summary>The amount total of the open invoice.</summary>
    public double Amount { get; private set; }

    /// <summary>The margin total of the open invoice.</summary>
    public double Margin { get; private set; }

    /// <summary>Whether a line with invoice id <paramref name="id"/> continues the open invoice.</summary>
    public bool Continues(ReadOnlySpan<byte> id) => IsOpen && id.SequenceEqual(_id.AsSpan(0, _idLength));

    /// <summary>Whether the invoice id belongs to an invoice closed earlier.</summary>
    public bool WasClosed(ReadOnlySpan<byte> id) => _closed.Contains(InvoiceHash.Of(id));

    /// <summary>Opens an invoice with its first line.</summary>
    public void Open(ReadOnlySpan<byte> id, int customer, DateTime timestamp, double amount, double margin)
    {
        if (id.Length > _id.Length)
        {
            _id = new byte[Math.Max(id.Length, _id.Length * 2)];
        }

        id.CopyTo(_id);
        _idLength = id.Length;
        IsOpen = true;
        Customer = customer;
        Timestamp = timestamp;
        Amount = amount;
        Margin = margin;
    }

    /// <summary>Adds a line to the open invoice; false (and nothing added) when a total would not be finite.</summary>
    public bool TryAdd(double amount, double margin, out bool amountOverflows)
    {
        double total = Amount + amount, marginTotal = Margin + margin;
        amountOverflows = !double.IsFinite(total);
        if (amountOverflows || !double.IsFinite(marginTotal))
        {
            return false;
        }

        Amount = total;
        Margin = marginTotal;
        return true;
    }

    /// <summary>Closes the open invoice, remembering its id; its transaction is in the properties.</summary>
    public void Close()
    {
        _closed.Add(InvoiceHash.Of(_id.AsSpan(0, _idLength)));
        IsOpen = false;
    }
}
