using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Scorecard;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using Parquet.Schema;

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
    private readonly List<ScorecardColumn> _columns = [];

    /// <summary>Starts a scorecard with the summary columns (<see cref="ScorecardColumns.Summary{T}"/>).</summary>
    public ScorecardParquetWriter(CustomerSummaries summaries, CustomerKeyMap<TKey> customers)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(customers);
        _summaries = summaries;
        WithColumns(ScorecardColumns.Summary(summaries, customers));
    }

    /// <summary>
    /// The whole scorecard (<see cref="ScorecardColumns.Of{T}"/>), the same columns as the CSV scorecard: summary, RFM and
    /// ABC columns, then <c>expected_purchases, p_alive, expected_spend, clv</c> (optional DOUBLE, null when no CLV model was
    /// fitted) and <c>tier, lifecycle_stage</c>.
    /// </summary>
    /// <param name="scorecard">The scorecard; more columns may be added after these.</param>
    public ScorecardParquetWriter(CustomerScorecard<TKey> scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        _summaries = scorecard.Summaries;
        WithColumns(ScorecardColumns.Of(scorecard));
    }

    /// <summary>The column names so far, in order.</summary>
    public IReadOnlyList<string> ColumnNames => _columns.Select(c => c.Name).ToArray();

    /// <summary>Rows per row group. Default: <see cref="ParquetTableWriter.DefaultRowGroupSize"/>.</summary>
    public int RowGroupSize { get; init; } = ParquetTableWriter.DefaultRowGroupSize;

    /// <summary>Adds the RFM columns (<see cref="ScorecardColumns.Rfm"/>): recency in whole days, the three scores, the cell label, their sum and the segment name.</summary>
    public ScorecardParquetWriter<TKey> WithRfm(RfmResult rfm) => WithColumns(ScorecardColumns.Rfm(_summaries, rfm));

    /// <summary>Adds the <c>abc_class</c> column (A, B, C, or Excluded).</summary>
    public ScorecardParquetWriter<TKey> WithAbc(AbcClassification abc) => WithColumns(ScorecardColumns.Abc(_summaries, abc));

    /// <summary>Adds a DOUBLE column computed per summary row.</summary>
    /// <param name="name">The column name (snake_case by convention).</param>
    /// <param name="value">The value of summary row r.</param>
    public ScorecardParquetWriter<TKey> WithColumn(string name, Func<int, double> value) =>
        WithColumns([ScorecardColumn.Number(name, value)]);

    /// <summary>Adds a STRING column computed per summary row (null is written as a null).</summary>
    public ScorecardParquetWriter<TKey> WithColumn(string name, Func<int, string?> value) =>
        WithColumns([ScorecardColumn.Text(name, value)]);

    /// <summary>Adds columns (e.g. from <see cref="ScorecardColumns"/>, or your own), in order.</summary>
    /// <exception cref="ArgumentException">A column name is already taken.</exception>
    public ScorecardParquetWriter<TKey> WithColumns(IEnumerable<ScorecardColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (ScorecardColumn column in columns)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(columns));
            if (_columns.Any(c => c.Name == column.Name))
            {
                throw new ArgumentException($"The scorecard already has a column '{column.Name}'.", nameof(columns));
            }

            _columns.Add(column);
        }

        return this;
    }

    /// <summary>The scorecard as a table, to add further columns or write it elsewhere.</summary>
    /// <remarks>The scorecard's columns are read from the results one row group at a time while the table is written.</remarks>
    public ParquetTableWriter ToTable()
    {
        var table = new ParquetTableWriter(_summaries.Count) { RowGroupSize = RowGroupSize };
        foreach (ScorecardColumn c in _columns)
        {
            _ = c.Type switch
            {
                ScorecardColumnType.Text => table.AddTextRows(c.Name, (first, values) => c.ReadTexts(first, values)),
                ScorecardColumnType.WholeNumber => table.AddRows<int>(new DataField<int>(c.Name), (first, values) => c.ReadWholeNumbers(first, values)),
                ScorecardColumnType.Number when c.Nullable => table.AddOptionalDoubleRows(c.Name, (first, values) => c.ReadNumbers(first, values)),
                ScorecardColumnType.Number => table.AddRows<double>(new DataField<double>(c.Name), (first, values) => RequiredNumbers(c, first, values)),
                _ => table.AddRows<DateTime>(ParquetTableWriter.TimestampField(c.Name), (first, values) => c.ReadTimestamps(first, values)),
            };
        }

        return table;
    }

    /// <summary>Writes the scorecard to a file (created or overwritten).</summary>
    public void WriteFile(string path) => ToTable().WriteFile(path);

    /// <summary>Writes the scorecard to a stream, which stays open.</summary>
    public void Write(Stream output) => ToTable().Write(output);

    /// <summary>A required column's values: they always exist (a non-finite one would be a defect upstream).</summary>
    private static void RequiredNumbers(ScorecardColumn c, int first, double[] values)
    {
        c.ReadNumbers(first, values);
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new InvalidOperationException($"Column '{c.Name}' has no finite value in summary row {first + i}.");
            }
        }
    }
}
