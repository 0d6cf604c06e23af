using System.Text;
using CustomerScoring.Profiles;

namespace CustomerScoring.Rules;

/// <summary>A rule whose condition is an expression of the condition language, parsed and type-checked once.</summary>
internal sealed class ExpressionRule : ITierRule
{
    internal ExpressionRule(string name, string tier, string condition, int priority, int line = 0, int column = 0)
    {
        Name = name;
        Tier = tier;
        Priority = priority;
        Condition = condition;
        Line = line;
        Column = column;
        try
        {
            Root = ConditionParser.Parse(condition);
        }
        catch (ConditionSyntaxException e)
        {
            throw Error(e.Offset, e.Message);
        }

        Canonical = Root.ToString();
    }

    public string Name { get; }

    public string Tier { get; }

    public int Priority { get; }

    public string Condition { get; }

    internal ConditionNode Root { get; }

    /// <summary>The condition in canonical form (used to find duplicated conditions and to write rule files).</summary>
    internal string Canonical { get; }

    internal int Line { get; }

    internal int Column { get; }

    public bool Evaluate(CustomerProfiles profiles, int row) => Root.Evaluate(profiles, row);

    public RuleOutcome Explain(CustomerProfiles profiles, int row)
    {
        var sb = new StringBuilder();
        var outcomes = new List<ConditionOutcome>();
        bool held = Root.Explain(profiles, row, sb, outcomes);
        return new RuleOutcome(Name, Tier, held, sb.ToString(), outcomes);
    }

    /// <summary>Checks availability of fields and text values, then compiles to a closure over the columns.</summary>
    internal Func<int, bool> Compile(CustomerProfiles profiles)
    {
        var context = new BindContext(this, profiles);
        Root.Check(context);
        return Root.Compile(context);
    }

    internal RuleDefinitionException Error(int offset, string reason) =>
        new(reason, Name, Condition, offset, Line, Line > 0 ? Column + 1 + offset : 0);

    private sealed class BindContext(ExpressionRule rule, CustomerProfiles profiles) : IBindContext
    {
        public CustomerProfiles Profiles { get; } = profiles;

        public Exception Error(int offset, string message) => rule.Error(offset, message);
    }
}
