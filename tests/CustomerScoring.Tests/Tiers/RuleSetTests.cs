using CustomerScoring.Tiers;
using Xunit;
using static CustomerScoring.Tests.Tiers.CustomerProfilesTests;
using CustomerScoring.Rules;
using CustomerScoring.Profiles;

namespace CustomerScoring.Tests.Tiers;

public class RuleSetTests
{
    // Days since last purchase 12, 40, 3; CLV 970, 500, 990 so CLV percentiles 1/3, 0, 2/3.
    private static CustomerProfiles Three() => CustomerProfiles.Create(
        TierData.Summaries([(12, 10)], [(40, 20)], [(3, 30)]),
        clv: new double[] { 970, 500, 990 });

    [Fact]
    public void First_policy_takes_the_first_matching_rule_so_order_matters()
    {
        CustomerProfiles p = Three();
        var broadFirst = new RuleSet("a", [Rule.Parse("Any", "clv >= 500"), Rule.Parse("Top", "clv >= 980")], "None");
        var narrowFirst = new RuleSet("b", [Rule.Parse("Top", "clv >= 980"), Rule.Parse("Any", "clv >= 500")], "None");
        Assert.Equal(["Any", "Any", "Any"], TierNamesOf(broadFirst.Assign(p)));
        Assert.Equal(["Any", "Any", "Top"], TierNamesOf(narrowFirst.Assign(p)));
        Assert.Equal(["Top", "Any", "None"], narrowFirst.TierNames);
        Assert.Equal([0, 3, 0], narrowFirst.Assign(p.WithClv(new double[] { 600, 700, 800 })).Counts);
    }

    [Fact]
    public void Priority_policy_takes_the_highest_priority_match_and_ties_go_to_the_earlier_rule()
    {
        CustomerProfiles p = Three();
        var set = new RuleSet(
            "p",
            [
                Rule.Parse("Low", "clv >= 500", priority: 1),
                Rule.Parse("Recent", "days_since_last_purchase <= 12", priority: 5),
                Rule.Parse("Rich", "clv >= 980", priority: 5),
            ],
            "None",
            HitPolicy.Priority);
        // Customer 0: Low and Recent match, Recent has priority 5. Customer 2: all match; Recent and Rich tie at 5, Recent is earlier.
        Assert.Equal(["Recent", "Low", "Recent"], TierNamesOf(set.Assign(p)));
        Assert.Equal("Recent", set.Explain(p, 2).Tier);
    }

    [Fact]
    public void Collect_policy_tags_every_matching_rule()
    {
        CustomerProfiles p = Three();
        var set = new RuleSet(
            "c",
            [Rule.Parse("Valuable", "clv >= 900"), Rule.Parse("Recent", "days_since_last_purchase <= 12"), Rule.Parse("Old", "days_since_last_purchase > 100")],
            "Untagged",
            HitPolicy.Collect);
        TierAssignment a = set.Assign(p);
        Assert.True(a.HasTags);
        Assert.Equal([0b011UL, 0UL, 0b011UL], a.Tags.ToArray());
        Assert.Equal(["Valuable", "Recent"], a.TagsOf(0));
        Assert.Empty(a.TagsOf(1));
        Assert.Equal(["Valuable", "Untagged", "Valuable"], TierNamesOf(a));
        Assert.Equal([2, 2, 0], a.TagCounts);
        Assert.Equal("Tags Valuable, Recent: Valuable because clv 970 >= 900; Recent because days_since_last_purchase 12 <= 12", set.Explain(p, 0).ToString());
    }

