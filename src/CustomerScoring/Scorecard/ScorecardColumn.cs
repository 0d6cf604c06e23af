namespace CustomerScoring.Scorecard;

/// <summary>
/// One column of a scorecard table: its name, value type and the value of each summary row. The one definition of a
/// scorecard's columns (<see cref="ScorecardColumns"/>) from which the CSV, Parquet and SQL writers render, so every
/// format has the same columns, in the same order, with the same values.
/// </summary>
/// <remarks>
/// Create columns with <see cref="Text"/>, <see cref="WholeNumber"/>, <see cref="Number"/> or <see cref="Timestamp"/>; read
/// a value with the accessor of the column's <see cref="Type"/> (the others throw). A null value is a missing value (an
/// empty CSV field, a Parquet or SQL NULL); only columns created as <see cref="Nullable"/> may hold one. Immutable; the
/// values are computed on demand from the results the column was made from.
/// </remarks>
public sealed class ScorecardColumn
{
    private readonly ColumnRowsReader<string?>? _text;
    private readonly ColumnRowsReader<int>? _wholeNumber;
    private readonly ColumnRowsReader<double>? _number;
    private readonly ColumnRowsReader<DateTime>? _timestamp;
    private readonly IUtf8Texts? _utf8;

    private ScorecardColumn(string name, ScorecardColumnType type, int? decimals, bool nullable,
        ColumnRowsReader<string?>? text = null, ColumnRowsReader<int>? wholeNumber = null, ColumnRowsReader<double>? number = null,
        ColumnRowsReader<DateTime>? timestamp = null, IUtf8Texts? utf8 = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (decimals is < 0 or > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "Decimals must be between 0 and 15, or null for the shortest exact form.");
        }

