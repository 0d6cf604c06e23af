using CustomerScoring.Clv;
using CustomerScoring.Summaries;
using CustomerScoring.Tests.Support;
using Xunit;

namespace CustomerScoring.Tests.Clv;

/// <summary>
/// ClvForecast runs the library's models through their all-periods kernel and any other <see cref="IPurchaseModel"/>
/// period by period through <see cref="IPurchaseModel.ExpectedPurchases"/>: both routes give the same forecast.
/// </summary>
public sealed class ClvForecastKernelPathTests
{
    private static readonly SummaryOptions CdnowWeeks = new(new DateOnly(1997, 9, 30)) { TimeUnit = TimeUnit.Week };

    public static TheoryData<string, double> Cases => new()
    {
        { "bg", 52 }, { "bg", 365.25 / 7 * 1.5 }, { "mbg", 40 }, { "pareto", 52 }, { "pareto", 3 },
    };

    /// <summary>
    /// Tolerance 1e-12 relative: the kernel route sums Δ·discount and multiplies by spend once, the other route multiplies
    /// each month (a few ulp apart), and the BG/NBD kernel's bracket uses the vector ln/exp (within 1e-12 relative).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Kernel_route_equals_the_period_by_period_route(string model, double horizonWeeks)
    {
        CustomerSummaries s = Summarizer.Summarize(CdnowData.LoadSample(), CdnowWeeks);
        IPurchaseModel m = model switch
        {
            "bg" => new BgNbdModel(0.243, 4.414, 0.793, 2.426, TimeUnit.Week),
            "mbg" => new MbgNbdModel(0.525, 6.183, 0.891, 1.614, TimeUnit.Week),
            _ => new ParetoNbdModel(0.553, 10.578, 0.606, 11.669, TimeUnit.Week),
        };
        var gg = new GammaGammaModel(6.25, 3.74, 15.44);
        var options = new ClvForecastOptions { Horizon = horizonWeeks, AnnualDiscountRate = 0.12, MarginRate = 0.3 };
        ClvForecast kernel = ClvForecast.Compute(s, m, gg, options);
        ClvForecast plain = ClvForecast.Compute(s, new OpaquePurchaseModel(m), gg, options);
        Assert.Contains(plain.Value, v => v > 0);
        for (int i = 0; i < s.Count; i++)
        {
            Assert.True(Math.Abs(kernel.Value[i] - plain.Value[i]) <= 1e-12 * Math.Abs(plain.Value[i]), $"value of row {i}: {kernel.Value[i]:R} vs {plain.Value[i]:R}");
            Assert.True(
                Math.Abs(kernel.ExpectedPurchases[i] - plain.ExpectedPurchases[i]) <= 1e-12 * Math.Abs(plain.ExpectedPurchases[i]),
                $"expected purchases of row {i}: {kernel.ExpectedPurchases[i]:R} vs {plain.ExpectedPurchases[i]:R}");
        }
    }
}
