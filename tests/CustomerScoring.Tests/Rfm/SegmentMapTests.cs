using CustomerScoring.Rfm;
using Xunit;

namespace CustomerScoring.Tests.Rfm;

public class SegmentMapTests
{
    [Fact]
    public void RfmPackage10_is_the_published_table_in_order()
    {
        // REFERENCE.md, R rfm vignette: name, R, F, M.
        string[] expected =
        [
            "Champions: R 5, F 5, M 5", "Potential Loyalist: R 3-5, F 3-5, M 2-5", "Loyal Customers: R 2-4, F 2-4, M 2-4",
            "Promising: R 3-4, F 1-3, M 3-5", "New Customers: R 4-5, F 1-3, M 1-5", "Can't Lose Them: R 1-2, F 3-4, M 4-5",
            "At Risk: R 1-2, F 2-5, M 4-5", "Need Attention: R 1-3, F 3-5, M 3-5", "About To Sleep: R 2-3, F 1-3, M 1-4",
            "Lost: R 1, F 1-5, M 1-5",
        ];
        Assert.Equal(expected, SegmentMap.RfmPackage10.Rules.Select(r => r.ToString()));
    }

    [Fact]
    public void Validation_of_RfmPackage10_finds_the_ten_gaps_and_partly_shadowed_rules()
    {
        SegmentMapValidation v = SegmentMap.RfmPackage10.Validate();
        Assert.Equal(125, v.TotalCells);

        // Gaps found by hand: R2 F1 M5 (REFERENCE.md's example: Promising and New Customers need R >= 3/4, About To Sleep M <= 4,
        // Lost R = 1, the rest F >= 2); the others have M = 1 with F >= 4, which only Potential Loyalist (M >= 2), Need Attention
        // (M >= 3) or the F <= 3 rules could take, plus R2 F5 M2 (Loyal F <= 4, At Risk M >= 4, Potential Loyalist R >= 3).
        RfmCell[] gaps =
        [
            new(2, 1, 5), new(2, 4, 1), new(2, 5, 1), new(2, 5, 2), new(3, 4, 1),
            new(3, 5, 1), new(4, 4, 1), new(4, 5, 1), new(5, 4, 1), new(5, 5, 1),
        ];
        Assert.Equal(gaps, v.Gaps);
        Assert.Empty(v.ShadowedRules);
        Assert.False(v.IsPartition);

        // Need Attention's 3 x 3 x 3 = 27 cells (R 1-3, F 3-5, M 3-5), taken by earlier rules:
        //   R3, all 9 cells -> Potential Loyalist (R 3-5, F 3-5, M 2-5);
        //   R1-2 with M 4-5, 2 x 3 x 2 = 12 cells -> Can't Lose Them (F 3-4) or At Risk (F 5);
        //   R2 F3-4 M3, 2 cells -> Loyal Customers.
        // Left to Need Attention: R1 F3-5 M3 (3) + R2 F5 M3 (1) = 4.
        int needAttention = SegmentMap.RfmPackage10.Rules.ToList().FindIndex(r => r.Name == "Need Attention");
        Assert.Equal(27, v.CellsInRange[needAttention]);
        Assert.Equal(4, v.CellsWon[needAttention]);
        Assert.Equal(125 - gaps.Length, v.CellsWon.Sum());
    }

