using System.Globalization;

namespace CustomerScoring.Tests.Clv;

/// <summary>The CDNOW calibration summary (ID,x,t_x,T,zbar; weeks) as columns.</summary>
internal sealed class CdnowSummary
{
    private static readonly Lazy<CdnowSummary> Cached = new(Load);

    private CdnowSummary(double[] x, double[] tx, double[] t, double[] zbar)
    {
        X = x;
        Tx = tx;
        T = t;
        Zbar = zbar;
    }

    public static CdnowSummary Instance => Cached.Value;

    public double[] X { get; }

    public double[] Tx { get; }

    public double[] T { get; }

    public double[] Zbar { get; }

    private static CdnowSummary Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "data", "cdnow_customers_summary_with_transactions.csv");
        var lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToArray();
        var x = new double[lines.Length];
        var tx = new double[lines.Length];
        var t = new double[lines.Length];
        var z = new double[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            x[i] = double.Parse(f[1], CultureInfo.InvariantCulture);
            tx[i] = double.Parse(f[2], CultureInfo.InvariantCulture);
            t[i] = double.Parse(f[3], CultureInfo.InvariantCulture);
            z[i] = double.Parse(f[4], CultureInfo.InvariantCulture);
        }

        return new CdnowSummary(x, tx, t, z);
    }
}
