using CustomerScoring.Clv;
using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using Xunit;

namespace CustomerScoring.Tests.Cancellation;

/// <summary>
/// The long operations stop with <see cref="OperationCanceledException"/> when their token is cancelled, and a token
/// that is never cancelled changes nothing.
/// </summary>
public sealed class CancellationTests
{
    private static readonly SummaryOptions CdnowWeeks = new(new DateOnly(1997, 9, 30)) { TimeUnit = TimeUnit.Week };

    private static readonly CancellationToken Cancelled = new(canceled: true);

    // Small BG/NBD-style sample: x, t_x, T in weeks.
    private static readonly double[] X = [0, 1, 2, 0, 5, 3, 1, 0, 4, 2];
    private static readonly double[] Tx = [0, 4, 9, 0, 30, 20, 2, 0, 25, 12];
    private static readonly double[] T = [38, 38, 36, 35, 39, 37, 30, 33, 36, 34];
    private static readonly double[] M = [0, 20, 35, 0, 18, 42, 15, 0, 27, 30];

    private static CustomerSummaries Cdnow() => Summarizer.Summarize(CdnowData.LoadSample(), CdnowWeeks);

    [Fact]
    public void Purchase_model_fits_stop_when_cancelled()
    {
        Assert.ThrowsAny<OperationCanceledException>(() => BgNbdModel.Fit(X, Tx, T, TimeUnit.Week, cancellationToken: Cancelled));
        Assert.ThrowsAny<OperationCanceledException>(() => MbgNbdModel.Fit(X, Tx, T, TimeUnit.Week, cancellationToken: Cancelled));
        Assert.ThrowsAny<OperationCanceledException>(() => ParetoNbdModel.Fit(X, Tx, T, TimeUnit.Week, cancellationToken: Cancelled));
    }

    [Fact]
    public void Spend_model_fit_stops_when_cancelled()
    {
        double[] x = X.Where(v => v > 0).ToArray(), m = M.Where(v => v > 0).ToArray();
        Assert.ThrowsAny<OperationCanceledException>(() => GammaGammaModel.Fit(x, m, cancellationToken: Cancelled));
    }

    [Fact]
    public void Forecast_fits_and_compute_stop_when_cancelled()
    {
        CustomerSummaries s = Cdnow();
        Assert.ThrowsAny<OperationCanceledException>(() => ClvForecast.FitPurchases(s, PurchaseModelKind.BgNbd, cancellationToken: Cancelled));
        Assert.ThrowsAny<OperationCanceledException>(() => ClvForecast.FitSpend(s, cancellationToken: Cancelled));
        var bg = new BgNbdModel(0.243, 4.414, 0.793, 2.426, TimeUnit.Week);
        var gg = new GammaGammaModel(6.25, 3.74, 15.44);
        Assert.ThrowsAny<OperationCanceledException>(() => ClvForecast.Compute(s, bg, gg, cancellationToken: Cancelled));
    }

    [Fact]
    public void Lifetime_value_stops_when_cancelled()
    {
        var bg = new BgNbdModel(0.243, 4.414, 0.793, 2.426, TimeUnit.Week);
        var gg = new GammaGammaModel(6.25, 3.74, 15.44);
        var destination = new double[X.Length];
        Assert.ThrowsAny<OperationCanceledException>(() => CustomerLifetimeValue.Compute(bg, gg, X, Tx, T, M, 12, 1.0, 0.01, 0.3, destination, Cancelled));
    }

    [Fact]
    public void Pareto_analysis_and_rfm_scoring_stop_when_cancelled()
    {
        Assert.ThrowsAny<OperationCanceledException>(() => ParetoAnalysis.Analyze(M, cancellationToken: Cancelled));
        Assert.ThrowsAny<OperationCanceledException>(() => RfmScorer.Default.Score(T, X, M, cancellationToken: Cancelled));
    }

    [Fact]
    public void A_token_that_is_not_cancelled_changes_nothing()
    {
        using var source = new CancellationTokenSource();
        CustomerSummaries s = Cdnow();
        IPurchaseModel with = ClvForecast.FitPurchases(s, PurchaseModelKind.BgNbd, cancellationToken: source.Token);
        IPurchaseModel without = ClvForecast.FitPurchases(s, PurchaseModelKind.BgNbd);
        Assert.Equal(without.Diagnostics!.Estimates.ToArray(), with.Diagnostics!.Estimates.ToArray());
        GammaGammaModel gg = ClvForecast.FitSpend(s, cancellationToken: source.Token);
        Assert.Equal(ClvForecast.Compute(s, without, gg).Value, ClvForecast.Compute(s, with, gg, cancellationToken: source.Token).Value);
        Assert.Equal(ParetoAnalysis.Analyze(M).Gini, ParetoAnalysis.Analyze(M, cancellationToken: source.Token).Gini);
        Assert.Equal(RfmScorer.Default.Score(T, X, M).SegmentIndices.ToArray(), RfmScorer.Default.Score(T, X, M, cancellationToken: source.Token).SegmentIndices.ToArray());
    }
}
