using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using ArrowTimeUnit = Apache.Arrow.Types.TimeUnit;
using CustomerScoring.Parquet;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Parquet;

/// <summary>Arrow record batches to transaction batches: shared buffers where they fit, converted columns elsewhere.</summary>
public class ArrowTransactionsTests
{
    private static RecordBatch Batch(params (string Name, IArrowArray Array)[] columns)
    {
        var schema = new Schema(columns.Select(c => new Field(c.Name, c.Array.Data.DataType, c.Array.NullCount > 0)), null);
        return new RecordBatch(schema, columns.Select(c => c.Array), columns[0].Array.Length);
    }

    private static bool SameMemory<T, TU>(ReadOnlySpan<T> a, ReadOnlySpan<TU> b)
        where T : struct
        where TU : struct =>
        Unsafe.AreSame(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(a)), ref Unsafe.As<TU, byte>(ref MemoryMarshal.GetReference(b)));

    [Fact]
    public void Int32_indices_int64_ticks_and_doubles_are_shared_without_copying()
    {
        Row[] rows = RandomTransactions.Generate(11, maxRows: 300);
        Assert.NotEmpty(rows);
        var index = new Int32Array.Builder().AppendRange(rows.Select(r => r.Customer)).Build();
        var ticks = new Int64Array.Builder().AppendRange(rows.Select(r => r.Time.Ticks)).Build();
        var amounts = new DoubleArray.Builder().AppendRange(rows.Select(r => r.Amount)).Build();
        var margins = new DoubleArray.Builder().AppendRange(rows.Select(r => r.Margin)).Build();
        using RecordBatch record = Batch(("customer_id", index), ("timestamp", ticks), ("amount", amounts), ("margin", margins));

        TransactionBatch batch = ArrowTransactions.ToBatch(record, new ParquetImportOptions { MarginColumn = "margin" });

        Assert.True(SameMemory(batch.CustomerIndex, index.Values));
        Assert.True(SameMemory(batch.Timestamps, ticks.Values));
        Assert.True(SameMemory(batch.Amounts, amounts.Values));
        Assert.True(SameMemory(batch.Margins, margins.Values));
        TransactionBatch expected = RandomTransactions.ToBatch(rows);
        Assert.True(expected.CustomerIndex.SequenceEqual(batch.CustomerIndex));
        Assert.True(expected.Timestamps.SequenceEqual(batch.Timestamps));
        Assert.True(expected.Amounts.SequenceEqual(batch.Amounts));

        var options = new SummaryOptions(new DateOnly(2024, 3, 31));
        CustomerSummaries a = Summarizer.Summarize(batch, options);
        CustomerSummaries b = Summarizer.Summarize(expected, options);
        SummaryAssert.Identical(b, a);
    }

    [Fact]
    public void A_sliced_array_is_shared_from_its_offset()
    {
        var index = new Int32Array.Builder().AppendRange([5, 6, 7, 8, 9]).Build();
        var ticks = new Int64Array.Builder().AppendRange(Enumerable.Range(1, 5).Select(d => new DateTime(2024, 1, d).Ticks)).Build();
        var amounts = new DoubleArray.Builder().AppendRange([1.0, 2, 3, 4, 5]).Build();
        using RecordBatch record = Batch(("customer_id", index), ("timestamp", ticks), ("amount", amounts)).Slice(2, 2);
        TransactionBatch batch = ArrowTransactions.ToBatch(record);
        Assert.Equal([7, 8], batch.CustomerIndex.ToArray());
        Assert.Equal([new DateTime(2024, 1, 3), new DateTime(2024, 1, 4)], batch.Timestamps.ToArray());
        Assert.Equal([3.0, 4], batch.Amounts.ToArray());
        Assert.True(SameMemory(batch.Amounts, ((DoubleArray)record.Column(2)).Values));
    }

    [Fact]
    public void Arrow_timestamps_dates_floats_decimals_and_int64_indices_are_converted()
    {
        var t0 = new DateTime(2024, 5, 6, 7, 8, 9, 123).AddTicks(4567);
        var micros = new TimestampArray(new TimestampType(ArrowTimeUnit.Microsecond, "UTC"),
            new ArrowBuffer.Builder<long>().Append((t0 - DateTime.UnixEpoch).Ticks / 10).Build(), ArrowBuffer.Empty, 1, 0, 0);
        var index = new Int64Array.Builder().Append(3).Build();
        var amount = new FloatArray.Builder().Append(2.5f).Build();
        using RecordBatch r1 = Batch(("customer_id", index), ("timestamp", micros), ("amount", amount));
        TransactionBatch b1 = ArrowTransactions.ToBatch(r1);
        Assert.Equal(3, b1.CustomerIndex[0]);
        Assert.Equal(new DateTime(t0.Ticks - (t0.Ticks % 10)), b1.Timestamps[0]);   // microsecond precision
        Assert.Equal(2.5, b1.Amounts[0]);

        var nanos = new TimestampArray(new TimestampType(ArrowTimeUnit.Nanosecond, (string?)null), new ArrowBuffer.Builder<long>().Append(-1).Build(), ArrowBuffer.Empty, 1, 0, 0);
        var date = new Date32Array.Builder().Append(new DateTime(2023, 12, 31)).Build();
        var dec = new Decimal128Array.Builder(new Decimal128Type(18, 2)).Append(19.99m).Build();
        var index2 = new Int32Array.Builder().Append(0).Build();
        using RecordBatch r2 = Batch(("customer_id", index2), ("timestamp", nanos), ("amount", dec));
        Assert.Equal(new DateTime(1970, 1, 1).AddTicks(-1), ArrowTransactions.ToBatch(r2).Timestamps[0]);   // rounded down to the tick
        Assert.Equal(19.99, ArrowTransactions.ToBatch(r2).Amounts[0]);
        using RecordBatch r3 = Batch(("customer_id", index2), ("timestamp", date), ("amount", dec));
        Assert.Equal(new DateTime(2023, 12, 31), ArrowTransactions.ToBatch(r3).Timestamps[0]);
    }

    [Fact]
    public void String_and_integer_ids_are_keyed_like_the_file_readers()
    {
        var ids = new StringArray.Builder().Append(" b ").Append("a").Append("b").Build();
        var ticks = new Int64Array.Builder().AppendRange([1L, 2, 3]).Build();
        var amounts = new DoubleArray.Builder().AppendRange([1.0, 2, 3]).Build();
        using RecordBatch r1 = Batch(("customer_id", ids), ("timestamp", ticks), ("amount", amounts));
        var ids2 = new Int64Array.Builder().AppendRange([17850L, 17850]).Build();
        using RecordBatch r2 = Batch(("customer_id", ids2), ("timestamp", new Int64Array.Builder().AppendRange([4L, 5]).Build()),
            ("amount", new DoubleArray.Builder().AppendRange([4.0, 5]).Build()));

        CustomerTransactions<string> data = ArrowTransactions.Read([r1, r2]);
        Assert.Equal(["b", "a", "17850"], data.Customers.Keys);
        Assert.Equal(2, data.Batches.Count);
        Assert.Equal([0, 1, 0], data.Batches[0].CustomerIndex.ToArray());
        Assert.Equal([2, 2], data.Batches[1].CustomerIndex.ToArray());
        Assert.True(SameMemory(data.Batches[0].Amounts, amounts.Values));
    }

    [Fact]
    public void Nulls_and_bad_values_throw_with_row_and_column()
    {
        var index = new Int32Array.Builder().AppendRange([0, 1, 2]).Build();
        var ticks = new Int64Array.Builder().AppendRange([1L, 2, 3]).Build();
        var withNull = new DoubleArray.Builder().Append(1).AppendNull().Append(3).Build();
        using RecordBatch r1 = Batch(("customer_id", index), ("timestamp", ticks), ("amount", withNull));
        var e = Assert.Throws<ParquetImportException>(() => ArrowTransactions.ToBatch(r1));
        Assert.Equal((2L, "amount", ParquetRejectionReason.NullAmount), (e.RowNumber!.Value, e.Column, e.Reason!.Value));

        var nan = new DoubleArray.Builder().AppendRange([1, double.NaN, 3]).Build();
        using RecordBatch r2 = Batch(("customer_id", index), ("timestamp", ticks), ("amount", nan));
        e = Assert.Throws<ParquetImportException>(() => ArrowTransactions.ToBatch(r2));
        Assert.Equal(ParquetRejectionReason.NonFiniteAmount, e.Reason);

        var badTicks = new Int64Array.Builder().AppendRange([1L, -5, 3]).Build();
        using RecordBatch r3 = Batch(("customer_id", index), ("timestamp", badTicks), ("amount", nan));
        e = Assert.Throws<ParquetImportException>(() => ArrowTransactions.ToBatch(r3));
        Assert.Equal((2L, ParquetRejectionReason.TimestampOutOfRange), (e.RowNumber!.Value, e.Reason!.Value));

        var negative = new Int32Array.Builder().AppendRange([0, -1, 2]).Build();
        using RecordBatch r4 = Batch(("customer_id", negative), ("timestamp", ticks), ("amount", new DoubleArray.Builder().AppendRange([1.0, 2, 3]).Build()));
        e = Assert.Throws<ParquetImportException>(() => ArrowTransactions.ToBatch(r4));
        Assert.Equal(ParquetRejectionReason.InvalidCustomerIndex, e.Reason);

        using RecordBatch r5 = Batch(("id", index), ("timestamp", ticks), ("amount", nan));
        e = Assert.Throws<ParquetImportException>(() => ArrowTransactions.ToBatch(r5));
        Assert.Equal("customer_id", e.Column);
    }
}
