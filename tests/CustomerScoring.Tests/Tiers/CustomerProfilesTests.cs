using CustomerScoring.Profiles;
using CustomerScoring.Rules;
using CustomerScoring.Summaries;
using CustomerScoring.Tiers;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Tiers;

public class CustomerProfilesTests
{
    // Customer 0: 100 days ago 20, 40 days ago 30, 10 days ago 50.
    // Customer 1: one purchase 200 days ago, 500.
    // Customer 2: two purchases 5 days ago (10 + 15, one period) and one 65 days ago (25).
    // Customer 3: 30 days ago, 100.
    private static CustomerProfiles Sample() => CustomerProfiles.Create(TierData.Summaries(
        [(100, 20), (40, 30), (10, 50)],
        [(200, 500)],
        [(5, 10), (5, 15), (65, 25)],
        [(30, 100)]));

    [Fact]
    public void Fields_match_hand_computed_values()
    {
        CustomerProfiles p = Sample();
        Assert.Equal([10.0, 200, 5, 30], p.NumberColumn(ProfileField.DaysSinceLastPurchase).ToArray());
        Assert.Equal([2.0, 0, 1, 0], p.NumberColumn(ProfileField.Frequency).ToArray());
        Assert.Equal([3.0, 1, 3, 1], p.NumberColumn(ProfileField.Transactions).ToArray());
        Assert.Equal([3.0, 1, 2, 1], p.NumberColumn(ProfileField.PurchasePeriods).ToArray());
        Assert.Equal([100.0, 500, 50, 100], p.NumberColumn(ProfileField.TotalSpend).ToArray());
        Assert.Equal([40.0, 0, 25, 0], p.NumberColumn(ProfileField.MonetaryRepeatMean).ToArray());
        Assert.Equal([100.0, 200, 65, 30], p.NumberColumn(ProfileField.FirstPurchaseDaysAgo).ToArray());
        Assert.Equal([90.0, 0, 60, 0], p.NumberColumn(ProfileField.TenureDays).ToArray());

        double[] mean = p.NumberColumn(ProfileField.MeanInterpurchaseDays).ToArray();
        Assert.Equal(45.0, mean[0]);
        Assert.True(double.IsNaN(mean[1])); // one-time buyer: undefined
        Assert.Equal(60.0, mean[2]);
        Assert.True(double.IsNaN(mean[3]));

        double[] overdue = p.NumberColumn(ProfileField.OverdueRatio).ToArray();
        Assert.Equal(10.0 / 45, overdue[0], 12);
        Assert.True(double.IsNaN(overdue[1]));
        Assert.Equal(5.0 / 60, overdue[2], 12);
    }

    [Property(MaxTest = 200)]
    public void The_overdue_ratio_is_days_since_over_the_mean_gap_of_the_columns_bit_for_bit(int seed)
    {
        // The ratio is computed from the summaries directly (the tenure and mean columns are made only when asked for):
        // it must equal since / mean of those columns exactly, with 0 for 0 / 0 and NaN for one-time buyers.
        CustomerSummaries summaries = TierData.Random(seed);
        double[] overdue = CustomerProfiles.Create(summaries).NumberColumn(ProfileField.OverdueRatio).ToArray();
        CustomerProfiles other = CustomerProfiles.Create(summaries);
        double[] mean = other.NumberColumn(ProfileField.MeanInterpurchaseDays).ToArray();
        double[] since = other.NumberColumn(ProfileField.DaysSinceLastPurchase).ToArray();
        double[] overdueAfterMean = other.NumberColumn(ProfileField.OverdueRatio).ToArray();
        for (int i = 0; i < summaries.Count; i++)
        {
            double expected = since[i] == 0 && mean[i] == 0 ? 0 : since[i] / mean[i];
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(overdue[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(overdueAfterMean[i]));
        }
    }

    [Fact]
    public void Derived_columns_of_many_customers_follow_their_definitions_customer_by_customer()
    {
        // Above two blocks of 32,768 customers the derived columns are made in blocks on several threads: each value must
        // still be its own customer's, by the definitions (calendar days from the summaries' dates and columns).
        var random = new Random(11);
        int rows = 300_000;
        var index = new int[rows];
        var time = new DateTime[rows];
        var amount = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            index[i] = random.Next(100_000);
            time[i] = new DateTime(2024, 1, 1).AddDays(random.Next(700)).AddHours(random.Next(24));
            amount[i] = Math.Round(1 + (random.NextDouble() * 99), 2);
        }

        CustomerSummaries s = Summarizer.Summarize(new CustomerScoring.Transactions.TransactionBatch(index, time, amount), new SummaryOptions(new DateOnly(2026, 1, 1)));
        Assert.True(s.Count > 2 * 32_768, $"{s.Count} customers");
        CustomerProfiles p = CustomerProfiles.Create(s);
        double[] sinceLast = p.NumberColumn(ProfileField.DaysSinceLastPurchase).ToArray();
        double[] firstAgo = p.NumberColumn(ProfileField.FirstPurchaseDaysAgo).ToArray();
        double[] tenure = p.NumberColumn(ProfileField.TenureDays).ToArray();
        double[] mean = p.NumberColumn(ProfileField.MeanInterpurchaseDays).ToArray();
        double[] overdue = p.NumberColumn(ProfileField.OverdueRatio).ToArray();
        double[] transactions = p.NumberColumn(ProfileField.Transactions).ToArray();
        int end = s.ObservationEnd.DayNumber;
        for (int i = 0; i < s.Count; i++)
        {
            int first = DateOnly.FromDateTime(s.FirstPurchase[i]).DayNumber, last = DateOnly.FromDateTime(s.LastPurchase[i]).DayNumber;
            double x = s.Frequency[i];
            Assert.Equal(end - last, sinceLast[i]);
            Assert.Equal(end - first, firstAgo[i]);
            Assert.Equal(last - first, tenure[i]);
            Assert.Equal(x > 0 ? (last - first) / x : double.NaN, mean[i]);
            Assert.Equal(end == last && x > 0 && last == first ? 0 : (end - last) / (x > 0 ? (last - first) / x : double.NaN), overdue[i]);
            Assert.Equal(s.TransactionCount[i], transactions[i]);
        }
    }

