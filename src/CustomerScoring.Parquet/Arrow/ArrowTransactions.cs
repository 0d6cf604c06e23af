using System.Buffers;
using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using CustomerScoring.Parquet.Internals;
using CustomerScoring.Transactions;

namespace CustomerScoring.Parquet;

/// <summary>
/// Apache Arrow record batches as transaction batches: without copying where an Arrow buffer already has the layout a
/// <see cref="TransactionBatch"/> column needs, converted (one copy) where it does not. Columns are found by the names
/// in <see cref="ParquetImportOptions"/> (<c>customer_id</c>, <c>timestamp</c>, <c>amount</c> by default).
/// </summary>
/// <remarks>
/// <para>What is shared and what is copied, column by column:</para>
/// <list type="table">
/// <listheader><term>column</term><description>Arrow type: shared (zero copy) or converted</description></listheader>
/// <item><term>customer</term><description><see cref="ToBatch"/>: int32 dense indices are shared; other integer types are
/// copied (range-checked). <see cref="Read"/>: always a new index column (ids, string or integer, go through the key map).</description></item>
/// <item><term>timestamp</term><description>int64 holding .NET ticks (<see cref="DateTime.Ticks"/>, 100 ns since 0001-01-01) is
/// shared (checked once to be in <see cref="DateTime"/>'s range). Arrow timestamps (s, ms, us, ns since 1970, with or without
/// a time zone), date32 and date64 are converted: Arrow has no 100 ns unit and counts from 1970, so they cannot be shared.
/// The rule is UTC, as for Parquet: a timestamp with a time zone is an instant and is taken as its UTC time, one without as
/// written; nanoseconds are rounded down to the 100 ns tick.</description></item>
/// <item><term>amount, margin</term><description>double is shared; float, decimal128 (to the nearest double) and integers are converted.</description></item>
/// </list>
/// <para>A column is shared only when it has no nulls. A shared batch reads the record batch's memory for as long as it is
/// used: keep the <see cref="RecordBatch"/> undisposed (its buffers may be native memory that Dispose frees) while the batch,
/// or summaries being computed from it, are in use. Arrow input is checked strictly: a null, a non-finite amount or an
/// out-of-range value throws <see cref="ParquetImportException"/> whatever <see cref="ParquetImportOptions.OnError"/> says;
/// its <see cref="ParquetImportException.RowNumber"/> counts rows from 1 across the record batches given, and its message
/// names the record batch (0-based) and the column.</para>
/// <para>Thread-safe: the methods keep no state between calls.</para>
/// </remarks>
public static class ArrowTransactions
{
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    /// <summary>
    /// A record batch whose customer column already holds dense customer indices (0-based integers, as a
    /// <see cref="CustomerKeyMap{TKey}"/> gives them) as one transaction batch, sharing the buffers that fit (see the remarks of
    /// <see cref="ArrowTransactions"/>): with int32 indices, int64 ticks and double amounts nothing is copied.
    /// </summary>
    /// <param name="recordBatch">The record batch; keep it undisposed while the returned batch is in use.</param>
    /// <param name="options">The column names; the defaults when null.</param>
    /// <exception cref="ParquetImportException">A column is missing, has a type that cannot be mapped, or holds a null or bad value.</exception>
    public static TransactionBatch ToBatch(RecordBatch recordBatch, ParquetImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(recordBatch);
        options ??= new ParquetImportOptions();
        options.Validate();
        string customerName = options.CustomerColumn;
        IArrowArray customer = Column(recordBatch, customerName, nameof(options.CustomerColumn));
        ReadOnlyMemory<int> index;
        if (customer is Int32Array ints && ints.NullCount == 0)
        {
            index = ArrowMemory<int>.Over<int>(ints.ValueBuffer, ints.Offset, ints.Length);
            int bad = ints.Values.IndexOfAnyInRange(int.MinValue, -1);
            if (bad >= 0)
            {
                throw Bad(0, bad, customerName, ParquetRejectionReason.InvalidCustomerIndex, ints.Values[bad].ToString(CultureInfo.InvariantCulture));
            }
        }
        else
        {
            var copy = new int[customer.Length];
            for (int i = 0; i < copy.Length; i++)
            {
                if (customer.IsNull(i))
                {
                    throw Bad(0, i, customerName, ParquetRejectionReason.NullCustomerId, "null");
                }

                long value = IntegerAt(customer, i, customerName);
                if ((ulong)value > int.MaxValue)
                {
                    throw Bad(0, i, customerName, ParquetRejectionReason.InvalidCustomerIndex, value.ToString(CultureInfo.InvariantCulture));
                }

                copy[i] = (int)value;
            }

            index = copy;
        }

        return Assemble(recordBatch, 0, 0, index, options);
    }

