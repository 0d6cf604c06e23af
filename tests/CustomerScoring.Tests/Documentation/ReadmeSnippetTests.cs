using System.Text.RegularExpressions;
using CustomerScoring.Tests.Support;
using Xunit;

namespace CustomerScoring.Tests.Documentation;

/// <summary>The README's code tour is real code: its C# snippets run, in order, as one program.</summary>
[Collection(DotnetProcessGroup.Name)]
public partial class ReadmeSnippetTests
{
    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    // A using directive (namespace or alias), not a using statement or declaration such as "using var x = ...;".
    [GeneratedRegex(@"^using\s+(static\s+)?[A-Za-z_][\w.]*(\s*=\s*[\w.<>, ]+)?;\s*$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^(public\s+|internal\s+)?(sealed\s+)?record\s+\w+\(.*\);\s*$")]
    private static partial Regex TypeDeclaration();

    [Fact]
    [Trait("Category", "Slow")]
    public void The_readme_code_tour_compiles_and_runs()
    {
        string root = DotnetCommand.RepositoryRoot;
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var usings = new List<string>();
        var body = new List<string>();
        var types = new List<string>(); // one-line type declarations (records) go after the top-level statements
        foreach (Match block in CSharpBlock().Matches(readme))
        {
            foreach (string line in block.Groups[1].Value.Split('\n'))
            {
                (UsingDirective().IsMatch(line) ? usings : TypeDeclaration().IsMatch(line) ? types : body).Add(line);
            }
        }

        Assert.True(body.Count > 20, "the README should hold a code tour");
        string source = string.Join('\n',
            [FileBasedApp.ProjectDirective("CustomerScoring"), FileBasedApp.ProjectDirective("CustomerScoring.Csv"), .. usings.Distinct(), .. body, .. types]);

        var (code, output) = FileBasedApp.Run(source, root, TimeSpan.FromMinutes(4));

        Assert.True(code == 0, output);
        // From the snippets: the tiny builder example, the CDNOW import report and the published BG/NBD fit.
        Assert.Contains("alice: x=1", output, StringComparison.Ordinal);
        Assert.Contains("dave has no purchase", output, StringComparison.Ordinal);
        Assert.Contains("6,919 transactions of 2,357 customers", output, StringComparison.Ordinal);
        Assert.Matches(@"r\s+0\.24", output);
        Assert.Contains("CLV of the first customer over 52 weeks", output, StringComparison.Ordinal);
    }
}
