using System.Globalization;
using CustomerScoring.Cli;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Cli;

/// <summary>The warning about a default analysis date pulled out by a few late dates, and the percentile it rests on.</summary>
public sealed class LastPurchaseWarningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("late-date-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Property(MaxTest = 300)]
    public void The_99th_percentile_and_latest_day_equal_the_sorted_days(int seed)
    {
        var rng = new Random(seed);
        int n = rng.Next(1, 2000);
        var start = new DateTime(2020, 1, 1);
        DateTime[] last = new DateTime[n];
        for (int i = 0; i < n; i++)
        {
            // Mostly within two years, with ties, times of day and now and then a far-off date (a typo year).
            last[i] = rng.Next(50) == 0 ? start.AddYears(rng.Next(-900, 900)) : start.AddDays(rng.Next(730)).AddMinutes(rng.Next(1440));
        }

        int[] sorted = [.. last.Select(t => DateOnly.FromDateTime(t).DayNumber).Order()];
        Assert.Equal((sorted[(int)Math.Floor(0.99 * (n - 1))], sorted[^1]), CliApp.LastPurchaseDays(last));
    }

    [Fact]
    public void A_typo_year_on_one_customer_is_warned_about_and_an_ordinary_file_is_not()
    {
        var lines = new List<string> { "customer_id,timestamp,amount" };
        for (int c = 0; c < 200; c++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"c{c},2024-{1 + (c % 12):00}-{1 + (c % 28):00},{10 + c}"));
        }

        string ordinary = Path.Combine(_dir, "ordinary.csv");
        File.WriteAllLines(ordinary, lines);
        lines.Add("c7,2042-05-01,12.5"); // 2024 typed as 2042
        string typo = Path.Combine(_dir, "typo.csv");
        File.WriteAllLines(typo, lines);

        var (code, output, error) = Run("--input", typo);
        Assert.True(code == 0, error);
        Assert.Contains("the latest purchase (2042-05-01) is more than a year after 99% of customers' last purchases (up to 2024-12-", output + error, StringComparison.Ordinal);

        (code, output, error) = Run("--input", ordinary);
        Assert.True(code == 0, error);
        Assert.DoesNotContain("more than a year after 99%", output + error, StringComparison.Ordinal);
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
