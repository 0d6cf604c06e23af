using CustomerScoring.Parquet;
using CustomerScoring.Transactions;
using Parquet.Schema;
using Xunit;
using static CustomerScoring.Tests.Parquet.ParquetFiles;

namespace CustomerScoring.Tests.Parquet;

/// <summary>Every accepted Parquet type of each column, read into the transaction columns.</summary>
public class ParquetTypeMappingTests
{
    private static readonly DateTime[] Times = [new(2024, 1, 1, 10, 30, 0), new(2024, 2, 29, 23, 59, 59), new(2024, 3, 1)];
    private static readonly double[] Amounts = [12.5, -3.25, 100];

    private static Column TimeColumn() =>
        Of(new DateTimeDataField("timestamp", DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros, isNullable: false), Times);

    private static Column AmountColumn() => Of(new DataField<double>("amount"), Amounts);

    private static ParquetImportResult Read(MemoryStream file, ParquetImportOptions? options = null)
    {
        using (file)
        {
            ParquetImportResult result = TransactionParquetReader.Read(file, options);
            Assert.True(result.Report.IsBalanced);
            return result;
        }
    }

    private static (string Customer, DateTime Time, double Amount, double Margin)[] Rows(ParquetImportResult result) =>
        [.. Csv.CsvText.Rows(result.Transactions)];

