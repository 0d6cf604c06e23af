using System.Globalization;
using System.Text.Json;
using CustomerScoring.Cli;
using CustomerScoring.Parquet;
using CustomerScoring.Tests.Parquet;
using CustomerScoring.Tests.Support;
using global::Parquet.Schema;
using Xunit;

namespace CustomerScoring.Tests.Cli;

/// <summary>The command reads <c>.parquet</c> input by its extension, with the same column flags as for CSV (issue 13).</summary>
public sealed class ParquetInputCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("parquet-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The CDNOW sample (6,919 rows) as (sample id, day, dollars).</summary>
    private static (string Id, DateTime Day, double Amount)[] Cdnow() =>
    [
        .. File.ReadLines(CdnowData.PathOf("CDNOW_sample.txt"))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 5)
            .Select(f => (f[1], DateTime.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture))),
    ];

    [Fact]
    public void A_parquet_file_gives_the_scorecard_of_the_same_transactions_in_csv()
    {
        var rows = Cdnow();
        string csv = Path.Combine(_dir, "tx.csv");
        File.WriteAllLines(csv, new[] { "cust,when,value" }.Concat(rows.Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{r.Id},{r.Day:yyyy-MM-dd},{r.Amount:R}"))));
        string parquet = Path.Combine(_dir, "tx.parquet");
        new ParquetTableWriter(rows.Length) { RowGroupSize = 1000 } // several row groups
            .Add("cust", rows.Select(r => r.Id).ToArray())
            .Add("when", rows.Select(r => r.Day).ToArray().AsMemory())
            .Add("value", rows.Select(r => r.Amount).ToArray().AsMemory())
            .WriteFile(parquet);

        string[] common = ["--customer-column", "cust", "--date-column", "when", "--amount-column", "value", "--time-unit", "week", "--analysis-date", "1997-09-30"];
        var fromCsv = Run([.. common, "--input", csv, "--output", Path.Combine(_dir, "csv-card.csv"), "--summary", Path.Combine(_dir, "csv.json")]);
        Assert.True(fromCsv.Code == 0, fromCsv.Err);
        var fromParquet = Run([.. common, "--input", parquet, "--output", Path.Combine(_dir, "parquet-card.csv"), "--summary", Path.Combine(_dir, "parquet.json")]);
        Assert.True(fromParquet.Code == 0, fromParquet.Err);

        string[] csvCard = File.ReadAllLines(Path.Combine(_dir, "csv-card.csv"));
        Assert.Equal(2358, csvCard.Length);
        Assert.Equal(csvCard, File.ReadAllLines(Path.Combine(_dir, "parquet-card.csv")));
        using JsonDocument a = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "csv.json")));
        using JsonDocument b = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "parquet.json")));
        foreach (string field in new[] { "customers", "transactions", "lines_read", "rejected_rows", "excluded_after_end" })
        {
            Assert.Equal(a.RootElement.GetProperty(field).GetInt64(), b.RootElement.GetProperty(field).GetInt64());
        }

        Assert.Equal(6919, b.RootElement.GetProperty("lines_read").GetInt64());
        Assert.Contains("Lines read:           6,919   rejected: 0", fromParquet.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_rows_are_skipped_and_counted_with_on_error_skip_and_stop_the_run_without_it()
    {
        string parquet = Path.Combine(_dir, "bad.parquet");
        DateTime[] days = [new(2024, 1, 2), new(2024, 1, 9), new(2024, 2, 1), new(2024, 2, 5)];
        using (MemoryStream stream = ParquetFiles.Write(
            4, 10,
            ParquetFiles.Strings("customer_id", ["a", "a", null, "b"]),
            ParquetFiles.Of(new DataField<DateTime>("timestamp"), days),
            ParquetFiles.OfNullable(new DataField<double?>("amount"), new double?[] { 10, null, 5, 7 })))
        {
            File.WriteAllBytes(parquet, stream.ToArray());
        }

        string json = Path.Combine(_dir, "bad.json");
        var skipped = Run("--input", parquet, "--on-error", "skip", "--summary", json);
        Assert.True(skipped.Code == 0, skipped.Err);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(4, doc.RootElement.GetProperty("lines_read").GetInt64());
        Assert.Equal(2, doc.RootElement.GetProperty("rejected_rows").GetInt64());
        Assert.Equal(1, doc.RootElement.GetProperty("rejections").GetProperty("NullAmount").GetProperty("count").GetInt64());
        Assert.Equal(1, doc.RootElement.GetProperty("rejections").GetProperty("NullCustomerId").GetProperty("count").GetInt64());
        Assert.Contains("rejected, NullAmount: 1 rows", skipped.Out, StringComparison.Ordinal);

        var failed = Run("--input", parquet);
        Assert.Equal(1, failed.Code);
        Assert.Contains("row", failed.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--invoice-column", "InvoiceNo")]
    [InlineData("--date-format", "yyyyMMdd")]
    [InlineData("--rejects", "r.csv")]
    [InlineData("--sniff", null)]
    public void Flags_that_describe_csv_text_are_refused_for_parquet_input(string flag, string? value)
    {
        string parquet = Path.Combine(_dir, "x.parquet");
        new ParquetTableWriter(1).Add("customer_id", ["a"]).Add("timestamp", new[] { new DateTime(2024, 1, 1) }.AsMemory()).Add("amount", new[] { 1.0 }.AsMemory()).WriteFile(parquet);
        string[] args = value is null ? ["--input", parquet, flag] : ["--input", parquet, flag, value is "r.csv" ? Path.Combine(_dir, value) : value];
        var r = Run(args);
        Assert.Equal(2, r.Code);
        Assert.Contains($"{flag} applies to CSV input", r.Err, StringComparison.Ordinal);
    }
}
