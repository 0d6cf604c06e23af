using CustomerScoring.Profiles;
using CustomerScoring.Rfm;
using CustomerScoring.Rules;
using CustomerScoring.Summaries;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Tiers;

public class RfmFieldTests
{
    private static (CustomerProfiles Profiles, RfmResult Rfm) WithRfm(int seed)
    {
        CustomerSummaries s = TierData.Random(seed, 80);
        RfmValues v = RfmValues.From(s);
        RfmResult rfm = RfmScorer.Default.Score(v.Recency, v.Frequency, v.Monetary);
        return (CustomerProfiles.Create(s, rfm), rfm);
    }

    [Property(MaxTest = 100)]
    public void Rfm_fields_and_segment_rules_read_the_rfm_result(int seed)
    {
        (CustomerProfiles p, RfmResult rfm) = WithRfm(seed);
        string someSegment = rfm.SegmentOf(new Random(seed).Next(p.Count));
        var set = new RuleSet(
            "rfm",
            [
                Rule.Parse("Chosen", $"segment == \"{someSegment}\" and r_score >= 2"),
                Rule.Parse("Cell", "rfm_cell in (555, 554, 545) or (f_score == 5 and m_score != 1)"),
            ],
            "Other");
        TierAssignment a = set.Assign(p);
        for (int i = 0; i < p.Count; i++)
        {
            int r = rfm.RecencyScores[i];
            int f = rfm.FrequencyScores[i];
            int m = rfm.MonetaryScores[i];
            int cell = rfm.CellCode(i);
            string expected = rfm.SegmentOf(i) == someSegment && r >= 2 ? "Chosen"
                : cell is 555 or 554 or 545 || (f == 5 && m != 1) ? "Cell"
                : "Other";
            Assert.Equal(expected, a.TierOf(i));
            Assert.Equal(rfm.SegmentOf(i), p[i].Segment);
            Assert.Equal(cell, p[i].RfmCell);
        }
    }

    [Fact]
    public void Segment_rules_need_rfm_and_known_segment_names()
    {
        (CustomerProfiles p, _) = WithRfm(3);
        var typo = new RuleSet("t", [Rule.Parse("X", "segment in (\"Champions\", \"Champs\")")], "Other");
        var e = Assert.Throws<RuleDefinitionException>(() => typo.Assign(p));
        Assert.Contains("segment has no value \"Champs\"", e.Message, StringComparison.Ordinal);

        CustomerProfiles noRfm = CustomerProfiles.Create(p.Summaries);
        var ok = new RuleSet("t", [Rule.Parse("X", "segment == \"Champions\"")], "Other");
        e = Assert.Throws<RuleDefinitionException>(() => ok.Assign(noRfm));
        Assert.Contains("field 'segment' is not available: it needs RFM scores", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Priority_sets_load_from_files_and_describe_themselves()
    {
        const string json = """
            { "name": "prio", "hitPolicy": "priority", "default": "None",
              "rules": [
                { "tier": "Low", "when": "total_spend >= 10", "priority": 1 },
                { "tier": "High", "when": "total_spend >= 100", "priority": 9 } ] }
            """;
        RuleSet set = RuleSet.Parse(json);
        Assert.Equal(HitPolicy.Priority, set.HitPolicy);
        Assert.Equal("prio (Priority): High if total_spend >= 100 (priority 9); Low if total_spend >= 10 (priority 1); otherwise None", set.ToString());
        CustomerProfiles p = CustomerProfiles.Create(TierData.Summaries([(1, 5)], [(1, 50)], [(1, 500)]));
        Assert.Equal(["None", "Low", "High"], CustomerProfilesTests.TierNamesOf(set.Assign(p)));
        Assert.Equal(set.ToJson(), RuleSet.Parse(set.ToJson()).ToJson());
    }

    [Fact]
    public void Collect_sets_have_at_most_64_rules()
    {
        var rules = Enumerable.Range(0, 65).Select(i => Rule.Parse("T" + i, $"total_spend > {i}"));
        var e = Assert.Throws<RuleDefinitionException>(() => new RuleSet("c", rules, "None", HitPolicy.Collect));
        Assert.Contains("at most 64 rules", e.Message, StringComparison.Ordinal);
        _ = new RuleSet("c", rules.Take(64), "None", HitPolicy.Collect);
    }
}
