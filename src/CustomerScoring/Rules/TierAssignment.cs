using System.Globalization;
using System.Text;

namespace CustomerScoring.Rules;

/// <summary>
/// The tier of every customer under a <see cref="Rules.RuleSet"/>: a tier index per customer into <see cref="TierNames"/>,
/// the count per tier and, under <see cref="HitPolicy.Collect"/>, a bit mask of matching rules per customer. Immutable.
/// </summary>
public sealed class TierAssignment
{
    private readonly byte[] _tiers;
    private readonly ulong[] _tags;
    private readonly int[] _counts;
    private readonly int[] _tagCounts;

    internal TierAssignment(RuleSet ruleSet, byte[] tiers, int[] counts, ulong[] tags, int[] tagCounts)
    {
        RuleSet = ruleSet;
        _tiers = tiers;
        _counts = counts;
        _tags = tags;
        _tagCounts = tagCounts;
    }

    /// <summary>The rule set that produced the assignment.</summary>
    public RuleSet RuleSet { get; }

    /// <summary>Number of customers.</summary>
    public int Count => _tiers.Length;

    /// <summary>The tier names, indexed like <see cref="TierIndices"/>: the rules' tiers in order of first appearance, then the default.</summary>
    public IReadOnlyList<string> TierNames => RuleSet.TierNames;

    /// <summary>The tier index of each customer.</summary>
    public ReadOnlySpan<byte> TierIndices => _tiers;

    /// <summary>The number of customers in each tier, indexed like <see cref="TierNames"/>.</summary>
    public IReadOnlyList<int> Counts => _counts;

    /// <summary>Whether <see cref="Tags"/> are present (<see cref="HitPolicy.Collect"/>).</summary>
    public bool HasTags => RuleSet.HitPolicy == HitPolicy.Collect;

    /// <summary>Under <see cref="HitPolicy.Collect"/>: per customer, bit r set when rule r of <see cref="RuleSet.Rules"/> matched; otherwise empty.</summary>
    public ReadOnlySpan<ulong> Tags => _tags;

    /// <summary>Under <see cref="HitPolicy.Collect"/>: the number of customers each rule matched; otherwise empty.</summary>
    public IReadOnlyList<int> TagCounts => _tagCounts;

    /// <summary>The tier name of a customer.</summary>
    /// <param name="row">Row.</param>
    /// <returns>The tier.</returns>
    public string TierOf(int row) => RuleSet.TierNames[_tiers[row]];

    /// <summary>The tags of a customer (the tiers of the matching rules, in rule order, without repeats); empty unless <see cref="HasTags"/>.</summary>
    /// <param name="row">Row.</param>
    /// <returns>The tags (a new list).</returns>
    public IReadOnlyList<string> TagsOf(int row)
    {
        if (!HasTags)
        {
            return [];
        }

        var tags = new List<string>();
        ulong mask = _tags[row];
        IReadOnlyList<ITierRule> rules = RuleSet.Rules;
        for (int r = 0; r < rules.Count; r++)
        {
            if ((mask & (1UL << r)) != 0 && !tags.Contains(rules[r].Tier))
            {
                tags.Add(rules[r].Tier);
            }
        }

        return tags;
    }

    /// <summary>
    /// What a file writes for a customer: the tier, or under <see cref="HitPolicy.Collect"/> every tag joined by <c>"; "</c>
    /// (the default tier when no rule matched), so no matching rule is lost.
    /// </summary>
    /// <param name="row">Row.</param>
    /// <returns>The label.</returns>
    public string LabelOf(int row)
    {
        if (!HasTags)
        {
            return TierOf(row);
        }

        IReadOnlyList<string> tags = TagsOf(row);
        return tags.Count == 0 ? RuleSet.DefaultTier : string.Join("; ", tags);
    }

    /// <summary>
    /// Customers per tier name, in <see cref="TierNames"/> order: the customers in each tier, or under
    /// <see cref="HitPolicy.Collect"/> the customers carrying each tag (a customer may carry several) and, for the default
    /// tier, the customers no rule matched.
    /// </summary>
    /// <returns>Tier name and customers.</returns>
    public IReadOnlyList<KeyValuePair<string, int>> CustomersPerTier()
    {
        var result = new int[TierNames.Count];
        if (!HasTags)
        {
            _counts.CopyTo(result, 0);
        }
        else
        {
            int defaultIndex = RuleSet.DefaultTierIndex;
            for (int c = 0; c < Count; c++)
            {
                IReadOnlyList<string> tags = TagsOf(c);
                if (tags.Count == 0)
                {
                    result[defaultIndex]++;
                }

                foreach (string tag in tags)
                {
                    for (int t = 0; t < TierNames.Count; t++)
                    {
                        if (TierNames[t] == tag)
                        {
                            result[t]++;
                            break;
                        }
                    }
                }
            }
        }

        return [.. TierNames.Select((name, t) => new KeyValuePair<string, int>(name, result[t]))];
    }

    /// <summary>The count and share of each tier.</summary>
    /// <returns>A readable table.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"{RuleSet.Name}: {Count:N0} customers");
        for (int t = 0; t < _counts.Length; t++)
        {
            double share = Count == 0 ? 0 : 100.0 * _counts[t] / Count;
            sb.AppendLine().Append(inv, $"  {TierNames[t],-20} {_counts[t],10:N0} {share,6:F1}%");
        }

        return sb.ToString();
    }
}
