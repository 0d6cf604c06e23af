using System.Globalization;
using CustomerScoring.Profiles;

namespace CustomerScoring.Rules;

/// <summary>A syntax or type error in a condition, at a character offset; the rule wraps it in a <see cref="RuleDefinitionException"/>.</summary>
internal sealed class ConditionSyntaxException(int offset, string reason) : Exception(reason)
{
    public int Offset { get; } = offset;
}

/// <summary>
/// Recursive-descent parser of the condition language:
/// <code>
/// condition  := or
/// or         := and ("or" and)*
/// and        := unary ("and" unary)*
/// unary      := "not" unary | "(" or ")" | "true" | comparison
/// comparison := field op literal | field "between" number "and" number | field ["not"] "in" "(" literal ("," literal)* ")"
/// op         := &lt; | &lt;= | &gt; | &gt;= | == | !=
/// literal    := number | "text" | 'text'
/// </code>
/// Keywords are case-insensitive, field names are snake_case as in <see cref="ProfileFields"/>. Types are checked while
/// parsing: numeric fields take numbers and every operator, text fields take strings with ==, != and in.
/// </summary>
internal ref struct ConditionParser
{
    /// <summary>Deepest nesting of parentheses and <c>not</c> a condition may have (a hostile file cannot overflow the stack).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most comparisons (and <c>true</c>s) one condition may join with <c>and</c>/<c>or</c>.</summary>
    public const int MaxTerms = 256;

    private readonly string _text;
    private int _pos;
    private int _depth;
    private int _terms;

    private ConditionParser(string text)
    {
        _text = text;
        _pos = 0;
    }

    private enum Kind
    {
        End,
        Word,
        Number,
        String,
        Op,
        LParen,
        RParen,
        Comma,
    }

    public static ConditionNode Parse(string text)
    {
        var p = new ConditionParser(text);
        p.SkipSpace();
        if (p._pos >= text.Length)
        {
            throw new ConditionSyntaxException(0, "the condition is empty (write true for a rule that always applies)");
        }

        ConditionNode node = p.ParseOr();
        p.SkipSpace();
        if (p._pos < text.Length)
        {
            throw new ConditionSyntaxException(p._pos, $"unexpected {p.Describe()} after a complete condition (missing and/or?)");
        }

        return node;
    }

    private ConditionNode ParseOr()
    {
        ConditionNode left = ParseAnd();
        while (TryKeyword("or"))
        {
            left = new OrNode(left, ParseAnd());
        }

        return left;
    }

    private ConditionNode ParseAnd()
    {
        ConditionNode left = ParseUnary();
        while (TryKeyword("and"))
        {
            left = new AndNode(left, ParseUnary());
        }

        return left;
    }

    private ConditionNode ParseUnary()
    {
        SkipSpace();
        int start = _pos;
        if (++_terms > MaxTerms)
        {
            throw new ConditionSyntaxException(start, $"the condition joins more than {MaxTerms} terms; split it into several rules");
        }

        if (TryKeyword("not"))
        {
            Enter(start);
            ConditionNode negated = new NotNode(start, ParseUnary());
            _depth--;
            return negated;
        }

        (Kind kind, int tokStart, int tokEnd) = Peek();
        switch (kind)
        {
            case Kind.LParen:
                _pos = tokEnd;
                Enter(tokStart);
                ConditionNode inner = ParseOr();
                _depth--;
                (Kind close, int closeStart, int closeEnd) = Peek();
                if (close != Kind.RParen)
                {
                    throw new ConditionSyntaxException(closeStart, $"expected ')' to close the '(' at character {start + 1}, found {Describe()}");
                }

                _pos = closeEnd;
                return inner;
            case Kind.Word:
                string word = _text[tokStart..tokEnd];
                if (word.Equals("true", StringComparison.OrdinalIgnoreCase))
                {
                    _pos = tokEnd;
                    return new TrueNode(tokStart, tokEnd);
                }

                return ParseComparison();
            default:
                throw new ConditionSyntaxException(tokStart, $"expected a field name, 'not', 'true' or '(', found {Describe()}");
        }
    }

    private void Enter(int offset)
    {
        if (++_depth > MaxDepth)
        {
            throw new ConditionSyntaxException(offset, $"parentheses and 'not' nest more than {MaxDepth} levels deep");
        }
    }

    private ConditionNode ParseComparison()
    {
        (_, int fieldStart, int fieldEnd) = Peek();
        string name = _text[fieldStart..fieldEnd];
        if (IsKeyword(name))
        {
            throw new ConditionSyntaxException(fieldStart, $"expected a field name, found the keyword '{name}'");
        }

        if (!ProfileFields.TryParse(name, out ProfileField field))
        {
            throw new ConditionSyntaxException(fieldStart, $"unknown field '{name}'; known fields: {ProfileFields.KnownNames}");
        }

        _pos = fieldEnd;
        bool text = ProfileFields.IsText(field);
        (Kind kind, int opStart, int opEnd) = Peek();
        if (kind == Kind.Op)
        {
            string symbol = _text[opStart..opEnd];
            CompareOp op = symbol switch
            {
                "<" => CompareOp.Lt,
                "<=" => CompareOp.Le,
                ">" => CompareOp.Gt,
                ">=" => CompareOp.Ge,
                "==" => CompareOp.Eq,
                "!=" => CompareOp.Ne,
                _ => throw new ConditionSyntaxException(opStart, $"unknown operator '{symbol}' (use <, <=, >, >=, == or !=)"),
            };
            _pos = opEnd;
            if (text)
            {
                if (op is not (CompareOp.Eq or CompareOp.Ne))
                {
                    throw new ConditionSyntaxException(opStart, $"type mismatch: '{name}' is text and takes only ==, != or in, not '{symbol}'");
                }

                (string value, int valueEnd) = ExpectString(name);
                return new TextInNode(fieldStart, valueEnd, field, [value], op == CompareOp.Ne, single: true);
            }

            (double number, int end) = ExpectNumber(name);
            return new CompareNode(fieldStart, end, field, op, number);
        }

        if (kind == Kind.Word)
        {
            string word = _text[opStart..opEnd];
            if (word.Equals("between", StringComparison.OrdinalIgnoreCase))
            {
                _pos = opEnd;
                if (text)
                {
                    throw new ConditionSyntaxException(opStart, $"type mismatch: '{name}' is text and cannot be used with between");
                }

                (double low, _) = ExpectNumber(name);
                SkipSpace();
                int andPos = _pos;
                if (!TryKeyword("and"))
                {
                    throw new ConditionSyntaxException(andPos, $"expected 'and' in '{name} between {ConditionNode.FormatThreshold(low)} and ...', found {Describe()}");
                }

                (double high, int highEnd) = ExpectNumber(name);
                if (low > high)
                {
                    throw new ConditionSyntaxException(fieldStart, $"empty range: {ConditionNode.FormatThreshold(low)} is greater than {ConditionNode.FormatThreshold(high)} in '{name} between'");
                }

                return new BetweenNode(fieldStart, highEnd, field, low, high);
            }

            bool negated = false;
            if (word.Equals("not", StringComparison.OrdinalIgnoreCase))
            {
                _pos = opEnd;
                negated = true;
                (Kind k2, int s2, int e2) = Peek();
                if (k2 != Kind.Word || !_text[s2..e2].Equals("in", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ConditionSyntaxException(s2, $"expected 'in' after '{name} not', found {Describe()}");
                }

                (opStart, opEnd) = (s2, e2);
                word = "in";
            }

            if (word.Equals("in", StringComparison.OrdinalIgnoreCase))
            {
                _pos = opEnd;
                return ParseInList(field, name, fieldStart, negated);
            }
        }

        throw new ConditionSyntaxException(opStart, $"expected an operator (<, <=, >, >=, ==, !=, between, in) after '{name}', found {Describe()}");
    }

    private ConditionNode ParseInList(ProfileField field, string name, int fieldStart, bool negated)
    {
        (Kind open, int openStart, int openEnd) = Peek();
        if (open != Kind.LParen)
        {
            throw new ConditionSyntaxException(openStart, $"expected '(' to start the list after 'in', found {Describe()}");
        }

        _pos = openEnd;
        bool text = ProfileFields.IsText(field);
        var numbers = new List<double>();
        var strings = new List<string>();
        while (true)
        {
            if (text)
            {
                strings.Add(ExpectString(name).Value);
            }
            else
            {
                numbers.Add(ExpectNumber(name).Value);
            }

            (Kind k, int s, int e) = Peek();
            if (k == Kind.Comma)
            {
                _pos = e;
                continue;
            }

            if (k == Kind.RParen)
            {
                _pos = e;
                return text
                    ? new TextInNode(fieldStart, e, field, [.. strings], negated, single: false)
                    : new NumberInNode(fieldStart, e, field, [.. numbers], negated);
            }

            throw new ConditionSyntaxException(s, $"expected ',' or ')' in the list, found {Describe()}");
        }
    }

    private (double Value, int End) ExpectNumber(string field)
    {
        (Kind kind, int start, int end) = Peek();
        if (kind == Kind.String)
        {
            throw new ConditionSyntaxException(start, $"type mismatch: '{field}' is a number but {_text[start..end]} is text");
        }

        if (kind != Kind.Number)
        {
            throw new ConditionSyntaxException(start, $"expected a number after '{field}', found {Describe()}");
        }

        string s = _text[start..end];
        if (!double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new ConditionSyntaxException(start, $"'{s}' is not a valid number");
        }

        _pos = end;
        return (value, end);
    }

    private (string Value, int End) ExpectString(string field)
    {
        (Kind kind, int start, int end) = Peek();
        if (kind == Kind.Number)
        {
            throw new ConditionSyntaxException(start, $"type mismatch: '{field}' is text but {_text[start..end]} is a number (quote text values)");
        }

        if (kind != Kind.String)
        {
            throw new ConditionSyntaxException(start, $"expected a quoted string after '{field}', found {Describe()}");
        }

        _pos = end;
        var sb = new System.Text.StringBuilder();
        for (int i = start + 1; i < end - 1; i++)
        {
            char c = _text[i];
            if (c == '\\')
            {
                i++;
                c = _text[i];
            }

            sb.Append(c);
        }

        return (sb.ToString(), end);
    }

    private bool TryKeyword(string keyword)
    {
        (Kind kind, int start, int end) = Peek();
        if (kind == Kind.Word && _text.AsSpan(start, end - start).Equals(keyword, StringComparison.OrdinalIgnoreCase))
        {
            _pos = end;
            return true;
        }

        return false;
    }

    private static bool IsKeyword(string word) =>
        word.Equals("and", StringComparison.OrdinalIgnoreCase) || word.Equals("or", StringComparison.OrdinalIgnoreCase) ||
        word.Equals("not", StringComparison.OrdinalIgnoreCase) || word.Equals("between", StringComparison.OrdinalIgnoreCase) ||
        word.Equals("in", StringComparison.OrdinalIgnoreCase) || word.Equals("true", StringComparison.OrdinalIgnoreCase);

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    /// <summary>The next token (kind, start, end) without consuming it; skips white space.</summary>
    private (Kind Kind, int Start, int End) Peek()
    {
        SkipSpace();
        int i = _pos;
        string t = _text;
        if (i >= t.Length)
        {
            return (Kind.End, i, i);
        }

        char c = t[i];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            int e = i + 1;
            while (e < t.Length && (char.IsAsciiLetterOrDigit(t[e]) || t[e] == '_'))
            {
                e++;
            }

            return (Kind.Word, i, e);
        }

        if (char.IsAsciiDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < t.Length && (char.IsAsciiDigit(t[i + 1]) || t[i + 1] == '.')))
        {
            int e = i + 1;
            while (e < t.Length && (char.IsAsciiLetterOrDigit(t[e]) || t[e] == '.' || ((t[e] == '-' || t[e] == '+') && (t[e - 1] == 'e' || t[e - 1] == 'E'))))
            {
                e++;
            }

            return (Kind.Number, i, e);
        }

        if (c == '"' || c == '\'')
        {
            int e = i + 1;
            while (e < t.Length && t[e] != c)
            {
                e += t[e] == '\\' ? 2 : 1;
            }

            if (e >= t.Length)
            {
                throw new ConditionSyntaxException(i, "unterminated string: no closing quote");
            }

            return (Kind.String, i, e + 1);
        }

        switch (c)
        {
            case '(':
                return (Kind.LParen, i, i + 1);
            case ')':
                return (Kind.RParen, i, i + 1);
            case ',':
                return (Kind.Comma, i, i + 1);
            case '<' or '>' or '=' or '!':
                int e = i + 1;
                if (e < t.Length && t[e] == '=')
                {
                    e++;
                }

                string op = t[i..e];
                if (op is "=" or "!")
                {
                    throw new ConditionSyntaxException(i, op == "=" ? "'=' is not an operator; use == to compare" : "'!' is not an operator; use != or not");
                }

                return (Kind.Op, i, e);
            default:
                throw new ConditionSyntaxException(i, $"unexpected character '{c}'");
        }
    }

    private string Describe()
    {
        (Kind kind, int start, int end) = Peek();
        return kind == Kind.End ? "the end of the condition" : $"'{_text[start..end]}'";
    }
}
