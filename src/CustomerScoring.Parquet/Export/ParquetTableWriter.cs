using Parquet;
using Parquet.Schema;

namespace CustomerScoring.Parquet;

/// <summary>
/// A table of named columns, all of the same length, written as a Parquet file: the generic writer for scored tables
/// handed to data platforms (Spark, DuckDB, pandas, Power BI). Columns are added whole, in order, and written in row
/// groups of <see cref="RowGroupSize"/> rows, Snappy-compressed.
/// </summary>
/// <remarks>
/// <para>Types written: <see cref="double"/> as DOUBLE (full precision: unlike the CSV writer, no rounding to fixed
/// decimals; NaN stays NaN), <see cref="int"/> as INT32, <see cref="long"/> as INT64, <see cref="DateTime"/> as a
/// TIMESTAMP in microseconds that is not adjusted to UTC (the wall-clock values the library works with; ticks below a
/// microsecond are dropped), <see cref="DateOnly"/> as DATE, text as an optional UTF-8 STRING (null stays null).
/// Numeric and time columns are required (never null), except the optional DOUBLE columns added from nullable values.</para>
/// <para>The writer keeps the columns given (it does not copy memory columns); not thread-safe while columns are added.</para>
/// </remarks>
/// <example>
/// <code>
/// new ParquetTableWriter(ids.Length)
///     .Add("customer_id", ids)
///     .Add("clv", clv.Value.ToArray().AsMemory())
///     .WriteFile("clv.parquet");
/// </code>
/// </example>
public sealed class ParquetTableWriter
{
    /// <summary>The default rows per row group: 1,048,576.</summary>
    public const int DefaultRowGroupSize = 1 << 20;

    private readonly List<(DataField Field, Func<ParquetRowGroupWriter, int, int, CancellationToken, Task> Write)> _columns = [];
    private int _rowGroupSize = DefaultRowGroupSize;

    /// <summary>Creates an empty table of <paramref name="rowCount"/> rows.</summary>
    public ParquetTableWriter(int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        RowCount = rowCount;
    }

    /// <summary>The number of rows every column has.</summary>
    public int RowCount { get; }