    [Fact]
    public void Explanation_names_the_rule_the_conditions_and_the_values()
    {
        CustomerProfiles p = CustomerProfiles.Create(
            TierData.Summaries([(12, 10)], [(40, 20)], [(3, 30)], [(1, 1)]),
            clv: new double[] { 970, 500, 990, 10 });
        RuleSet set = Gold();
        TierExplanation e = set.Explain(p, 2); // CLV percentile 2/4 = 0.5: not Gold
        Assert.True(e.IsDefault);
        Assert.Equal("Bronze (default) because no rule matched: not Gold (rule gold): clv_percentile 0.75 >= 0.95 [false] and days_since_last_purchase 3 <= 30", e.ToString());

        CustomerProfiles p2 = CustomerProfiles.Create(
            TierData.Summaries(Enumerable.Range(0, 100).Select(i => new[] { (i == 97 ? 12 : 50, 10.0) }).ToArray()),
            clv: Enumerable.Range(0, 100).Select(i => (double)i).ToArray());
        TierExplanation gold = set.Explain(p2, 97);
        Assert.Equal("Gold because clv_percentile 0.97 >= 0.95 and days_since_last_purchase 12 <= 30", gold.ToString());
        Assert.False(gold.IsDefault);
        RuleOutcome fired = gold.Fired!;
        Assert.Equal("gold", fired.RuleName);
        Assert.Equal(
            [new ConditionOutcome("clv_percentile", "0.97", ">=", "0.95", true), new ConditionOutcome("days_since_last_purchase", "12", "<=", "30", true)],
            fired.Conditions);

        TierExplanation notGold = set.Explain(p2, 98); // percentile 0.98 but 50 days since the last purchase
        Assert.Equal("Bronze", notGold.Tier);
        Assert.Equal(new ConditionOutcome("days_since_last_purchase", "50", "<=", "30", false), notGold.Rules[0].Conditions[1]);
        Assert.Contains("days_since_last_purchase 50 <= 30 [false]", notGold.ToString(), StringComparison.Ordinal);
    }

    private static RuleSet Gold() => new("g", [Rule.Parse("Gold", "clv_percentile >= 0.95 and days_since_last_purchase <= 30", name: "gold")], "Bronze");

    [Fact]
    public void Explanations_show_undefined_values_text_values_and_operators()
    {
        CustomerProfiles p = CustomerProfiles.Create(TierData.Summaries([(200, 500)], [(5, 10), (65, 25)]));
        var set = new RuleSet(
            "x",
            [
                Rule.Parse("Overdue", "overdue_ratio > 2 or (frequency == 0 and days_since_last_purchase > 90)", name: "overdue"),
                Rule.Parse("Mid", "abc_class in (\"A\", \"B\") and not total_spend between 0 and 20", name: "mid"),
            ],
            "Fine");
        Assert.Equal("Overdue because overdue_ratio undefined > 2 [false] or (frequency 0 == 0 and days_since_last_purchase 200 > 90)", set.Explain(p, 0).ToString());
        Assert.Equal("Mid because abc_class \"B\" in (\"A\", \"B\") and not total_spend 35 between 0 and 20 [false]", set.Explain(p, 1).ToString());
    }

    [Fact]
    public void Typed_lambda_and_custom_interface_rules_plug_in()
    {
        CustomerProfiles p = Three();
        var set = new RuleSet(
            "mixed",
            [
                Rule.When("Top", c => c.Clv >= 980 && c.DaysSinceLastPurchase < 5, "clv >= 980 and recent"),
                new EvenRowRule(),
            ],
            "Rest");
        Assert.Equal(["Even", "Rest", "Top"], TierNamesOf(set.Assign(p)));
        Assert.Equal("Top because clv >= 980 and recent", set.Explain(p, 2).ToString());
        Assert.Equal("Even because row 0 is even", set.Explain(p, 0).ToString());
        Assert.Throws<InvalidOperationException>(() => set.ToJson());
    }

    private sealed class EvenRowRule : ITierRule
    {
        public string Name => "even";

        public string Tier => "Even";

        public int Priority => 0;

        public string Condition => "row is even";

        public bool Evaluate(CustomerProfiles profiles, int customer) => customer % 2 == 0;