    [Fact]
    public void Many_integer_ids_over_row_groups_get_first_seen_indices_and_their_decimal_text()
    {
        // Thousands of ids (negative, small, beyond 8 digits, repeated) over row groups of 97 rows: the reader's own key table
        // grows several times; a dictionary in first-seen order is the reference.
        var random = new Random(12);
        const int Count = 20_000;
        long[] ids = new long[Count];
        for (int i = 0; i < Count; i++)
        {
            ids[i] = (i % 4) switch
            {
                0 => random.Next(0, 3_000),
                1 => -random.Next(1, 500),
                2 => 99_999_990L + random.Next(0, 20),
                _ => random.NextInt64(long.MinValue, long.MaxValue),
            };
        }

        var times = new DateTime[Count];
        Array.Fill(times, new DateTime(2024, 1, 1));
        var amounts = new double[Count];
        Array.Fill(amounts, 1.0);
        ParquetImportResult r = Read(Write(Count, 97, Of(new DataField<long>("customer_id"), ids),
            Of(new DateTimeDataField("timestamp", DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros, isNullable: false), times),
            Of(new DataField<double>("amount"), amounts)));

        var expected = new Dictionary<long, int>();
        var keys = new List<string>();
        int[] index = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            if (!expected.TryGetValue(ids[i], out int customer))
            {
                customer = expected[ids[i]] = keys.Count;
                keys.Add(ids[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            index[i] = customer;
        }

        Assert.Equal(keys, r.Transactions.Customers.Keys);
        Assert.Equal(index, r.Transactions.Batches.SelectMany(b => b.CustomerIndex.ToArray()).ToArray());
        Assert.Equal(keys.Count - 1, r.Transactions.Customers.IndexOf(keys[^1]));
    }

    [Fact]
    public void Integer_ids_extend_a_map_the_caller_filled_before()
    {
        var customers = new CustomerKeyMap<string>(StringComparer.Ordinal);
        customers.GetOrAdd("7");
        customers.GetOrAdd("alice");
        using MemoryStream file = Write(4, 10, Of(new DataField<long>("customer_id"), new[] { 5L, 7, 5, 123_456_789_012 }), TimeColumn4(), Of(new DataField<double>("amount"), new[] { 1.0, 2, 3, 4 }));
        ParquetImportResult r = TransactionParquetReader.Read(file, customers: customers);
        Assert.Equal(["7", "alice", "5", "123456789012"], customers.Keys);
        Assert.Equal([2, 0, 2, 3], r.Transactions.Batches[0].CustomerIndex.ToArray());

        // A second file read into the same map finds the customers of the first.
        using MemoryStream second = Write(4, 10, Of(new DataField<int>("customer_id"), new[] { 9, 5, 7, 9 }), TimeColumn4(), Of(new DataField<double>("amount"), new[] { 1.0, 2, 3, 4 }));
        r = TransactionParquetReader.Read(second, customers: customers);
        Assert.Equal(["7", "alice", "5", "123456789012", "9"], customers.Keys);
        Assert.Equal([4, 2, 0, 4], r.Transactions.Batches[0].CustomerIndex.ToArray());
        Assert.Equal(4, customers.IndexOf("9"));
    }

    private static Column TimeColumn4() =>
        Of(new DateTimeDataField("timestamp", DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros, isNullable: false),
            new[] { new DateTime(2024, 1, 1), new DateTime(2024, 1, 2), new DateTime(2024, 1, 3), new DateTime(2024, 1, 4) });

    [Fact]
    public void Int32_ids_are_keyed_by_their_decimal_text()
    {
        ParquetImportResult r = Read(Write(3, 10, Of(new DataField<int>("customer_id"), new[] { 17850, -1, 17850 }), TimeColumn(), AmountColumn()));
        Assert.Equal(["17850", "-1"], r.Transactions.Customers.Keys);
        Assert.Equal([0, 1, 0], r.Transactions.Batches[0].CustomerIndex.ToArray());
    }

    [Fact]
    public void Int64_and_nullable_int64_ids_are_keyed_by_their_decimal_text()
    {
        ParquetImportResult r = Read(Write(3, 10, Of(new DataField<long>("customer_id"), new[] { 9_000_000_000L, 1, 9_000_000_000L }), TimeColumn(), AmountColumn()));
        Assert.Equal(["9000000000", "1"], r.Transactions.Customers.Keys);
        r = Read(Write(3, 10, OfNullable(new DataField<long?>("customer_id"), new long?[] { 5, 6, 5 }), TimeColumn(), AmountColumn()));
        Assert.Equal(["5", "6"], r.Transactions.Customers.Keys);
    }

    [Fact]
    public void Small_integer_ids_are_accepted()
    {
        ParquetImportResult r = Read(Write(3, 10, Of(new DataField<short>("customer_id"), new short[] { 7, 8, 7 }), TimeColumn(), AmountColumn()));
        Assert.Equal(["7", "8"], r.Transactions.Customers.Keys);
    }

    [Fact]
    public void String_ids_are_trimmed_and_compared_ordinally()
    {
        ParquetImportResult r = Read(Write(3, 10, Strings("customer_id", [" alice ", "Alice", "alice"]), TimeColumn(), AmountColumn()));
        Assert.Equal(["alice", "Alice"], r.Transactions.Customers.Keys);
        Assert.Equal([0, 1, 0], r.Transactions.Batches[0].CustomerIndex.ToArray());
    }

    [Fact]
    public void Timestamps_not_adjusted_to_utc_are_taken_as_written()
    {
        ParquetImportResult r = Read(Write(3, 10, Strings("customer_id", ["a", "b", "c"]), TimeColumn(), AmountColumn()));
        Assert.Equal(Times, Rows(r).Select(x => x.Time));
        Assert.All(Rows(r), x => Assert.Equal(DateTimeKind.Unspecified, x.Time.Kind));
    }

    [Theory]
    [InlineData(DateTimeTimeUnit.Millis)]
    [InlineData(DateTimeTimeUnit.Micros)]
    [InlineData(DateTimeTimeUnit.Nanos)]
    public void Utc_adjusted_timestamps_are_taken_as_their_utc_time(DateTimeTimeUnit unit)
    {
        DateTime[] utc = Times.Select(t => DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToArray();
        var field = new DateTimeDataField("ts", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: unit, isNullable: false);
        ParquetImportResult r = Read(Write(3, 10, Strings("customer_id", ["a", "b", "c"]), Of(field, utc), AmountColumn()),
            new ParquetImportOptions { TimestampColumn = "ts" });
        Assert.Equal(Times, Rows(r).Select(x => x.Time));
        Assert.All(Rows(r), x => Assert.Equal(DateTimeKind.Unspecified, x.Time.Kind));
    }

    [Fact]
    public void Local_kind_timestamps_become_utc()
    {
        var local = new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Local);
        Assert.Equal(local.ToUniversalTime().Ticks, Internals_WallClock(local).Ticks);
        Assert.Equal(DateTimeKind.Unspecified, Internals_WallClock(local).Kind);
    }

    private static DateTime Internals_WallClock(DateTime t) => CustomerScoring.Parquet.Internals.TimeColumn.WallClock(t);

    [Fact]
    public void Impala_int96_timestamps_are_read()
    {
        var field = new DateTimeDataField("timestamp", DateTimeFormat.Impala, isNullable: false);
        ParquetImportResult r = Read(Write(3, 10, Strings("customer_id", ["a", "b", "c"]), Of(field, Times), AmountColumn()));
        Assert.Equal(Times, Rows(r).Select(x => x.Time));
    }

    [Fact]
    public void Dates_are_midnight()
    {
        var field = new DateTimeDataField("timestamp", DateTimeFormat.Date, isNullable: false);
        DateTime[] days = Times.Select(t => t.Date).ToArray();
        ParquetImportResult r = Read(Write(3, 10, Strings("customer_id", ["a", "b", "c"]), Of(field, days), AmountColumn()));
        Assert.Equal(days, Rows(r).Select(x => x.Time));
    }

    [Fact]
    public void Decimal_amounts_are_the_nearest_double()
    {
        decimal[] values = [12.34m, -0.10m, 1234567890.12m];
        ParquetImportResult r = Read(Write(3, 10, Strings("customer_id", ["a", "b", "c"]), TimeColumn(),
            Of(new DecimalDataField("amount", 18, 2, isNullable: false), values)));
        Assert.Equal([12.34, -0.10, 1234567890.12], Rows(r).Select(x => x.Amount));
    }

    [Fact]
    public void Float_and_integer_amounts_are_converted()
    {
        ParquetImportResult r = Read(Write(3, 10, Strings("customer_id", ["a", "b", "c"]), TimeColumn(), Of(new DataField<float>("amount"), new[] { 1.5f, -2.25f, 0.1f })));
        Assert.Equal([1.5, -2.25, (double)0.1f], Rows(r).Select(x => x.Amount));
        r = Read(Write(3, 10, Strings("customer_id", ["a", "b", "c"]), TimeColumn(), Of(new DataField<int>("amount"), new[] { 1, -2, 3 })));
        Assert.Equal([1.0, -2, 3], Rows(r).Select(x => x.Amount));
        r = Read(Write(3, 10, Strings("customer_id", ["a", "b", "c"]), TimeColumn(), Of(new DataField<long>("amount"), new[] { 1L, -2, 3 })));
        Assert.Equal([1.0, -2, 3], Rows(r).Select(x => x.Amount));
    }

    [Fact]
    public void Optional_margin_column_is_read_with_any_numeric_type()
    {
        ParquetImportResult r = Read(Write(3, 10, Strings("customer_id", ["a", "b", "c"]), TimeColumn(), AmountColumn(),
            Of(new DecimalDataField("m", 10, 3, isNullable: false), new[] { 1.125m, 2m, -0.5m })), new ParquetImportOptions { MarginColumn = "m" });
        Assert.True(r.Transactions.Batches[0].HasMargins);
        Assert.Equal([1.125, 2, -0.5], Rows(r).Select(x => x.Margin));
    }

    [Fact]
    public void Column_names_come_from_the_options()
    {
        ParquetImportResult r = Read(
            Write(3, 10, Strings("CustomerID", ["a", "b", "a"]), Of(new DateTimeDataField("InvoiceDate", DateTimeFormat.DateAndTime, isNullable: false), Times),
                Of(new DataField<double>("Total"), Amounts)),
            new ParquetImportOptions { CustomerColumn = "CustomerID", TimestampColumn = "InvoiceDate", AmountColumn = "Total" });
        Assert.Equal(3, r.Report.Transactions);
    }

    [Fact]
    public void A_missing_column_names_the_columns_there_are()
    {
        using MemoryStream file = Write(3, 10, Strings("id", ["a", "b", "c"]), TimeColumn(), AmountColumn());
        var e = Assert.Throws<ParquetImportException>(() => TransactionParquetReader.Read(file));
        Assert.Equal("customer_id", e.Column);
        Assert.Contains("id, timestamp, amount", e.Message, StringComparison.Ordinal);
        Assert.Contains("CustomerColumn", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unmappable_type_is_named()
    {
        using MemoryStream file = Write(3, 10, Strings("customer_id", ["a", "b", "c"]), Strings("timestamp", ["x", "y", "z"]), AmountColumn());
        var e = Assert.Throws<ParquetImportException>(() => TransactionParquetReader.Read(file));
        Assert.Equal("timestamp", e.Column);
        Assert.Contains("TIMESTAMP or DATE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decimal_conversion_is_correctly_rounded()
    {
        var rng = new Random(5);
        for (int i = 0; i < 10_000; i++)
        {
            decimal d = rng.NextInt64(-(1L << 52), 1L << 52) / (decimal)Math.Pow(10, rng.Next(0, 12));
            double expected = double.Parse(d.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, CustomerScoring.Parquet.Internals.DecimalConversion.ToDouble(d));
        }
    }

    internal static TransactionBatch Only(ParquetImportResult r) => Assert.Single(r.Transactions.Batches);
}
