using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using CustomerScoring.Profiles;

namespace CustomerScoring.Rules;

/// <summary>
/// An ordered set of rules with a default tier and a hit policy (<see cref="HitPolicy.First"/> by default): assigns a
/// tier to every customer of a <see cref="CustomerProfiles"/> view and explains any one customer's tier on demand.
/// </summary>
/// <remarks>
/// <para>Rules come from condition expressions (<see cref="Rule.Parse"/>, rule files: <see cref="Parse"/>, <see cref="Load"/>),
/// typed predicates (<see cref="Rule.When"/>) or your own <see cref="ITierRule"/>. Expression rules are checked when the set
/// is built (syntax, fields, types, unreachable rules) and compiled to closures over the columns when it runs.</para>
/// <para>A rule is unreachable, and rejected, when under <see cref="HitPolicy.First"/> it follows a rule whose condition is
/// <c>true</c> or repeats an earlier rule's condition, or under <see cref="HitPolicy.Priority"/> it is outranked (lower
/// priority, or equal and later) by such a rule.</para>
/// <para>Immutable and safe to share between threads.</para>
/// </remarks>
public sealed class RuleSet
{
    /// <summary>The most rules a <see cref="HitPolicy.Collect"/> set can have (one bit each).</summary>
    public const int MaxCollectRules = 64;

    private readonly ITierRule[] _rules;
    private readonly int[] _order;
    private readonly byte[] _tierOfRule;
    private readonly string[] _tierNames;

    /// <summary>Creates a rule set.</summary>
    /// <param name="name">A name for reports.</param>
    /// <param name="rules">The rules in order.</param>
    /// <param name="defaultTier">The tier of customers no rule matches.</param>
    /// <param name="hitPolicy">How matching rules are combined.</param>
    /// <param name="loyalty">A loyalty program that makes the <c>points</c> field available, or null.</param>
    /// <param name="description">A description for readers, or null.</param>
    /// <exception cref="RuleDefinitionException">Duplicate rule names, an unreachable rule, too many tiers or rules.</exception>
    public RuleSet(string name, IEnumerable<ITierRule> rules, string defaultTier, HitPolicy hitPolicy = HitPolicy.First, LoyaltyProgram? loyalty = null, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultTier);
        if (!Enum.IsDefined(hitPolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(hitPolicy), hitPolicy, "Unknown hit policy.");
        }

