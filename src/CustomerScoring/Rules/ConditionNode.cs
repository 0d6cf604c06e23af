using System.Globalization;
using System.Text;
using CustomerScoring.Profiles;

namespace CustomerScoring.Rules;

/// <summary>Comparison operators of the condition language.</summary>
internal enum CompareOp
{
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

/// <summary>Binds a parsed condition to the columns of one <see cref="CustomerProfiles"/>; reports errors with the rule's context.</summary>
internal interface IBindContext
{
    CustomerProfiles Profiles { get; }

    Exception Error(int offset, string message);
}

/// <summary>
/// A node of a parsed condition. <see cref="Compile"/> turns the tree into closures over the profile columns (no
/// expression trees, no reflection); <see cref="Evaluate"/> is the slow direct interpretation used for explanations.
/// Undefined (NaN) values fail every comparison; only <c>not</c> negates.
/// </summary>
internal abstract class ConditionNode(int start, int end)
{
    /// <summary>Offset of the node's first character in the condition text.</summary>
    public int Start { get; } = start;

    /// <summary>Offset just after the node's last character.</summary>
    public int End { get; } = end;

    /// <summary>Whether the node is the literal <c>true</c>.</summary>
    public virtual bool IsAlways => false;

    /// <summary>Binding strength for rendering: 0 or, 1 and, 2 not, 3 leaf.</summary>
    public abstract int Precedence { get; }

    public abstract Func<int, bool> Compile(IBindContext context);

    public abstract bool Evaluate(CustomerProfiles profiles, int row);

    /// <summary>Canonical text: keywords lowercase, numbers round-trip, strings double-quoted, parentheses where needed
    /// and around an <c>and</c> inside an <c>or</c> (for readers).</summary>
    public abstract void Render(StringBuilder sb);

    /// <summary>Renders with the customer's values and adds each elementary condition to <paramref name="outcomes"/>.</summary>
    public abstract bool Explain(CustomerProfiles profiles, int row, StringBuilder sb, List<ConditionOutcome> outcomes);

    /// <summary>Checks that every field is available in the profiles and every text value is known.</summary>
    public abstract void Check(IBindContext context);

    public override string ToString()
    {
        var sb = new StringBuilder();
        Render(sb);
        return sb.ToString();
    }

    internal static string FormatNumber(double v) =>
        double.IsNaN(v) ? "undefined"
        : double.IsPositiveInfinity(v) ? "infinity"
        : double.IsNegativeInfinity(v) ? "-infinity"
        : v.ToString("0.####", CultureInfo.InvariantCulture);

    internal static string FormatThreshold(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    internal static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    internal static string Symbol(CompareOp op) => op switch
    {
        CompareOp.Lt => "<",
        CompareOp.Le => "<=",
        CompareOp.Gt => ">",
        CompareOp.Ge => ">=",
        CompareOp.Eq => "==",
        _ => "!=",
    };

    protected static void RenderChild(StringBuilder sb, ConditionNode child, int parentPrecedence)
    {
        bool parens = child.Precedence < parentPrecedence;
        if (parens)
        {
            sb.Append('(');
        }

        child.Render(sb);
        if (parens)
        {
            sb.Append(')');
        }
    }

    protected static bool ExplainChild(CustomerProfiles profiles, int row, StringBuilder sb, List<ConditionOutcome> outcomes, ConditionNode child, int parentPrecedence)
    {
        bool parens = child.Precedence < parentPrecedence;
        if (parens)
        {
            sb.Append('(');
        }

        bool held = child.Explain(profiles, row, sb, outcomes);
        if (parens)
        {
            sb.Append(')');
        }

        return held;
    }

    protected static void Leaf(StringBuilder sb, List<ConditionOutcome> outcomes, ConditionOutcome outcome)
    {
        outcomes.Add(outcome);
        sb.Append(outcome.ToString());
        if (!outcome.Held)
        {
            sb.Append(" [false]");
        }
    }

    protected static void CheckField(IBindContext context, ProfileField field, int offset)
    {
        if (context.Profiles.MissingReason(field) is { } reason)
        {
            throw context.Error(offset, $"field '{ProfileFields.NameOf(field)}' is not available: {reason}");
        }
    }
}

/// <summary>The literal <c>true</c>: an unconditional rule.</summary>
internal sealed class TrueNode(int start, int end) : ConditionNode(start, end)
{
    public override bool IsAlways => true;

