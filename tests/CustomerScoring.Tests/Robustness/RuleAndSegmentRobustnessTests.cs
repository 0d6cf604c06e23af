using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerScoring.Cli;
using CustomerScoring.Rfm;
using CustomerScoring.Rules;
using Xunit;

namespace CustomerScoring.Tests.Robustness;

/// <summary>Issue 19 repros on rule files and segment tables: hostile nesting, silent acceptance, lost tags, bins other than 5.</summary>
public sealed class RuleAndSegmentRobustnessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rule-robustness").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RuleFile(string when) =>
        "{ \"name\": \"x\", \"default\": \"Other\", \"rules\": [ { \"name\": \"r\", \"tier\": \"T\", \"when\": \"" + when + "\" } ] }";

    [Theory]
    [InlineData("parentheses")]
    [InlineData("not")]
    [InlineData("or-chain")]
    [InlineData("and-chain")]
    public void Hostile_nesting_is_refused_with_a_message_not_a_stack_overflow(string shape)
    {
        string when = shape switch
        {
            "parentheses" => new string('(', 20_000) + "total_spend > 1" + new string(')', 20_000),
            "not" => string.Concat(Enumerable.Repeat("not ", 50_000)) + "total_spend > 1",
            "or-chain" => string.Join(" or ", Enumerable.Repeat("total_spend > 1", 50_000)),
            _ => string.Join(" and ", Enumerable.Repeat("total_spend > 1", 50_000)),
        };
        var e = Assert.Throws<RuleDefinitionException>(() => RuleSet.Parse(RuleFile(when)));
        Assert.Contains(shape is "parentheses" or "not" ? "nest more than" : "more than", e.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.BadOptions, e.Kind);

        // Within the bounds the same shapes parse.
        string fine = shape switch
        {
            "parentheses" => new string('(', 60) + "total_spend > 1" + new string(')', 60),
            "not" => string.Concat(Enumerable.Repeat("not ", 60)) + "total_spend > 1",
            _ => string.Join(shape == "or-chain" ? " or " : " and ", Enumerable.Repeat("total_spend > 1", 200)),
        };
        Assert.NotNull(RuleSet.Parse(RuleFile(fine)));
    }

    [Fact]
    public void Duplicate_keys_trailing_text_and_huge_files_are_refused()
    {
        string dupRoot = "{ \"name\": \"x\", \"default\": \"A\", \"default\": \"B\", \"rules\": [] }";
        Assert.Contains("appears twice", Assert.Throws<RuleDefinitionException>(() => RuleSet.Parse(dupRoot)).Message, StringComparison.Ordinal);
        string dupRule = "{ \"name\": \"x\", \"default\": \"A\", \"rules\": [ { \"name\": \"r\", \"tier\": \"T\", \"when\": \"true\", \"when\": \"total_spend > 5\" } ] }";
        Assert.Contains("appears twice in rules[0]", Assert.Throws<RuleDefinitionException>(() => RuleSet.Parse(dupRule)).Message, StringComparison.Ordinal);
        Assert.Throws<RuleDefinitionException>(() => RuleSet.Parse(RuleFile("true") + " { }"));
        Assert.Throws<RuleDefinitionException>(() => RuleSet.Parse(RuleFile("true") + " trailing"));

        var huge = new StringBuilder(RuleFile("true"));
        huge.Append(' ', (1 << 20) + 1);
        Assert.Contains("at most", Assert.Throws<RuleDefinitionException>(() => RuleSet.Parse(huge.ToString())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_rule_sets_keep_every_tag_in_the_scorecard_and_the_json()
    {
        string input = Path.Combine(_dir, "in.csv");
        File.WriteAllLines(input, ["customer_id,timestamp,amount", "a,2024-01-01,500", "a,2024-02-01,500", "b,2024-01-15,50", "c,2024-02-20,700"]);
        string rules = Path.Combine(_dir, "collect.json");
        File.WriteAllText(rules, """
            { "name": "tags", "hitPolicy": "collect", "default": "None", "rules": [
              { "name": "big", "tier": "Big", "when": "total_spend >= 600" },
              { "name": "repeat", "tier": "Repeat", "when": "transactions >= 2" },
              { "name": "recent", "tier": "Recent", "when": "days_since_last_purchase <= 30" } ] }
            """);
        string card = Path.Combine(_dir, "card.csv");
        string json = Path.Combine(_dir, "summary.json");
        var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(["--input", input, "--rules", rules, "--output", card, "--summary", json, "--analysis-date", "2024-03-01"], TextWriter.Null, error);
        Assert.True(code == 0, error.ToString());

        string[] lines = File.ReadAllLines(card);
        int tier = Array.IndexOf(lines[0].Split(','), "tier");
        string TierOf(string id) => lines.Single(l => l.StartsWith(id + ",", StringComparison.Ordinal)).Split(',')[tier];
        Assert.Equal("Big; Repeat; Recent", TierOf("a")); // 1000 total, 2 transactions, last 29 days before the end
        Assert.Equal("None", TierOf("b"));
        Assert.Equal("Big; Recent", TierOf("c"));

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement tiers = doc.RootElement.GetProperty("tiers");
        Assert.Equal(2, tiers.GetProperty("Big").GetInt32());
        Assert.Equal(1, tiers.GetProperty("Repeat").GetInt32());
        Assert.Equal(2, tiers.GetProperty("Recent").GetInt32());
        Assert.Equal(1, tiers.GetProperty("None").GetInt32());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(10)]
    public void Segment_tables_written_for_five_bins_read_other_bin_counts_on_their_scale(int bins)
    {
        // Distinct values: the best customer has the top score on every dimension, the worst the lowest.
        int n = 100;
        double[] recency = [.. Enumerable.Range(0, n).Select(i => (double)(n - i))];
        double[] value = [.. Enumerable.Range(0, n).Select(i => (double)i)];
        var scorer = new RfmScorer(
            DimensionBinning.Ntile(bins, ScoreDirection.LowerIsBetter), DimensionBinning.Ntile(bins), DimensionBinning.Ntile(bins), SegmentMap.RfmPackage10);
        RfmResult rfm = scorer.Score(recency, value, value);
        Assert.Equal("Champions", rfm.SegmentOf(n - 1));
        // The lowest score is ceil(5 / bins) on the 5-bin scale: 3 with 2 bins, 2 with 3 bins, 1 from 5 bins up.
        Assert.Equal(bins switch { 2 => "Potential Loyalist", 3 => "Loyal Customers", _ => "Lost" }, rfm.SegmentOf(0));

        // Every customer gets the segment of its scores put on the 5-bin scale: ceil(5 s / bins).
        for (int i = 0; i < n; i++)
        {
            int Scale(byte s) => ((5 * s) + bins - 1) / bins;
            int expected = SegmentMap.RfmPackage10.Classify(Scale(rfm.RecencyScores[i]), Scale(rfm.FrequencyScores[i]), Scale(rfm.MonetaryScores[i]));
            Assert.Equal(expected, rfm.SegmentIndices[i]);
        }

        // A custom map without design bins reads the raw scores.
        var raw = new SegmentMap([new SegmentRule("Top", new ScoreRange(bins, bins), new ScoreRange(bins, bins), new ScoreRange(bins, bins))]);
        Assert.Null(raw.DesignBins);
        Assert.Equal("Top", new RfmScorer(scorer.Recency, scorer.Frequency, scorer.Monetary, raw).Score(recency, value, value).SegmentOf(n - 1));
    }
}
