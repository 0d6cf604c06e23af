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
    public void Output_ending_in_parquet_writes_the_scorecard_columns_of_the_csv_scorecard()
    {
        string csvCard = Path.Combine(_dir, "card.csv");
        string parquetCard = Path.Combine(_dir, "card.parquet");
        string input = Path.Combine(_dir, "cdnow.csv");
        File.WriteAllLines(input, new[] { "customer_id,timestamp,amount" }.Concat(Cdnow().Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{r.Id},{r.Day:yyyy-MM-dd},{r.Amount:R}"))));
        string[] common = ["--input", input, "--time-unit", "week", "--analysis-date", "1997-09-30"];
        var a = Run([.. common, "--output", csvCard]);
        Assert.True(a.Code == 0, a.Err);
        var b = Run([.. common, "--output", parquetCard]);
        Assert.True(b.Code == 0, b.Err);
        Assert.Contains($"Scorecard: 2,357 customers written to {parquetCard}", b.Out, StringComparison.Ordinal);

        string[][] csv = [.. File.ReadAllLines(csvCard).Select(l => l.Split(','))];
        using var parquet = new MemoryStream(File.ReadAllBytes(parquetCard));
        Assert.Equal(csv[0], ParquetFiles.Fields(parquet).Select(f => f.Name));
        string?[] ids = ParquetFiles.ReadStrings(parquet, "customer_id");
        Assert.Equal(csv.Skip(1).Select(r => r[0]), ids);
        Assert.Equal(csv.Skip(1).Select(r => r[Array.IndexOf(csv[0], "segment")]), ParquetFiles.ReadStrings(parquet, "segment"));
        Assert.Equal(csv.Skip(1).Select(r => int.Parse(r[Array.IndexOf(csv[0], "f_score")], CultureInfo.InvariantCulture)), ParquetFiles.ReadColumn<int>(parquet, "f_score").Values);

        // CLV in full precision in Parquet, rounded to two decimals in the CSV.
        double?[] clv = ParquetFiles.ReadOptionalDoubles(parquet, "clv");
        int column = Array.IndexOf(csv[0], "clv");
        for (int r = 0; r < clv.Length; r++)
        {
            Assert.InRange(Math.Abs(clv[r]!.Value - double.Parse(csv[r + 1][column], CultureInfo.InvariantCulture)), 0, 0.005 + 1e-9);
        }
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

    [Fact]
    public void A_missing_column_is_named_with_its_flag()
    {
        // The library's message names the option (ParquetImportOptions.TimestampColumn); the command's names the flag.
        string parquet = Path.Combine(_dir, "when.parquet");
        new ParquetTableWriter(1).Add("customer_id", ["a"]).Add("when", new[] { new DateTime(2024, 1, 1) }.AsMemory()).Add("amount", new[] { 1.0 }.AsMemory()).WriteFile(parquet);
        var r = Run("--input", parquet);
        Assert.Equal(1, r.Code);
        Assert.Contains("The file has no column 'timestamp' for --date-column. Its columns: customer_id, when, amount. Set --date-column to the column to read.", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("ParquetImportOptions", r.Err, StringComparison.Ordinal);
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