    public override int Precedence => 3;

    public override Func<int, bool> Compile(IBindContext context) => static _ => true;

    public override bool Evaluate(CustomerProfiles profiles, int row) => true;

    public override void Render(StringBuilder sb) => sb.Append("true");

    public override bool Explain(CustomerProfiles profiles, int row, StringBuilder sb, List<ConditionOutcome> outcomes)
    {
        sb.Append("it always applies");
        return true;
    }

    public override void Check(IBindContext context)
    {
    }
}

/// <summary><c>a and b</c>.</summary>
internal sealed class AndNode(ConditionNode left, ConditionNode right) : ConditionNode(left.Start, right.End)
{
    public ConditionNode Left { get; } = left;

    public ConditionNode Right { get; } = right;

    public override int Precedence => 1;

    public override Func<int, bool> Compile(IBindContext context)
    {
        Func<int, bool> a = Left.Compile(context);
        Func<int, bool> b = Right.Compile(context);
        return i => a(i) && b(i);
    }

    public override bool Evaluate(CustomerProfiles profiles, int row) => Left.Evaluate(profiles, row) && Right.Evaluate(profiles, row);

    public override void Render(StringBuilder sb)
    {
        RenderChild(sb, Left, 1);
        sb.Append(" and ");
        RenderChild(sb, Right, 2);
    }

    public override bool Explain(CustomerProfiles profiles, int row, StringBuilder sb, List<ConditionOutcome> outcomes)
    {
        bool a = ExplainChild(profiles, row, sb, outcomes, Left, 1);
        sb.Append(" and ");
        bool b = ExplainChild(profiles, row, sb, outcomes, Right, 2);
        return a && b;
    }

    public override void Check(IBindContext context)
    {
        Left.Check(context);
        Right.Check(context);
    }
}

/// <summary><c>a or b</c>.</summary>
internal sealed class OrNode(ConditionNode left, ConditionNode right) : ConditionNode(left.Start, right.End)
{
    public ConditionNode Left { get; } = left;

    public ConditionNode Right { get; } = right;

    public override int Precedence => 0;

    public override Func<int, bool> Compile(IBindContext context)
    {
        Func<int, bool> a = Left.Compile(context);
        Func<int, bool> b = Right.Compile(context);
        return i => a(i) || b(i);
    }

    public override bool Evaluate(CustomerProfiles profiles, int row) => Left.Evaluate(profiles, row) || Right.Evaluate(profiles, row);

    public override void Render(StringBuilder sb)
    {
        RenderChild(sb, Left, Left is AndNode ? 2 : 0);
        sb.Append(" or ");
        RenderChild(sb, Right, Right is AndNode ? 2 : 1);
    }

    public override bool Explain(CustomerProfiles profiles, int row, StringBuilder sb, List<ConditionOutcome> outcomes)
    {
        bool a = ExplainChild(profiles, row, sb, outcomes, Left, Left is AndNode ? 2 : 0);
        sb.Append(" or ");
        bool b = ExplainChild(profiles, row, sb, outcomes, Right, Right is AndNode ? 2 : 1);
        return a || b;
    }

    public override void Check(IBindContext context)
    {
        Left.Check(context);
        Right.Check(context);
    }
}

/// <summary><c>not a</c>.</summary>
internal sealed class NotNode(int start, ConditionNode operand) : ConditionNode(start, operand.End)
{
    public ConditionNode Operand { get; } = operand;

    public override int Precedence => 2;

    public override Func<int, bool> Compile(IBindContext context)
    {
        Func<int, bool> a = Operand.Compile(context);
        return i => !a(i);
    }

