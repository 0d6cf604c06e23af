using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Rules;
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
            ScorecardColumn.Texts("customer_id", (first, values) =>
            {
                ReadOnlySpan<int> index = s.CustomerIndex.Slice(first, values.Length);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = customers.KeyOf(index[i]).ToString();
                }
            }, new CustomerKeyTexts<TKey>(s, customers)),
            ScorecardColumn.Timestamps("first_purchase", (first, values) => s.FirstPurchase.Slice(first, values.Length).CopyTo(values)),
            ScorecardColumn.Timestamps("last_purchase", (first, values) => s.LastPurchase.Slice(first, values.Length).CopyTo(values)),
            ScorecardColumn.WholeNumbers("transactions", (first, values) => s.TransactionCount.Slice(first, values.Length).CopyTo(values)),
            ScorecardColumn.WholeNumbers("frequency", (first, values) =>
            {
                ReadOnlySpan<double> frequency = s.Frequency.Slice(first, values.Length);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = (int)frequency[i];
                }
            }),
            ScorecardColumn.Numbers("recency", (first, values) => s.Recency.Slice(first, values.Length).CopyTo(values), 4),
            ScorecardColumn.Numbers("t", (first, values) => s.Age.Slice(first, values.Length).CopyTo(values), 4),
            ScorecardColumn.Numbers("monetary_total", (first, values) => s.TotalAmount.Slice(first, values.Length).CopyTo(values), 2),
            ScorecardColumn.Numbers("monetary_repeat_mean", (first, values) => s.MonetaryRepeatMean.Slice(first, values.Length).CopyTo(values), 2),
        };
        if (s.HasMargins)
        {
            columns.Add(ScorecardColumn.Numbers("margin_total", (first, values) => s.TotalMargin.Slice(first, values.Length).CopyTo(values), 2));
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
            ScorecardColumn.WholeNumbers("recency_days", (first, values) => s.DaysSinceLastPurchase.Slice(first, values.Length).CopyTo(values)),
            ScorecardColumn.WholeNumbers("r_score", (first, values) => Widen(rfm.RecencyScores.Slice(first, values.Length), values)),
            ScorecardColumn.WholeNumbers("f_score", (first, values) => Widen(rfm.FrequencyScores.Slice(first, values.Length), values)),
            ScorecardColumn.WholeNumbers("m_score", (first, values) => Widen(rfm.MonetaryScores.Slice(first, values.Length), values)),
            ScorecardColumn.Texts("rfm_cell", CellLabels(rfm)),
            ScorecardColumn.WholeNumbers("rfm_sum", (first, values) =>
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = rfm.Sum(first + i);
                }
            }),
            ScorecardColumn.Texts("segment", (first, values) =>
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = rfm.SegmentOf(first + i);
                }
            }),
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
        return
        [
            ScorecardColumn.Texts("abc_class", (first, values) =>
            {
                ReadOnlySpan<AbcClass> classes = abc.Classes.Slice(first, values.Length);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = AbcName(classes[i]);
                }
            }),
        ];
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
                ScorecardColumn.OptionalNumbers("expected_purchases", Missing, 4),
                ScorecardColumn.OptionalNumbers("p_alive", Missing, 4),
                ScorecardColumn.OptionalNumbers("expected_spend", Missing, 2),
                ScorecardColumn.OptionalNumbers("clv", Missing, 2),
            ];
        }

        Clv.ClvForecast f = clv.Forecast;
        CheckLength(summaries, f.Value.Length, nameof(clv));
        var columns = new List<ScorecardColumn>
        {
            ScorecardColumn.OptionalNumbers("expected_purchases", Copy(f.ExpectedPurchases), 4),
            ScorecardColumn.OptionalNumbers("p_alive", Copy(f.ProbabilityAlive), 4),
            ScorecardColumn.OptionalNumbers("expected_spend", Copy(f.ExpectedSpend), 2),
            ScorecardColumn.OptionalNumbers("clv", Copy(f.Value), 2),
        };
        if (clv.Intervals is { } ci)
        {
            // With bootstrap intervals (ScorecardOptions.Intervals) their bounds follow, at ci.Level.
            columns.Add(ScorecardColumn.OptionalNumbers("expected_purchases_low", Copy(ci.ExpectedPurchasesLow), 4));
            columns.Add(ScorecardColumn.OptionalNumbers("expected_purchases_high", Copy(ci.ExpectedPurchasesHigh), 4));
            columns.Add(ScorecardColumn.OptionalNumbers("p_alive_low", Copy(ci.ProbabilityAliveLow), 4));
            columns.Add(ScorecardColumn.OptionalNumbers("p_alive_high", Copy(ci.ProbabilityAliveHigh), 4));
            columns.Add(ScorecardColumn.OptionalNumbers("clv_low", Copy(ci.ValueLow), 2));
            columns.Add(ScorecardColumn.OptionalNumbers("clv_high", Copy(ci.ValueHigh), 2));
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
            ScorecardColumn.Texts("tier", Labels(tiers.Tiers)),
            ScorecardColumn.Texts("lifecycle_stage", Labels(tiers.Stages)),
        ];
    }

    /// <summary>
    /// <see cref="RfmResult.CellLabel"/>, made once per cell rather than once per row (a scorecard has at most 10 x 10 x 10
    /// cells): the label text is the same, without a new string per row. Safe for concurrent readers (two threads may make
    /// the same label at once; either copy is kept).
    /// </summary>
    private static ColumnRowsReader<string?> CellLabels(RfmResult rfm)
    {
        var labels = new string?[11 * 11 * 11];
        return (first, values) =>
        {
            for (int i = 0; i < values.Length; i++)
            {
                int r = first + i;
                int score = rfm.RecencyScores[r], f = rfm.FrequencyScores[r], m = rfm.MonetaryScores[r];
                values[i] = score > 10 || f > 10 || m > 10 ? rfm.CellLabel(r) : (labels[(score * 121) + (f * 11) + m] ??= rfm.CellLabel(r));
            }
        };
    }

    /// <summary>Reads a block of rows of a result's array (missing values are NaN, as the array holds them).</summary>
    private static ColumnRowsReader<double> Copy(double[] column) => (first, values) => column.AsSpan(first, values.Length).CopyTo(values);

    /// <summary>A column missing in every row.</summary>
    private static void Missing(int first, Span<double> values) => values.Fill(double.NaN);

    /// <summary>Reads a block of rows of an assignment's labels (<see cref="TierAssignment.LabelOf"/>).</summary>
    private static ColumnRowsReader<string?> Labels(TierAssignment assignment) => (first, values) =>
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = assignment.LabelOf(first + i);
        }
    };

    private static void Widen(ReadOnlySpan<byte> scores, Span<int> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = scores[i];
        }
    }

    private static void CheckLength(CustomerSummaries summaries, int length, string what)
    {
        if (length != summaries.Count)
        {
            throw new ArgumentException($"'{what}' has {length} customers but the summaries have {summaries.Count}.", what);
        }
    }
}