    /// <summary>
    /// Record batches whose customer column holds the caller's ids (string, or integers keyed by their decimal text, as the
    /// Parquet and CSV readers key them) as one transaction batch per record batch. The index column is always new (ids go
    /// through the key map, without a string per row); timestamps and amounts are shared where they fit (see the remarks of
    /// <see cref="ArrowTransactions"/>).
    /// </summary>
    /// <param name="recordBatches">The record batches, in order; keep them undisposed while the result is in use.</param>
    /// <param name="options">The column names; the defaults when null.</param>
    /// <param name="customers">An existing key map to extend; a new one when null.</param>
    /// <exception cref="ParquetImportException">A column is missing, has a type that cannot be mapped, or holds a null or bad value.</exception>
    public static CustomerTransactions<string> Read(IEnumerable<RecordBatch> recordBatches, ParquetImportOptions? options = null, CustomerKeyMap<string>? customers = null)
    {
        ArgumentNullException.ThrowIfNull(recordBatches);
        options ??= new ParquetImportOptions();
        options.Validate();
        customers ??= new CustomerKeyMap<string>(StringComparer.Ordinal);
        var keys = new KeyLookup(customers);
        var batches = new List<TransactionBatch>();
        int ordinal = 0;
        long rowsBefore = 0;
        foreach (RecordBatch recordBatch in recordBatches)
        {
            ArgumentNullException.ThrowIfNull(recordBatch, nameof(recordBatches));
            IArrowArray customer = Column(recordBatch, options.CustomerColumn, nameof(options.CustomerColumn));
            var index = new int[customer.Length];
            keys.Map(customer, index, options.CustomerColumn, ordinal, rowsBefore);
            if (index.Length > 0)
            {
                batches.Add(Assemble(recordBatch, ordinal, rowsBefore, index, options));
            }

            rowsBefore += customer.Length;
            ordinal++;
        }

        return new CustomerTransactions<string>(batches, customers);
    }

    private static TransactionBatch Assemble(RecordBatch recordBatch, int ordinal, long rowsBefore, ReadOnlyMemory<int> index, ParquetImportOptions options)
    {
        ReadOnlyMemory<DateTime> time = Timestamps(Column(recordBatch, options.TimestampColumn, nameof(options.TimestampColumn)), options.TimestampColumn, ordinal, rowsBefore);
        ReadOnlyMemory<double> amount = Numbers(Column(recordBatch, options.AmountColumn, nameof(options.AmountColumn)), options.AmountColumn, false, ordinal, rowsBefore);
        ReadOnlyMemory<double>? margin = options.MarginColumn is { } m
            ? Numbers(Column(recordBatch, m, nameof(options.MarginColumn)), m, true, ordinal, rowsBefore)
            : default(ReadOnlyMemory<double>?);   // not null: null would convert to an empty memory
        return new TransactionBatch(index, time, amount, margin);
    }

    private static IArrowArray Column(RecordBatch recordBatch, string name, string role)
    {
        int at = recordBatch.Schema.GetFieldIndex(name);
        if (at < 0)
        {
            throw new ParquetImportException(
                $"The record batch has no column '{name}' for {role}. Its columns: {string.Join(", ", recordBatch.Schema.FieldsList.Select(f => f.Name))}. Set ParquetImportOptions.{role} to the column to read.",
                name);
        }

        return recordBatch.Column(at);
    }