    public override bool Evaluate(CustomerProfiles profiles, int row) => !Operand.Evaluate(profiles, row);

    public override void Render(StringBuilder sb)
    {
        sb.Append("not ");
        RenderChild(sb, Operand, 3);
    }

    public override bool Explain(CustomerProfiles profiles, int row, StringBuilder sb, List<ConditionOutcome> outcomes)
    {
        sb.Append("not ");
        return !ExplainChild(profiles, row, sb, outcomes, Operand, 3);
    }

    public override void Check(IBindContext context) => Operand.Check(context);
}

/// <summary><c>field op number</c>.</summary>
internal sealed class CompareNode(int start, int end, ProfileField field, CompareOp op, double threshold) : ConditionNode(start, end)
{
    public ProfileField Field { get; } = field;

    public CompareOp Op { get; } = op;

    public double Threshold { get; } = threshold;

    public override int Precedence => 3;

    public static bool Test(double v, CompareOp op, double t) => op switch
    {
        CompareOp.Lt => v < t,
        CompareOp.Le => v <= t,
        CompareOp.Gt => v > t,
        CompareOp.Ge => v >= t,
        CompareOp.Eq => v == t,
        _ => v < t || v > t, // NaN fails != as well
    };

    public override Func<int, bool> Compile(IBindContext context)
    {
        double[] c = context.Profiles.Numbers(Field);
        double t = Threshold;
        return Op switch
        {
            CompareOp.Lt => i => c[i] < t,
            CompareOp.Le => i => c[i] <= t,
            CompareOp.Gt => i => c[i] > t,
            CompareOp.Ge => i => c[i] >= t,
            CompareOp.Eq => i => c[i] == t,
            _ => i => c[i] < t || c[i] > t,
        };
    }

    public override bool Evaluate(CustomerProfiles profiles, int row) => Test(profiles.Number(Field, row), Op, Threshold);

    public override void Render(StringBuilder sb) =>
        sb.Append(ProfileFields.NameOf(Field)).Append(' ').Append(Symbol(Op)).Append(' ').Append(FormatThreshold(Threshold));

    public override bool Explain(CustomerProfiles profiles, int row, StringBuilder sb, List<ConditionOutcome> outcomes)
    {
        double v = profiles.Number(Field, row);
        bool held = Test(v, Op, Threshold);
        Leaf(sb, outcomes, new ConditionOutcome(ProfileFields.NameOf(Field), FormatNumber(v), Symbol(Op), FormatThreshold(Threshold), held));
        return held;
    }

    public override void Check(IBindContext context) => CheckField(context, Field, Start);
}

/// <summary><c>field between low and high</c>, both ends inclusive.</summary>
internal sealed class BetweenNode(int start, int end, ProfileField field, double low, double high) : ConditionNode(start, end)
{
    public ProfileField Field { get; } = field;

    public double Low { get; } = low;

    public double High { get; } = high;

    public override int Precedence => 3;

    public override Func<int, bool> Compile(IBindContext context)
    {
        double[] c = context.Profiles.Numbers(Field);
        double lo = Low;
        double hi = High;
        return i => c[i] >= lo && c[i] <= hi;
    }

    public override bool Evaluate(CustomerProfiles profiles, int row)
    {
        double v = profiles.Number(Field, row);
        return v >= Low && v <= High;
    }

    public override void Render(StringBuilder sb) =>
        sb.Append(ProfileFields.NameOf(Field)).Append(" between ").Append(FormatThreshold(Low)).Append(" and ").Append(FormatThreshold(High));

    public override bool Explain(CustomerProfiles profiles, int row, StringBuilder sb, List<ConditionOutcome> outcomes)
    {
        bool held = Evaluate(profiles, row);
        string range = FormatThreshold(Low) + " and " + FormatThreshold(High);
        Leaf(sb, outcomes, new ConditionOutcome(ProfileFields.NameOf(Field), FormatNumber(profiles.Number(Field, row)), "between", range, held));
        return held;
    }

