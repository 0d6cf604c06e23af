using CustomerScoring.Concentration;

namespace CustomerScoring.Charts;

/// <summary>
/// What the Lorenz chart draws: the curve (customers from the smallest value) and two marked points on it, the share held by the
/// top <c>customerShare</c> of customers and the share of customers that makes <c>valueShare</c> of the total.
/// </summary>
internal sealed class LorenzChartData
{
    private LorenzChartData(LorenzPoint[] curve, double topCustomerShare, double topValueShare, double paretoCustomerShare, double paretoValueShare)
    {
        Curve = curve;
        TopCustomerShare = topCustomerShare;
        TopValueShare = topValueShare;
        ParetoCustomerShare = paretoCustomerShare;
        ParetoValueShare = paretoValueShare;
    }

    /// <summary>Exact vertices of the Lorenz curve from (0, 0) to (1, 1).</summary>
    public LorenzPoint[] Curve { get; }

    /// <summary>The top share of customers asked about (0.2 for "top 20%").</summary>
    public double TopCustomerShare { get; }

    /// <summary>The share of value the top <see cref="TopCustomerShare"/> hold (interpolated between customers).</summary>
    public double TopValueShare { get; }

    /// <summary>k / n: the share of customers, largest first, whose cumulative value first reaches the value share asked about.</summary>
    public double ParetoCustomerShare { get; }

    /// <summary>The exact value share those k customers hold (at least the share asked about).</summary>
    public double ParetoValueShare { get; }

    /// <summary>The top-share mark on the Lorenz curve: the poorest 1 - p hold 1 - share.</summary>
    public LorenzPoint TopMark => new(1 - TopCustomerShare, 1 - TopValueShare);

    /// <summary>The Pareto mark on the Lorenz curve: the poorest 1 - k/n hold 1 - (share of the top k).</summary>
    public LorenzPoint ParetoMark => new(1 - ParetoCustomerShare, 1 - ParetoValueShare);

    public static LorenzChartData From(ParetoAnalysis analysis, double customerShare, double valueShare, int points)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        int k = analysis.CustomersForShare(valueShare);
        return new LorenzChartData(
            analysis.LorenzCurve(points),
            customerShare,
            analysis.TopShare(customerShare),
            (double)k / analysis.Count,
            analysis.TopCountShare(k));
    }
}