    [Fact]
    public void Percentiles_are_the_share_of_strictly_smaller_values_and_ties_share()
    {
        CustomerProfiles p = Sample();
        // Spend 100, 500, 50, 100: 100 has one smaller value (1/4), 500 three, 50 none.
        Assert.Equal([0.25, 0.75, 0, 0.25], p.NumberColumn(ProfileField.SpendPercentile).ToArray());
        // Frequency 2, 0, 1, 0.
        Assert.Equal([0.75, 0, 0.5, 0], p.NumberColumn(ProfileField.FrequencyPercentile).ToArray());
    }

    [Property(MaxTest = 200)]
    public void Percentiles_equal_a_quadratic_count(int seed)
    {
        (double[] clv, _) = TierData.RandomModel(seed, new Random(seed).Next(0, 300));
        double[] fast = CustomerProfiles.Percentiles(clv);
        for (int i = 0; i < clv.Length; i++)
        {
            int smaller = clv.Count(v => v < clv[i]);
            Assert.Equal((double)smaller / clv.Length, fast[i]);
        }
    }

    [Fact]
    public void Optional_columns_are_absent_until_attached_and_rules_that_need_them_say_so()
    {
        CustomerProfiles p = Sample();
        Assert.False(p.Has(ProfileField.Clv));
        Assert.False(p.Has(ProfileField.Segment));
        Assert.True(p.Has(ProfileField.AbcClass)); // computed from spend when not given
        var set = new RuleSet("t", [Rule.Parse("Gold", "clv >= 10")], "Other");
        RuleDefinitionException e = Assert.Throws<RuleDefinitionException>(() => set.Assign(p));
        Assert.Contains("Rule 'Gold'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'clv' is not available", e.Message, StringComparison.Ordinal);

        CustomerProfiles withClv = p.WithClv(new double[] { 5, 50, 500, 5000 }, new double[] { 0.1, 0.2, 0.3, 0.4 });
        Assert.True(withClv.Has(ProfileField.Clv));
        Assert.False(withClv.Has(ProfileField.ExpectedPurchases));
        Assert.Equal(["Other", "Gold", "Gold", "Gold"], TierNamesOf(set.Assign(withClv)));
        Assert.Equal([0, 0.25, 0.5, 0.75], withClv.NumberColumn(ProfileField.ClvPercentile).ToArray());
        Assert.Throws<ArgumentException>(() => p.WithClv(new double[] { 1, 2 }));
        Assert.Throws<ArgumentException>(() => p.WithClv(new double[] { 1, 2, double.NaN, 4 }));
        Assert.Throws<ArgumentException>(() => p.WithClv(new double[] { 1, 2, 3, 4 }, new double[] { 0, 0, 1.5, 0 }));
    }

    [Fact]
    public void Abc_class_from_spend_follows_cumulative_share()
    {
        // Spends 800, 150, 50: A closes at 80% (the 800), B at 95% (the 150), C the rest.
        CustomerSummaries s = TierData.Summaries([(3, 800)], [(3, 150)], [(3, 50)]);
        TierAssignment a = BuiltInRuleSets.AbcClasses().Assign(CustomerProfiles.Create(s));
        Assert.Equal(["A", "B", "C"], TierNamesOf(a));
    }

    [Fact]
    public void Loyalty_points_round_as_asked_and_redeem()
    {
        Assert.Equal(1, new LoyaltyProgram(10, PointsRounding.Down).PointsFor(19.99));
        Assert.Equal(2, new LoyaltyProgram(10, PointsRounding.Up).PointsFor(10.01));
        Assert.Equal(2, new LoyaltyProgram(10, PointsRounding.Nearest).PointsFor(15));
        Assert.Equal(1, new LoyaltyProgram(10, PointsRounding.Nearest).PointsFor(14.99));
        Assert.Equal(3, new LoyaltyProgram(0.1, PointsRounding.Down).PointsFor(0.3)); // 0.3 / 0.1 = 2.9999999999999996
        Assert.Equal(3, new LoyaltyProgram(0.1, PointsRounding.Up).PointsFor(0.3));
        Assert.Equal(0, new LoyaltyProgram(10, PointsRounding.Up).PointsFor(-25));
        Assert.Equal(2.5, new LoyaltyProgram(10, PointsRounding.Down, 100).RedemptionValue(250));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoyaltyProgram(0));
    }

    internal static string[] TierNamesOf(TierAssignment a) => [.. Enumerable.Range(0, a.Count).Select(a.TierOf)];
}