    [Fact]
    public void Validation_reports_a_rule_shadowed_by_a_broader_earlier_rule()
    {
        // Loyal customers first with R, F, M 3-5 covers Champions (5, 5, 5) entirely: the issue reported in rsquaredacademy/rfm#56.
        var map = new SegmentMap(
        [
            new SegmentRule("Loyal", new(3, 5), new(3, 5), new(3, 5)),
            new SegmentRule("Champions", ScoreRange.Exactly(5), ScoreRange.Exactly(5), ScoreRange.Exactly(5)),
            new SegmentRule("Everyone", ScoreRange.Any, ScoreRange.Any, ScoreRange.Any),
        ]);
        SegmentMapValidation v = map.Validate();
        Assert.Equal(new[] { 1 }, v.ShadowedRules);
        Assert.Empty(v.Gaps);
        Assert.Equal(new[] { 27, 0, 98 }, v.CellsWon); // 3^3 = 27 cells for Loyal, none for Champions, 125 - 27 for Everyone
        Assert.Contains("Champions: wins 0 of 1 cells (shadowed", v.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RecencyFrequencyGrid_partitions_all_25_pairs()
    {
        // Count, independently of Validate, how many rules hold each (R, F) pair: exactly one each.
        var rules = SegmentMap.RecencyFrequencyGrid.Rules;
        for (int r = 1; r <= 5; r++)
        {
            for (int f = 1; f <= 5; f++)
            {
                Assert.Equal(1, rules.Count(rule => rule.Recency.Contains(r) && rule.Frequency.Contains(f) && rule.Monetary == ScoreRange.Any));
            }
        }

        Assert.True(SegmentMap.RecencyFrequencyGrid.Validate().IsPartition);

        // Spot checks from the REFERENCE.md grid.
        Assert.Equal("Hibernating", Name(SegmentMap.RecencyFrequencyGrid, 2, 2, 5));
        Assert.Equal("Can't Lose Them", Name(SegmentMap.RecencyFrequencyGrid, 1, 5, 1));
        Assert.Equal("Champions", Name(SegmentMap.RecencyFrequencyGrid, 5, 4, 1));
        Assert.Equal("Potential Loyalist", Name(SegmentMap.RecencyFrequencyGrid, 4, 3, 3));
    }

    [Fact]
    public void RfmPackage11_only_adds_Hibernating_for_the_R2_F1_M5_gap()
    {
        SegmentMapValidation v10 = SegmentMap.RfmPackage10.Validate();
        SegmentMapValidation v11 = SegmentMap.RfmPackage11.Validate();
        Assert.Equal("Hibernating", SegmentMap.RfmPackage11.Rules[^1].Name);
        Assert.Equal(v10.CellsWon, v11.CellsWon.Take(10));
        Assert.Equal(1, v11.CellsWon[10]);
        Assert.Equal(v10.Gaps.Where(c => c != new RfmCell(2, 1, 5)), v11.Gaps);
        for (int r = 1; r <= 5; r++)
        {
            for (int f = 1; f <= 5; f++)
            {
                for (int m = 1; m <= 5; m++)
                {
                    string before = Name(SegmentMap.RfmPackage10, r, f, m);
                    string after = Name(SegmentMap.RfmPackage11, r, f, m);
                    Assert.Equal((r, f, m) == (2, 1, 5) ? "Hibernating" : before, after);
                }
            }
        }
    }

    [Fact]
    public void First_match_wins_and_Others_catches_the_rest()
    {
        var map = SegmentMap.RfmPackage10;
        Assert.Equal("Champions", Name(map, 5, 5, 5));              // also inside Potential Loyalist, but first wins
        Assert.Equal("Potential Loyalist", Name(map, 4, 4, 4));     // also inside Loyal Customers
        Assert.Equal("Others", Name(map, 2, 1, 5));
        Assert.Equal("Lost", Name(map, 1, 1, 1));
        Assert.Equal(map.OthersIndex, map.Classify(2, 1, 5));
    }

    [Fact]
    public void Rules_are_copyable_and_editable()
    {
        var edited = new SegmentMap(SegmentMap.RfmPackage10.Rules.SetItem(0, SegmentMap.RfmPackage10.Rules[0] with { Name = "VIP" }), "Unnamed");
        Assert.Equal("VIP", Name(edited, 5, 5, 5));
        Assert.Equal("Unnamed", Name(edited, 2, 1, 5));
        Assert.Equal("Champions", Name(SegmentMap.RfmPackage10, 5, 5, 5)); // the built-in is untouched
    }

    [Fact]
    public void Bad_maps_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new SegmentMap([]));
        Assert.Throws<ArgumentException>(() => new SegmentMap([new SegmentRule(" ", ScoreRange.Any, ScoreRange.Any, ScoreRange.Any)]));
        Assert.Throws<ArgumentException>(() => new SegmentMap([new SegmentRule("x", default, ScoreRange.Any, ScoreRange.Any)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScoreRange(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScoreRange(0, 2));
    }

    private static string Name(SegmentMap map, int r, int f, int m) => map.SegmentName(map.Classify(r, f, m));
}
