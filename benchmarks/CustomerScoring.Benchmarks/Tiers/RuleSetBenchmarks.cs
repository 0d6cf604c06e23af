using BenchmarkDotNet.Attributes;
using CustomerScoring.Benchmarks.Data;
using CustomerScoring.Profiles;
using CustomerScoring.Rules;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Benchmarks.Tiers;

/// <summary>
/// 1,000,000 customers through a 10-rule first-match set: the compiled closures over columns (warm columns, and
/// with the profile columns and percentiles built from scratch) beside a naive interpreter that walks the AST per
/// customer over a dictionary of boxed values.
/// </summary>
[MemoryDiagnoser]
public class RuleSetBenchmarks
{
    private static readonly string[] Conditions =
    [
        "clv_percentile >= 0.99 and days_since_last_purchase <= 90",
        "clv_percentile >= 0.95 and p_alive >= 0.5",
        "days_since_last_purchase > 300",
        "overdue_ratio > 2 or p_alive < 0.2",
        "frequency >= 5 and abc_class in (\"A\", \"B\")",
        "clv_percentile >= 0.8",
        "total_spend between 500 and 2000",
        "frequency between 1 and 4 and not abc_class == \"C\"",
        "first_purchase_days_ago <= 30",
        "frequency == 0 and spend_percentile >= 0.5",
    ];

    private CustomerSummaries _summaries = null!;
    private double[] _clv = [];
    private double[] _pAlive = [];
    private CustomerProfiles _profiles = null!;
    private RuleSet _rules = null!;

    /// <summary>Customers (rows): each has 1 to 8 purchases.</summary>
    [ParamsSource(nameof(CustomerCounts))]
    public int Customers { get; set; }

    /// <summary>1M customers; 200k in quick mode (<see cref="BenchmarkSizes"/>).</summary>
    public static IEnumerable<int> CustomerCounts => BenchmarkSizes.Choose(full: [1_000_000], quick: [200_000]);

    /// <summary>Seeded data: every customer buys 1 to 8 times within a year; a random CLV and P(alive) per row.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20260101);
        var index = new List<int>();
        var time = new List<DateTime>();
        var amount = new List<double>();
        for (int c = 0; c < Customers; c++)
        {
            int k = rng.Next(1, 9);
            for (int j = 0; j < k; j++)
            {
                index.Add(c);
                time.Add(SyntheticTransactions.Start.AddDays(rng.Next(SyntheticTransactions.Days)).AddHours(rng.Next(24)));
                amount.Add(Math.Round(Math.Exp(3.2 + (0.8 * ((rng.NextDouble() * 2) - 1))), 2));
            }
        }

        var batch = new TransactionBatch([.. index], [.. time], [.. amount]);
        _summaries = Summarizer.Summarize(batch, new SummaryOptions(DateOnly.FromDateTime(SyntheticTransactions.Start).AddDays(SyntheticTransactions.Days)));
        _clv = new double[_summaries.Count];
        _pAlive = new double[_summaries.Count];
        for (int i = 0; i < _clv.Length; i++)
        {
            _clv[i] = Math.Round(rng.NextDouble() * rng.NextDouble() * 5000, 2);
            _pAlive[i] = rng.NextDouble();
        }

        _rules = new RuleSet("bench", Conditions.Select((c, r) => Rule.Parse("T" + r, c)), "Bronze");
        _profiles = CustomerProfiles.Create(_summaries, clv: _clv, pAlive: _pAlive);
        _ = _rules.Assign(_profiles); // materialize the columns once
    }

    /// <summary>The obvious interpreter: per customer, box the fields into a dictionary and walk each rule's AST.</summary>
    [Benchmark(Baseline = true)]
    public int NaiveInterpreted()
    {
        var roots = _rules.Rules.Select(r => ((ExpressionRule)r).Root).ToArray();
        int[] counts = new int[_rules.TierNames.Count];
        for (int i = 0; i < _profiles.Count; i++)
        {
            var row = new Dictionary<string, object>();
            foreach (ProfileField f in ProfileFields.All)
            {
                if (f is ProfileField.Points or ProfileField.RScore or ProfileField.FScore or ProfileField.MScore or ProfileField.RfmCell or ProfileField.Segment or ProfileField.ExpectedPurchases)
                {
                    continue;
                }

                row[ProfileFields.NameOf(f)] = ProfileFields.IsText(f) ? _profiles.Text(f, i) : _profiles.Number(f, i);
            }

            int tier = _rules.DefaultTierIndex;
            for (int r = 0; r < roots.Length; r++)
            {
                if (Interpret(roots[r], row))
                {
                    tier = _rules.TierIndexOf(_rules.Rules[r].Tier);
                    break;
                }
            }

            counts[tier]++;
        }

        return counts[0];
    }

    /// <summary>RuleSet.Assign over warm profile columns: closures over arrays, no per-customer allocation.</summary>
    [Benchmark]
    public TierAssignment Compiled() => _rules.Assign(_profiles);

    /// <summary>RuleSet.Assign on fresh profiles: includes building the columns and the three percentile sorts.</summary>
    [Benchmark]
    public TierAssignment CompiledWithFreshProfiles() => _rules.Assign(CustomerProfiles.Create(_summaries, clv: _clv, pAlive: _pAlive));

    private static bool Interpret(ConditionNode node, Dictionary<string, object> row) => node switch
    {
        TrueNode => true,
        AndNode a => Interpret(a.Left, row) && Interpret(a.Right, row),
        OrNode o => Interpret(o.Left, row) || Interpret(o.Right, row),
        NotNode n => !Interpret(n.Operand, row),
        CompareNode c => CompareNode.Test((double)row[ProfileFields.NameOf(c.Field)], c.Op, c.Threshold),
        BetweenNode b => (double)row[ProfileFields.NameOf(b.Field)] is var v && v >= b.Low && v <= b.High,
        NumberInNode n => NumberInNode.Test((double)row[ProfileFields.NameOf(n.Field)], [.. n.Values], n.Negated),
        TextInNode t => t.Values.Contains((string)row[ProfileFields.NameOf(t.Field)]) != t.Negated,
        _ => throw new InvalidOperationException("Unknown node."),
    };
}
