using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Parquet;

/// <summary>
/// Writes one Parquet row per customer: the summary columns, then the columns of whatever results are attached (RFM
/// scores, ABC classes, your own columns), with the same column names and order as the CSV scorecard
/// (<c>ScorecardCsvWriter</c>), so a data platform reads either file the same way. With no results attached it is the
/// customer summaries file.
/// </summary>
/// <typeparam name="TKey">The customer key type.</typeparam>
/// <remarks>
/// <para>Columns and their Parquet types: <c>customer_id</c> (STRING, the key's text), <c>first_purchase, last_purchase</c>
/// (TIMESTAMP, microseconds, not adjusted to UTC), <c>transactions, frequency</c> (INT32), <c>recency, t, monetary_total,
/// monetary_repeat_mean</c> (DOUBLE; recency and t in the summaries' time unit), <c>margin_total</c> (DOUBLE) when the input
/// had margins; with <see cref="WithRfm"/> <c>recency_days, r_score, f_score, m_score</c> (INT32), <c>rfm_cell</c> (STRING),
/// <c>rfm_sum</c> (INT32), <c>segment</c> (STRING); with <see cref="WithAbc"/> <c>abc_class</c> (STRING); then the columns of
/// <see cref="WithColumn(string, Func{int, double})"/> (DOUBLE) and <see cref="WithColumn(string, Func{int, string})"/>
/// (STRING) in the order they were added. Doubles are written in full precision (the CSV scorecard rounds some to fixed
/// decimals).</para>
/// <para>Every attached result must have one entry per summary row, in summary row order. Not thread-safe while columns are added.</para>
/// </remarks>
/// <example>
/// <code>
/// new ScorecardParquetWriter&lt;string&gt;(summaries, data.Customers).WithRfm(rfm).WriteFile("scorecard.parquet");
/// </code>
/// </example>
public sealed class ScorecardParquetWriter<TKey>
    where TKey : notnull
{
    private readonly CustomerSummaries _summaries;
    private readonly List<(string Name, Action<ParquetTableWriter, string> Add)> _columns = [];

    /// <summary>Starts a scorecard with the summary columns.</summary>
    public ScorecardParquetWriter(CustomerSummaries summaries, CustomerKeyMap<TKey> customers)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(customers);
        _summaries = summaries;
        CustomerSummaries s = summaries;
        AddText("customer_id", r => customers.KeyOf(s.CustomerIndex[r]).ToString());
        Add("first_purchase", (t, name) => t.Add(name, s.FirstPurchase.ToArray().AsMemory()));
        Add("last_purchase", (t, name) => t.Add(name, s.LastPurchase.ToArray().AsMemory()));
        Add("transactions", (t, name) => t.Add(name, s.TransactionCount.ToArray().AsMemory()));
        AddInt("frequency", r => (int)s.Frequency[r]);
        Add("recency", (t, name) => t.Add(name, s.Recency.ToArray().AsMemory()));
        Add("t", (t, name) => t.Add(name, s.Age.ToArray().AsMemory()));
        Add("monetary_total", (t, name) => t.Add(name, s.TotalAmount.ToArray().AsMemory()));
        Add("monetary_repeat_mean", (t, name) => t.Add(name, s.MonetaryRepeatMean.ToArray().AsMemory()));
        if (s.HasMargins)
        {
            Add("margin_total", (t, name) => t.Add(name, s.TotalMargin.ToArray().AsMemory()));
        }
    }

    /// <summary>The column names so far, in order.</summary>
    public IReadOnlyList<string> ColumnNames => _columns.Select(c => c.Name).ToArray();

    /// <summary>Rows per row group. Default: <see cref="ParquetTableWriter.DefaultRowGroupSize"/>.</summary>
    public int RowGroupSize { get; init; } = ParquetTableWriter.DefaultRowGroupSize;

    /// <summary>Adds the RFM columns: recency in whole days, the three scores, the cell label, their sum and the segment name.</summary>
    public ScorecardParquetWriter<TKey> WithRfm(RfmResult rfm)
    {
        ArgumentNullException.ThrowIfNull(rfm);
        CheckLength(rfm.Count, nameof(rfm));
        CustomerSummaries s = _summaries;
        int unitDays = s.TimeUnit.Days();
        AddInt("recency_days", r => (int)Math.Round(s.TimeSinceLastPurchase[r] * unitDays));
        AddInt("r_score", r => rfm.RecencyScores[r]);
        AddInt("f_score", r => rfm.FrequencyScores[r]);
        AddInt("m_score", r => rfm.MonetaryScores[r]);
        AddText("rfm_cell", rfm.CellLabel);
        AddInt("rfm_sum", rfm.Sum);
        AddText("segment", rfm.SegmentOf);
        return this;
    }

    /// <summary>Adds the <c>abc_class</c> column (A, B, C, or Excluded).</summary>
    public ScorecardParquetWriter<TKey> WithAbc(AbcClassification abc)
    {
        ArgumentNullException.ThrowIfNull(abc);
        CheckLength(abc.Classes.Length, nameof(abc));
        AddText("abc_class", r => abc.Classes[r].ToString());
        return this;
    }

    /// <summary>Adds a DOUBLE column computed per summary row.</summary>
    /// <param name="name">The column name (snake_case by convention).</param>
    /// <param name="value">The value of summary row r.</param>
    public ScorecardParquetWriter<TKey> WithColumn(string name, Func<int, double> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Add(name, (t, n) =>
        {
            var values = new double[_summaries.Count];
            for (int r = 0; r < values.Length; r++)
            {
                values[r] = value(r);
            }

            t.Add(n, values.AsMemory());
        });
        return this;
    }

    /// <summary>Adds a STRING column computed per summary row (null is written as a null).</summary>
    public ScorecardParquetWriter<TKey> WithColumn(string name, Func<int, string?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        AddText(name, value);
        return this;
    }

    /// <summary>The scorecard as a table, to add further columns or write it elsewhere.</summary>
    public ParquetTableWriter ToTable()
    {
        var table = new ParquetTableWriter(_summaries.Count) { RowGroupSize = RowGroupSize };
        foreach ((string name, Action<ParquetTableWriter, string> add) in _columns)
        {
            add(table, name);
        }

        return table;
    }

    /// <summary>Writes the scorecard to a file (created or overwritten).</summary>
    public void WriteFile(string path) => ToTable().WriteFile(path);

    /// <summary>Writes the scorecard to a stream, which stays open.</summary>
    public void Write(Stream output) => ToTable().Write(output);

    private void AddInt(string name, Func<int, int> value) =>
        Add(name, (t, n) =>
        {
            var values = new int[_summaries.Count];
            for (int r = 0; r < values.Length; r++)
            {
                values[r] = value(r);
            }

            t.Add(n, values.AsMemory());
        });

    private void AddText(string name, Func<int, string?> value) =>
        Add(name, (t, n) =>
        {
            var values = new string?[_summaries.Count];
            for (int r = 0; r < values.Length; r++)
            {
                values[r] = value(r);
            }

            t.Add(n, values);
        });

    private void Add(string name, Action<ParquetTableWriter, string> add)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_columns.Any(c => c.Name == name))
        {
            throw new ArgumentException($"The scorecard already has a column '{name}'.", nameof(name));
        }

        _columns.Add((name, add));
    }

    private void CheckLength(int length, string what)
    {
        if (length != _summaries.Count)
        {
            throw new ArgumentException($"'{what}' has {length} customers but the summaries have {_summaries.Count}.", what);
        }
    }
}