    private static ReadOnlyMemory<DateTime> Timestamps(IArrowArray column, string name, int ordinal, long rowsBefore)
    {
        FirstNull(column, name, ParquetRejectionReason.NullTimestamp, ordinal, rowsBefore);
        const long maxTicks = 3_155_378_975_999_999_999; // DateTime.MaxValue.Ticks
        switch (column)
        {
            case TimestampArray ts:
            {
                TimestampType type = (TimestampType)ts.Data.DataType;
                ReadOnlySpan<long> values = ts.Values;
                var result = new DateTime[values.Length];
                for (int i = 0; i < values.Length; i++)
                {
                    long v = values[i];
                    long ticks = type.Unit switch
                    {
                        TimeUnit.Second => Scale(v, TimeSpan.TicksPerSecond),
                        TimeUnit.Millisecond => Scale(v, TimeSpan.TicksPerMillisecond),
                        TimeUnit.Microsecond => Scale(v, TimeSpan.TicksPerMicrosecond),
                        _ => Math.DivRem(v, 100L) is var (q, r) && r < 0 ? q - 1 : v / 100,
                    };
                    ticks = ticks == long.MinValue ? long.MinValue : ticks + UnixEpochTicks;
                    if ((ulong)ticks > maxTicks)
                    {
                        throw Bad(ordinal, rowsBefore + i, name, ParquetRejectionReason.TimestampOutOfRange, v.ToString(CultureInfo.InvariantCulture) + " " + type.Unit);
                    }

                    result[i] = new DateTime(ticks);
                }

                return result;
            }

            case Date32Array days:
            {
                ReadOnlySpan<int> values = days.Values;
                var result = new DateTime[values.Length];
                for (int i = 0; i < values.Length; i++)
                {
                    long ticks = UnixEpochTicks + (values[i] * TimeSpan.TicksPerDay);
                    if ((ulong)ticks > maxTicks)
                    {
                        throw Bad(ordinal, rowsBefore + i, name, ParquetRejectionReason.TimestampOutOfRange, values[i].ToString(CultureInfo.InvariantCulture) + " days");
                    }

                    result[i] = new DateTime(ticks);
                }

                return result;
            }

            case Date64Array millis:
            {
                ReadOnlySpan<long> values = millis.Values;
                var result = new DateTime[values.Length];
                for (int i = 0; i < values.Length; i++)
                {
                    long ticks = Scale(values[i], TimeSpan.TicksPerMillisecond);
                    ticks = ticks == long.MinValue ? long.MinValue : ticks + UnixEpochTicks;
                    if ((ulong)ticks > maxTicks)
                    {
                        throw Bad(ordinal, rowsBefore + i, name, ParquetRejectionReason.TimestampOutOfRange, values[i].ToString(CultureInfo.InvariantCulture) + " ms");
                    }

                    result[i] = new DateTime(ticks);
                }

                return result;
            }

            case Int64Array ticks:
            {
                // .NET ticks: a DateTime of kind Unspecified is exactly its ticks, so the buffer is shared once checked.
                int bad = ticks.Values.IndexOfAnyExceptInRange(0L, maxTicks);
                if (bad >= 0)
                {
                    throw Bad(ordinal, rowsBefore + bad, name, ParquetRejectionReason.TimestampOutOfRange, ticks.Values[bad].ToString(CultureInfo.InvariantCulture) + " ticks");
                }

                return ArrowMemory<DateTime>.Over<long>(ticks.ValueBuffer, ticks.Offset, ticks.Length);
            }

            default:
                throw new ParquetImportException(
                    $"Column '{name}' (TimestampColumn) has the Arrow type {column.Data.DataType.Name}; it can be a timestamp, date32, date64 or int64 .NET ticks.", name);
        }
    }

    /// <summary>v × factor, or long.MinValue when it overflows (then out of range).</summary>
    private static long Scale(long v, long factor)
    {
        long product = v * factor;
        return product / factor == v ? product : long.MinValue;
    }

    private static ReadOnlyMemory<double> Numbers(IArrowArray column, string name, bool margin, int ordinal, long rowsBefore)
    {
        ParquetRejectionReason nullReason = margin ? ParquetRejectionReason.NullMargin : ParquetRejectionReason.NullAmount;
        ParquetRejectionReason nonFinite = margin ? ParquetRejectionReason.NonFiniteMargin : ParquetRejectionReason.NonFiniteAmount;
        FirstNull(column, name, nullReason, ordinal, rowsBefore);
        ReadOnlyMemory<double> result;
        switch (column)
        {
            case DoubleArray doubles:
                result = ArrowMemory<double>.Over<double>(doubles.ValueBuffer, doubles.Offset, doubles.Length);
                break;
            case FloatArray floats:
                result = Convert(floats.Values, static f => f);
                break;
            case Decimal128Array decimals:
            {
                var copy = new double[decimals.Length];
                for (int i = 0; i < copy.Length; i++)
                {
                    copy[i] = DecimalConversion.ToDouble(decimals.GetValue(i)!.Value);
                }

                result = copy;
                break;
            }

            default:
                if (!IsInteger(column))
                {
                    throw new ParquetImportException(
                        $"Column '{name}' ({(margin ? "MarginColumn" : "AmountColumn")}) has the Arrow type {column.Data.DataType.Name}; it can be a double, float, decimal128 or integer.", name);
                }

                var ints = new double[column.Length];
                for (int i = 0; i < ints.Length; i++)
                {
                    ints[i] = IntegerAt(column, i, name);
                }

                result = ints;
                break;
        }

        int bad = FirstNonFinite(result.Span);
        if (bad >= 0)
        {
            throw Bad(ordinal, rowsBefore + bad, name, nonFinite, result.Span[bad].ToString("R", CultureInfo.InvariantCulture));
        }

        return result;
    }

