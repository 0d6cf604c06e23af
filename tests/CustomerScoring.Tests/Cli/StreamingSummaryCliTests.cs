using System.Globalization;
using CustomerScoring.Cli;
using Xunit;

namespace CustomerScoring.Tests.Cli;

/// <summary>
/// The command summarizes a CSV file while reading it unless a later step needs the rows (<c>--charts</c> does): both ways
/// write the same scorecard and the same rejects file, byte for byte, on files in time order and shuffled (customers read
/// a second time for the recount), with returns netted, excluded or kept, and with the analysis date given or not.
/// </summary>
public sealed class StreamingSummaryCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streaming-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(false, "net", null)]
    [InlineData(true, "net", null)]
    [InlineData(true, "exclude", "2024-06-01")]
    [InlineData(true, "keep", null)]
    [InlineData(false, "net", "2024-03-15")]
    public void Summarized_while_read_or_from_the_rows_read_whole_the_files_are_the_same(bool shuffled, string returns, string? analysisDate)
    {
        string input = Path.Combine(_dir, $"t-{shuffled}-{returns}.csv");
        File.WriteAllLines(input, Lines(shuffled));
        string[] common = ["--input", input, "--on-error", "skip", "--returns", returns, .. analysisDate is null ? [] : new[] { "--analysis-date", analysisDate }];

        (int streamedCode, string streamedErr) = Run([.. common, "--output", Path.Combine(_dir, "a.csv"), "--rejects", Path.Combine(_dir, "a-rejects.csv")]);
        (int wholeCode, string wholeErr) = Run([.. common, "--output", Path.Combine(_dir, "b.csv"), "--rejects", Path.Combine(_dir, "b-rejects.csv"),
            "--charts", Path.Combine(_dir, "charts")]);
        Assert.True(streamedCode == 0, streamedErr);
        Assert.True(wholeCode == 0, wholeErr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "b.csv")), File.ReadAllBytes(Path.Combine(_dir, "a.csv")));
        byte[] rejects = File.ReadAllBytes(Path.Combine(_dir, "a-rejects.csv"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "b-rejects.csv")), rejects);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_dir, "a-rejects.csv")).Length - 1); // the header, then each bad line once
    }

    private static (int Code, string Error) Run(string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(args, output, error);
        return (code, error.ToString());
    }

    /// <summary>Two hundred customers over half a year, with returns and four bad lines.</summary>
    private static IEnumerable<string> Lines(bool shuffled)
    {
        var random = new Random(11);
        var rows = new List<string>();
        var time = new DateTime(2024, 1, 1);
        for (int i = 0; i < 3000; i++)
        {
            time = time.AddMinutes(random.Next(90));
            double amount = random.Next(10) == 0 ? -random.Next(1, 2000) / 100.0 : random.Next(100, 30000) / 100.0;
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"c{(int)(200 * Math.Pow(random.NextDouble(), 1.5))},{time:yyyy-MM-dd HH:mm:ss},{amount:0.##}"));
        }

        rows.InsertRange(1500, ["c1,not a date,5", ",2024-02-01,5", "c2,2024-02-01,abc", "c3,2024-02-31,1"]);
        string[] all = [.. rows];
        if (shuffled)
        {
            random.Shuffle(all);
        }

        return ["customer_id,timestamp,amount", .. all];
    }
}