        public RuleOutcome Explain(CustomerProfiles profiles, int customer) =>
            new(Name, Tier, Evaluate(profiles, customer), $"row {customer} is {(customer % 2 == 0 ? "even" : "odd")}", []);
    }

    [Fact]
    public void The_rule_file_written_by_ToJson_keeps_operators_and_quotes_readable()
    {
        // ToJson gives "a rule file to copy and edit": operators and quoted text must read as written, not as \u003E or \u0022.
        string value = BuiltInRuleSets.ValueTiers().ToJson();
        Assert.Contains("\"when\": \"spend_percentile >= 0.99\"", value, StringComparison.Ordinal);
        string abc = BuiltInRuleSets.AbcClasses().ToJson();
        Assert.Contains("\"when\": \"abc_class == \\\"A\\\"\"", abc, StringComparison.Ordinal);
        string named = new RuleSet("n", [Rule.Parse("Stammkunde Ü", "days_since_last_purchase < 30 and frequency <= 3")], "Übrige").ToJson();
        Assert.Contains("\"tier\": \"Stammkunde Ü\"", named, StringComparison.Ordinal);
        Assert.Contains("\"when\": \"days_since_last_purchase < 30 and frequency <= 3\"", named, StringComparison.Ordinal);
        Assert.Equal(named, RuleSet.Parse(named).ToJson());
    }

    [Fact]
    public void Rule_files_round_trip_and_the_samples_load()
    {
        CustomerProfiles p = CustomerProfiles.Create(TierData.Random(7, 80));
        foreach (RuleSet builtIn in new[] { BuiltInRuleSets.ValueTiers(), BuiltInRuleSets.Lifecycle(), BuiltInRuleSets.ValueLoyaltyMatrix(), BuiltInRuleSets.AbcClasses(), BuiltInRuleSets.LoyaltyTiers() })
        {
            RuleSet back = RuleSet.Parse(builtIn.ToJson());
            Assert.Equal(builtIn.TierNames, back.TierNames);
            Assert.Equal(builtIn.Assign(p).TierIndices.ToArray(), back.Assign(p).TierIndices.ToArray());
        }

        string root = FindRepoRoot();
        RuleSet value = RuleSet.Load(Path.Combine(root, "samples", "rules", "value-tiers.json"));
        Assert.Equal(BuiltInRuleSets.ValueTiers().Assign(p).TierIndices.ToArray(), value.Assign(p).TierIndices.ToArray());
        RuleSet loyalty = RuleSet.Load(Path.Combine(root, "samples", "rules", "loyalty-tiers.json"));
        Assert.Equal(PointsRounding.Down, loyalty.Loyalty!.Rounding);
        Assert.Equal(["Member", "Platinum", "Gold", "Silver"], loyalty.TierNames);
    }

    [Fact]
    public void Loyalty_tiers_read_points_from_the_rule_files_program()
    {
        // Spends 50,000 (5,000 points), 9,999 (999 points, rounded down), 2,500 (250 points), 2,499.
        CustomerProfiles p = CustomerProfiles.Create(TierData.Summaries([(1, 50_000)], [(1, 9_999)], [(1, 2_500)], [(1, 2_499)]));
        Assert.Equal(["Platinum", "Silver", "Silver", "Member"], TierNamesOf(BuiltInRuleSets.LoyaltyTiers().Assign(p)));
        RuleSet up = BuiltInRuleSets.LoyaltyTiers(new LoyaltyProgram(10, PointsRounding.Up));
        Assert.Equal(["Platinum", "Gold", "Silver", "Silver"], TierNamesOf(up.Assign(p)));
        Assert.Equal("Gold because points 1000 >= 1000", up.Explain(p, 1).ToString());
    }

    internal static string FindRepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Combine(dir, "samples", "rules")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new DirectoryNotFoundException("samples/rules not found above the test directory.");
    }
}
