using CustomerScoring.Concentration;
using CustomerScoring.Numerics.Parallelism;
using CustomerScoring.Profiles;
using CustomerScoring.Rfm;
using CustomerScoring.Rules;
using CustomerScoring.Summaries;

namespace CustomerScoring.Tiers;

/// <summary>
/// One call from summaries (+ RFM, ABC and optional CLV columns) to a tier and a lifecycle stage per customer, with
/// explanations on demand: what a report or a command line needs (columns tier and lifecycle_stage, --rules, --explain).
/// Immutable.
/// </summary>
public sealed class TierScorecard
{
    private TierScorecard(CustomerProfiles profiles, TierAssignment tiers, TierAssignment stages)
    {
        Profiles = profiles;
        Tiers = tiers;
        Stages = stages;
    }

    /// <summary>The profile view the rules read.</summary>
    public CustomerProfiles Profiles { get; }

    /// <summary>The tier of each customer.</summary>
    public TierAssignment Tiers { get; }

    /// <summary>The lifecycle stage of each customer.</summary>
    public TierAssignment Stages { get; }

    /// <summary>Number of customers (summary rows).</summary>
    public int Count => Profiles.Count;

    /// <summary>
    /// Builds profiles and assigns tiers and stages. Defaults: <see cref="BuiltInRuleSets.ValueTiers"/> by CLV when a CLV
    /// column is given, else by total spend; <see cref="BuiltInRuleSets.Lifecycle"/>, with P(alive) &lt; 0.5 as At Risk
    /// when a P(alive) column is given.
    /// </summary>
    /// <param name="summaries">Customer summaries.</param>
    /// <param name="rfm">RFM scores of the same rows, or null.</param>
    /// <param name="abc">ABC classes of the same rows, or null.</param>
    /// <param name="clv">CLV per row, or empty.</param>
    /// <param name="pAlive">P(alive) per row, or empty.</param>
    /// <param name="expectedPurchases">Expected purchases per row, or empty.</param>
    /// <param name="tierRules">The tier rule set (e.g. <see cref="RuleSet.Load"/>), or null for the default.</param>
    /// <param name="stageRules">The stage rule set, or null for the default.</param>
    /// <returns>The scorecard.</returns>
    /// <exception cref="RuleDefinitionException">A rule reads a field the inputs do not provide.</exception>
    public static TierScorecard Create(
        CustomerSummaries summaries,
        RfmResult? rfm = null,
        AbcClassification? abc = null,
        ReadOnlyMemory<double> clv = default,
        ReadOnlyMemory<double> pAlive = default,
        ReadOnlyMemory<double> expectedPurchases = default,
        RuleSet? tierRules = null,
        RuleSet? stageRules = null)
    {
        CustomerProfiles profiles = CustomerProfiles.Create(summaries, rfm, abc, clv, pAlive, expectedPurchases);
        tierRules ??= BuiltInRuleSets.ValueTiers(profiles.HasClv ? ValueMeasure.Clv : ValueMeasure.Spend);
        stageRules ??= BuiltInRuleSets.Lifecycle(new LifecycleOptions { AtRiskPAliveBelow = profiles.HasPAlive ? 0.5 : null });
        // The two rule sets side by side: they only read the profiles (whose derived columns are made once, thread-safely).
        RuleSet stages = stageRules;
        Task<TierAssignment> stageAssignment = ParallelWork.Beside(() => stages.Assign(profiles));
        TierAssignment tiers;
        try
        {
            tiers = tierRules.Assign(profiles);
        }
        catch
        {
            ParallelWork.Abandon(stageAssignment);
            throw;
        }

        return new TierScorecard(profiles, tiers, ParallelWork.Result(stageAssignment));
    }

    /// <summary>The tier name of a customer.</summary>
    /// <param name="row">Row.</param>
    /// <returns>The tier.</returns>
    public string TierOf(int row) => Tiers.TierOf(row);

    /// <summary>The lifecycle stage of a customer.</summary>
    /// <param name="row">Row.</param>
    /// <returns>The stage.</returns>
    public string StageOf(int row) => Stages.TierOf(row);

    /// <summary>Why a customer has its tier.</summary>
    /// <param name="row">Row.</param>
    /// <returns>The explanation.</returns>
    public TierExplanation ExplainTier(int row) => Tiers.RuleSet.Explain(Profiles, row);

    /// <summary>Why a customer has its stage.</summary>
    /// <param name="row">Row.</param>
    /// <returns>The explanation.</returns>
    public TierExplanation ExplainStage(int row) => Stages.RuleSet.Explain(Profiles, row);

    /// <summary>The tier and stage tables.</summary>
    /// <returns>Readable text.</returns>
    public override string ToString() => Tiers + Environment.NewLine + Stages;
}
