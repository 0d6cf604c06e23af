using System.Globalization;
using CustomerScoring.Transactions;

namespace CustomerScoring.Tests.Support;

/// <summary>Loads the bundled CDNOW files with plain string parsing (independent of the CSV package).</summary>
internal static class CdnowData
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "data", file);

    /// <summary>The CDNOW sample keyed by the sample customer id (1..2357).</summary>
    public static CustomerTransactions<int> LoadSample()
    {
        var builder = new TransactionBatchBuilder<int>(chunkSize: 1000);
        foreach (string line in File.ReadLines(PathOf("CDNOW_sample.txt")))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0)
            {
                continue;
            }

            int id = int.Parse(f[1], CultureInfo.InvariantCulture);
            DateTime date = DateTime.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture);
            double amount = double.Parse(f[4], CultureInfo.InvariantCulture);
            builder.Add(id, date, amount);
        }

        return builder.Build();
    }

    /// <summary>Rows of a summary CSV: id and the numeric columns.</summary>
    public static Dictionary<int, double[]> LoadSummary(string file)
    {
        var rows = new Dictionary<int, double[]>();
        foreach (string line in File.ReadLines(PathOf(file)).Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] f = line.Split(',');
            rows[int.Parse(f[0], CultureInfo.InvariantCulture)] =
                f.Skip(1).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        }

        return rows;
    }
}
