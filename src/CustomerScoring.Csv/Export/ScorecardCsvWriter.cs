using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Scorecard;
using CustomerScoring.Summaries;
using CustomerScoring.Tiers;
using CustomerScoring.Transactions;

namespace CustomerScoring.Csv;

/// <summary>
/// Writes one CSV row per customer: the summary columns, then the columns of whatever results are
/// attached (RFM scores, ABC classes, your own columns), in invariant culture with a header.
/// </summary>
/// <typeparam name="TKey">The customer key type.</typeparam>
/// <remarks>
/// <para>Columns, in order: <c>customer_id, first_purchase, last_purchase, transactions, frequency, recency,
/// t, monetary_total, monetary_repeat_mean</c> (recency and t in the summaries' time unit), <c>margin_total</c>
/// when the input had margins; with <see cref="WithRfm"/> <c>recency_days, r_score, f_score, m_score,
/// rfm_cell, rfm_sum, segment</c>; with <see cref="WithAbc"/> <c>abc_class</c>; then the columns added by
/// <see cref="WithColumn(string, Func{int, double}, int?)"/> in the order they were added.</para>
/// <para>Every attached result must have one entry per summary row, in summary row order.</para>
/// </remarks>
/// <example>
/// <code>
/// new ScorecardCsvWriter&lt;string&gt;(summaries, data.Customers).WithRfm(rfm).WriteFile("scorecard.csv");
/// </code>
/// </example>
public sealed class ScorecardCsvWriter<TKey>
    where TKey : notnull
{
    private readonly CustomerSummaries _summaries;
    private readonly List<(CsvTableColumn Column, Action<CsvTableWriter, int> Write)> _columns = [];

    /// <summary>Starts a scorecard with the summary columns.</summary>
    public ScorecardCsvWriter(CustomerSummaries summaries, CustomerKeyMap<TKey> customers)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(customers);
        _summaries = summaries;
        CustomerSummaries s = summaries;
        Add("customer_id", null, (w, r) => w.Write(customers.KeyOf(s.CustomerIndex[r]).ToString()));
        Add("first_purchase", null, (w, r) => w.Write(s.FirstPurchase[r]));
        Add("last_purchase", null, (w, r) => w.Write(s.LastPurchase[r]));
        Add("transactions", null, (w, r) => w.Write(s.TransactionCount[r]));
        Add("frequency", null, (w, r) => w.Write((int)s.Frequency[r]));
        Add("recency", 4, (w, r) => w.Write(s.Recency[r]));
        Add("t", 4, (w, r) => w.Write(s.Age[r]));
        Add("monetary_total", 2, (w, r) => w.Write(s.TotalAmount[r]));
        Add("monetary_repeat_mean", 2, (w, r) => w.Write(s.MonetaryRepeatMean[r]));
        if (s.HasMargins)
        {
            Add("margin_total", 2, (w, r) => w.Write(s.TotalMargin[r]));
        }
    }

    /// <summary>
    /// Whether text that a spreadsheet would run as a formula is written with a leading apostrophe and control characters
    /// escaped (see <see cref="CsvTableWriter.NeutralizeFormulas"/>). On by default.
    /// </summary>
    public bool NeutralizeFormulas { get; set; } = true;

    /// <summary>
    /// The whole scorecard: summary, RFM and ABC columns, then <c>expected_purchases, p_alive, expected_spend, clv</c> (empty
    /// when no CLV model was fitted, so the columns do not depend on the data) and <c>tier, lifecycle_stage</c>.
    /// </summary>
    /// <param name="scorecard">The scorecard; more columns may be added after these.</param>
    public ScorecardCsvWriter(CustomerScorecard<TKey> scorecard)
        : this((scorecard ?? throw new ArgumentNullException(nameof(scorecard))).Summaries, scorecard.Customers)
    {
        ScorecardCsvWriter<TKey> card = WithRfm(scorecard.Rfm).WithAbc(scorecard.Abc);
        if (scorecard.Clv is { Forecast: var f })
        {
            card.WithColumn("expected_purchases", r => f.ExpectedPurchases[r], 4)
                .WithColumn("p_alive", r => f.ProbabilityAlive[r], 4)
                .WithColumn("expected_spend", r => f.ExpectedSpend[r], 2)
                .WithColumn("clv", r => f.Value[r], 2);
            if (scorecard.Clv.Intervals is { } ci)
            {
                // With bootstrap intervals (ScorecardOptions.Intervals) their bounds follow, at ci.Level.
                card.WithColumn("expected_purchases_low", r => ci.ExpectedPurchasesLow[r], 4)
                    .WithColumn("expected_purchases_high", r => ci.ExpectedPurchasesHigh[r], 4)
                    .WithColumn("p_alive_low", r => ci.ProbabilityAliveLow[r], 4)
                    .WithColumn("p_alive_high", r => ci.ProbabilityAliveHigh[r], 4)
                    .WithColumn("clv_low", r => ci.ValueLow[r], 2)
                    .WithColumn("clv_high", r => ci.ValueHigh[r], 2);
            }
        }
        else
        {
            foreach (string name in (string[])["expected_purchases", "p_alive", "expected_spend", "clv"])
            {
                card.WithColumn(name, _ => (string?)null);
            }
        }

        TierScorecard tiers = scorecard.Tiers;
        // Under a collect hit policy a customer carries every matching tier ("Gold; Birthday"), never only the first.
        card.WithColumn("tier", tiers.Tiers.LabelOf).WithColumn("lifecycle_stage", tiers.Stages.LabelOf);
    }

    /// <summary>The column names so far, in order.</summary>
    public IReadOnlyList<string> ColumnNames => _columns.Select(c => c.Column.Name).ToArray();

    /// <summary>Adds the RFM columns: recency in whole days, the three scores, the cell label, their sum and the segment name.</summary>
    public ScorecardCsvWriter<TKey> WithRfm(RfmResult rfm)
    {
        ArgumentNullException.ThrowIfNull(rfm);
        CheckLength(rfm.Count, nameof(rfm));
        CustomerSummaries s = _summaries;
        Add("recency_days", null, (w, r) => w.Write(s.DaysSinceLastPurchase[r]));
        Add("r_score", null, (w, r) => w.Write((int)rfm.RecencyScores[r]));
        Add("f_score", null, (w, r) => w.Write((int)rfm.FrequencyScores[r]));
        Add("m_score", null, (w, r) => w.Write((int)rfm.MonetaryScores[r]));
        Add("rfm_cell", null, (w, r) => w.Write(rfm.CellLabel(r)));
        Add("rfm_sum", null, (w, r) => w.Write(rfm.Sum(r)));
        Add("segment", null, (w, r) => w.Write(rfm.SegmentOf(r)));
        return this;
    }

    /// <summary>Adds the <c>abc_class</c> column (A, B, C, or Excluded).</summary>
    public ScorecardCsvWriter<TKey> WithAbc(AbcClassification abc)
    {
        ArgumentNullException.ThrowIfNull(abc);
        CheckLength(abc.Classes.Length, nameof(abc));
        Add("abc_class", null, (w, r) => w.Write(abc.Classes[r].ToString()));
        return this;
    }

    /// <summary>Adds a numeric column computed per summary row.</summary>
    /// <param name="name">The column name (snake_case by convention).</param>
    /// <param name="value">The value of summary row r.</param>
    /// <param name="decimals">Fixed decimals, or null for the shortest round-trip form.</param>
    public ScorecardCsvWriter<TKey> WithColumn(string name, Func<int, double> value, int? decimals = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        Add(name, decimals, (w, r) => w.Write(value(r)));
        return this;
    }

    /// <summary>Adds a text column computed per summary row.</summary>
    public ScorecardCsvWriter<TKey> WithColumn(string name, Func<int, string?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Add(name, null, (w, r) => w.Write(value(r)));
        return this;
    }

    /// <summary>Writes the scorecard to a file.</summary>
    public void WriteFile(string path)
    {
        using CsvTableWriter writer = CsvTableWriter.ToFile(path, _columns.Select(c => c.Column).ToArray());
        writer.NeutralizeFormulas = NeutralizeFormulas;
        WriteRows(writer);
    }

    /// <summary>Writes the scorecard to a text writer.</summary>
    public void Write(TextWriter output)
    {
        using var writer = new CsvTableWriter(output, _columns.Select(c => c.Column).ToArray(), leaveOpen: true);
        writer.NeutralizeFormulas = NeutralizeFormulas;
        WriteRows(writer);
    }

    private void WriteRows(CsvTableWriter writer)
    {
        for (int r = 0; r < _summaries.Count; r++)
        {
            foreach (var (_, write) in _columns)
            {
                write(writer, r);
            }

            writer.EndRow();
        }
    }

    private void Add(string name, int? decimals, Action<CsvTableWriter, int> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_columns.Any(c => c.Column.Name == name))
        {
            throw new ArgumentException($"The scorecard already has a column '{name}'.", nameof(name));
        }

        _columns.Add((new CsvTableColumn(name, decimals), write));
    }

    private void CheckLength(int length, string what)
    {
        if (length != _summaries.Count)
        {
            throw new ArgumentException($"'{what}' has {length} customers but the summaries have {_summaries.Count}.", what);
        }
    }
}
