using System.Text;
using CustomerScoring.Tests.Support;
using Xunit;

namespace CustomerScoring.Tests.Documentation;

/// <summary>
/// The worked examples of docs/ are real: the csharp blocks of every page run as one file-based app (one build for all
/// pages), and each page's output must equal its text blocks exactly, so a change in the library's output fails here
/// until the page is updated.
/// </summary>
[Collection(DotnetProcessGroup.Name)]
public class DocsExampleTests(DocsExampleTests.Run run) : IClassFixture<DocsExampleTests.Run>
{
    /// <summary>Every capability page, by file name.</summary>
    public static TheoryData<string> Pages => [.. DocsPage.PageNames()];

    [Theory]
    [MemberData(nameof(Pages))]
    [Trait("Category", "Slow")]
    public void The_page_examples_print_the_page_text_blocks(string page)
    {
        DocsPage doc = DocsPage.Load(page);
        IReadOnlyList<(int Line, string Text)> expected = doc.ExpectedOutput();
        Assert.True(expected.Count > 0, $"{doc.RelativePath} has no ```text block with the output of its examples.");
        Assert.True(run.ExitCode == 0, $"The docs examples did not build or run (exit code {run.ExitCode}):\n{run.Output}\n{run.Error}");
        Assert.True(
            run.PageOutput.TryGetValue(page, out List<string>? actual),
            $"The program printed no section for {doc.RelativePath}:\n{run.Output}\n{run.Error}");

        for (int i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            string? want = i < expected.Count ? expected[i].Text : null;
            string? got = i < actual.Count ? actual[i] : null;
            if (want != got)
            {
                string where = i < expected.Count
                    ? $"{doc.RelativePath} line {expected[i].Line} (output line {i + 1})"
                    : $"{doc.RelativePath}, after the last text block (output line {i + 1})";
                Assert.Fail(
                    $"{where} differs.\n  expected: {Show(want)}\n  printed:  {Show(got)}\n" +
                    $"The examples of {doc.RelativePath} printed:\n{string.Join('\n', actual)}");
            }
        }
    }

    private static string Show(string? line) => line is null ? "(nothing)" : "'" + line + "'";

    /// <summary>Builds and runs the program of all pages once for the whole class.</summary>
    public sealed class Run
    {
        public Run()
        {
            string source = DocsPage.Program(DocsPage.PageNames().Select(DocsPage.Load));
            (ExitCode, Output, Error) = FileBasedApp.RunWithStreams(source, DotnetCommand.RepositoryRoot, TimeSpan.FromMinutes(5));
            PageOutput = DocsPage.SplitOutput(Output);
        }

        public int ExitCode { get; }

        public string Output { get; }

        public string Error { get; }

        public Dictionary<string, List<string>> PageOutput { get; }
    }
}