        Name = name;
        Description = description;
        DefaultTier = defaultTier;
        HitPolicy = hitPolicy;
        Loyalty = loyalty;
        _rules = [.. rules];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ITierRule r in _rules)
        {
            ArgumentNullException.ThrowIfNull(r, nameof(rules));
            if (!names.Add(r.Name))
            {
                throw Error(r, $"the name '{r.Name}' is used by another rule; rule names must be unique");
            }
        }

        if (hitPolicy == HitPolicy.Collect && _rules.Length > MaxCollectRules)
        {
            throw new RuleDefinitionException($"A Collect rule set has at most {MaxCollectRules} rules; '{name}' has {_rules.Length}.");
        }

        var tierNames = new List<string>();
        _tierOfRule = new byte[_rules.Length];
        for (int r = 0; r < _rules.Length; r++)
        {
            _tierOfRule[r] = TierIndex(tierNames, _rules[r].Tier);
        }

        DefaultTierIndex = TierIndex(tierNames, defaultTier);
        _tierNames = [.. tierNames];
        TierNames = new ReadOnlyCollection<string>(_tierNames);
        Rules = new ReadOnlyCollection<ITierRule>(_rules);

        // Evaluation order: rule order, or stable by descending priority.
        _order = [.. Enumerable.Range(0, _rules.Length)];
        if (hitPolicy == HitPolicy.Priority)
        {
            _order = [.. _order.OrderByDescending(r => _rules[r].Priority)];
        }

        if (hitPolicy != HitPolicy.Collect)
        {
            CheckReachable();
        }
    }

    /// <summary>The set's name.</summary>
    public string Name { get; }

    /// <summary>A description, or null.</summary>
    public string? Description { get; }

    /// <summary>The rules in the order given.</summary>
    public IReadOnlyList<ITierRule> Rules { get; }

    /// <summary>The default tier.</summary>
    public string DefaultTier { get; }

    /// <summary>The index of the default tier in <see cref="TierNames"/>.</summary>
    public int DefaultTierIndex { get; }

    /// <summary>The hit policy.</summary>
    public HitPolicy HitPolicy { get; }

    /// <summary>The loyalty program behind the <c>points</c> field, or null.</summary>
    public LoyaltyProgram? Loyalty { get; }

    /// <summary>The distinct tier names: the rules' tiers in order of first appearance, then the default (unless a rule already uses it).</summary>
    public IReadOnlyList<string> TierNames { get; }

    /// <summary>Reads a rule set from JSON text (the rule file format; see samples/rules).</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The rule set.</returns>
    /// <exception cref="RuleDefinitionException">Malformed JSON or an invalid rule; the message gives the rule, line, column and character.</exception>
    public static RuleSet Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return RuleSetJson.Read(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads a rule file.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The rule set.</returns>
    /// <exception cref="RuleDefinitionException">Malformed JSON or an invalid rule; the message gives the file, rule, line and column.</exception>
    public static RuleSet Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return RuleSetJson.Read(bytes);
        }
        catch (RuleDefinitionException e)
        {
            throw new RuleDefinitionException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The rule file (JSON) of this set, to copy and edit.</summary>
    /// <returns>Indented JSON.</returns>
    /// <exception cref="InvalidOperationException">A rule is not an expression rule (typed and custom rules have no text form).</exception>
    public string ToJson() => RuleSetJson.Write(this);

    /// <summary>The index of a tier name in <see cref="TierNames"/>, or -1.</summary>
    /// <param name="tier">The name.</param>
    /// <returns>The index.</returns>
    public int TierIndexOf(string tier) => Array.IndexOf(_tierNames, tier);

    /// <summary>
    /// Assigns a tier to every customer: one pass over the customers, each rule compiled once to a closure over the
    /// columns; nothing is allocated per customer.
    /// </summary>
    /// <param name="profiles">The profiles.</param>
    /// <returns>The assignment.</returns>
    /// <exception cref="RuleDefinitionException">A rule reads a field the profiles lack (e.g. clv without a CLV column) or an unknown text value.</exception>
    public TierAssignment Assign(CustomerProfiles profiles)
    {
        profiles = Prepare(profiles);
        int n = profiles.Count;
        Func<int, bool>[] predicates = Compile(profiles);
        var tiers = new byte[n];
        var counts = new int[_tierNames.Length];
        byte fallback = (byte)DefaultTierIndex;
        if (HitPolicy == HitPolicy.Collect)
        {
            var tags = new ulong[n];
            var tagCounts = new int[_rules.Length];
            for (int i = 0; i < n; i++)
            {
                ulong mask = 0;
                for (int r = 0; r < predicates.Length; r++)
                {
                    if (predicates[r](i))
                    {
                        mask |= 1UL << r;
                    }
                }

                byte t = mask == 0 ? fallback : _tierOfRule[System.Numerics.BitOperations.TrailingZeroCount(mask)];
                tiers[i] = t;
                tags[i] = mask;
                counts[t]++;
            }

            for (int i = 0; i < n; i++)
            {
                ulong mask = tags[i];
                while (mask != 0)
                {
                    tagCounts[System.Numerics.BitOperations.TrailingZeroCount(mask)]++;
                    mask &= mask - 1;
                }
            }

            return new TierAssignment(this, tiers, counts, tags, tagCounts);
        }

        // First and Priority: predicates and tiers in evaluation order.
        var tierInOrder = new byte[_order.Length];
        for (int k = 0; k < _order.Length; k++)
        {
            tierInOrder[k] = _tierOfRule[_order[k]];
        }

        for (int i = 0; i < n; i++)
        {
            byte t = fallback;
            for (int k = 0; k < predicates.Length; k++)
            {
                if (predicates[k](i))
                {
                    t = tierInOrder[k];
                    break;
                }
            }

            tiers[i] = t;
            counts[t]++;
        }

        return new TierAssignment(this, tiers, counts, [], []);
    }

    /// <summary>Explains one customer's tier: the rule that fired and each of its conditions with the customer's values.</summary>
    /// <param name="profiles">The profiles.</param>
    /// <param name="row">Row.</param>
    /// <returns>The explanation; its <see cref="TierExplanation.ToString"/> is a readable sentence.</returns>
    public TierExplanation Explain(CustomerProfiles profiles, int row)
    {
        profiles = Prepare(profiles);
        if ((uint)row >= (uint)profiles.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"There are {profiles.Count} customers.");
        }

        var outcomes = new List<RuleOutcome>(_rules.Length);
        RuleOutcome? fired = null;
        var tags = new List<string>();
        foreach (int r in _order)
        {
            RuleOutcome o = _rules[r].Explain(profiles, row);
            outcomes.Add(o);
            if (o.Matched)
            {
                if (HitPolicy == HitPolicy.Collect)
                {
                    fired ??= o;
                    if (!tags.Contains(o.Tier))
                    {
                        tags.Add(o.Tier);
                    }
                }
                else
                {
                    fired = o;
                    break;
                }
            }
        }

        return new TierExplanation(this, row, fired?.Tier ?? DefaultTier, fired, outcomes, tags);
    }

    /// <summary>"value-tiers (First): VIP if clv_percentile &gt;= 0.99; ...; otherwise Bronze".</summary>
    /// <returns>The rules in words.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Name} ({HitPolicy}): ");
        foreach (int r in _order)
        {
            ITierRule rule = _rules[r];
            sb.Append(rule.Tier).Append(" if ").Append(rule.Condition);
            if (HitPolicy == HitPolicy.Priority)
            {
                sb.Append(CultureInfo.InvariantCulture, $" (priority {rule.Priority})");
            }

            sb.Append("; ");
        }

        sb.Append("otherwise ").Append(DefaultTier);
        return sb.ToString();
    }

    /// <summary>The rule predicates in evaluation order (test and benchmark hook).</summary>
    internal Func<int, bool>[] Compile(CustomerProfiles profiles)
    {
        var predicates = new Func<int, bool>[_order.Length];
        for (int k = 0; k < _order.Length; k++)
        {
            ITierRule rule = _rules[_order[k]];
            predicates[k] = rule switch
            {
                ExpressionRule e => e.Compile(profiles),
                LambdaRule l => Bind(l.Predicate, profiles),
                _ => Bind(rule, profiles),
            };
        }

        return predicates;
    }

    internal CustomerProfiles Prepare(CustomerProfiles profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        return Loyalty is null ? profiles : profiles.WithLoyalty(Loyalty);
    }

    private static Func<int, bool> Bind(Func<CustomerProfile, bool> predicate, CustomerProfiles profiles) =>
        i => predicate(new CustomerProfile(profiles, i));

    private static Func<int, bool> Bind(ITierRule rule, CustomerProfiles profiles) => i => rule.Evaluate(profiles, i);

    private static byte TierIndex(List<string> names, string tier)
    {
        int i = names.IndexOf(tier);
        if (i >= 0)
        {
            return (byte)i;
        }

        if (names.Count == byte.MaxValue + 1)
        {
            throw new RuleDefinitionException($"A rule set has at most {byte.MaxValue + 1} distinct tiers.");
        }

        names.Add(tier);
        return (byte)(names.Count - 1);
    }

    private static RuleDefinitionException Error(ITierRule rule, string reason) => rule is ExpressionRule e
        ? new RuleDefinitionException(reason, e.Name, e.Condition, 0, e.Line, e.Line > 0 ? e.Column + 1 : 0)
        : new RuleDefinitionException(reason, rule.Name, null, -1, 0, 0);

    private void CheckReachable()
    {
        // Walk in evaluation order: anything after an unconditional rule, or repeating an earlier condition, never fires.
        var seen = new Dictionary<string, ITierRule>(StringComparer.Ordinal);
        ITierRule? always = null;
        foreach (int r in _order)
        {
            ITierRule rule = _rules[r];
            if (always is not null)
            {
                throw Error(rule, $"unreachable rule: it can never fire because rule '{always.Name}' before it always applies (condition true)");
            }

            if (rule is not ExpressionRule e)
            {
                continue;
            }

            if (seen.TryGetValue(e.Canonical, out ITierRule? earlier))
            {
                throw Error(rule, $"unreachable rule: its condition is the same as that of rule '{earlier.Name}', which is evaluated first");
            }

            seen.Add(e.Canonical, rule);
            if (e.Root.IsAlways)
            {
                always = rule;
            }
        }
    }
}
