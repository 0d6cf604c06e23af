using System.Globalization;
using System.Numerics;
using CustomerScoring.Transactions;
using Parquet;
using Parquet.Schema;

namespace CustomerScoring.Parquet.Internals;

/// <summary>The values of one column of the current row group, read into buffers reused across row groups.</summary>
/// <typeparam name="T">The CLR type Parquet.Net reads the column as.</typeparam>
internal sealed class ColumnValues<T>
    where T : struct
{
    private T[] _values = [];
    private T?[] _nullable = [];

    private readonly bool _isNullable;

    public ColumnValues(DataField field)
    {
        Field = field;
        _isNullable = field.IsNullable;
    }

    public DataField Field { get; }

    /// <summary>Whether the column may hold nulls (then <see cref="TryGet"/> can return false).</summary>
    public bool IsNullable => _isNullable;

    public async ValueTask ReadAsync(ParquetRowGroupReader rowGroup, int rows, CancellationToken cancellationToken)
    {
        if (_isNullable)
        {
            if (_nullable.Length < rows)
            {
                _nullable = new T?[rows];
            }

            await rowGroup.ReadAsync<T>(Field, _nullable.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            if (_values.Length < rows)
            {
                _values = new T[rows];
            }

            await rowGroup.ReadAsync<T>(Field, _values.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The value of row <paramref name="row"/>, or false for a null.</summary>
    public bool TryGet(int row, out T value)
    {
        if (_isNullable)
        {
            T? v = _nullable[row];
            value = v.GetValueOrDefault();
            return v.HasValue;
        }

        value = _values[row];
        return true;
    }

}

/// <summary>A column the reader maps: it reads a row group, marks rows it cannot use and writes the rest into a transaction column.</summary>
internal abstract class ParquetColumn
{
    protected ParquetColumn(string name, int position)
    {
        Name = name;
        Position = position;
    }

    /// <summary>The column name as in the file.</summary>
    public string Name { get; }

    /// <summary>The role's position in the rejection order: customer 0, timestamp 1, amount 2, margin 3.</summary>
    public int Position { get; }

    public abstract ValueTask ReadAsync(ParquetRowGroupReader rowGroup, int rows, CancellationToken cancellationToken);

    /// <summary>The value of a row as text, for a rejection.</summary>
    public abstract string ValueText(int row);

    /// <summary>Finds the field of a column by name.</summary>
    /// <exception cref="ParquetImportException">No column has that name; the message lists the columns there are.</exception>
    public static DataField Find(DataField[] fields, string name, string role)
    {
        foreach (DataField field in fields)
        {
            if (string.Equals(field.Name, name, StringComparison.Ordinal))
            {
                if (field.IsArray || field.MaxRepetitionLevel > 0)
                {
                    throw new ParquetImportException($"Column '{name}' ({role}) is a list; a flat column is needed.", name);
                }

                return field;
            }
        }

        throw new ParquetImportException(
            $"The file has no column '{name}' for {role}. Its columns: {string.Join(", ", fields.Select(f => f.Name))}. Set ParquetImportOptions.{role} to the column to read.",
            name);
    }

    /// <summary>An exception for a column whose type cannot be mapped.</summary>
    public static ParquetImportException Unsupported(DataField field, string role, string accepted) =>
        new($"Column '{field.Name}' ({role}) has the type {field.ClrType.Name}; {role} can be {accepted}.", field.Name);
}

/// <summary>The customer id column: strings or integers, keyed as text through the key map.</summary>
internal abstract class IdColumn : ParquetColumn
{
    protected IdColumn(string name)
        : base(name, 0)
    {
    }

    /// <summary>Marks rows with a null or blank id.</summary>
    public abstract void Check(int rows, RowIssues issues);

    /// <summary>Writes the customer index of every row that has no problem.</summary>
    public abstract void Map(int rows, RowIssues issues, CustomerKeyMap<string> customers, Span<int> index);

    public static IdColumn Create(DataField field)
    {
        Type t = field.ClrType;
        if (t == typeof(ReadOnlyMemory<char>))
        {
            return new StringIdColumn(field);
        }

        if (t == typeof(int))
        {
            return new IntegerIdColumn<int>(field);
        }

        if (t == typeof(long))
        {
            return new IntegerIdColumn<long>(field);
        }

        if (t == typeof(short))
        {
            return new IntegerIdColumn<short>(field);
        }

        if (t == typeof(sbyte))
        {
            return new IntegerIdColumn<sbyte>(field);
        }

        if (t == typeof(byte))
        {
            return new IntegerIdColumn<byte>(field);
        }

        if (t == typeof(ushort))
        {
            return new IntegerIdColumn<ushort>(field);
        }

        if (t == typeof(uint))
        {
            return new IntegerIdColumn<uint>(field);
        }

        throw Unsupported(field, nameof(ParquetImportOptions.CustomerColumn), "a string or an integer (8 to 64 bits; unsigned up to 32 bits)");
    }
}

/// <summary>String ids: looked up as spans (no string per row); a string is made once per new customer.</summary>
internal sealed class StringIdColumn : IdColumn
{
    private readonly ColumnValues<ReadOnlyMemory<char>> _values;
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public StringIdColumn(DataField field)
        : base(field.Name)
    {
        _values = new ColumnValues<ReadOnlyMemory<char>>(field);
    }

    public override ValueTask ReadAsync(ParquetRowGroupReader rowGroup, int rows, CancellationToken cancellationToken) =>
        _values.ReadAsync(rowGroup, rows, cancellationToken);

    public override void Check(int rows, RowIssues issues)
    {
        for (int i = 0; i < rows; i++)
        {
            if (!_values.TryGet(i, out ReadOnlyMemory<char> id))
            {
                issues.Mark(i, ParquetRejectionReason.NullCustomerId, Position);
            }
            else if (id.Span.IsWhiteSpace())
            {
                issues.Mark(i, ParquetRejectionReason.BlankCustomerId, Position);
            }
        }
    }

    public override void Map(int rows, RowIssues issues, CustomerKeyMap<string> customers, Span<int> index)
    {
        Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup = _seen.GetAlternateLookup<ReadOnlySpan<char>>();
        bool check = issues.Any;
        for (int i = 0; i < rows; i++)
        {
            if (check && issues.Has(i))
            {
                continue;
            }

            _values.TryGet(i, out ReadOnlyMemory<char> id);
            ReadOnlySpan<char> key = id.Span.Trim();
            if (!lookup.TryGetValue(key, out int customer))
            {
                string text = key.ToString();
                customer = customers.GetOrAdd(text);
                _seen.Add(text, customer);
            }

            index[i] = customer;
        }
    }

    public override string ValueText(int row) => _values.TryGet(row, out ReadOnlyMemory<char> id) ? id.ToString() : "null";
}

/// <summary>Integer ids: looked up as numbers; the key text (invariant decimal) is made once per new customer.</summary>
internal sealed class IntegerIdColumn<T> : IdColumn
    where T : struct, IBinaryInteger<T>
{
    private readonly ColumnValues<T> _values;
    private readonly IntegerKeyTable _seen = new();

    public IntegerIdColumn(DataField field)
        : base(field.Name)
    {
        _values = new ColumnValues<T>(field);
    }

    public override ValueTask ReadAsync(ParquetRowGroupReader rowGroup, int rows, CancellationToken cancellationToken) =>
        _values.ReadAsync(rowGroup, rows, cancellationToken);

    public override void Check(int rows, RowIssues issues)
    {
        if (!_values.IsNullable)
        {
            return;
        }

        for (int i = 0; i < rows; i++)
        {
            if (!_values.TryGet(i, out _))
            {
                issues.Mark(i, ParquetRejectionReason.NullCustomerId, Position);
            }
        }
    }

    public override void Map(int rows, RowIssues issues, CustomerKeyMap<string> customers, Span<int> index)
    {
        // The table's look-ups are cache misses at a million customers: each row's slot is fetched some rows ahead.
        const int Ahead = 16;
        bool check = issues.Any;
        Span<byte> digits = stackalloc byte[20];

        // Keys added without their strings must be new to the map: so only while every key of the map came from this
        // column's table. A map the caller filled before (another file, known customers) takes its keys by lookup.
        bool ownsMap = customers.Count == _seen.Count;
        for (int i = 0; i < rows; i++)
        {
            if (i + Ahead < rows && _values.TryGet(i + Ahead, out T next))
            {
                _seen.Prefetch(long.CreateTruncating(next));
            }

            if (check && issues.Has(i))
            {
                continue;
            }

            _values.TryGet(i, out T id);
            long key = long.CreateTruncating(id);
            int customer = _seen.Find(key);
            if (customer < 0)
            {
                // A new customer: its key is the invariant decimal text of the id, made only when it is read.
                customer = !ownsMap ? customers.GetOrAdd(key.ToString(CultureInfo.InvariantCulture))
                    : key is >= 0 and < 100_000_000 ? customers.AddNumber((int)key)
                    : customers.AddUtf8(digits[..Utf8Digits(key, digits)]);
                _seen.Add(key, customer);
            }

            index[i] = customer;
        }
    }

    private static int Utf8Digits(long key, Span<byte> to)
    {
        key.TryFormat(to, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }

    public override string ValueText(int row) =>
        _values.TryGet(row, out T id) ? long.CreateTruncating(id).ToString(CultureInfo.InvariantCulture) : "null";
}

/// <summary>The timestamp column: timestamps (UTC rule) or dates.</summary>
internal abstract class TimeColumn : ParquetColumn
{
    protected TimeColumn(string name)
        : base(name, 1)
    {
    }

    /// <summary>Writes the timestamp of every row, marking nulls.</summary>
    public abstract void Decode(int rows, RowIssues issues, Span<DateTime> destination);

    public static TimeColumn Create(DataField field)
    {
        if (field.ClrType == typeof(DateTime))
        {
            return new DateTimeColumn(field);
        }

        if (field.ClrType == typeof(DateOnly))
        {
            return new DateColumn(field);
        }

        throw Unsupported(field, nameof(ParquetImportOptions.TimestampColumn), "a Parquet TIMESTAMP or DATE");
    }

    /// <summary>The UTC rule: an instant (kind Utc or Local) as its UTC time, a wall-clock value as written; the kind is dropped.</summary>
    internal static DateTime WallClock(DateTime value) =>
        value.Kind switch
        {
            DateTimeKind.Local when !LocalIsUtc => DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Unspecified),
            DateTimeKind.Local or DateTimeKind.Utc => DateTime.SpecifyKind(value, DateTimeKind.Unspecified),
            _ => value,
        };

    /// <summary>
    /// Whether the machine's time zone has UTC's rules (servers and containers usually): then a local time is its UTC time
    /// as it is, and the conversion through the time zone's rules (4% of reading a 10M-row Parquet file, per value) is skipped.
    /// </summary>
    private static readonly bool LocalIsUtc = TimeZoneInfo.Local.HasSameRules(TimeZoneInfo.Utc);

    private sealed class DateTimeColumn(DataField field) : TimeColumn(field.Name)
    {
        private readonly ColumnValues<DateTime> _values = new(field);

        public override ValueTask ReadAsync(ParquetRowGroupReader rowGroup, int rows, CancellationToken cancellationToken) =>
            _values.ReadAsync(rowGroup, rows, cancellationToken);

        public override void Decode(int rows, RowIssues issues, Span<DateTime> destination)
        {
            for (int i = 0; i < rows; i++)
            {
                if (_values.TryGet(i, out DateTime t))
                {
                    destination[i] = WallClock(t);
                }
                else
                {
                    issues.Mark(i, ParquetRejectionReason.NullTimestamp, Position);
                }
            }
        }

        public override string ValueText(int row) =>
            _values.TryGet(row, out DateTime t) ? t.ToString("O", CultureInfo.InvariantCulture) : "null";
    }

    private sealed class DateColumn(DataField field) : TimeColumn(field.Name)
    {
        private readonly ColumnValues<DateOnly> _values = new(field);

        public override ValueTask ReadAsync(ParquetRowGroupReader rowGroup, int rows, CancellationToken cancellationToken) =>
            _values.ReadAsync(rowGroup, rows, cancellationToken);

        public override void Decode(int rows, RowIssues issues, Span<DateTime> destination)
        {
            for (int i = 0; i < rows; i++)
            {
                if (_values.TryGet(i, out DateOnly d))
                {
                    destination[i] = d.ToDateTime(TimeOnly.MinValue);
                }
                else
                {
                    issues.Mark(i, ParquetRejectionReason.NullTimestamp, Position);
                }
            }
        }

        public override string ValueText(int row) =>
            _values.TryGet(row, out DateOnly d) ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "null";
    }
}

/// <summary>An amount or margin column of any numeric type, converted to double.</summary>
internal abstract class NumberColumn : ParquetColumn
{
    private readonly ParquetRejectionReason _null;
    private readonly ParquetRejectionReason _nonFinite;

    protected NumberColumn(string name, bool margin)
        : base(name, margin ? 3 : 2)
    {
        _null = margin ? ParquetRejectionReason.NullMargin : ParquetRejectionReason.NullAmount;
        _nonFinite = margin ? ParquetRejectionReason.NonFiniteMargin : ParquetRejectionReason.NonFiniteAmount;
    }

    /// <summary>Writes the value of every row as a double, marking nulls and non-finite values.</summary>
    public abstract void Decode(int rows, RowIssues issues, Span<double> destination);

    public static NumberColumn Create(DataField field, bool margin)
    {
        Type t = field.ClrType;
        if (t == typeof(double))
        {
            return new Typed<double>(field, margin);
        }

        if (t == typeof(float))
        {
            return new Typed<float>(field, margin);
        }

        if (t == typeof(decimal))
        {
            return new Typed<decimal>(field, margin);
        }

        if (t == typeof(int))
        {
            return new Typed<int>(field, margin);
        }

        if (t == typeof(long))
        {
            return new Typed<long>(field, margin);
        }

        if (t == typeof(short))
        {
            return new Typed<short>(field, margin);
        }

        if (t == typeof(sbyte))
        {
            return new Typed<sbyte>(field, margin);
        }

        if (t == typeof(byte))
        {
            return new Typed<byte>(field, margin);
        }

        if (t == typeof(ushort))
        {
            return new Typed<ushort>(field, margin);
        }

        if (t == typeof(uint))
        {
            return new Typed<uint>(field, margin);
        }

        if (t == typeof(ulong))
        {
            return new Typed<ulong>(field, margin);
        }

        throw Unsupported(field, margin ? nameof(ParquetImportOptions.MarginColumn) : nameof(ParquetImportOptions.AmountColumn),
            "a double, float, decimal or integer");
    }

    private sealed class Typed<T>(DataField field, bool margin) : NumberColumn(field.Name, margin)
        where T : struct, INumberBase<T>
    {
        private readonly ColumnValues<T> _values = new(field);

        public override ValueTask ReadAsync(ParquetRowGroupReader rowGroup, int rows, CancellationToken cancellationToken) =>
            _values.ReadAsync(rowGroup, rows, cancellationToken);

        public override void Decode(int rows, RowIssues issues, Span<double> destination)
        {
            for (int i = 0; i < rows; i++)
            {
                if (!_values.TryGet(i, out T value))
                {
                    issues.Mark(i, _null, Position);
                    continue;
                }

                double d = ToDouble(value);
                destination[i] = d;
                if (!double.IsFinite(d))
                {
                    issues.Mark(i, _nonFinite, Position);
                }
            }
        }

        public override string ValueText(int row) =>
            _values.TryGet(row, out T value) ? ToDouble(value).ToString("R", CultureInfo.InvariantCulture) : "null";

        private static double ToDouble(T value) =>
            typeof(T) == typeof(decimal) ? DecimalConversion.ToDouble(System.Runtime.CompilerServices.Unsafe.As<T, decimal>(ref value)) : double.CreateTruncating(value);
    }
}
