using CustomerScoring.Profiles;
namespace CustomerScoring.Rules;

/// <summary>A rule whose condition is a typed predicate over <see cref="CustomerProfile"/>.</summary>
internal sealed class LambdaRule(string name, string tier, Func<CustomerProfile, bool> predicate, string condition, int priority) : ITierRule
{
    public string Name { get; } = name;

    public string Tier { get; } = tier;

    public int Priority { get; } = priority;

    public string Condition { get; } = condition;

    internal Func<CustomerProfile, bool> Predicate { get; } = predicate;

    public bool Evaluate(CustomerProfiles profiles, int row) => Predicate(new CustomerProfile(profiles, row));

    public RuleOutcome Explain(CustomerProfiles profiles, int row)
    {
        bool held = Evaluate(profiles, row);
        var outcome = new ConditionOutcome(Condition, held ? "true" : "false", "==", "true", held);
        return new RuleOutcome(Name, Tier, held, held ? Condition : Condition + " [false]", [outcome]);
    }
}
