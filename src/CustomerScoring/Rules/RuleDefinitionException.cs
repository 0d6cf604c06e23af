using System.Globalization;
using System.Text;

namespace CustomerScoring.Rules;

/// <summary>
/// A rule set or rule file is invalid: bad syntax, an unknown field, a type mismatch, an unreachable rule, a field the
/// profiles lack, or a malformed file. The message names the rule, the position and what is wrong.
/// </summary>
public sealed class RuleDefinitionException : CustomerScoringException
{
    /// <summary>Creates the exception with a message only.</summary>
    public RuleDefinitionException()
        : base(FailureKind.BadOptions, "The rule definition is not valid.")
    {
        Reason = string.Empty;
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public RuleDefinitionException(string message)
        : base(FailureKind.BadOptions, message)
    {
        Reason = message;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RuleDefinitionException(string message, Exception innerException)
        : base(FailureKind.BadOptions, message, innerException)
    {
        Reason = message;
    }

    internal RuleDefinitionException(string reason, string? ruleName, string? condition, int conditionOffset, int line, int column, Exception? inner = null)
        : base(FailureKind.BadOptions, Compose(reason, ruleName, condition, conditionOffset, line, column), inner)
    {
        Reason = reason;
        RuleName = ruleName;
        Condition = condition;
        ConditionOffset = conditionOffset;
        Line = line;
        Column = column;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>The rule at fault, or null for an error outside any rule.</summary>
    public string? RuleName { get; }

    /// <summary>The rule's condition text, or null.</summary>
    public string? Condition { get; }

    /// <summary>Zero-based character offset of the error in <see cref="Condition"/>, or -1.</summary>
    public int ConditionOffset { get; }

    /// <summary>One-based line in the rule file, or 0 when not from a file.</summary>
    public int Line { get; }

    /// <summary>One-based column in the rule file, or 0 when not from a file.</summary>
    public int Column { get; }

    private static string Compose(string reason, string? rule, string? condition, int offset, int line, int column)
    {
        var sb = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        if (rule is not null)
        {
            sb.Append(inv, $"Rule '{rule}'");
        }
        else
        {
            sb.Append("Rule file");
        }

        if (line > 0)
        {
            sb.Append(inv, $" (line {line}, column {column})");
        }

        sb.Append(": ").Append(reason);
        if (condition is not null && offset >= 0)
        {
            sb.Append(inv, $", at character {offset + 1} of the condition:").AppendLine();
            sb.Append("  ").AppendLine(condition);
            sb.Append(' ', offset + 2).Append('^');
        }

        return sb.ToString();
    }
}
