using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerScoring.Cli;
using CustomerScoring.Tests.Support;
using Xunit;

namespace CustomerScoring.Tests.Cli;

/// <summary>The README's retail example runs as written on the shared UCI Online Retail file (541,909 line items).</summary>
public sealed partial class RetailExampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("retail-example").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex(@"<!-- retail-example[^>]*-->\s*```\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex RetailBlock();

    [GeneratedRegex(@"""([^""]*)""|(\S+)")]
    private static partial Regex ShellWord();

    [Fact]
    [Trait("Category", "Slow")]
    public void The_readme_retail_example_runs_on_the_shared_online_retail_file()
    {
        string root = DotnetCommand.RepositoryRoot;
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        Match block = RetailBlock().Match(readme);
        Assert.True(block.Success, "README.md lacks the retail example");
        string command = block.Groups[1].Value.Replace("\\\n", " ", StringComparison.Ordinal);
        string[] words = [.. ShellWord().Matches(command).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)];
        int dashes = Array.IndexOf(words, "--");
        Assert.Equal(["dotnet", "run", "--project", "samples/QuickStart"], words[..dashes]);

        // Paths as a user in the repository root would have them; outputs into a temporary folder.
        string[] args = words[(dashes + 1)..];
        for (int i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--input")
            {
                args[i + 1] = Path.GetFullPath(Path.Combine(root, args[i + 1]));
                Assert.True(File.Exists(args[i + 1]), $"the shared Online Retail file is missing: {args[i + 1]}");
            }
            else if (args[i] is "--output" or "--summary" or "--rejects")
            {
                args[i + 1] = Path.Combine(_dir, args[i + 1]);
            }
        }

        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(args, output, error);
        Assert.True(code == 0, error.ToString());

        // Figures from the data README (shared/data/online-retail), checked there against the file.
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "summary.json")));
        JsonElement json = summary.RootElement;
        Assert.Equal(541_909, json.GetProperty("lines_read").GetInt64());
        Assert.Equal(135_080, json.GetProperty("rejections").GetProperty("BlankCustomerId").GetProperty("count").GetInt64());
        Assert.InRange(json.GetProperty("rejected_amount_share").GetDouble(), 0.148, 0.150);
        Assert.Equal(json.GetProperty("rejected_rows").GetInt64(), File.ReadAllLines(Path.Combine(_dir, "rejected.csv")).Length - 1);
        Assert.True(json.GetProperty("cancelled_lines").GetInt64() > 8_000);
        // Cancellations are returns, netted (the default policy): no purchase, a lower value.
        JsonElement returns = json.GetProperty("returns");
        Assert.Equal("net", returns.GetProperty("policy").GetString());
        Assert.InRange(returns.GetProperty("count").GetInt64(), 3_000, 3_654);
        Assert.True(returns.GetProperty("value").GetDouble() < 0);
        Assert.True(json.GetProperty("revenue").GetDouble() < returns.GetProperty("gross_revenue").GetDouble());
        string[] card = File.ReadAllLines(Path.Combine(_dir, "scorecard.csv"));
        Assert.Contains(card, l => l.StartsWith("17850,", StringComparison.Ordinal)); // ids as numbers, not 17850.0
        Assert.Contains("rejected lines carry", output.ToString(), StringComparison.Ordinal);

        // Customer 16446 bought 2.90 in May and 168,469.60 on 2011-12-09, cancelled twelve minutes later (net 2.90): the
        // repeat purchase nets to nothing, so m = 0 and the expected spend, hence the CLV, is 0; --explain says why.
        string[] header = card[0].Split(',');
        string[] row16446 = card.Single(l => l.StartsWith("16446,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(0.0, double.Parse(row16446[Array.IndexOf(header, "monetary_repeat_mean")], CultureInfo.InvariantCulture));
        Assert.Equal(2.90, double.Parse(row16446[Array.IndexOf(header, "monetary_total")], CultureInfo.InvariantCulture), 6);
        Assert.Equal(0.0, double.Parse(row16446[Array.IndexOf(header, "clv")], CultureInfo.InvariantCulture));
        var explained = new StringWriter(CultureInfo.InvariantCulture);
        var explainArgs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is "--output" or "--summary" or "--rejects")
            {
                i++; // no files this time
                continue;
            }

            explainArgs.Add(args[i]);
        }

        explainArgs.AddRange(["--explain", "16446"]);
        Assert.Equal(0, CliApp.Run([.. explainArgs], explained, TextWriter.Null));
        Assert.Contains("expected spend 0 because the repeat purchases net of their returns came to nothing", explained.ToString(), StringComparison.Ordinal);

        // --explain finds a customer by the id as a user types it, in either form.
        Assert.Equal(0, CliApp.Run([.. args.Where((_, i) => i < Array.IndexOf(args, "--output")), "--customer-column", "CustomerID", "--date-column", "InvoiceDate", "--quantity-column", "Quantity", "--price-column", "UnitPrice", "--invoice-column", "InvoiceNo", "--id-format", "number", "--on-error", "skip", "--explain", "17850.0"], TextWriter.Null, TextWriter.Null));
    }
}
