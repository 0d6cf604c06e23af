using System.Diagnostics;
using System.Globalization;
using CustomerScoring.Cli;
using CustomerScoring.Csv;
using Xunit;

namespace CustomerScoring.Tests.Cli;

/// <summary>
/// Outputs that are devices or pipes (<c>/dev/null</c>, a named pipe) are written in place: renaming a finished temporary
/// file over one replaced it with a regular file (run as root, <c>--output /dev/null</c> replaced the machine's /dev/null).
/// </summary>
public sealed class OutputPathsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("output-paths").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_named_pipe_receives_the_scorecard_and_stays_a_pipe()
    {
        string input = Path.Combine(_dir, "in.csv");
        var lines = new List<string> { "customer_id,timestamp,amount" };
        for (int c = 0; c < 30; c++)
        {
            for (int k = 0; k <= c % 4; k++)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"c{c},{new DateTime(2024, 1, 1).AddDays((c * 7) + (k * 23)):yyyy-MM-dd},{10 + c + k}.5"));
            }
        }

        File.WriteAllLines(input, lines);
        string pipe = Path.Combine(_dir, "scorecard.csv");
        using (Process mkfifo = Process.Start("mkfifo", [pipe]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        Assert.True(SpecialFile.Is(pipe));
        Assert.False(SpecialFile.Is(input));
        Assert.False(SpecialFile.Is(_dir));
        Assert.False(SpecialFile.Is(Path.Combine(_dir, "absent.csv")));

        // The reader blocks until a writer opens the pipe; a rename over the pipe would leave it waiting.
        Task<string> reader = Task.Factory.StartNew(() => File.ReadAllText(pipe), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        int code = CliApp.Run(["--input", input, "--output", pipe], new StringWriter(), new StringWriter());
        Assert.Equal(0, code);
        Assert.True(await Task.WhenAny(reader, Task.Delay(TimeSpan.FromSeconds(60))) == reader, "nothing was written to the pipe");
        string[] card = (await reader).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("customer_id,", card[0], StringComparison.Ordinal);
        Assert.Equal(31, card.Length); // the header and the 30 customers
        Assert.True(SpecialFile.Is(pipe), "the pipe was replaced by a regular file");
    }

    [Fact]
    public void A_regular_file_is_still_replaced_whole()
    {
        string path = Path.Combine(_dir, "out.txt");
        File.WriteAllText(path, "an old and longer content");
        OutputPaths.WriteAtomically(path, "--output", p => File.WriteAllText(p, "new"));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir)); // no temporary file is left
    }
}
