using System.Collections;
using System.Globalization;
using CustomerScoring.Clv;
using CustomerScoring.Concentration;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Tiers;
using CustomerScoring.Transactions;

namespace CustomerScoring.Scorecard;

/// <summary>
/// Everything the library computes about a set of customers, in one keyed result: the summaries, RFM scores and segments,
/// concentration (80/20, Lorenz, Gini) and ABC classes, the fitted CLV models and their forecast, tiers and lifecycle stages.
/// Rows are addressed by the caller's own key (<c>scorecard["alice"]</c>, <see cref="TryGet"/>) and enumerate in summary
/// row order (the order customers first appear in the input). Build one with <see cref="CustomerScorecard.Build{TKey}"/>.
/// </summary>
/// <typeparam name="TKey">The caller's customer key type.</typeparam>
/// <remarks>
/// <para>An ordinary immutable object owned by the garbage collector: nothing to dispose, safe to share between threads.</para>
/// <para>Scores do not depend on the input's row order: ties in RFM and concentration are broken by the keys' order
/// (ordinal for strings), never by position.</para>
/// </remarks>
public sealed class CustomerScorecard<TKey> : IReadOnlyList<ScorecardRow<TKey>>
    where TKey : notnull
{
    internal CustomerScorecard(
        ScorecardOptions options,
        CustomerKeyMap<TKey> customers,
        CustomerSummaries summaries,
        RfmResult rfm,
        ParetoAnalysis concentration,
        AbcClassification abc,
        ScorecardClv? clv,
        string? clvFailure,
        TierScorecard tiers)
    {
        Options = options;
        Customers = customers;
        Summaries = summaries;
        Rfm = rfm;
        Concentration = concentration;
        Abc = abc;
        Clv = clv;
        ClvFailure = clvFailure;
        Tiers = tiers;
    }

    /// <summary>The options the scorecard was built with.</summary>
    public ScorecardOptions Options { get; }

    /// <summary>The key map from the caller's keys to the dense customer indices of the summaries.</summary>
    public CustomerKeyMap<TKey> Customers { get; }

    /// <summary>One summary row per customer with a purchase on or before the analysis date.</summary>
    public CustomerSummaries Summaries { get; }

    /// <summary>RFM scores and segments, one per summary row.</summary>
    public RfmResult Rfm { get; }

    /// <summary>Concentration of <see cref="ScorecardOptions.Concentration"/> (negative values counted as 0).</summary>
    public ParetoAnalysis Concentration { get; }

    /// <summary>ABC classes (A to 80%, B to 95% of the value), one per summary row.</summary>
    public AbcClassification Abc { get; }

    /// <summary>The fitted CLV models and forecast, or null when none was asked for or the fit failed (see <see cref="ClvFailure"/>).</summary>
    public ScorecardClv? Clv { get; }

    /// <summary>Why no CLV model could be fitted, or null.</summary>
    public string? ClvFailure { get; }

    /// <summary>Tiers and lifecycle stages, with explanations on demand.</summary>
    public TierScorecard Tiers { get; }

    /// <summary>Number of customers (summary rows).</summary>
    public int Count => Summaries.Count;

    /// <summary>The line of the customer at a summary row.</summary>
    /// <param name="index">The summary row, 0-based.</param>
    public ScorecardRow<TKey> this[int index] => RowAt(index);

    /// <summary>The line of a customer by the caller's key.</summary>
    /// <param name="key">The customer's key.</param>
    /// <exception cref="KeyNotFoundException">The customer has no purchase on or before the analysis date, or is unknown.</exception>
    public ScorecardRow<TKey> this[TKey key] => TryGet(key, out ScorecardRow<TKey>? row)
        ? row
        : throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture,
            $"Customer '{key}' has no purchase on or before {Summaries.ObservationEnd:yyyy-MM-dd}."));

    /// <summary>The line of a customer by the caller's key, if the customer has a purchase on or before the analysis date.</summary>
    /// <param name="key">The customer's key.</param>
    /// <param name="row">The line, or null.</param>
    /// <returns>Whether the customer has a line.</returns>
    public bool TryGet(TKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScorecardRow<TKey>? row)
    {
        int r = RowOf(key);
        row = r < 0 ? null : RowAt(r);
        return row is not null;
    }

    /// <summary>The summary row of a customer, or -1 when the customer has none.</summary>
    /// <param name="key">The customer's key.</param>
    /// <returns>The row, or -1.</returns>
    public int RowOf(TKey key) => Customers.TryGetIndex(key, out int index) ? Summaries.RowOf(index) : -1;

    /// <summary>The caller's key of the customer at a summary row.</summary>
    /// <param name="row">The summary row.</param>
    /// <returns>The key.</returns>
    public TKey KeyOf(int row)
    {
        CheckRow(row);
        return Customers.KeyOf(Summaries.CustomerIndex[row]);
    }

    /// <inheritdoc/>
    public IEnumerator<ScorecardRow<TKey>> GetEnumerator()
    {
        for (int r = 0; r < Count; r++)
        {
            yield return RowAt(r);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A short description: customers, transactions, analysis date, CLV model.</summary>
    /// <returns>Readable text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"CustomerScorecard: {Count:N0} customers, {Summaries.TransactionsUsed:N0} transactions up to {Summaries.ObservationEnd:yyyy-MM-dd}, revenue {Summaries.Revenue:N2}, CLV {(Clv is { } c ? c.Name : "none")}");

    private ScorecardRow<TKey> RowAt(int r)
    {
        CheckRow(r);
        CustomerSummaries s = Summaries;
        ClvForecast? f = Clv?.Forecast;
        return new ScorecardRow<TKey>
        {
            Key = Customers.KeyOf(s.CustomerIndex[r]),
            Row = r,
            FirstPurchase = s.FirstPurchase[r],
            LastPurchase = s.LastPurchase[r],
            Transactions = s.TransactionCount[r],
            Frequency = s.Frequency[r],
            Recency = s.Recency[r],
            Age = s.Age[r],
            TimeSinceLastPurchase = s.TimeSinceLastPurchase[r],
            TotalAmount = s.TotalAmount[r],
            MonetaryRepeatMean = s.MonetaryRepeatMean[r],
            RScore = Rfm.RecencyScores[r],
            FScore = Rfm.FrequencyScores[r],
            MScore = Rfm.MonetaryScores[r],
            Segment = Rfm.SegmentOf(r),
            AbcClass = Abc.Classes[r].ToString(),
            ExpectedPurchases = f?.ExpectedPurchases[r],
            ProbabilityAlive = f?.ProbabilityAlive[r],
            ExpectedSpend = f?.ExpectedSpend[r],
            Clv = f?.Value[r],
            Tier = Tiers.TierOf(r),
            LifecycleStage = Tiers.StageOf(r),
        };
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, string.Create(CultureInfo.InvariantCulture, $"The scorecard has {Count} rows."));
        }
    }
}
