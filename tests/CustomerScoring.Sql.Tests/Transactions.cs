using System.Globalization;
using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Sql.Tests;

/// <summary>One transaction row as the tests load it into an engine and into the in-memory builder.</summary>
internal readonly record struct Txn(string Customer, DateTime Timestamp, double Amount, double Margin);

/// <summary>Test data: the CDNOW sample file and random transaction sets.</summary>
internal static class TestData
{
    private static readonly Lazy<Txn[]> CdnowRows = new(LoadCdnow);

    /// <summary>The 6,919 rows of CDNOW_sample.txt (id, id2, yyyymmdd, quantity, amount; whitespace-separated).</summary>
    public static Txn[] Cdnow => CdnowRows.Value;

    public static CustomerTransactions<string> InMemory(IEnumerable<Txn> rows, bool withMargins)
    {
        var b = new TransactionBatchBuilder<string>(withMargins: withMargins);
        foreach (Txn t in rows)
        {
            if (withMargins)
            {
                b.Add(t.Customer, t.Timestamp, t.Amount, t.Margin);
            }
            else
            {
                b.Add(t.Customer, t.Timestamp, t.Amount);
            }
        }

        return b.Build();
    }

    /// <summary>
    /// A random set around <paramref name="end"/>: few customers, few distinct days (many same-day purchases and exact
    /// timestamp ties), days on both sides of the observation and holdout ends and across week boundaries, refunds.
    /// </summary>
    public static Txn[] Random(int seed, DateOnly end, int rows)
    {
        var random = new Random(seed);
        int customers = 1 + random.Next(12);
        int spanDays = 1 + random.Next(60);
        var result = new Txn[rows];
        for (int i = 0; i < rows; i++)
        {
            DateTime day = end.ToDateTime(TimeOnly.MinValue).AddDays(random.Next(-spanDays, 1 + spanDays / 3));
            DateTime ts = random.Next(4) == 0 ? day : day.AddMinutes(random.Next(3) * 480 + random.Next(2));
            double amount = random.Next(10) == 0 ? -random.Next(1, 5000) / 100.0 : random.Next(0, 100_000) / 100.0;
            result[i] = new Txn("c" + random.Next(customers).ToString(CultureInfo.InvariantCulture), ts, amount, random.Next(-1000, 5000) / 100.0);
        }

        return result;
    }

    private static Txn[] LoadCdnow()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "data", "CDNOW_sample.txt");
        var rows = new List<Txn>();
        foreach (string line in File.ReadLines(path))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0)
            {
                continue;
            }

            DateTime day = DateTime.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture);
            double amount = double.Parse(f[4], CultureInfo.InvariantCulture);
            rows.Add(new Txn(f[0], day, amount, amount * 0.3));
        }

        return [.. rows];
    }

    /// <summary>The option combinations the equality tests run (the returns policies in turn).</summary>
    public static IEnumerable<SummaryOptions> OptionVariants(DateOnly end, DateOnly holdoutEnd)
    {
        int i = 0;
        foreach (TimeUnit period in new[] { TimeUnit.Day, TimeUnit.Week })
        {
            foreach (TimeUnit unit in new[] { TimeUnit.Day, TimeUnit.Week })
            {
                yield return new SummaryOptions(end) { Returns = Policy(i++), Period = period, TimeUnit = unit };
                yield return new SummaryOptions(end) { Returns = Policy(i++), Period = period, TimeUnit = unit, HoldoutEnd = holdoutEnd };
            }
        }
    }

    /// <summary>Net, Exclude and Keep in turn.</summary>
    public static ReturnsPolicy Policy(int i) => (ReturnsPolicy)(i % 3);

    /// <summary>
    /// The Online Retail excerpt (tests/CustomerScoring.Tests/data), one transaction per line (no invoice merging), amount =
    /// Quantity x UnitPrice: cancellations (negative quantities) are returns. Lines without a CustomerID are left out, in
    /// the engines by the query <see cref="OnlineRetailQuery"/>.
    /// </summary>
    public static Txn[] OnlineRetail => OnlineRetailRows.Value;

    public static string OnlineRetailPath => Path.Combine(AppContext.BaseDirectory, "data", "online-retail-excerpt.csv");

    /// <summary>The engines' view of the same file: DuckDB reads the CSV itself, with every column as text.</summary>
    public static string OnlineRetailQuery =>
        "SELECT \"CustomerID\" AS customer_id, CAST(\"InvoiceDate\" AS TIMESTAMP) AS \"timestamp\", "
        + "CAST(\"Quantity\" AS DOUBLE) * CAST(\"UnitPrice\" AS DOUBLE) AS amount "
        + $"FROM read_csv('{OnlineRetailPath.Replace("'", "''", StringComparison.Ordinal)}', header = true, all_varchar = true) WHERE \"CustomerID\" IS NOT NULL";

    private static readonly Lazy<Txn[]> OnlineRetailRows = new(LoadOnlineRetail);

    private static Txn[] LoadOnlineRetail()
    {
        var rows = new List<Txn>();
        foreach (string line in File.ReadLines(OnlineRetailPath).Skip(1))
        {
            // InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country; one description is quoted.
            string[] f = SplitCsv(line);
            if (f[6].Length == 0)
            {
                continue;
            }

            double amount = double.Parse(f[3], CultureInfo.InvariantCulture) * double.Parse(f[5], CultureInfo.InvariantCulture);
            rows.Add(new Txn(f[6], DateTime.ParseExact(f[4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), amount, 0.0));
        }

        return [.. rows];
    }

    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
