using CustomerScoring.Concentration;
using CustomerScoring.Csv;
using CustomerScoring.Parquet;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Parquet;

/// <summary>The scorecard and table writers: the CSV scorecard's columns, values read back exactly.</summary>
public class ParquetWriterTests
{
    private static (CustomerTransactions<string> Data, CustomerSummaries Summaries) Sample(bool margins)
    {
        var builder = new TransactionBatchBuilder<string>(withMargins: margins);
        foreach (Row row in RandomTransactions.Generate(21, maxRows: 300, maxCustomers: 30))
        {
            if (margins)
            {
                builder.Add("id-" + row.Customer, row.Time, row.Amount, row.Margin);
            }
            else
            {
                builder.Add("id-" + row.Customer, row.Time, row.Amount);
            }
        }

        CustomerTransactions<string> data = builder.Build();
        return (data, Summarizer.Summarize(data, new SummaryOptions(new DateOnly(2024, 3, 31)) { TimeUnit = TimeUnit.Week }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Scorecard_has_the_csv_scorecard_columns_and_exact_values(bool margins)
    {
        (CustomerTransactions<string> data, CustomerSummaries s) = Sample(margins);
        {
            RfmResult rfm = RfmScorer.Default.Score(s, data.Customers);
            AbcClassification abc = ParetoAnalysis.Analyze(s.TotalAmount).ClassifyAbc();
            var parquet = new ScorecardParquetWriter<string>(s, data.Customers) { RowGroupSize = 7 }
                .WithRfm(rfm).WithAbc(abc).WithColumn("double_total", r => s.TotalAmount[r] * 2).WithColumn("note", r => r % 2 == 0 ? null : "odd");
            var csv = new ScorecardCsvWriter<string>(s, data.Customers)
                .WithRfm(rfm).WithAbc(abc).WithColumn("double_total", r => s.TotalAmount[r] * 2).WithColumn("note", r => r % 2 == 0 ? null : "odd");
            Assert.Equal(csv.ColumnNames, parquet.ColumnNames);

            using var file = new MemoryStream();
            parquet.Write(file);
            Assert.Equal(csv.ColumnNames, ParquetFiles.Fields(file).Select(f => f.Name));

            int n = s.Count;
            Assert.Equal(Enumerable.Range(0, n).Select(r => data.Customers.KeyOf(s.CustomerIndex[r])), ParquetFiles.ReadStrings(file, "customer_id"));
            (DateTime[] first, int groups) = ParquetFiles.ReadColumn<DateTime>(file, "first_purchase");
            Assert.Equal((n + 6) / 7, groups);
            Assert.Equal(s.FirstPurchase.ToArray(), first);
            Assert.Equal(s.LastPurchase.ToArray(), ParquetFiles.ReadColumn<DateTime>(file, "last_purchase").Values);
            Assert.Equal(s.TransactionCount.ToArray(), ParquetFiles.ReadColumn<int>(file, "transactions").Values);
            Assert.Equal(s.Recency.ToArray(), ParquetFiles.ReadColumn<double>(file, "recency").Values);
            Assert.Equal(s.Age.ToArray(), ParquetFiles.ReadColumn<double>(file, "t").Values);
            Assert.Equal(s.TotalAmount.ToArray(), ParquetFiles.ReadColumn<double>(file, "monetary_total").Values);
            Assert.Equal(s.MonetaryRepeatMean.ToArray(), ParquetFiles.ReadColumn<double>(file, "monetary_repeat_mean").Values);
            if (margins)
            {
                Assert.Equal(s.TotalMargin.ToArray(), ParquetFiles.ReadColumn<double>(file, "margin_total").Values);
            }

            Assert.Equal(rfm.RecencyScores.ToArray().Select(x => (int)x), ParquetFiles.ReadColumn<int>(file, "r_score").Values);
            Assert.Equal(Enumerable.Range(0, n).Select(rfm.SegmentOf), ParquetFiles.ReadStrings(file, "segment"));
            Assert.Equal(Enumerable.Range(0, n).Select(rfm.CellLabel), ParquetFiles.ReadStrings(file, "rfm_cell"));
            Assert.Equal(abc.Classes.ToArray().Select(c => c.ToString()), ParquetFiles.ReadStrings(file, "abc_class"));
            Assert.Equal(Enumerable.Range(0, n).Select(r => r % 2 == 0 ? null : "odd"), ParquetFiles.ReadStrings(file, "note"));
        }
    }

    [Fact]
    public void Written_transactions_read_back_as_the_same_rows()
    {
        var t = new[] { new DateTime(2024, 1, 1, 1, 2, 3).AddTicks(10), new DateTime(2024, 1, 2) };
        using var file = new MemoryStream();
        new ParquetTableWriter(2).Add("customer_id", ["x", "y"]).Add("timestamp", t.AsMemory()).Add("amount", new[] { 0.1, double.Epsilon }.AsMemory()).Write(file);
        file.Position = 0;
        ParquetImportResult r = TransactionParquetReader.Read(file);
        Assert.Equal([("x", t[0], 0.1, double.NaN), ("y", t[1], double.Epsilon, double.NaN)], Csv.CsvText.Rows(r.Transactions));
    }

    [Fact]
    public void Table_writer_checks_names_and_lengths()
    {
        var table = new ParquetTableWriter(2).Add("a", new[] { 1, 2 }.AsMemory());
        Assert.Throws<ArgumentException>(() => table.Add("a", new[] { 1.0, 2 }.AsMemory()));
        Assert.Throws<ArgumentException>(() => table.Add("b", new[] { 1.0 }.AsMemory()));
        Assert.Throws<InvalidOperationException>(() => new ParquetTableWriter(0).Write(new MemoryStream()));
        Assert.Equal(["a"], table.ColumnNames);
    }
}
