using CustomerScoring.Profiles;
using CustomerScoring.Rules;
using Xunit;

namespace CustomerScoring.Tests.Tiers;

public class RuleErrorTests
{
    private static RuleDefinitionException ParseError(string condition) =>
        Assert.Throws<RuleDefinitionException>(() => Rule.Parse("Gold", condition));

    [Theory]
    [InlineData("clv_percentile >= ", 18, "expected a number after 'clv_percentile', found the end of the condition")]
    [InlineData("clv_percentile => 0.9", 15, "'=' is not an operator")]
    [InlineData("clv_percentile = 0.9", 15, "'=' is not an operator; use ==")]
    [InlineData("(frequency > 1 and total_spend > 5", 34, "expected ')' to close the '(' at character 1")]
    [InlineData("frequency > 1 total_spend > 5", 14, "unexpected 'total_spend' after a complete condition")]
    [InlineData("frequency between 5 and 1", 0, "empty range")]
    [InlineData("segment == \"Champions", 11, "unterminated string")]
    [InlineData("", 0, "the condition is empty")]
    [InlineData("frequency in ()", 14, "expected a number after 'frequency', found ')'")]
    [InlineData("and frequency > 1", 0, "expected a field name, found the keyword 'and'")]
    public void Syntax_errors_name_the_rule_the_position_and_the_problem(string condition, int offset, string reason)
    {
        RuleDefinitionException e = ParseError(condition);
        Assert.Equal("Gold", e.RuleName);
        Assert.Equal(offset, e.ConditionOffset);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains($"Rule 'Gold': ", e.Message, StringComparison.Ordinal);
        Assert.Contains($"at character {offset + 1} of the condition", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_field_is_reported_at_its_position_with_the_known_names()
    {
        RuleDefinitionException e = ParseError("frequency > 2 and clv_pct >= 0.95");
        Assert.Equal(18, e.ConditionOffset);
        Assert.Contains("unknown field 'clv_pct'; known fields: days_since_last_purchase,", e.Message, StringComparison.Ordinal);
        // The caret line points under the field.
        string[] lines = e.Message.Split(Environment.NewLine);
        Assert.Equal("  frequency > 2 and clv_pct >= 0.95", lines[1]);
        Assert.Equal(new string(' ', 20) + "^", lines[2]);
    }

    [Theory]
    [InlineData("segment >= \"A\"", 8, "'segment' is text and takes only ==, != or in")]
    [InlineData("frequency == \"high\"", 13, "type mismatch: 'frequency' is a number but \"high\" is text")]
    [InlineData("abc_class == 1", 13, "type mismatch: 'abc_class' is text but 1 is a number")]
    [InlineData("abc_class in (\"A\", 2)", 19, "type mismatch: 'abc_class' is text but 2 is a number")]
    [InlineData("segment between 1 and 2", 8, "'segment' is text and cannot be used with between")]
    public void Type_mismatches_are_reported_with_position(string condition, int offset, string reason)
    {
        RuleDefinitionException e = ParseError(condition);
        Assert.Equal(offset, e.ConditionOffset);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_after_an_unconditional_rule_is_unreachable()
    {
        var e = Assert.Throws<RuleDefinitionException>(() => new RuleSet(
            "s", [Rule.Parse("All", "true"), Rule.Parse("Gold", "frequency > 3")], "None"));
        Assert.Equal("Gold", e.RuleName);
        Assert.Contains("unreachable rule: it can never fire because rule 'All' before it always applies", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_repeating_an_earlier_condition_is_unreachable_even_when_spelled_differently()
    {
        var e = Assert.Throws<RuleDefinitionException>(() => new RuleSet(
            "s",
            [Rule.Parse("Gold", "frequency > 3 and total_spend >= 100"), Rule.Parse("Silver", "(frequency > 3.0) AND total_spend >= 1e2")],
            "None"));
        Assert.Contains("Rule 'Silver'", e.Message, StringComparison.Ordinal);
        Assert.Contains("its condition is the same as that of rule 'Gold'", e.Message, StringComparison.Ordinal);

        // Collect tags both, so a repeated condition is not an error there; under Priority the outranked one is.
        _ = new RuleSet("c", [Rule.Parse("A", "frequency > 3"), Rule.Parse("B", "frequency > 3")], "None", HitPolicy.Collect);
        var p = Assert.Throws<RuleDefinitionException>(() => new RuleSet(
            "p", [Rule.Parse("A", "frequency > 3", priority: 1), Rule.Parse("B", "frequency > 3", priority: 2)], "None", HitPolicy.Priority));
        Assert.Equal("A", p.RuleName);
    }

    [Fact]
    public void Field_names_are_case_sensitive_but_keywords_are_not()
    {
        Assert.Contains("unknown field 'FREQUENCY'", ParseError("FREQUENCY > 3").Message, StringComparison.Ordinal);
        Assert.Equal("frequency > 3 and not total_spend in (1, 2)", ((ExpressionRule)Rule.Parse("Gold", "frequency > 3 AND NOT total_spend IN (1, 2)")).Canonical);
    }

    [Fact]
    public void Unknown_text_values_and_missing_fields_are_reported_when_the_set_runs()
    {
        CustomerProfiles p = CustomerProfiles.Create(TierData.Summaries([(1, 10)]));
        var set = new RuleSet("s", [Rule.Parse("Top", "abc_class == \"AA\"")], "None");
        var e = Assert.Throws<RuleDefinitionException>(() => set.Assign(p));
        Assert.Contains("abc_class has no value \"AA\"; its values are \"Excluded\", \"A\", \"B\", \"C\"", e.Message, StringComparison.Ordinal);
        var points = new RuleSet("s", [Rule.Parse("Top", "frequency > 1 or points > 10")], "None");
        e = Assert.Throws<RuleDefinitionException>(() => points.Assign(p));
        Assert.Equal(17, e.ConditionOffset);
        Assert.Contains("field 'points' is not available: it needs a loyalty program", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule_file_errors_give_the_line_and_column_of_the_condition()
    {
        const string json = """
            {
              "name": "t",
              "default": "Bronze",
              "rules": [
                { "tier": "Gold", "when": "clv_percentile >= 0.95" },
                { "tier": "Silver", "when": "spend_percentil >= 0.8" }
              ]
            }
            """;
        var e = Assert.Throws<RuleDefinitionException>(() => RuleSet.Parse(json));
        Assert.Equal("Silver", e.RuleName);
        Assert.Equal(6, e.Line);
        Assert.Equal(34, e.Column); // the 's' of spend_percentil: the string's quote is at column 33
        Assert.StartsWith("Rule 'Silver' (line 6, column 34): unknown field 'spend_percentil'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"default\": \"B\", \"rules\": [ { \"tier\": \"A\", \"when\": \"true\" } ", 1, "malformed JSON")]
    [InlineData("{ \"default\": \"B\" }", 1, "missing \"rules\"")]
    [InlineData("{ \"rules\": [] }", 1, "missing \"default\"")]
    [InlineData("{ \"default\": \"B\",\n \"rulez\": [] }", 2, "unknown property \"rulez\"")]
    [InlineData("{ \"default\": \"B\", \"hitPolicy\": \"unique\", \"rules\": [] }", 1, "unknown hitPolicy \"unique\"")]
    [InlineData("{ \"default\": \"B\", \"rules\": [\n { \"tier\": \"A\" } ] }", 2, "rule 'A' (rules[0]) has no \"when\" condition")]
    [InlineData("{ \"default\": \"B\", \"rules\": [\n\n { \"when\": \"true\" } ] }", 3, "rules[0] has no \"tier\"")]
    [InlineData("{ \"default\": \"B\", \"loyalty\": { \"rounding\": \"sideways\" }, \"rules\": [] }", 1, "unknown rounding \"sideways\"")]
    public void Malformed_rule_files_say_where(string json, int line, string reason)
    {
        var e = Assert.Throws<RuleDefinitionException>(() => RuleSet.Parse(json));
        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
