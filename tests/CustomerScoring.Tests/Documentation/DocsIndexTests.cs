using System.Text.RegularExpressions;
using CustomerScoring.Tests.Support;
using Xunit;

namespace CustomerScoring.Tests.Documentation;

/// <summary>Cheap checks of docs/: every page is reachable from the index and the README, and has a worked example.</summary>
public partial class DocsIndexTests
{
    [GeneratedRegex(@"\]\((?:\./)?(docs/)?([A-Za-z0-9_-]+\.md)(#[^)]*)?\)")]
    private static partial Regex MarkdownLink();

    public static TheoryData<string> Pages => [.. DocsPage.PageNames()];

    [Fact]
    public void Docs_has_the_index_and_a_page_per_capability()
    {
        Assert.True(File.Exists(Path.Combine(DocsPage.Folder, "README.md")), "docs/README.md (the index) is missing");
        Assert.Superset(
            new HashSet<string>(["summaries.md", "rfm.md", "clv.md", "concentration.md", "tiers.md", "scale.md", "architecture.md"], StringComparer.Ordinal),
            new HashSet<string>(DocsPage.PageNames(), StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void The_page_is_linked_from_the_docs_index_and_from_the_readme(string page)
    {
        string index = File.ReadAllText(Path.Combine(DocsPage.Folder, "README.md"));
        string readme = File.ReadAllText(Path.Combine(DotnetCommand.RepositoryRoot, "README.md"));
        Assert.Contains(page, LinkedPages(index, inDocs: true));
        Assert.Contains(page, LinkedPages(readme, inDocs: false));
    }

    [Fact]
    public void Every_page_the_index_and_the_readme_link_to_exists()
    {
        string index = File.ReadAllText(Path.Combine(DocsPage.Folder, "README.md"));
        string readme = File.ReadAllText(Path.Combine(DotnetCommand.RepositoryRoot, "README.md"));
        foreach (string page in LinkedPages(index, inDocs: true).Concat(LinkedPages(readme, inDocs: false)))
        {
            Assert.True(File.Exists(Path.Combine(DocsPage.Folder, page)), $"docs/{page} is linked but does not exist");
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void The_page_has_a_worked_example_with_its_output(string page)
    {
        DocsPage doc = DocsPage.Load(page);
        Assert.NotEmpty(doc.BlocksOf("csharp"));
        Assert.NotEmpty(doc.BlocksOf("text"));

        // The last example's output closes the page's examples (a csharp block may also be set-up code for the next one).
        FencedBlock last = doc.Blocks.Last(b => b.Language is "csharp" or "text");
        Assert.True(last.Language == "text", $"{doc.RelativePath}: the last example (line {last.FirstLine}) has no ```text block with its output after it");
    }

    [Fact]
    public void The_program_maps_code_to_its_page_and_hoists_only_using_directives()
    {
        Assert.True(DocsPage.IsUsingDirective("using CustomerScoring.Rfm;"));
        Assert.True(DocsPage.IsUsingDirective("using static System.Math;"));
        Assert.True(DocsPage.IsUsingDirective("using Csv = CustomerScoring.Csv;"));
        Assert.False(DocsPage.IsUsingDirective("using var reader = TransactionCsvReader.Open(path);"));
        Assert.False(DocsPage.IsUsingDirective("using (var s = File.OpenRead(path)) { }"));
        Assert.False(DocsPage.IsUsingDirective("    using TransactionCsvReader reader = Open();"));

        string program = DocsPage.Program([DocsPage.Load("summaries.md")]);
        Assert.StartsWith("#:project ", program, StringComparison.Ordinal);
        Assert.Contains("#line ", program, StringComparison.Ordinal);
        Assert.Contains($"\"{Path.Combine(DocsPage.Folder, "summaries.md")}\"", program, StringComparison.Ordinal);
        Assert.Contains(DocsPage.Marker("summaries.md"), program, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_is_split_by_page_markers()
    {
        string stdout = "build noise\n" + DocsPage.Marker("a.md") + "\none  \ntwo\n\n" + DocsPage.Marker("b.md") + "\r\nthree\r\n";
        Dictionary<string, List<string>> pages = DocsPage.SplitOutput(stdout);
        Assert.Equal(["one", "two"], pages["a.md"]);
        Assert.Equal(["three"], pages["b.md"]);
    }

    private static HashSet<string> LinkedPages(string markdown, bool inDocs) =>
        MarkdownLink().Matches(markdown)
            .Where(m => inDocs ? !m.Groups[1].Success : m.Groups[1].Success)
            .Select(m => m.Groups[2].Value)
            .Where(p => !p.Equals("README.md", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
}
