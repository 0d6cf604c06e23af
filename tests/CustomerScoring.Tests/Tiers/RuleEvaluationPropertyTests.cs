using System.Globalization;
using System.Text;
using CustomerScoring.Profiles;
using CustomerScoring.Rules;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Tiers;

/// <summary>
/// Random profiles and random conditions: the compiled closures must agree with a slow interpreter written here from the
/// language's definition (boxed values in a dictionary, NaN failing every comparison), and first-match assignment with a
/// plain loop over the rules.
/// </summary>
public class RuleEvaluationPropertyTests
{
    private static readonly string[] NumberFields =
    [
        "days_since_last_purchase", "recency", "frequency", "x", "transactions", "total_spend", "tenure_days", "first_purchase_days_ago",
        "mean_interpurchase_days", "overdue_ratio", "spend_percentile", "frequency_percentile", "clv", "clv_percentile", "p_alive",
    ];

    private static readonly string[] AbcValues = ["A", "B", "C", "Excluded"];

    [Property(MaxTest = 200)]
    public void Compiled_conditions_equal_a_slow_interpreter(int seed)
    {
        var rng = new Random(seed);
        (CustomerProfiles p, List<Dictionary<string, object>> rows) = RandomProfiles(seed);
        for (int e = 0; e < 5; e++)
        {
            Expr expr = RandomExpr(rng, rows, depth: 3);
            string text = expr.Render(rng);
            var rule = (ExpressionRule)Rule.Parse("T", text);
            Func<int, bool> compiled = rule.Compile(p);
            for (int i = 0; i < p.Count; i++)
            {
                bool expected = expr.Eval(rows[i]);
                Assert.True(expected == compiled(i), $"'{text}' on row {i}: expected {expected}");
                Assert.Equal(expected, rule.Evaluate(p, i));
                Assert.Equal(expected, rule.Explain(p, i).Matched);
            }
        }
    }

    [Property(MaxTest = 200)]
    public void First_match_equals_a_loop_over_the_rules_and_gives_every_customer_one_tier(int seed)
    {
        var rng = new Random(seed);
        (CustomerProfiles p, List<Dictionary<string, object>> rows) = RandomProfiles(seed);
        int ruleCount = rng.Next(1, 11);
        var exprs = new List<Expr>();
        var rules = new List<ITierRule>();
        var seen = new HashSet<string>();
        for (int r = 0; r < ruleCount; r++)
        {
            Expr x = RandomExpr(rng, rows, depth: 2);
            var rule = (ExpressionRule)Rule.Parse("Tier" + rng.Next(4), x.Render(rng), name: "r" + r);
            if (x is TrueX || !seen.Add(rule.Canonical))
            {
                continue; // an unconditional or repeated rule would make later ones unreachable
            }

            exprs.Add(x);
            rules.Add(rule);
        }

        var set = new RuleSet("random", rules, "Default");
        TierAssignment a = set.Assign(p);
        int[] histogram = new int[set.TierNames.Count];
        for (int i = 0; i < p.Count; i++)
        {
            string expected = "Default";
            for (int r = 0; r < exprs.Count; r++)
            {
                if (exprs[r].Eval(rows[i]))
                {
                    expected = rules[r].Tier;
                    break;
                }
            }

            Assert.Equal(expected, a.TierOf(i));
            Assert.Equal(expected, set.Explain(p, i).Tier);
            histogram[a.TierIndices[i]]++;
        }

        Assert.Equal(histogram, a.Counts);
        Assert.Equal(p.Count, a.Counts.Sum());
    }

    [Property(MaxTest = 100)]
    public void Collect_tags_equal_the_set_of_matching_rules(int seed)
    {
        var rng = new Random(seed);
        (CustomerProfiles p, List<Dictionary<string, object>> rows) = RandomProfiles(seed);
        var exprs = Enumerable.Range(0, rng.Next(1, 12)).Select(_ => RandomExpr(rng, rows, 2)).ToList();
        var set = new RuleSet("c", exprs.Select((x, r) => Rule.Parse("Tag" + r, x.Render(rng))), "None", HitPolicy.Collect);
        TierAssignment a = set.Assign(p);
        for (int i = 0; i < p.Count; i++)
        {
            ulong mask = 0;
            for (int r = 0; r < exprs.Count; r++)
            {
                mask |= exprs[r].Eval(rows[i]) ? 1UL << r : 0;
            }

            Assert.Equal(mask, a.Tags[i]);
        }
    }

    private static (CustomerProfiles Profiles, List<Dictionary<string, object>> Rows) RandomProfiles(int seed)
    {
        var summaries = TierData.Random(seed);
        (double[] clv, double[] pAlive) = TierData.RandomModel(seed, summaries.Count);
        CustomerProfiles p = CustomerProfiles.Create(summaries, clv: clv, pAlive: pAlive);
        var rows = new List<Dictionary<string, object>>();
        for (int i = 0; i < p.Count; i++)
        {
            var row = new Dictionary<string, object>();
            foreach (string f in NumberFields)
            {
                Assert.True(ProfileFields.TryParse(f, out ProfileField field));
                row[f] = p.Number(field, i);
            }

            row["abc_class"] = p.Text(ProfileField.AbcClass, i);
            rows.Add(row);
        }

        return (p, rows);
    }

