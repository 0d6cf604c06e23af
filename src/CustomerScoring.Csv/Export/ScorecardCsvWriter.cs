using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Scorecard;
using CustomerScoring.Summaries;
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
    private readonly List<ScorecardColumn> _columns = [];

    /// <summary>Starts a scorecard with the summary columns (<see cref="ScorecardColumns.Summary{T}"/>).</summary>
    public ScorecardCsvWriter(CustomerSummaries summaries, CustomerKeyMap<TKey> customers)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(customers);
        _summaries = summaries;
        WithColumns(ScorecardColumns.Summary(summaries, customers));
    }

    /// <summary>
    /// The whole scorecard (<see cref="ScorecardColumns.Of{T}"/>): summary, RFM and ABC columns, then
    /// <c>expected_purchases, p_alive, expected_spend, clv</c> (empty when no CLV model was fitted, so the columns do not
    /// depend on the data) and <c>tier, lifecycle_stage</c>.
    /// </summary>
    /// <param name="scorecard">The scorecard; more columns may be added after these.</param>
    public ScorecardCsvWriter(CustomerScorecard<TKey> scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        _summaries = scorecard.Summaries;
        WithColumns(ScorecardColumns.Of(scorecard));
    }

    /// <summary>
    /// Whether text that a spreadsheet would run as a formula is written with a leading apostrophe and control characters
    /// escaped (see <see cref="CsvTableWriter.NeutralizeFormulas"/>). On by default.
    /// </summary>
    public bool NeutralizeFormulas { get; set; } = true;

    /// <summary>The column names so far, in order.</summary>
    public IReadOnlyList<string> ColumnNames => _columns.Select(c => c.Name).ToArray();

    /// <summary>Adds the RFM columns (<see cref="ScorecardColumns.Rfm"/>): recency in whole days, the three scores, the cell label, their sum and the segment name.</summary>
    public ScorecardCsvWriter<TKey> WithRfm(RfmResult rfm) => WithColumns(ScorecardColumns.Rfm(_summaries, rfm));

    /// <summary>Adds the <c>abc_class</c> column (A, B, C, or Excluded).</summary>
    public ScorecardCsvWriter<TKey> WithAbc(AbcClassification abc) => WithColumns(ScorecardColumns.Abc(_summaries, abc));

    /// <summary>Adds a numeric column computed per summary row.</summary>
    /// <param name="name">The column name (snake_case by convention).</param>
    /// <param name="value">The value of summary row r.</param>
    /// <param name="decimals">Fixed decimals, or null for the shortest round-trip form.</param>
    public ScorecardCsvWriter<TKey> WithColumn(string name, Func<int, double> value, int? decimals = null) =>
        WithColumns([ScorecardColumn.Number(name, value, decimals)]);

    /// <summary>Adds a text column computed per summary row.</summary>
    public ScorecardCsvWriter<TKey> WithColumn(string name, Func<int, string?> value) =>
        WithColumns([ScorecardColumn.Text(name, value)]);

    /// <summary>Adds columns (e.g. from <see cref="ScorecardColumns"/>, or your own), in order.</summary>
    /// <exception cref="ArgumentException">A column name is already taken.</exception>
    public ScorecardCsvWriter<TKey> WithColumns(IEnumerable<ScorecardColumn> columns)
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

    /// <summary>Writes the scorecard to a file.</summary>
    /// <remarks>Blocks of rows are formatted as UTF-8 on several threads and written in row order; the bytes are those
    /// <see cref="Write(TextWriter)"/> gives, encoded as UTF-8. On Linux a regular file is written past the page cache
    /// (<c>O_DIRECT</c>, in 4 MB blocks), since the process does not read it back; elsewhere, and for devices and pipes,
    /// through an ordinary file stream.</remarks>
    public void WriteFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using Stream file = DirectFileStream.Create(path, bufferSize: 1 << 16);
        Utf8CsvRows.Write(file, _columns, _summaries.Count, NeutralizeFormulas);
    }

    /// <summary>Writes the scorecard to a stream through <see cref="CsvTableWriter"/>, cell by cell (the reference that <see cref="WriteFile"/>'s bytes are tested against).</summary>
    internal void WriteByTable(Stream output)
    {
        using var writer = new CsvTableWriter(output, TableColumns(), leaveOpen: true);
        writer.NeutralizeFormulas = NeutralizeFormulas;
        WriteRows(writer);
    }

    /// <summary>Writes the scorecard to a text writer.</summary>
    public void Write(TextWriter output)
    {
        using var writer = new CsvTableWriter(output, TableColumns(), leaveOpen: true);
        writer.NeutralizeFormulas = NeutralizeFormulas;
        WriteRows(writer);
    }

    private CsvTableColumn[] TableColumns() => _columns.Select(c => new CsvTableColumn(c.Name, c.Decimals)).ToArray();

    private void WriteRows(CsvTableWriter writer)
    {
        for (int r = 0; r < _summaries.Count; r++)
        {
            foreach (ScorecardColumn column in _columns)
            {
                _ = column.Type switch
                {
                    ScorecardColumnType.Text => writer.Write(column.TextAt(r)),
                    ScorecardColumnType.WholeNumber => writer.Write(column.WholeNumberAt(r)),
                    ScorecardColumnType.Number => column.NumberAt(r) is { } v ? writer.Write(v) : writer.WriteEmpty(),
                    _ => writer.Write(column.TimestampAt(r)),
                };
            }

            writer.EndRow();
        }
    }
}
