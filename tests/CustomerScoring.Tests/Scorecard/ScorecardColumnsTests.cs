using System.Globalization;
using CustomerScoring.Csv;
using CustomerScoring.Parquet;
using CustomerScoring.Scorecard;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Parquet;
using CustomerScoring.Tests.Support;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Scorecard;

/// <summary>
/// The scorecard's columns are defined once (<see cref="ScorecardColumns"/>): their values are the results they name, and
/// the CSV and Parquet files hold the same columns with the same values, cell by cell.
/// </summary>
public sealed class ScorecardColumnsTests
{
    private static readonly Lazy<CustomerScorecard<int>> Cdnow = new(() => CustomerScorecard.Build(
        CdnowData.LoadSample(), new ScorecardOptions { AnalysisDate = new DateOnly(1997, 9, 30), TimeUnit = TimeUnit.Week }));

    private static readonly string[] DocumentedNames =
    [
        "customer_id", "first_purchase", "last_purchase", "transactions", "frequency", "recency", "t", "monetary_total",
        "monetary_repeat_mean", "recency_days", "r_score", "f_score", "m_score", "rfm_cell", "rfm_sum", "segment", "abc_class",
        "expected_purchases", "p_alive", "expected_spend", "clv", "tier", "lifecycle_stage",
    ];

    [Fact]
    public void Columns_are_the_documented_ones_and_hold_the_results_they_name()
    {
        CustomerScorecard<int> card = Cdnow.Value;
        IReadOnlyList<ScorecardColumn> columns = ScorecardColumns.Of(card);
        Assert.Equal(DocumentedNames, columns.Select(c => c.Name));
        ScorecardColumn Col(string name) => columns.Single(c => c.Name == name);

        CustomerSummaries s = card.Summaries;
        for (int r = 0; r < card.Count; r += 7)
        {
            Assert.Equal(card.KeyOf(r).ToString(CultureInfo.InvariantCulture), Col("customer_id").TextAt(r));
            Assert.Equal(s.FirstPurchase[r], Col("first_purchase").TimestampAt(r));
            Assert.Equal(s.TransactionCount[r], Col("transactions").WholeNumberAt(r));
            Assert.Equal(s.Age[r], Col("t").NumberAt(r));
            Assert.Equal(s.DaysSinceLastPurchase[r], Col("recency_days").WholeNumberAt(r));
            Assert.Equal(card.Rfm.RecencyScores[r] + card.Rfm.FrequencyScores[r] + card.Rfm.MonetaryScores[r], Col("rfm_sum").WholeNumberAt(r));
            Assert.Equal(card.Rfm.SegmentOf(r), Col("segment").TextAt(r));
            Assert.Equal(card.Abc.Classes[r].ToString(), Col("abc_class").TextAt(r));
            Assert.Equal(card.Clv!.Forecast.Value[r], Col("clv").NumberAt(r));
            Assert.Equal(card.Clv.Forecast.ProbabilityAlive[r], Col("p_alive").ValueAt(r));
            Assert.Equal(card.Tiers.Tiers.LabelOf(r), Col("tier").TextAt(r));
            Assert.Equal(card.Tiers.Stages.LabelOf(r), Col("lifecycle_stage").TextAt(r));
        }

        var wrongType = Assert.Throws<InvalidOperationException>(() => Col("segment").NumberAt(0));
        Assert.Contains("'segment' holds Text values, not Number", wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_and_parquet_scorecards_hold_the_column_table_cell_by_cell()
    {
        CustomerScorecard<int> card = Cdnow.Value;
        CheckFiles(card, ScorecardColumns.Of(card));
    }

    [Fact]
    public void Without_a_fitted_model_the_clv_columns_are_there_and_empty_in_both_files()
    {
        var builder = new TransactionBatchBuilder<string>();
        foreach (Row row in RandomTransactions.Generate(8, maxRows: 200, maxCustomers: 25))
        {
            builder.Add("c" + row.Customer, row.Time, row.Amount);
        }

        CustomerScorecard<string> card = CustomerScorecard.Build(builder.Build(),
            new ScorecardOptions { AnalysisDate = new DateOnly(2024, 4, 1), PurchaseModel = null });
        IReadOnlyList<ScorecardColumn> columns = ScorecardColumns.Of(card);
        Assert.Equal(DocumentedNames, columns.Select(c => c.Name));
        Assert.All(Enumerable.Range(0, card.Count), r => Assert.Null(columns.Single(c => c.Name == "clv").NumberAt(r)));
        CheckFiles(card, columns);
    }

    /// <summary>Writes both files and compares every cell with the column's value (CSV numbers rounded to the column's decimals).</summary>
    private static void CheckFiles<TKey>(CustomerScorecard<TKey> card, IReadOnlyList<ScorecardColumn> columns)
        where TKey : notnull
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        new ScorecardCsvWriter<TKey>(card).Write(text);
        string[][] csv = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToArray();
        Assert.Equal(columns.Select(c => c.Name), csv[0]);
        Assert.Equal(card.Count + 1, csv.Length);

        using var parquet = new MemoryStream();
        new ScorecardParquetWriter<TKey>(card) { RowGroupSize = 500 }.Write(parquet);
        Assert.Equal(columns.Select(c => c.Name), ParquetFiles.Fields(parquet).Select(f => f.Name));

        for (int i = 0; i < columns.Count; i++)
        {
            ScorecardColumn c = columns[i];
            object?[] fromParquet = c.Type switch
            {
                ScorecardColumnType.Text => ParquetFiles.ReadStrings(parquet, c.Name),
                ScorecardColumnType.WholeNumber => ParquetFiles.ReadColumn<int>(parquet, c.Name).Values.Cast<object?>().ToArray(),
                ScorecardColumnType.Number when c.Nullable => ParquetFiles.ReadOptionalDoubles(parquet, c.Name).Cast<object?>().ToArray(),
                ScorecardColumnType.Number => ParquetFiles.ReadColumn<double>(parquet, c.Name).Values.Cast<object?>().ToArray(),
                _ => ParquetFiles.ReadColumn<DateTime>(parquet, c.Name).Values.Cast<object?>().ToArray(),
            };
            for (int r = 0; r < card.Count; r++)
            {
                object? value = c.ValueAt(r);
                Assert.Equal(value, fromParquet[r]);
                string cell = csv[r + 1][i];
                switch (value)
                {
                    case null:
                        Assert.Equal(string.Empty, cell);
                        break;
                    case double d when c.Decimals is { } decimals:
                        // The text has exactly the column's decimals and is the value to within half a unit of the last one.
                        Assert.Equal(decimals, cell.Length - cell.IndexOf('.', StringComparison.Ordinal) - 1);
                        Assert.InRange(Math.Abs(d - double.Parse(cell, CultureInfo.InvariantCulture)), 0, (0.5 * Math.Pow(10, -decimals)) + 1e-9);
                        break;
                    case double d:
                        Assert.Equal(d, double.Parse(cell, CultureInfo.InvariantCulture));
                        break;
                    case DateTime t:
                        Assert.Equal(t, DateTime.Parse(cell, CultureInfo.InvariantCulture));
                        break;
                    default:
                        Assert.Equal(Convert.ToString(value, CultureInfo.InvariantCulture), cell);
                        break;
                }
            }
        }
    }
}