    private static Expr RandomExpr(Random rng, List<Dictionary<string, object>> rows, int depth)
    {
        int choice = rng.Next(depth > 0 ? 9 : 5);
        string field = NumberFields[rng.Next(NumberFields.Length)];
        double Threshold()
        {
            // Mostly a value some customer has (to hit equality and ties), sometimes an arbitrary one.
            double v = (double)rows[rng.Next(rows.Count)][field];
            return rng.Next(4) == 0 || double.IsNaN(v) || double.IsInfinity(v) ? Math.Round((rng.NextDouble() * 400) - 50, 2) : v;
        }

        switch (choice)
        {
            case 0:
            case 1:
                return new CompareX(field, new[] { "<", "<=", ">", ">=", "==", "!=" }[rng.Next(6)], Threshold());
            case 2:
                double a = Threshold();
                double b = Threshold();
                return new BetweenX(field, Math.Min(a, b), Math.Max(a, b));
            case 3:
                return rng.Next(2) == 0
                    ? new NumberInX(field, [.. Enumerable.Range(0, rng.Next(1, 4)).Select(_ => Threshold())], rng.Next(2) == 0)
                    : new TextInX([.. AbcValues.Where(_ => rng.Next(2) == 0).DefaultIfEmpty("A")], rng.Next(2) == 0, rng.Next(2) == 0);
            case 4:
                return rng.Next(8) == 0 ? new TrueX() : new CompareX(field, ">=", Threshold());
            case 5:
            case 6:
                return new AndX(RandomExpr(rng, rows, depth - 1), RandomExpr(rng, rows, depth - 1));
            case 7:
                return new OrX(RandomExpr(rng, rows, depth - 1), RandomExpr(rng, rows, depth - 1));
            default:
                return new NotX(RandomExpr(rng, rows, depth - 1));
        }
    }

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Kw(Random rng, string keyword) => rng.Next(3) == 0 ? keyword.ToUpperInvariant() : keyword;

    private abstract record Expr
    {
        public abstract bool Eval(Dictionary<string, object> row);

        /// <summary>Fully parenthesized text with random keyword case.</summary>
        public abstract string Render(Random rng);
    }

    private sealed record TrueX : Expr
    {
        public override bool Eval(Dictionary<string, object> row) => true;

        public override string Render(Random rng) => Kw(rng, "true");
    }

    private sealed record CompareX(string Field, string Op, double T) : Expr
    {
        public override bool Eval(Dictionary<string, object> row)
        {
            object boxed = row[Field];
            double v = (double)boxed;
            if (double.IsNaN(v))
            {
                return false;
            }

            int c = v.CompareTo(T);
            return Op switch
            {
                "<" => c < 0,
                "<=" => c <= 0,
                ">" => c > 0,
                ">=" => c >= 0,
                "==" => c == 0,
                _ => c != 0,
            };
        }

        public override string Render(Random rng) => $"{Field} {Op} {Num(T)}";
    }

    private sealed record BetweenX(string Field, double Low, double High) : Expr
    {
        public override bool Eval(Dictionary<string, object> row)
        {
            double v = (double)row[Field];
            return !double.IsNaN(v) && Low <= v && v <= High;
        }

        public override string Render(Random rng) => $"{Field} {Kw(rng, "between")} {Num(Low)} {Kw(rng, "and")} {Num(High)}";
    }

    private sealed record NumberInX(string Field, double[] Values, bool Negated) : Expr
    {
        public override bool Eval(Dictionary<string, object> row)
        {
            double v = (double)row[Field];
            return !double.IsNaN(v) && Values.Contains(v) != Negated;
        }

        public override string Render(Random rng) =>
            $"{Field} {(Negated ? Kw(rng, "not") + " " : string.Empty)}{Kw(rng, "in")} ({string.Join(", ", Values.Select(Num))})";
    }

    private sealed record TextInX(string[] Values, bool Negated, bool AsEquality) : Expr
    {
        public override bool Eval(Dictionary<string, object> row) =>
            (AsEquality ? (string)row["abc_class"] == Values[0] : Values.Contains((string)row["abc_class"])) != Negated;

        public override string Render(Random rng) => AsEquality
            ? $"abc_class {(Negated ? "!=" : "==")} '{Values[0]}'"
            : $"abc_class {(Negated ? Kw(rng, "not") + " " : string.Empty)}{Kw(rng, "in")} ({string.Join(", ", Values.Select(v => "\"" + v + "\""))})";
    }

    private sealed record AndX(Expr L, Expr R) : Expr
    {
        public override bool Eval(Dictionary<string, object> row) => L.Eval(row) && R.Eval(row);

        public override string Render(Random rng) => $"({L.Render(rng)}) {Kw(rng, "and")} ({R.Render(rng)})";
    }

    private sealed record OrX(Expr L, Expr R) : Expr
    {
        public override bool Eval(Dictionary<string, object> row) => L.Eval(row) || R.Eval(row);

        public override string Render(Random rng) => $"({L.Render(rng)}) {Kw(rng, "or")} ({R.Render(rng)})";
    }

    private sealed record NotX(Expr Operand) : Expr
    {
        public override bool Eval(Dictionary<string, object> row) => !Operand.Eval(row);

        public override string Render(Random rng) => $"{Kw(rng, "not")} ({Operand.Render(rng)})";
    }
}
