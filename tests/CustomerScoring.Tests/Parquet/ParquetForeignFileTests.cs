using CustomerScoring.Parquet;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Parquet;

/// <summary>A file written by the Arrow C++ writer (see data/parquet/README.md), read against the rows it was written from.</summary>
public class ParquetForeignFileTests
{
    private static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "data", "parquet", "arrow-cpp-1000.parquet");

    [Fact]
    public void Arrow_cpp_file_reads_as_the_rows_it_was_written_from()
    {
        ParquetImportResult r = TransactionParquetReader.ReadFile(Path, new ParquetImportOptions { OnError = ParquetErrorHandling.Skip });

        var builder = new TransactionBatchBuilder<string>();
        var nulls = new List<long>();
        for (int i = 0; i < 1000; i++)
        {
            if (i % 101 == 0)
            {
                nulls.Add(i + 1);
                continue;
            }

            builder.Add("C" + (i * 7919 % 97), new DateTime(2024, 1, 1).AddHours(i), (double)(((i % 1000) / 100m) + 1));
        }

        CustomerTransactions<string> expected = builder.Build();
        Assert.Equal(3, r.Report.RowGroups);
        Assert.Equal(1000, r.Report.RowsRead);
        Assert.Equal(nulls, r.Report.Rejections.Select(x => x.RowNumber));
        Assert.All(r.Report.Rejections, x => Assert.Equal(ParquetRejectionReason.NullCustomerId, x.Reason));
        Assert.True(r.Report.IsBalanced);
        Assert.Equal(expected.Customers.Keys, r.Transactions.Customers.Keys);
        Assert.Equal(Csv.CsvText.Rows(expected), Csv.CsvText.Rows(r.Transactions));

        var options = new SummaryOptions(new DateOnly(2024, 3, 1));
        CustomerSummaries a = Summarizer.Summarize(r.Transactions, options);
        CustomerSummaries b = Summarizer.Summarize(expected, options);
        SummaryAssert.Identical(b, a);
    }
}