    /// <summary>Rows per row group (at least 1). Default: <see cref="DefaultRowGroupSize"/>.</summary>
    public int RowGroupSize
    {
        get => _rowGroupSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _rowGroupSize = value;
        }
    }

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> ColumnNames => _columns.Select(c => c.Field.Name).ToArray();

    /// <summary>Adds a DOUBLE column.</summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or the length is not <see cref="RowCount"/>.</exception>
    public ParquetTableWriter Add(string name, ReadOnlyMemory<double> values) =>
        AddValues(new DataField<double>(name), values);

    /// <summary>Adds an INT32 column.</summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or the length is not <see cref="RowCount"/>.</exception>
    public ParquetTableWriter Add(string name, ReadOnlyMemory<int> values) =>
        AddValues(new DataField<int>(name), values);

    /// <summary>Adds an INT64 column.</summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or the length is not <see cref="RowCount"/>.</exception>
    public ParquetTableWriter Add(string name, ReadOnlyMemory<long> values) =>
        AddValues(new DataField<long>(name), values);

    /// <summary>Adds a TIMESTAMP column (microseconds, not adjusted to UTC); the kind of the values is ignored.</summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or the length is not <see cref="RowCount"/>.</exception>
    public ParquetTableWriter Add(string name, ReadOnlyMemory<DateTime> values) =>
        AddValues(TimestampField(name), values);

    /// <summary>The field of an optional UTF-8 STRING column.</summary>
    private static DataField TextField(string name) => new(name, typeof(string), isNullable: true);

    /// <summary>The field of an optional DOUBLE column.</summary>
    private static DataField<double?> OptionalDoubleField(string name) => new(name);

    /// <summary>The field of a TIMESTAMP column: microseconds, not adjusted to UTC, required.</summary>
    internal static DataField TimestampField(string name) =>
        new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros, isNullable: false);

    /// <summary>Adds a DATE column.</summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or the length is not <see cref="RowCount"/>.</exception>
    public ParquetTableWriter Add(string name, ReadOnlyMemory<DateOnly> values) =>
        AddValues(new DataField<DateOnly>(name), values);

    /// <summary>Adds an optional UTF-8 STRING column; null values are written as nulls.</summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or the length is not <see cref="RowCount"/>.</exception>
    public ParquetTableWriter Add(string name, IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        string?[] array = values as string?[] ?? [.. values];
        Check(name, array.Length);
        DataField field = TextField(name);
        _columns.Add((field, (rowGroup, start, length, _) => rowGroup.WriteAsync(field, new ArraySegment<string>(array!, start, length))));
        return this;
    }

    /// <summary>Adds an optional DOUBLE column; null values (and NaN or infinities, which never reach a file) are written as nulls.</summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or the length is not <see cref="RowCount"/>.</exception>
    public ParquetTableWriter Add(string name, IReadOnlyList<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double?[] array = new double?[values.Count];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = values[i] is { } v && double.IsFinite(v) ? v : null;
        }

        Check(name, array.Length);
        DataField field = OptionalDoubleField(name);
        ReadOnlyMemory<double?> memory = array;
        _columns.Add((field, (rowGroup, start, length, ct) => rowGroup.WriteAsync(field, memory.Slice(start, length), null, null, ct)));
        return this;
    }

    /// <summary>Writes the table to a file (created or overwritten).</summary>
    public void WriteFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.Create(path);
        Write(stream);
    }

    /// <summary>Writes the table to a stream, which stays open.</summary>
    public void Write(Stream output) => WriteAsync(output).AsTask().GetAwaiter().GetResult();

    /// <summary>Writes the table to a stream asynchronously; the stream stays open.</summary>
    /// <exception cref="InvalidOperationException">The table has no columns.</exception>
    public async ValueTask WriteAsync(Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_columns.Count == 0)
        {
            throw new InvalidOperationException("The table has no columns; add at least one before writing.");
        }

        var schema = new ParquetSchema(_columns.Select(c => (Field)c.Field));
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        ParquetWriter writer = await ParquetWriter.CreateAsync(schema, output, options, append: false, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            // A table without rows still gets one (empty) row group, so that readers see its schema and types.
            int start = 0;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                int length = Math.Min(_rowGroupSize, RowCount - start);
                using ParquetRowGroupWriter rowGroup = writer.CreateRowGroup();
                foreach ((DataField _, Func<ParquetRowGroupWriter, int, int, CancellationToken, Task> write) in _columns)
                {
                    await write(rowGroup, start, length, cancellationToken).ConfigureAwait(false);
                }

                start += length;
            }
            while (start < RowCount);
        }
    }

    /// <summary>
    /// Adds a required column whose values are read one row group at a time: <paramref name="read"/> fills the values of the
    /// rows from its first argument on. The table then never holds the whole column.
    /// </summary>
    internal ParquetTableWriter AddRows<T>(DataField field, Action<int, T[]> read)
        where T : struct
    {
        Check(field.Name, RowCount);
        _columns.Add((field, (rowGroup, start, length, ct) =>
        {
            var values = new T[length];
            read(start, values);
            return rowGroup.WriteAsync(field, (ReadOnlyMemory<T>)values, null, null, ct);
        }));
        return this;
    }

    /// <summary>An optional DOUBLE column read one row group at a time (see <see cref="AddRows{T}"/>); NaN and infinities are written as nulls.</summary>
    internal ParquetTableWriter AddOptionalDoubleRows(string name, Action<int, double[]> read)
    {
        Check(name, RowCount);
        DataField field = OptionalDoubleField(name);
        _columns.Add((field, (rowGroup, start, length, ct) =>
        {
            var read1 = new double[length];
            read(start, read1);
            var values = new double?[length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = double.IsFinite(read1[i]) ? read1[i] : null;
            }

            return rowGroup.WriteAsync(field, (ReadOnlyMemory<double?>)values, null, null, ct);
        }));
        return this;
    }

    /// <summary>An optional UTF-8 STRING column read one row group at a time (see <see cref="AddRows{T}"/>).</summary>
    internal ParquetTableWriter AddTextRows(string name, Action<int, string?[]> read)
    {
        Check(name, RowCount);
        DataField field = TextField(name);
        _columns.Add((field, (rowGroup, start, length, _) =>
        {
            var values = new string?[length];
            read(start, values);
            return rowGroup.WriteAsync(field, new ArraySegment<string>(values!, 0, length));
        }));
        return this;
    }

    private ParquetTableWriter AddValues<T>(DataField field, ReadOnlyMemory<T> values)
        where T : struct
    {
        Check(field.Name, values.Length);
        _columns.Add((field, (rowGroup, start, length, ct) => rowGroup.WriteAsync(field, values.Slice(start, length), null, null, ct)));
        return this;
    }

    private void Check(string name, int length)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_columns.Any(c => c.Field.Name == name))
        {
            throw new ArgumentException($"The table already has a column '{name}'.", nameof(name));
        }

        if (length != RowCount)
        {
            throw new ArgumentException($"Column '{name}' has {length} values but the table has {RowCount} rows.", nameof(name));
        }
    }
}