    public override void Check(IBindContext context) => CheckField(context, Field, Start);
}

/// <summary><c>field [not] in (n1, n2, ...)</c> over numbers; an undefined value is in no list and not outside any.</summary>
internal sealed class NumberInNode(int start, int end, ProfileField field, double[] values, bool negated) : ConditionNode(start, end)
{
    public ProfileField Field { get; } = field;

    public IReadOnlyList<double> Values => values;

    public bool Negated { get; } = negated;

    public override int Precedence => 3;

    public static bool Test(double v, double[] list, bool negated)
    {
        if (double.IsNaN(v))
        {
            return false;
        }

        bool found = false;
        foreach (double x in list)
        {
            found |= x == v;
        }

        return found != negated;
    }

    public override Func<int, bool> Compile(IBindContext context)
    {
        double[] c = context.Profiles.Numbers(Field);
        double[] list = values;
        bool neg = Negated;
        return i => Test(c[i], list, neg);
    }

    public override bool Evaluate(CustomerProfiles profiles, int row) => Test(profiles.Number(Field, row), values, Negated);

    public override void Render(StringBuilder sb) =>
        sb.Append(ProfileFields.NameOf(Field)).Append(Negated ? " not in " : " in ").Append(List());

    public override bool Explain(CustomerProfiles profiles, int row, StringBuilder sb, List<ConditionOutcome> outcomes)
    {
        double v = profiles.Number(Field, row);
        bool held = Test(v, values, Negated);
        Leaf(sb, outcomes, new ConditionOutcome(ProfileFields.NameOf(Field), FormatNumber(v), Negated ? "not in" : "in", List(), held));
        return held;
    }

    public override void Check(IBindContext context) => CheckField(context, Field, Start);

    private string List() => "(" + string.Join(", ", values.Select(FormatThreshold)) + ")";
}

/// <summary><c>field == "a"</c>, <c>field != "a"</c>, <c>field [not] in ("a", "b")</c> over a text field.</summary>
internal sealed class TextInNode(int start, int end, ProfileField field, string[] values, bool negated, bool single) : ConditionNode(start, end)
{
    public ProfileField Field { get; } = field;

    public IReadOnlyList<string> Values => values;

    public bool Negated { get; } = negated;

    public override int Precedence => 3;

    public override Func<int, bool> Compile(IBindContext context)
    {
        IReadOnlyList<string> names = context.Profiles.TextValues(Field);
        var table = new bool[256];
        for (int code = 0; code < names.Count; code++)
        {
            table[code] = values.Contains(names[code], StringComparer.Ordinal) != Negated;
        }

        byte[] codes = context.Profiles.Codes(Field);
        return i => table[codes[i]];
    }

    public override bool Evaluate(CustomerProfiles profiles, int row) =>
        values.Contains(profiles.Text(Field, row), StringComparer.Ordinal) != Negated;

    public override void Render(StringBuilder sb) => sb.Append(ProfileFields.NameOf(Field)).Append(' ').Append(OperatorText).Append(' ').Append(ThresholdText);

    public override bool Explain(CustomerProfiles profiles, int row, StringBuilder sb, List<ConditionOutcome> outcomes)
    {
        string v = profiles.Text(Field, row);
        bool held = Evaluate(profiles, row);
        Leaf(sb, outcomes, new ConditionOutcome(ProfileFields.NameOf(Field), Quote(v), OperatorText, ThresholdText, held));
        return held;
    }

    public override void Check(IBindContext context)
    {
        CheckField(context, Field, Start);
        IReadOnlyList<string> names = context.Profiles.TextValues(Field);
        foreach (string v in values)
        {
            if (!names.Contains(v, StringComparer.Ordinal))
            {
                throw context.Error(Start, $"{ProfileFields.NameOf(Field)} has no value {Quote(v)}; its values are {string.Join(", ", names.Select(Quote))}");
            }
        }
    }

    private string OperatorText => single ? (Negated ? "!=" : "==") : (Negated ? "not in" : "in");

    private string ThresholdText => single ? Quote(values[0]) : "(" + string.Join(", ", values.Select(Quote)) + ")";
}
