namespace CustomerScoring.Profiles;

/// <summary>
/// One customer's row of a <see cref="CustomerProfiles"/> view, for typed rules such as
/// <c>Rule.When("Gold", p =&gt; p.ClvPercentile &gt;= 0.95)</c>. A small struct: reading it allocates nothing.
/// </summary>
/// <remarks>Reading a field the profiles lack (e.g. <see cref="Clv"/> without a CLV column) throws <see cref="InvalidOperationException"/>.</remarks>
public readonly struct CustomerProfile
{
    internal CustomerProfile(CustomerProfiles profiles, int row)
    {
        Profiles = profiles;
        Row = row;
    }

    /// <summary>The profiles this row belongs to.</summary>
    public CustomerProfiles Profiles { get; }

    /// <summary>The row (summary row) of the customer.</summary>
    public int Row { get; }

    /// <summary>Days from the last purchase to the observation end.</summary>
    public double DaysSinceLastPurchase => Get(ProfileField.DaysSinceLastPurchase);

    /// <summary>Repeat purchase periods x.</summary>
    public double Frequency => Get(ProfileField.Frequency);

    /// <summary>Number of transactions.</summary>
    public double Transactions => Get(ProfileField.Transactions);

    /// <summary>Distinct purchase periods.</summary>
    public double PurchasePeriods => Get(ProfileField.PurchasePeriods);

    /// <summary>Total amount.</summary>
    public double TotalSpend => Get(ProfileField.TotalSpend);

    /// <summary>Total margin.</summary>
    public double TotalMargin => Get(ProfileField.TotalMargin);

    /// <summary>Mean amount of repeat periods.</summary>
    public double MonetaryRepeatMean => Get(ProfileField.MonetaryRepeatMean);

    /// <summary>Days from the first purchase to the observation end.</summary>
    public double FirstPurchaseDaysAgo => Get(ProfileField.FirstPurchaseDaysAgo);

    /// <summary>Days from the first to the last purchase.</summary>
    public double TenureDays => Get(ProfileField.TenureDays);

    /// <summary>Tenure days / frequency; NaN when frequency is 0.</summary>
    public double MeanInterpurchaseDays => Get(ProfileField.MeanInterpurchaseDays);

    /// <summary>Days since last purchase / mean inter-purchase days; NaN when frequency is 0.</summary>
    public double OverdueRatio => Get(ProfileField.OverdueRatio);

    /// <summary>Fraction of customers with a strictly smaller total spend.</summary>
    public double SpendPercentile => Get(ProfileField.SpendPercentile);

    /// <summary>Fraction of customers with a strictly smaller frequency.</summary>
    public double FrequencyPercentile => Get(ProfileField.FrequencyPercentile);

    /// <summary>RFM recency score.</summary>
    public double RScore => Get(ProfileField.RScore);

    /// <summary>RFM frequency score.</summary>
    public double FScore => Get(ProfileField.FScore);

    /// <summary>RFM monetary score.</summary>
    public double MScore => Get(ProfileField.MScore);

    /// <summary>R x 100 + F x 10 + M.</summary>
    public double RfmCell => Get(ProfileField.RfmCell);

    /// <summary>RFM segment name.</summary>
    public string Segment => Profiles.Text(ProfileField.Segment, Row);

    /// <summary>ABC class name: "A", "B", "C" or "Excluded".</summary>
    public string AbcClass => Profiles.Text(ProfileField.AbcClass, Row);

    /// <summary>Customer lifetime value.</summary>
    public double Clv => Get(ProfileField.Clv);

    /// <summary>Fraction of customers with a strictly smaller CLV.</summary>
    public double ClvPercentile => Get(ProfileField.ClvPercentile);

    /// <summary>Probability of being alive.</summary>
    public double PAlive => Get(ProfileField.PAlive);

    /// <summary>Expected purchases.</summary>
    public double ExpectedPurchases => Get(ProfileField.ExpectedPurchases);

    /// <summary>Loyalty points earned on total spend.</summary>
    public double Points => Get(ProfileField.Points);

    /// <summary><c>last_gap_days</c>: days between the last two distinct purchase periods; NaN when x = 0.</summary>
    public double LastGapDays => Get(ProfileField.LastGapDays);

    /// <summary>Any numeric field by name.</summary>
    /// <param name="field">A numeric field.</param>
    public double this[ProfileField field] => Get(field);

    private double Get(ProfileField field) => Profiles.Numbers(field)[Row];
}
