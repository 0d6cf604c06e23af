namespace CustomerScoring.Csv;

/// <summary>
/// Where the columns the options name are in the records: field positions (logical: in whitespace mode,
/// among the non-blank fields), resolved once from the header (or the positions given), and the names
/// used in messages.
/// </summary>
internal sealed class ColumnLayout
{
    private ColumnLayout(string[] columnNames, int customer, int timestamp, int amount, int quantity, int price, int margin, int invoice)
    {
        ColumnNames = columnNames;
        Customer = customer;
        Timestamp = timestamp;
        Amount = amount;
        Quantity = quantity;
        Price = price;
        Margin = margin;
        Invoice = invoice;
    }

    /// <summary>The customer id field.</summary>
    public int Customer { get; }

    /// <summary>The timestamp field.</summary>
    public int Timestamp { get; }

    /// <summary>The amount field; -1 when amounts are quantity × price.</summary>
    public int Amount { get; }

    /// <summary>The quantity field, or -1.</summary>
    public int Quantity { get; }

    /// <summary>The price field, or -1.</summary>
    public int Price { get; }

    /// <summary>The margin field, or -1.</summary>
    public int Margin { get; }

    /// <summary>The invoice id field, or -1.</summary>
    public int Invoice { get; }

    /// <summary>The field that an amount problem is reported in: the amount, or the price of quantity × price.</summary>
    public int AmountForMessages => Amount >= 0 ? Amount : Price;

    /// <summary>For each field up to the last one read: its header name, or <c>column i</c>.</summary>
    public string[] ColumnNames { get; }

    /// <summary>The number of fields a record needs to hold every column read.</summary>
    public int FieldsNeeded => ColumnNames.Length;

    /// <summary>Resolves the columns of <paramref name="options"/> against the header (null: no header).</summary>
    /// <exception cref="CsvImportException">A named column is not in the header, or a position is past its end.</exception>
    public static ColumnLayout Resolve(CsvImportOptions options, string[]? header)
    {
        int customer = Resolve(nameof(CsvImportOptions.CustomerColumn), options.CustomerColumn, header);
        int timestamp = Resolve(nameof(CsvImportOptions.TimestampColumn), options.TimestampColumn, header);
        int amount = -1, quantity = -1, price = -1, margin = -1, invoice = -1;
        if (options.UsesQuantityTimesPrice)
        {
            quantity = Resolve(nameof(CsvImportOptions.QuantityColumn), options.QuantityColumn!.Value, header);
            price = Resolve(nameof(CsvImportOptions.PriceColumn), options.PriceColumn!.Value, header);
        }
        else
        {
            amount = Resolve(nameof(CsvImportOptions.AmountColumn), options.AmountColumn, header);
        }

        if (options.MarginColumn is { } marginColumn)
        {
            margin = Resolve(nameof(CsvImportOptions.MarginColumn), marginColumn, header);
        }

        if (options.InvoiceColumn is { } invoiceColumn)
        {
            invoice = Resolve(nameof(CsvImportOptions.InvoiceColumn), invoiceColumn, header);
        }

        int max = Math.Max(Math.Max(Math.Max(customer, timestamp), Math.Max(amount, quantity)), Math.Max(Math.Max(price, margin), invoice));
        var names = new string[max + 1];
        for (int i = 0; i <= max; i++)
        {
            names[i] = header is not null && i < header.Length ? header[i] : $"column {i}";
        }

        return new ColumnLayout(names, customer, timestamp, amount, quantity, price, margin, invoice);
    }

    private static int Resolve(string role, CsvColumn column, string[]? header)
    {
        if (column.Name is not { } name)
        {
            if (header is not null && column.Index >= header.Length)
            {
                throw new CsvImportException(
                    $"{role} is column {column.Index} (0-based), but the header has only {header.Length} columns: {string.Join(", ", header)}.",
                    1, column.ToString(), header);
            }

            return column.Index;
        }

        int found = Single(header!, h => string.Equals(h, name, StringComparison.Ordinal), role, name);
        if (found < 0)
        {
            string wanted = name.Trim();
            found = Single(header!, h => string.Equals(h.Trim(), wanted, StringComparison.OrdinalIgnoreCase), role, name);
        }

        if (found < 0)
        {
            throw new CsvImportException(
                $"The header has no column '{name}' ({role}). The header is: {string.Join(", ", header!.Select(h => $"'{h}'"))}. Set {role} to one of these names.",
                1, name, header!);
        }

        return found;
    }

    /// <summary>The one header position that matches, or -1; a name that matches twice is refused rather than the first taken.</summary>
    private static int Single(string[] header, Func<string, bool> matches, string role, string name)
    {
        int found = -1;
        for (int i = 0; i < header.Length; i++)
        {
            if (!matches(header[i]))
            {
                continue;
            }

            if (found >= 0)
            {
                throw new CsvImportException(
                    $"The header has two columns named '{name}' ({role}): positions {found} and {i} (0-based). Rename one in the file, or set {role} to a position such as CsvColumn.At({found}).",
                    1, name, header);
            }

            found = i;
        }

        return found;
    }
}