    private static double[] Convert<T>(ReadOnlySpan<T> values, Func<T, double> convert)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = convert(values[i]);
        }

        return result;
    }

    private static int FirstNonFinite(ReadOnlySpan<double> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static void FirstNull(IArrowArray column, string name, ParquetRejectionReason reason, int ordinal, long rowsBefore)
    {
        if (column.NullCount == 0)
        {
            return;
        }

        for (int i = 0; i < column.Length; i++)
        {
            if (column.IsNull(i))
            {
                throw Bad(ordinal, rowsBefore + i, name, reason, "null");
            }
        }
    }

    private static bool IsInteger(IArrowArray column) =>
        column is Int8Array or Int16Array or Int32Array or Int64Array or UInt8Array or UInt16Array or UInt32Array;

    private static long IntegerAt(IArrowArray column, int i, string name) => column switch
    {
        Int32Array a => a.Values[i],
        Int64Array a => a.Values[i],
        Int16Array a => a.Values[i],
        Int8Array a => a.Values[i],
        UInt8Array a => a.Values[i],
        UInt16Array a => a.Values[i],
        UInt32Array a => a.Values[i],
        _ => throw new ParquetImportException(
            $"Column '{name}' has the Arrow type {column.Data.DataType.Name}; an integer column is needed here (up to 64 bits signed, 32 bits unsigned).", name),
    };

    private static ParquetImportException Bad(int ordinal, long row, string column, ParquetRejectionReason reason, string value) =>
        new(new ParquetRejection(row + 1, ordinal, column, reason, value,
            $"column '{column}' of record batch {ordinal} is {value} ({reason})."));

    /// <summary>Maps ids to customer indices through the key map, without a string per row.</summary>
    private sealed class KeyLookup(CustomerKeyMap<string> customers)
    {
        private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
        private readonly Dictionary<long, int> _numbers = [];
        private char[] _chars = new char[256];

        public void Map(IArrowArray column, Span<int> index, string name, int ordinal, long rowsBefore)
        {
            if (column is StringArray strings)
            {
                Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
                for (int i = 0; i < index.Length; i++)
                {
                    ReadOnlySpan<byte> utf8 = strings.GetBytes(i, out bool isNull);
                    if (isNull)
                    {
                        throw Bad(ordinal, rowsBefore + i, name, ParquetRejectionReason.NullCustomerId, "null");
                    }

                    if (_chars.Length < utf8.Length)
                    {
                        _chars = new char[Math.Max(utf8.Length, _chars.Length * 2)];
                    }

                    int n = Encoding.UTF8.GetChars(utf8, _chars);
                    ReadOnlySpan<char> key = _chars.AsSpan(0, n).Trim();
                    if (key.IsEmpty)
                    {
                        throw Bad(ordinal, rowsBefore + i, name, ParquetRejectionReason.BlankCustomerId, "'" + new string(_chars, 0, n) + "'");
                    }

                    if (!lookup.TryGetValue(key, out int customer))
                    {
                        string text = key.ToString();
                        customer = customers.GetOrAdd(text);
                        _strings.Add(text, customer);
                    }

                    index[i] = customer;
                }

                return;
            }

            if (!IsInteger(column))
            {
                throw new ParquetImportException(
                    $"Column '{name}' (CustomerColumn) has the Arrow type {column.Data.DataType.Name}; it can be a string or an integer.", name);
            }

            for (int i = 0; i < index.Length; i++)
            {
                if (column.IsNull(i))
                {
                    throw Bad(ordinal, rowsBefore + i, name, ParquetRejectionReason.NullCustomerId, "null");
                }

                long id = IntegerAt(column, i, name);
                ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_numbers, id, out bool exists);
                if (!exists)
                {
                    slot = customers.GetOrAdd(id.ToString(CultureInfo.InvariantCulture));
                }

                index[i] = slot;
            }
        }
    }
}
