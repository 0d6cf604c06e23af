using CustomerScoring.Summaries;
using CustomerScoring.Tiers;
using FsCheck.Xunit;
using Xunit;
using static CustomerScoring.Tests.Tiers.CustomerProfilesTests;
using CustomerScoring.Rules;
using CustomerScoring.Profiles;

namespace CustomerScoring.Tests.Tiers;

public class BuiltInRuleSetTests
{
    [Property(MaxTest = 200)]
    public void Value_tiers_give_1_4_15_80_percent_on_distinct_values(int seed)
    {
        var rng = new Random(seed);
        int k = rng.Next(1, 31);
        int n = 100 * k;
        double[] spend = Enumerable.Range(1, n).Select(i => i * 1.5).ToArray();
        double[] clv = Enumerable.Range(1, n).Select(i => 1000.0 - (i * 0.25)).ToArray();
        rng.Shuffle(spend);
        rng.Shuffle(clv);
        CustomerSummaries s = TierData.Summaries(spend.Select(a => new[] { (rng.Next(0, 300), a) }).ToArray());
        CustomerProfiles p = CustomerProfiles.Create(s, clv: clv);
        foreach (ValueMeasure measure in new[] { ValueMeasure.Spend, ValueMeasure.Clv })
        {
            TierAssignment a = BuiltInRuleSets.ValueTiers(measure).Assign(p);
            Assert.Equal(["VIP", "Gold", "Silver", "Bronze"], a.TierNames);
            Assert.Equal([k, 4 * k, 15 * k, 80 * k], a.Counts);

            // The VIPs are exactly the k largest values.
            double[] values = measure == ValueMeasure.Spend ? spend : clv;
            double cut = values.OrderDescending().ElementAt(k - 1);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(values[i] >= cut, a.TierOf(i) == "VIP");
            }
        }
    }

    [Fact]
    public void Lifecycle_stages_follow_the_thresholds()
    {
        CustomerSummaries s = TierData.Summaries(
            [(10, 5)],                      // 0 New: first purchase 10 days ago
            [(200, 5)],                     // 1 Lapsed: nothing for 200 > 180 days
            [(400, 5), (5, 5)],             // 2 Reactivated: a 395-day gap, bought 5 days ago
            [(100, 5), (80, 5), (60, 5)],   // 3 At Risk: mean gap 20 days, 60 days since: 3x overdue
            [(120, 5)],                     // 4 At Risk: one-time buyer, 120 > 90 days
            [(100, 5), (70, 5), (40, 5)],   // 5 Active: mean gap 30, 40 days since: 1.33x
            [(60, 5)],                      // 6 Active: one-time buyer, 60 <= 90 days
            [(800, 5), (30, 5), (5, 5)],    // 7 Active: mean gap 397.5 days, but the latest purchase came 25 days after the one before
            [(300, 5), (295, 5), (290, 5), (285, 5), (5, 5)]); // 8 Reactivated: a 280-day lapse hidden among 5-day gaps (mean 73.75)
        CustomerProfiles p = CustomerProfiles.Create(s);
        Assert.Equal(25.0, p.Number(ProfileField.LastGapDays, 7));
        Assert.Equal(280.0, p.Number(ProfileField.LastGapDays, 8));
        Assert.True(double.IsNaN(p.Number(ProfileField.LastGapDays, 0)));
        Assert.Equal(["New", "Lapsed", "Reactivated", "At Risk", "At Risk", "Active", "Active", "Active", "Reactivated"], TierNamesOf(BuiltInRuleSets.Lifecycle().Assign(p)));

        // Thresholds are options; P(alive) joins At Risk when asked.
        var options = new LifecycleOptions { NewWithinDays = 5, LapsedAfterDays = 110, AtRiskPAliveBelow = 0.5 };
        CustomerProfiles withModel = p.WithClv(new double[9], new[] { 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.3, 0.9, 0.9 });
        Assert.Equal(["Active", "Lapsed", "Reactivated", "At Risk", "Lapsed", "Active", "At Risk", "Active", "Reactivated"], TierNamesOf(BuiltInRuleSets.Lifecycle(options).Assign(withModel)));
        Assert.Equal(
            "At Risk because overdue_ratio undefined > 2 [false] or (frequency 0 == 0 and days_since_last_purchase 60 > 90 [false]) or p_alive 0.3 < 0.5",
            BuiltInRuleSets.Lifecycle(options).Explain(withModel, 6).ToString());
    }

    [Fact]
    public void Value_loyalty_matrix_splits_at_the_medians()
    {
        // Spend 10, 20, 30, 40 (percentiles 0, .25, .5, .75); frequency 0, 3, 0, 3 (percentiles 0, .5, 0, .5).
        CustomerSummaries s = TierData.Summaries(
            [(1, 10)],
            [(1, 5), (2, 5), (3, 5), (4, 5)],
            [(1, 30)],
            [(1, 10), (2, 10), (3, 10), (4, 10)]);
        TierAssignment a = BuiltInRuleSets.ValueLoyaltyMatrix().Assign(CustomerProfiles.Create(s));
        Assert.Equal(["Low value, infrequent", "Low value, frequent", "High value, infrequent", "High value, frequent"], TierNamesOf(a));
    }

    [Fact]
    public void Scorecard_assigns_tiers_and_stages_in_one_call()
    {
        CustomerSummaries s = TierData.Summaries(Enumerable.Range(0, 200).Select(i => new[] { (i, 10.0 + i) }).ToArray());
        double[] clv = Enumerable.Range(0, 200).Select(i => 1000.0 - i).ToArray(); // customer 0 has the highest CLV
        TierScorecard card = TierScorecard.Create(s, clv: clv);
        Assert.Equal("VIP", card.TierOf(0));
        Assert.Equal("VIP", card.TierOf(1));
        Assert.Equal("Gold", card.TierOf(2));
        Assert.Equal("Bronze", card.TierOf(199));
        Assert.Equal("New", card.StageOf(0));
        Assert.Equal("At Risk", card.StageOf(150)); // one-time buyer 150 days ago
        Assert.Equal("Lapsed", card.StageOf(199));
        Assert.Equal("VIP because clv_percentile 0.995 >= 0.99", card.ExplainTier(0).ToString());
        Assert.Equal("Lapsed because days_since_last_purchase 199 > 180", card.ExplainStage(199).ToString());
        Assert.Equal(200, card.Tiers.Counts.Sum());
    }
}
