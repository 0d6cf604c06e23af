using System.Globalization;
using System.Text;
using CustomerScoring.Csv;
using CustomerScoring.Parquet;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Parquet;

/// <summary>The same rows through Parquet, CSV and the in-memory builder give bit-identical summaries and the same keys.</summary>
public class ParquetRoundTripTests
{
    [Theory]
    [InlineData(1, 1000, false)]
    [InlineData(2, 7, true)]
    [InlineData(3, 64, true)]
    [InlineData(4, 1, false)]
    public void Parquet_csv_and_builder_give_identical_summaries(int seed, int rowGroupSize, bool margins)
    {
        Row[] rows = RandomTransactions.Generate(seed, maxRows: 400, maxCustomers: 40);
        string[] ids = rows.Select(r => "C" + r.Customer.ToString(CultureInfo.InvariantCulture)).ToArray();

        var table = new ParquetTableWriter(rows.Length) { RowGroupSize = rowGroupSize }
            .Add("customer_id", ids)
            .Add("timestamp", rows.Select(r => r.Time).ToArray().AsMemory())
            .Add("amount", rows.Select(r => r.Amount).ToArray().AsMemory());
        if (margins)
        {
            table.Add("margin", rows.Select(r => r.Margin).ToArray().AsMemory());
        }

        using var file = new MemoryStream();
        table.Write(file);
        file.Position = 0;
        ParquetImportResult parquet = TransactionParquetReader.Read(file, new ParquetImportOptions { MarginColumn = margins ? "margin" : null });

        var csv = new StringBuilder(margins ? "customer_id,timestamp,amount,margin\n" : "customer_id,timestamp,amount\n");
        for (int i = 0; i < rows.Length; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{ids[i]},{rows[i].Time:yyyy-MM-dd HH:mm:ss},{rows[i].Amount:R}");
            csv.Append(margins ? string.Create(CultureInfo.InvariantCulture, $",{rows[i].Margin:R}\n") : "\n");
        }

        using var csvStream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        CsvImportResult fromCsv = TransactionCsvReader.Read(csvStream, new CsvImportOptions { MarginColumn = margins ? CsvColumn.Named("margin") : (CsvColumn?)null });

        var builder = new TransactionBatchBuilder<string>(withMargins: margins);
        for (int i = 0; i < rows.Length; i++)
        {
            if (margins)
            {
                builder.Add(ids[i], rows[i].Time, rows[i].Amount, rows[i].Margin);
            }
            else
            {
                builder.Add(ids[i], rows[i].Time, rows[i].Amount);
            }
        }

        CustomerTransactions<string> built = builder.Build();

        Assert.True(parquet.Report.IsBalanced);
        Assert.Equal(rows.Length, parquet.Report.Transactions);
        Assert.Equal(0, parquet.Report.RowsRejected);
        int expectedGroups = (rows.Length + rowGroupSize - 1) / rowGroupSize;
        Assert.Equal(Math.Max(1, expectedGroups), parquet.Report.RowGroups);   // an empty table is written as one empty row group
        Assert.Equal(expectedGroups, parquet.Transactions.Batches.Count);
        Assert.All(parquet.Transactions.Batches, batch => Assert.InRange(batch.Count, 1, rowGroupSize));
        Assert.Equal(built.Customers.Keys, parquet.Transactions.Customers.Keys);
        Assert.Equal(fromCsv.Transactions.Customers.Keys, parquet.Transactions.Customers.Keys);

        var options = new SummaryOptions(new DateOnly(2024, 3, 15)) { HoldoutEnd = new DateOnly(2024, 4, 30) };
        CustomerSummaries a = Summarizer.Summarize(parquet.Transactions, options);
        CustomerSummaries b = Summarizer.Summarize(fromCsv.Transactions, options);
        CustomerSummaries c = Summarizer.Summarize(built, options);
        SummaryAssert.Identical(c, a);
        SummaryAssert.Identical(b, a);
    }

    [Fact]
    public void Existing_key_map_is_extended_and_shared()
    {
        var customers = new CustomerKeyMap<string>();
        customers.GetOrAdd("B");
        var table = new ParquetTableWriter(3)
            .Add("customer_id", ["A", "B", "A"])
            .Add("timestamp", new[] { new DateTime(2024, 1, 1), new DateTime(2024, 1, 2), new DateTime(2024, 1, 3) }.AsMemory())
            .Add("amount", new[] { 1.0, 2.0, 3.0 }.AsMemory());
        using var file = new MemoryStream();
        table.Write(file);
        file.Position = 0;
        ParquetImportResult result = TransactionParquetReader.Read(file, customers: customers);
        Assert.Same(customers, result.Transactions.Customers);
        Assert.Equal(["B", "A"], customers.Keys);
        Assert.Equal([1, 0, 1], result.Transactions.Batches[0].CustomerIndex.ToArray());
    }
}
