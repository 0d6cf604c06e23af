namespace CustomerScoring.Csv;

/// <summary>
/// Identifies a column of a CSV file: by its header name (matched exactly first, then ignoring case and
/// surrounding whitespace) or by its 0-based position. A string converts to a named column and an
/// integer to a positional one, so <c>CustomerColumn = "Customer ID"</c> and <c>CustomerColumn = 1</c> both work.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly record struct CsvColumn
{
    private CsvColumn(string? name, int index)
    {
        Name = name;
        Index = index;
    }

    /// <summary>The header name, or null for a positional column.</summary>
    public string? Name { get; }

    /// <summary>The 0-based position, or -1 for a named column.</summary>
    public int Index { get; }

    /// <summary>Whether the column is identified by its header name.</summary>
    public bool IsNamed => Name is not null;

    /// <summary>A column found by its header name.</summary>
    /// <exception cref="ArgumentException">The name is null, empty or whitespace.</exception>
    public static CsvColumn Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new CsvColumn(name, -1);
    }

    /// <summary>A column found by its 0-based position (in whitespace-aligned files: the n-th non-blank field).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The position is negative.</exception>
    public static CsvColumn At(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new CsvColumn(null, index);
    }

    /// <summary>Same as <see cref="Named"/>.</summary>
    public static implicit operator CsvColumn(string name) => Named(name);

    /// <summary>Same as <see cref="At"/>.</summary>
    public static implicit operator CsvColumn(int index) => At(index);

    /// <summary>The column as text for messages: its name in quotes, or <c>column 3</c> (0-based).</summary>
    public override string ToString() => Name is not null ? $"'{Name}'" : $"column {Index}";
}
