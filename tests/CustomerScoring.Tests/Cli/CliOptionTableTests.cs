using CustomerScoring.Cli;
using CustomerScoring.Tests.Support;
using Xunit;

namespace CustomerScoring.Tests.Cli;

/// <summary>The options are declared once (<see cref="CliOptions.All"/>): the parser, --help and the README's table agree.</summary>
public sealed class CliOptionTableTests
{
    private const string Start = "<!-- cli-options:start (generated from CliOptions.All; CliOptionTableTests checks it) -->";
    private const string End = "<!-- cli-options:end -->";

    [Fact]
    public void The_readme_option_table_is_the_declared_table()
    {
        string readme = File.ReadAllText(Path.Combine(DotnetCommand.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        int start = readme.IndexOf(Start, StringComparison.Ordinal);
        int end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md lacks the generated option table markers");
        string[] table = readme[(start + Start.Length)..end].Trim('\n').Split('\n');
        string expected = string.Join('\n', CliOptions.MarkdownTable());
        Assert.True(expected == string.Join('\n', table), "README option table differs; it should read:\n" + expected);
    }

    [Fact]
    public void Help_lists_every_declared_option_and_every_option_parses()
    {
        string usage = CliOptions.Usage;
        foreach (CliOption option in CliOptions.All)
        {
            Assert.Contains(option.Name, usage, StringComparison.Ordinal);
        }

        Assert.Equal(CliOptions.All.Count, CliOptions.All.Select(o => o.Name).Distinct().Count());

        // Each option is accepted by the parser with a valid value (an unknown one is refused).
        var valid = new Dictionary<string, string>
        {
            ["--delimiter"] = "comma", ["--decimal-separator"] = "point", ["--analysis-date"] = "2020-01-01",
            ["--period"] = "week", ["--time-unit"] = "week", ["--on-error"] = "skip", ["--bins"] = "4", ["--binning"] = "quantile",
            ["--r-thresholds"] = "1,2", ["--f-thresholds"] = "1,2", ["--m-thresholds"] = "1,2", ["--frequency"] = "periods",
            ["--monetary"] = "mean", ["--measure"] = "clv", ["--model"] = "paretonbd", ["--horizon"] = "10",
            ["--discount-rate"] = "0.1", ["--margin"] = "0.3", ["--id-format"] = "number", ["--invoice-timestamps"] = "reject",
            ["--max-rejected-share"] = "0.5", ["--returns"] = "keep", ["--intervals"] = "100",
            ["--cohort-period"] = "week",
            ["--chart-size"] = "1200x800", ["--chart-scale"] = "2",
            ["--retention-model"] = "bdw", ["--retention-horizon"] = "12", ["--retention-value"] = "100", ["--retention-discount"] = "0.05",
        };
        foreach (CliOption option in CliOptions.All)
        {
            string[] args = option.Value is null ? [option.Name] : [option.Name, valid.GetValueOrDefault(option.Name, "x")];
            if (option.Name is "--quantity-column" or "--price-column")
            {
                args = ["--quantity-column", "q", "--price-column", "p"];
            }

            if (option.Name is "--holdout-end")
            {
                args = ["--holdout-end", "2020-02-01", "--model", "auto", "--analysis-date", "2020-01-01"];
            }

            if (option.Name is "--covariate-columns")
            {
                args = ["--covariate-columns", "channel,age", "--covariates", "z.csv"];
            }

            if (option.Name.StartsWith("--retention-", StringComparison.Ordinal))
            {
                args = [.. args, "--retention", "members.csv"];
            }

            if (option.Name is "--cancel-prefix")
            {
                args = ["--cancel-prefix", "C", "--invoice-column", "InvoiceNo"];
            }

            // The engine options (issue 14) come in groups: a database with its connection and source, or a file for DuckDB.
            args = option.Name switch
            {
                "--db" or "--connection" or "--table" => ["--db", "duckdb", "--connection", "shop.duckdb", "--table", "sales"],
                "--query" => ["--db", "postgres", "--connection", "Host=localhost", "--query", "SELECT * FROM sales"],
                "--output-table" => ["--db", "duckdb", "--connection", "shop.duckdb", "--table", "sales", "--output-table", "scores"],
                "--show-sql" or "--engine" => ["--engine", "duckdb", "--input", "sales.parquet", "--show-sql"],
                "--engine-memory" => ["--engine", "duckdb", "--input", "sales.parquet", "--engine-memory", "4GB"],
                _ => args,
            };

            CliOptions.Parse(args);
        }

        Assert.Throws<UsageException>(() => CliOptions.Parse(["--no-such-option"]));
    }
}
