using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Tiers;
using CustomerScoring.Transactions;

namespace CustomerScoring.Scorecard;

/// <summary>
/// The scorecard's columns, defined once: names, types, fixed decimals and values per summary row. The CSV, Parquet and
/// SQL writers render these, so a scorecard reads the same in every format.
/// </summary>
/// <remarks>
/// <para>Columns, in order (recency and t in the summaries' time unit):</para>
/// <list type="table">
/// <item><term><see cref="Summary{TKey}"/></term><description><c>customer_id</c> (the key's text), <c>first_purchase,
/// last_purchase</c>, <c>transactions, frequency</c>, <c>recency, t</c> (4 decimals), <c>monetary_total,
/// monetary_repeat_mean</c> (2 decimals), <c>margin_total</c> when the input had margins.</description></item>
/// <item><term><see cref="Rfm"/></term><description><c>recency_days, r_score, f_score, m_score, rfm_cell, rfm_sum,
/// segment</c>.</description></item>
/// <item><term><see cref="Abc"/></term><description><c>abc_class</c> (A, B, C or Excluded).</description></item>
/// <item><term><see cref="Clv"/></term><description><c>expected_purchases</c> (4), <c>p_alive</c> (4),
/// <c>expected_spend</c> (2), <c>clv</c> (2), missing for every row when no model was fitted (so the columns do not
/// depend on the data); with bootstrap intervals <c>expected_purchases_low/high, p_alive_low/high, clv_low/high</c>.</description></item>
/// <item><term><see cref="Tiers"/></term><description><c>tier, lifecycle_stage</c> (under a collect hit policy every
/// matching tier, e.g. "Gold; Birthday").</description></item>
/// </list>
/// </remarks>
/// <example>
/// <code>
/// foreach (ScorecardColumn column in ScorecardColumns.Of(card))
///     Console.WriteLine($"{column.Name}: {column.ValueAt(0)}");
/// </code>
/// </example>
public static class ScorecardColumns
{
    /// <summary>Every column of the scorecard, in the order of the sections above.</summary>
    /// <typeparam name="TKey">The customer key type.</typeparam>
    /// <param name="scorecard">The scorecard.</param>
    public static IReadOnlyList<ScorecardColumn> Of<TKey>(CustomerScorecard<TKey> scorecard)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        return
        [
            .. Summary(scorecard.Summaries, scorecard.Customers),
            .. Rfm(scorecard.Summaries, scorecard.Rfm),
            .. Abc(scorecard.Summaries, scorecard.Abc),
            .. Clv(scorecard.Summaries, scorecard.Clv),
            .. Tiers(scorecard.Summaries, scorecard.Tiers),
        ];
    }

    /// <summary>The summary columns, starting with <c>customer_id</c>.</summary>
    /// <typeparam name="TKey">The customer key type.</typeparam>
    /// <param name="summaries">The summaries (one row per customer).</param>
    /// <param name="customers">The map from the summaries' customer indices to your keys.</param>
    public static IReadOnlyList<ScorecardColumn> Summary<TKey>(CustomerSummaries summaries, CustomerKeyMap<TKey> customers)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(customers);
        CustomerSummaries s = summaries;
        var columns = new List<ScorecardColumn>
        {
            ScorecardColumn.Text("customer_id", r => customers.KeyOf(s.CustomerIndex[r]).ToString()),
            ScorecardColumn.Timestamp("first_purchase", r => s.FirstPurchase[r]),
            ScorecardColumn.Timestamp("last_purchase", r => s.LastPurchase[r]),
            ScorecardColumn.WholeNumber("transactions", r => s.TransactionCount[r]),
            ScorecardColumn.WholeNumber("frequency", r => (int)s.Frequency[r]),
            ScorecardColumn.Number("recency", r => s.Recency[r], 4),
            ScorecardColumn.Number("t", r => s.Age[r], 4),
            ScorecardColumn.Number("monetary_total", r => s.TotalAmount[r], 2),
            ScorecardColumn.Number("monetary_repeat_mean", r => s.MonetaryRepeatMean[r], 2),
        };
        if (s.HasMargins)
        {
            columns.Add(ScorecardColumn.Number("margin_total", r => s.TotalMargin[r], 2));
        }

        return columns;
    }

    /// <summary>The RFM columns: recency in whole days, the three scores, the cell label, their sum and the segment name.</summary>
    /// <param name="summaries">The summaries the scores were computed from.</param>
    /// <param name="rfm">The RFM result, one entry per summary row.</param>
    /// <exception cref="ArgumentException">The result does not have one entry per summary row.</exception>
    public static IReadOnlyList<ScorecardColumn> Rfm(CustomerSummaries summaries, RfmResult rfm)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(rfm);
        CheckLength(summaries, rfm.Count, nameof(rfm));
        CustomerSummaries s = summaries;
        return
        [
            ScorecardColumn.WholeNumber("recency_days", r => s.DaysSinceLastPurchase[r]),
            ScorecardColumn.WholeNumber("r_score", r => rfm.RecencyScores[r]),
            ScorecardColumn.WholeNumber("f_score", r => rfm.FrequencyScores[r]),
            ScorecardColumn.WholeNumber("m_score", r => rfm.MonetaryScores[r]),
            ScorecardColumn.Text("rfm_cell", CellLabels(rfm)),
            ScorecardColumn.WholeNumber("rfm_sum", rfm.Sum),
            ScorecardColumn.Text("segment", rfm.SegmentOf),
        ];
    }

    /// <summary>The <c>abc_class</c> column (A, B, C, or Excluded).</summary>
    /// <param name="summaries">The summaries the classes were computed from.</param>
    /// <param name="abc">The ABC classes, one per summary row.</param>
    /// <exception cref="ArgumentException">The classes are not one per summary row.</exception>
    public static IReadOnlyList<ScorecardColumn> Abc(CustomerSummaries summaries, AbcClassification abc)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(abc);
        CheckLength(summaries, abc.Classes.Length, nameof(abc));
        return [ScorecardColumn.Text("abc_class", r => AbcName(abc.Classes[r]))];
    }

    /// <summary>The class's name (<see cref="Enum.ToString()"/>), without formatting an enum per row.</summary>
    private static string AbcName(AbcClass value) => (uint)value < (uint)AbcNames.Length ? AbcNames[(int)value] : value.ToString();

    private static readonly string[] AbcNames = [.. Enumerable.Range(0, (int)Enum.GetValues<AbcClass>().Max() + 1).Select(v => ((AbcClass)v).ToString())];

    /// <summary>
    /// The CLV columns: <c>expected_purchases, p_alive, expected_spend, clv</c>, missing in every row when
    /// <paramref name="clv"/> is null (no model could be fitted); with intervals their bounds follow.
    /// </summary>
    /// <param name="summaries">The summaries the models were fitted on.</param>
    /// <param name="clv">The fitted models and forecast, or null.</param>
    /// <exception cref="ArgumentException">The forecast does not have one value per summary row.</exception>
    public static IReadOnlyList<ScorecardColumn> Clv(CustomerSummaries summaries, ScorecardClv? clv)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        if (clv is null)
        {
            return
            [
                ScorecardColumn.OptionalNumber("expected_purchases", _ => null, 4),
                ScorecardColumn.OptionalNumber("p_alive", _ => null, 4),
                ScorecardColumn.OptionalNumber("expected_spend", _ => null, 2),
                ScorecardColumn.OptionalNumber("clv", _ => null, 2),
            ];
        }

        Clv.ClvForecast f = clv.Forecast;
        CheckLength(summaries, f.Value.Length, nameof(clv));
        var columns = new List<ScorecardColumn>
        {
            ScorecardColumn.OptionalNumber("expected_purchases", r => f.ExpectedPurchases[r], 4),
            ScorecardColumn.OptionalNumber("p_alive", r => f.ProbabilityAlive[r], 4),
            ScorecardColumn.OptionalNumber("expected_spend", r => f.ExpectedSpend[r], 2),
            ScorecardColumn.OptionalNumber("clv", r => f.Value[r], 2),
        };
        if (clv.Intervals is { } ci)
        {
            // With bootstrap intervals (ScorecardOptions.Intervals) their bounds follow, at ci.Level.
            columns.Add(ScorecardColumn.OptionalNumber("expected_purchases_low", r => ci.ExpectedPurchasesLow[r], 4));
            columns.Add(ScorecardColumn.OptionalNumber("expected_purchases_high", r => ci.ExpectedPurchasesHigh[r], 4));
            columns.Add(ScorecardColumn.OptionalNumber("p_alive_low", r => ci.ProbabilityAliveLow[r], 4));
            columns.Add(ScorecardColumn.OptionalNumber("p_alive_high", r => ci.ProbabilityAliveHigh[r], 4));
            columns.Add(ScorecardColumn.OptionalNumber("clv_low", r => ci.ValueLow[r], 2));
            columns.Add(ScorecardColumn.OptionalNumber("clv_high", r => ci.ValueHigh[r], 2));
        }

        return columns;
    }

    /// <summary>The <c>tier</c> and <c>lifecycle_stage</c> columns.</summary>
    /// <param name="summaries">The summaries the profiles were built from.</param>
    /// <param name="tiers">The tier and lifecycle assignments, one per summary row.</param>
    /// <exception cref="ArgumentException">The assignments are not one per summary row.</exception>
    public static IReadOnlyList<ScorecardColumn> Tiers(CustomerSummaries summaries, TierScorecard tiers)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(tiers);
        CheckLength(summaries, tiers.Count, nameof(tiers));
        return
        [
            ScorecardColumn.Text("tier", tiers.Tiers.LabelOf),
            ScorecardColumn.Text("lifecycle_stage", tiers.Stages.LabelOf),
        ];
    }

    /// <summary>
    /// <see cref="RfmResult.CellLabel"/>, made once per cell rather than once per row (a scorecard has at most 10 x 10 x 10
    /// cells): the label text is the same, without a new string per row. Safe for concurrent readers (two threads may make
    /// the same label at once; either copy is kept).
    /// </summary>
    private static Func<int, string?> CellLabels(RfmResult rfm)
    {
        var labels = new string?[11 * 11 * 11];
        return r =>
        {
            int score = rfm.RecencyScores[r], f = rfm.FrequencyScores[r], m = rfm.MonetaryScores[r];
            if (score > 10 || f > 10 || m > 10)
            {
                return rfm.CellLabel(r);
            }

            int cell = (score * 121) + (f * 11) + m;
            return labels[cell] ??= rfm.CellLabel(r);
        };
    }

    private static void CheckLength(CustomerSummaries summaries, int length, string what)
    {
        if (length != summaries.Count)
        {
            throw new ArgumentException($"'{what}' has {length} customers but the summaries have {summaries.Count}.", what);
        }
    }
}
