using CustomerScoring.Parquet;
using Parquet.Schema;
using Xunit;
using static CustomerScoring.Tests.Parquet.ParquetFiles;

namespace CustomerScoring.Tests.Parquet;

/// <summary>Nulls and bad values: rejected with row, column and reason in skip mode, an exception in fail mode; every row accounted for.</summary>
public class ParquetRejectionTests
{
    // Rows (1-based): 1 ok, 2 null id, 3 blank id, 4 null time, 5 NaN amount, 6 ok, 7 null amount, 8 +inf margin,
    // 9 null margin, 10 ok (new customer only here), 11 null id AND NaN amount (counted once, for the id).
    private static MemoryStream File(int rowGroupSize) => Write(11, rowGroupSize,
        Strings("customer_id", ["a", null, "  ", "b", "c", "a", "d", "e", "f", "g", null]),
        OfNullable(new DateTimeDataField("timestamp", DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros, isNullable: true),
            new DateTime?[] { T(1), T(2), T(3), null, T(5), T(6), T(7), T(8), T(9), T(10), T(11) }),
        OfNullable(new DataField<double?>("amount"), new double?[] { 1, 2, 3, 4, double.NaN, 6, null, 8, 9, 10, double.NaN }),
        OfNullable(new DataField<double?>("margin"), new double?[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, double.PositiveInfinity, null, 1.0, 1.1 }));

    private static DateTime T(int day) => new(2024, 1, day);

    [Theory]
    [InlineData(100)]
    [InlineData(3)]
    [InlineData(1)]
    public void Skip_mode_reports_every_bad_row_by_number_column_and_reason(int rowGroupSize)
    {
        using MemoryStream file = File(rowGroupSize);
        ParquetImportResult r = TransactionParquetReader.Read(file, new ParquetImportOptions { MarginColumn = "margin", OnError = ParquetErrorHandling.Skip });
        ParquetImportReport report = r.Report;
        Assert.Equal(11, report.RowsRead);
        Assert.Equal(3, report.Transactions);
        Assert.Equal(8, report.RowsRejected);
        Assert.True(report.IsBalanced);
        Assert.Equal(r.Transactions.Count, report.Transactions);
        Assert.Equal(
            [(2L, "customer_id", ParquetRejectionReason.NullCustomerId), (3, "customer_id", ParquetRejectionReason.BlankCustomerId),
             (4, "timestamp", ParquetRejectionReason.NullTimestamp), (5, "amount", ParquetRejectionReason.NonFiniteAmount),
             (7, "amount", ParquetRejectionReason.NullAmount), (8, "margin", ParquetRejectionReason.NonFiniteMargin),
             (9, "margin", ParquetRejectionReason.NullMargin), (11, "customer_id", ParquetRejectionReason.NullCustomerId)],
            report.Rejections.Select(x => (x.RowNumber, x.Column, x.Reason)));
        Assert.Equal(2, report.RejectionCounts[ParquetRejectionReason.NullCustomerId]);
        Assert.Equal([(int)((2 - 1) / rowGroupSize), (int)((11 - 1) / rowGroupSize)],
            report.Rejections.Where(x => x.Reason == ParquetRejectionReason.NullCustomerId).Select(x => x.RowGroup));
        Assert.Equal("NaN", report.Rejections[3].Value);
        Assert.Equal("null", report.Rejections[0].Value);

        // Customers are added only by used rows: b..f never made a transaction.
        Assert.Equal(["a", "g"], r.Transactions.Customers.Keys);
        Assert.Equal(2, report.Customers);
        Assert.Equal([("a", T(1), 1.0, 0.1), ("a", T(6), 6.0, 0.6), ("g", T(10), 10.0, 1.0)], Csv.CsvText.Rows(r.Transactions));
        Assert.Contains("NullCustomerId: 2", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Details_are_capped_but_every_rejection_is_counted()
    {
        using MemoryStream file = File(4);
        ParquetImportResult r = TransactionParquetReader.Read(file, new ParquetImportOptions { MarginColumn = "margin", OnError = ParquetErrorHandling.Skip, MaxRejectionDetails = 2 });
        Assert.Equal(2, r.Report.Rejections.Count);
        Assert.Equal(8, r.Report.RowsRejected);
        Assert.True(r.Report.IsBalanced);
    }

    [Fact]
    public void Fail_mode_throws_at_the_first_bad_row()
    {
        using MemoryStream file = File(100);
        var e = Assert.Throws<ParquetImportException>(() => TransactionParquetReader.Read(file, new ParquetImportOptions { MarginColumn = "margin" }));
        Assert.Equal(2, e.RowNumber);
        Assert.Equal("customer_id", e.Column);
        Assert.Equal(ParquetRejectionReason.NullCustomerId, e.Reason);
        Assert.StartsWith("Row 2 (row group 0): column 'customer_id' is null", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_margin_column_margin_problems_do_not_reject()
    {
        using MemoryStream file = File(5);
        ParquetImportResult r = TransactionParquetReader.Read(file, new ParquetImportOptions { OnError = ParquetErrorHandling.Skip });
        Assert.Equal(5, r.Report.Transactions);
        Assert.Equal(6, r.Report.RowsRejected);
        Assert.True(r.Report.IsBalanced);
        Assert.All(r.Transactions.Batches, b => Assert.False(b.HasMargins));
    }

    [Fact]
    public void Options_are_validated()
    {
        using MemoryStream file = File(5);
        Assert.Throws<ArgumentException>(() => TransactionParquetReader.Read(file, new ParquetImportOptions { CustomerColumn = "" }));
        Assert.Throws<ArgumentException>(() => TransactionParquetReader.Read(file, new ParquetImportOptions { MaxRejectionDetails = -1 }));
    }
}
