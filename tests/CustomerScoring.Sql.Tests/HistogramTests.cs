using System.Collections.ObjectModel;
using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;
using DuckDB.NET.Data;
using Npgsql;
using Xunit;

namespace CustomerScoring.Sql.Tests;

/// <summary>
/// The (x, t_x, T) histogram computed by the engines: it equals the in-memory summaries' distinct rows, and the models
/// fitted on it equal the per-customer fits (and the CDNOW published BG/NBD values).
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class HistogramTests(PostgresServer server)
{
    private static readonly TransactionSource Sales = TransactionSource.FromTable("sales");

    /// <summary>The CDNOW calibration of the literature: daily periods, weeks, 1997-01-01 to 1997-09-30.</summary>
    private static readonly SummaryOptions Calibration = new(new DateOnly(1997, 9, 30)) { Returns = ReturnsPolicy.Keep, TimeUnit = TimeUnit.Week };

    [Fact]
    public void DuckDb_histogram_fits_equal_per_customer_fits_and_the_published_bg_nbd()
    {
        using DuckDBConnection db = Engines.OpenDuckDb();
        Engines.LoadDuckDb(db, TestData.Cdnow);
        ClvHistogram histogram = SqlSummaries.ReadHistogram(db, Sales, Calibration, SqlDialect.DuckDb);
        CheckAgainstPerCustomerFits(histogram);
    }

    [Fact]
    public void PostgreSql_histogram_fits_equal_per_customer_fits_and_the_published_bg_nbd()
    {
        using NpgsqlConnection db = server.Open();
        Engines.LoadPostgres(db, TestData.Cdnow);
        ClvHistogram histogram = SqlSummaries.ReadHistogram(db, Sales, Calibration, SqlDialect.PostgreSql);
        CheckAgainstPerCustomerFits(histogram);
    }

    [Fact]
    public void Spend_histogram_gives_the_per_customer_gamma_gamma_fit()
    {
        using DuckDBConnection db = Engines.OpenDuckDb();
        Engines.LoadDuckDb(db, TestData.Cdnow);
        (double[] x, double[] m) = SqlSummaries.ReadSpendHistogram(db, Sales, Calibration, SqlDialect.DuckDb);
        CustomerSummaries s = Summarizer.Summarize(TestData.InMemory(TestData.Cdnow, false), Calibration);
        int repeatBuyers = 0;
        foreach (double f in s.Frequency)
        {
            repeatBuyers += f > 0 ? 1 : 0;
        }

        Assert.Equal(repeatBuyers, x.Length);
        GammaGammaModel fromHistogram = GammaGammaModel.Fit(x, m);
        GammaGammaModel perCustomer = GammaGammaModel.Fit(s.Frequency, s.MonetaryRepeatMean);
        Near(perCustomer.P, fromHistogram.P, 1e-6);
        Near(perCustomer.Q, fromHistogram.Q, 1e-6);
        Near(perCustomer.Gamma, fromHistogram.Gamma, 1e-6);
    }

    [Fact]
    public void Histogram_rejects_impossible_rows_with_a_specific_message()
    {
        var e = Assert.Throws<ArgumentException>(() => new ClvHistogram([1.0], [0.0], [3.0], [2.0], TimeUnit.Week));
        Assert.Contains("recency t_x = 0", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new ClvHistogram([1.0], [1.0], [3.0], [0.5], TimeUnit.Week));
        Assert.Contains("customer count 0.5", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new ClvHistogram([0.0], [0.0], [3.0], [4.0], TimeUnit.Week).FitBgNbd());
        Assert.Contains("All frequencies are 0", e.Message, StringComparison.Ordinal);
    }

    private static void CheckAgainstPerCustomerFits(ClvHistogram histogram)
    {
        CustomerSummaries s = Summarizer.Summarize(TestData.InMemory(TestData.Cdnow, false), Calibration);
        Assert.Equal(s.Count, histogram.CustomerCount);

        // The engine's histogram is the in-memory summaries' distinct (x, t_x, T) rows with their counts.
        ClvHistogram inMemory = ClvHistogram.FromSummaries(s);
        Assert.Equal(inMemory.Count, histogram.Count);
        var expectedRows = new Dictionary<(double, double, double), double>();
        for (int i = 0; i < inMemory.Count; i++)
        {
            expectedRows[(inMemory.Frequency[i], inMemory.Recency[i], inMemory.Age[i])] = inMemory.Customers[i];
        }

        for (int i = 0; i < histogram.Count; i++)
        {
            Assert.Equal(expectedRows[(histogram.Frequency[i], histogram.Recency[i], histogram.Age[i])], histogram.Customers[i]);
        }

        BgNbdModel bg = histogram.FitBgNbd();
        BgNbdModel bgPerCustomer = BgNbdModel.Fit(s.Frequency, s.Recency, s.Age, TimeUnit.Week);
        Same(bgPerCustomer.Diagnostics!.Estimates, bg.Diagnostics!.Estimates);
        Near(bgPerCustomer.Diagnostics.LogLikelihood, bg.Diagnostics.LogLikelihood, 1e-9);

        // Fader, Hardie & Lee (2005): r 0.243, alpha 4.414, a 0.793, b 2.426; LL -9582.4.
        Assert.Equal(0.243, bg.R, 0.0005);
        Assert.Equal(4.414, bg.Alpha, 0.0005);
        Assert.Equal(0.793, bg.A, 0.0005);
        Assert.Equal(2.426, bg.B, 0.0005);
        Assert.Equal(-9582.4, bg.Diagnostics.LogLikelihood, 0.05);

        Same(MbgNbdModel.Fit(s.Frequency, s.Recency, s.Age, TimeUnit.Week).Diagnostics!.Estimates, histogram.FitMbgNbd().Diagnostics!.Estimates);
        Same(ParetoNbdModel.Fit(s.Frequency, s.Recency, s.Age, TimeUnit.Week).Diagnostics!.Estimates, histogram.FitParetoNbd().Diagnostics!.Estimates);
    }

    private static void Same(ReadOnlyCollection<double> expected, ReadOnlyCollection<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Near(expected[i], actual[i], 1e-6);
        }
    }

    private static void Near(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
