using System.Collections.Frozen;

namespace CustomerScoring.Profiles;

/// <summary>Names and kinds of the <see cref="ProfileField"/>s as used in rule files.</summary>
public static class ProfileFields
{
    private static readonly string[] Names =
    [
        "days_since_last_purchase", "frequency", "transactions", "purchase_periods", "total_spend", "total_margin",
        "monetary_repeat_mean", "first_purchase_days_ago", "tenure_days", "mean_interpurchase_days", "overdue_ratio",
        "spend_percentile", "frequency_percentile", "r_score", "f_score", "m_score", "rfm_cell", "segment", "abc_class",
        "clv", "clv_percentile", "p_alive", "expected_purchases", "points", "last_gap_days",
    ];

    private static readonly FrozenDictionary<string, ProfileField> ByName = BuildLookup();

    /// <summary>Every field, in declaration order.</summary>
    public static IReadOnlyList<ProfileField> All { get; } = Enum.GetValues<ProfileField>();

    /// <summary>The snake_case name of a field, e.g. "days_since_last_purchase".</summary>
    /// <param name="field">The field.</param>
    /// <returns>Its name in rule files.</returns>
    public static string NameOf(ProfileField field) => Names[(int)field];

    /// <summary>Whether the field holds text (compared with <c>==</c>, <c>!=</c> and <c>in</c>) rather than a number.</summary>
    /// <param name="field">The field.</param>
    /// <returns>True for <see cref="ProfileField.Segment"/> and <see cref="ProfileField.AbcClass"/>.</returns>
    public static bool IsText(ProfileField field) => field is ProfileField.Segment or ProfileField.AbcClass;

    /// <summary>Finds a field by its name or alias (<c>recency</c>, <c>x</c>); case-sensitive.</summary>
    /// <param name="name">The name.</param>
    /// <param name="field">The field found.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParse(string name, out ProfileField field) => ByName.TryGetValue(name, out field);

    internal static string KnownNames => string.Join(", ", Names);

    private static FrozenDictionary<string, ProfileField> BuildLookup()
    {
        var d = new Dictionary<string, ProfileField>(StringComparer.Ordinal);
        for (int i = 0; i < Names.Length; i++)
        {
            d[Names[i]] = (ProfileField)i;
        }

        d["recency"] = ProfileField.DaysSinceLastPurchase;
        d["x"] = ProfileField.Frequency;
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
