using System.Text;
using CustomerScoring.Csv;
using CustomerScoring.Transactions;

namespace CustomerScoring.Tests.Csv;

/// <summary>Helpers for reading CSV text written inline in tests.</summary>
internal static class CsvText
{
    public static CsvImportResult Read(string text, CsvImportOptions? options = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return TransactionCsvReader.Read(stream, options);
    }

    public static CsvImportOptions Skip => new() { OnError = CsvErrorHandling.Skip };

    /// <summary>All rows of the result as (customer key, timestamp, amount, margin), in order.</summary>
    public static List<(string Customer, DateTime Time, double Amount, double Margin)> Rows(CustomerTransactions<string> data)
    {
        var rows = new List<(string, DateTime, double, double)>();
        foreach (TransactionBatch batch in data.Batches)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                rows.Add((data.Customers.KeyOf(batch.CustomerIndex[i]), batch.Timestamps[i], batch.Amounts[i],
                    batch.HasMargins ? batch.Margins[i] : double.NaN));
            }
        }

        return rows;
    }

    public static string DataPath(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);
}