        Name = name;
        Type = type;
        Decimals = decimals;
        Nullable = nullable;
        _text = text;
        _wholeNumber = wholeNumber;
        _number = number;
        _timestamp = timestamp;
        _utf8 = utf8;
    }

    /// <summary>The column name (snake_case by convention), unique within a scorecard.</summary>
    public string Name { get; }

    /// <summary>The value type.</summary>
    public ScorecardColumnType Type { get; }

    /// <summary>For <see cref="ScorecardColumnType.Number"/> columns in text formats (CSV): the fixed number of decimals, or
    /// null for the shortest text that reads back as the same double. Binary formats keep full precision.</summary>
    public int? Decimals { get; }

    /// <summary>Whether a row may have no value (text columns always may).</summary>
    public bool Nullable { get; }

    /// <summary>A text column; null values are missing.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="value">The value of summary row r.</param>
    public static ScorecardColumn Text(string name, Func<int, string?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Texts(name, PerRow(value));
    }

    /// <summary>A whole-number (32-bit) column (never missing).</summary>
    /// <param name="name">The column name.</param>
    /// <param name="value">The value of summary row r.</param>
    public static ScorecardColumn WholeNumber(string name, Func<int, int> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return WholeNumbers(name, PerRow(value));
    }

    /// <summary>A number column that always has a value.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="value">The value of summary row r (finite; a NaN or infinity is written as missing, never as text).</param>
    /// <param name="decimals">Fixed decimals in text formats, or null for the shortest exact form.</param>
    public static ScorecardColumn Number(string name, Func<int, double> value, int? decimals = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Numbers(name, PerRow(value), decimals);
    }

    /// <summary>A number column whose rows may be missing (null), e.g. model outputs when no model could be fitted.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="value">The value of summary row r, or null.</param>
    /// <param name="decimals">Fixed decimals in text formats, or null for the shortest exact form.</param>
    public static ScorecardColumn OptionalNumber(string name, Func<int, double?> value, int? decimals = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return OptionalNumbers(name, PerRow(r => value(r) ?? double.NaN), decimals);
    }

    /// <summary>A timestamp column (never missing).</summary>
    /// <param name="name">The column name.</param>
    /// <param name="value">The value of summary row r.</param>
    public static ScorecardColumn Timestamp(string name, Func<int, DateTime> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Timestamps(name, PerRow(value));
    }

    /// <summary>Reads a block of rows with one call of <paramref name="value"/> per row (the public factories' columns).</summary>
    private static ColumnRowsReader<T> PerRow<T>(Func<int, T> value) => (first, values) =>
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = value(first + i);
        }
    };

    /// <summary>A text column read in blocks of rows.</summary>
    internal static ScorecardColumn Texts(string name, ColumnRowsReader<string?> rows, IUtf8Texts? utf8 = null) =>
        new(name, ScorecardColumnType.Text, null, nullable: true, text: rows ?? throw new ArgumentNullException(nameof(rows)), utf8: utf8);

    /// <summary>A whole-number column read in blocks of rows.</summary>
    internal static ScorecardColumn WholeNumbers(string name, ColumnRowsReader<int> rows) =>
        new(name, ScorecardColumnType.WholeNumber, null, nullable: false, wholeNumber: rows ?? throw new ArgumentNullException(nameof(rows)));

    /// <summary>A number column that always has a value, read in blocks of rows.</summary>
    internal static ScorecardColumn Numbers(string name, ColumnRowsReader<double> rows, int? decimals) =>
        new(name, ScorecardColumnType.Number, decimals, nullable: false, number: rows ?? throw new ArgumentNullException(nameof(rows)));

    /// <summary>A number column whose rows may be missing (NaN), read in blocks of rows.</summary>
    internal static ScorecardColumn OptionalNumbers(string name, ColumnRowsReader<double> rows, int? decimals) =>
        new(name, ScorecardColumnType.Number, decimals, nullable: true, number: rows ?? throw new ArgumentNullException(nameof(rows)));

    /// <summary>A timestamp column read in blocks of rows.</summary>
    internal static ScorecardColumn Timestamps(string name, ColumnRowsReader<DateTime> rows) =>
        new(name, ScorecardColumnType.Timestamp, null, nullable: false, timestamp: rows ?? throw new ArgumentNullException(nameof(rows)));

    /// <summary>The text of summary row <paramref name="row"/>.</summary>
    /// <exception cref="InvalidOperationException">The column is not a text column.</exception>
    public string? TextAt(int row)
    {
        string? value = null;
        ReadTexts(row, new Span<string?>(ref value));
        return value;
    }

    /// <summary>The whole number of summary row <paramref name="row"/>.</summary>
    /// <exception cref="InvalidOperationException">The column is not a whole-number column.</exception>
    public int WholeNumberAt(int row)
    {
        int value = 0;
        ReadWholeNumbers(row, new Span<int>(ref value));
        return value;
    }

    /// <summary>The number of summary row <paramref name="row"/>, or null when missing (also for a non-finite value).</summary>
    /// <exception cref="InvalidOperationException">The column is not a number column.</exception>
    public double? NumberAt(int row)
    {
        double value = 0;
        ReadNumbers(row, new Span<double>(ref value));
        return double.IsFinite(value) ? value : null;
    }

    /// <summary>The timestamp of summary row <paramref name="row"/>.</summary>
    /// <exception cref="InvalidOperationException">The column is not a timestamp column.</exception>
    public DateTime TimestampAt(int row)
    {
        DateTime value = default;
        ReadTimestamps(row, new Span<DateTime>(ref value));
        return value;
    }

    /// <summary>The texts of rows <paramref name="first"/> .. <paramref name="first"/> + <c>values.Length</c> - 1.</summary>
    /// <exception cref="InvalidOperationException">The column is not a text column.</exception>
    internal void ReadTexts(int first, Span<string?> values) => (_text ?? throw WrongType(ScorecardColumnType.Text))(first, values);

    /// <summary>A text column's values as UTF-8 bytes where it has them without strings (see <see cref="IUtf8Texts"/>); null for most columns.</summary>
    internal IUtf8Texts? Utf8Texts => _utf8;

    /// <summary>The whole numbers of rows <paramref name="first"/> .. <paramref name="first"/> + <c>values.Length</c> - 1.</summary>
    /// <exception cref="InvalidOperationException">The column is not a whole-number column.</exception>
    internal void ReadWholeNumbers(int first, Span<int> values) =>
        (_wholeNumber ?? throw WrongType(ScorecardColumnType.WholeNumber))(first, values);

    /// <summary>The numbers of rows <paramref name="first"/> .. <paramref name="first"/> + <c>values.Length</c> - 1: a missing
    /// value is NaN, and non-finite values are left as they are (every writer writes them as missing).</summary>
    /// <exception cref="InvalidOperationException">The column is not a number column.</exception>
    internal void ReadNumbers(int first, Span<double> values) => (_number ?? throw WrongType(ScorecardColumnType.Number))(first, values);

    /// <summary>The timestamps of rows <paramref name="first"/> .. <paramref name="first"/> + <c>values.Length</c> - 1.</summary>
    /// <exception cref="InvalidOperationException">The column is not a timestamp column.</exception>
    internal void ReadTimestamps(int first, Span<DateTime> values) =>
        (_timestamp ?? throw WrongType(ScorecardColumnType.Timestamp))(first, values);

    /// <summary>The value of summary row <paramref name="row"/> as an object (<see cref="string"/>, <see cref="int"/>,
    /// <see cref="double"/> or <see cref="DateTime"/>), or null when missing: for generic table writers.</summary>
    public object? ValueAt(int row) => Type switch
    {
        ScorecardColumnType.Text => TextAt(row),
        ScorecardColumnType.WholeNumber => WholeNumberAt(row),
        ScorecardColumnType.Number => NumberAt(row),
        _ => TimestampAt(row),
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Type})";

    private InvalidOperationException WrongType(ScorecardColumnType asked) =>
        new($"Column '{Name}' holds {Type} values, not {asked}.");
}
