using CustomerScoring.Concentration;
using CustomerScoring.Csv;
using CustomerScoring.QuickStart;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;

namespace CustomerScoring.Tests.Charts;

/// <summary>
/// The bundled CDNOW sample (2,357 customers) taken through the library once: summaries to 1998-06-30 with RFM scores and
/// revenue concentration, and the calibration/holdout split of the BG/NBD paper (39 + 39 weeks) with P(alive) and expected
/// holdout purchases from the paper's published parameters (<see cref="BgNbdReference"/>).
/// </summary>
public sealed class CdnowFixture
{
    public CdnowFixture()
    {
        CsvImportResult imported = TransactionCsvReader.ReadFile(CdnowData.PathOf("CDNOW_sample.txt"), QuickStartApp.BundledSampleFormat);
        Summaries = Summarizer.Summarize(imported.Transactions, new SummaryOptions(new DateOnly(1998, 6, 30)));
        Rfm = RfmScorer.Default.Score(Summaries, imported.Transactions.Customers);
        Concentration = ParetoAnalysis.Analyze(Summaries.TotalAmount, NegativeValues.ClipToZero);

        Calibration = Summarizer.Summarize(
            imported.Transactions,
            new SummaryOptions(new DateOnly(1997, 9, 30)) { TimeUnit = TimeUnit.Week, HoldoutEnd = new DateOnly(1998, 6, 30) });
        int n = Calibration.Count;
        PAlive = new double[n];
        PredictedHoldout = new double[n];
        ActualHoldout = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x = Calibration.Frequency[i];
            double tx = Calibration.Recency[i];
            double t = Calibration.Age[i];
            PAlive[i] = BgNbdReference.ProbabilityAlive(x, tx, t);
            PredictedHoldout[i] = BgNbdReference.ExpectedPurchases(Calibration.HoldoutLength, x, tx, t);
            ActualHoldout[i] = Calibration.HoldoutPurchasePeriods[i];
        }
    }

    public CustomerSummaries Summaries { get; }

    public RfmResult Rfm { get; }

    public ParetoAnalysis Concentration { get; }

    public CustomerSummaries Calibration { get; }

    public double[] PAlive { get; }

    public double[] PredictedHoldout { get; }

    public double[] ActualHoldout { get; }
}
