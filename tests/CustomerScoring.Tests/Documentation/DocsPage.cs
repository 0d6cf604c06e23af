using System.Text;
using System.Text.RegularExpressions;
using CustomerScoring.Tests.Support;

namespace CustomerScoring.Tests.Documentation;

/// <summary>A fenced block of a Markdown page: its language (<c>csharp</c>, <c>text</c>, ...), its first line's number and its lines.</summary>
internal sealed record FencedBlock(string Language, int FirstLine, IReadOnlyList<string> Lines);

/// <summary>
/// One page of docs/: its fenced blocks, the C# of its worked examples and the output they must print (the page's
/// <c>```text</c> blocks, concatenated). Fences count only at the start of a line.
/// </summary>
internal sealed partial class DocsPage
{
    private DocsPage(string name, string text, IReadOnlyList<FencedBlock> blocks)
    {
        Name = name;
        Text = text;
        Blocks = blocks;
    }

    /// <summary>The file name, e.g. <c>rfm.md</c>.</summary>
    public string Name { get; }

    /// <summary>The path from the repository root with forward slashes, e.g. <c>docs/rfm.md</c>.</summary>
    public string RelativePath => "docs/" + Name;

    /// <summary>The full path of the page (so that compiler errors point at it).</summary>
    public string FullPath => Path.Combine(Folder, Name);

    /// <summary>The page's text with <c>\n</c> line endings.</summary>
    public string Text { get; }

    /// <summary>The fenced blocks in page order.</summary>
    public IReadOnlyList<FencedBlock> Blocks { get; }

    /// <summary>The docs folder of the repository.</summary>
    public static string Folder => Path.Combine(DotnetCommand.RepositoryRoot, "docs");

    /// <summary>The capability pages: every <c>docs/*.md</c> except the index, in ordinal order.</summary>
    public static IReadOnlyList<string> PageNames() =>
        Directory.GetFiles(Folder, "*.md")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => !n.Equals("README.md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Reads and splits a page.</summary>
    public static DocsPage Load(string name)
    {
        string text = File.ReadAllText(Path.Combine(Folder, name)).ReplaceLineEndings("\n");
        string[] lines = text.Split('\n');
        var blocks = new List<FencedBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            Match open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            int first = i + 1;
            int close = first;
            while (close < lines.Length && lines[close].TrimEnd() != "```")
            {
                close++;
            }

            if (close == lines.Length)
            {
                throw new InvalidOperationException($"docs/{name}: the block opened at line {i + 1} is never closed.");
            }

            blocks.Add(new FencedBlock(open.Groups[1].Value, first + 1, lines[first..close]));
            i = close;
        }

        return new DocsPage(name, text, blocks);
    }

    /// <summary>The blocks of one language.</summary>
    public IEnumerable<FencedBlock> BlocksOf(string language) => Blocks.Where(b => b.Language == language);

    /// <summary>
    /// The output the page's examples must print: the lines of its <c>```text</c> blocks in order, trailing white space
    /// removed, each with its line number in the page; blank lines at the end are dropped.
    /// </summary>
    public IReadOnlyList<(int Line, string Text)> ExpectedOutput()
    {
        var expected = BlocksOf("text")
            .SelectMany(b => b.Lines.Select((l, k) => (Line: b.FirstLine + k, Text: l.TrimEnd())))
            .ToList();
        while (expected.Count > 0 && expected[^1].Text.Length == 0)
        {
            expected.RemoveAt(expected.Count - 1);
        }

        return expected;
    }

    /// <summary>Whether a line is a using directive (hoisted to the top of the program), not a using statement.</summary>
    public static bool IsUsingDirective(string line) => UsingDirective().IsMatch(line);

    /// <summary>
    /// One file-based app running the csharp blocks of every page: the using directives hoisted to the top, each page's
    /// blocks in one scope after a marker line (<see cref="Marker"/>), inside a try block so that an unexpected exception
    /// shows in that page's output. <c>#line</c> directives map the code back to the page, so a compiler error names the
    /// page's file and line.
    /// </summary>
    public static string Program(IEnumerable<DocsPage> pages)
    {
        var usings = new List<string>();
        var body = new StringBuilder();
        foreach (DocsPage page in pages)
        {
            body.Append("Console.WriteLine(\"").Append(Marker(page.Name)).Append("\");\n");
            body.Append("try\n{\n");
            foreach (FencedBlock block in page.BlocksOf("csharp"))
            {
                body.Append("#line ").Append(block.FirstLine).Append(" \"").Append(page.FullPath).Append("\"\n");
                foreach (string line in block.Lines)
                {
                    if (IsUsingDirective(line))
                    {
                        if (!usings.Contains(line.Trim()))
                        {
                            usings.Add(line.Trim());
                        }

                        body.Append('\n'); // keep the line numbers
                    }
                    else
                    {
                        body.Append(line).Append('\n');
                    }
                }

                body.Append("#line default\n");
            }

            body.Append("}\ncatch (Exception e)\n{\n    Console.WriteLine(\"!!! unexpected exception in ")
                .Append(page.RelativePath).Append(": \" + e);\n}\n");
        }

        var source = new StringBuilder();
        source.Append(FileBasedApp.ProjectDirective("CustomerScoring")).Append('\n');
        source.Append(FileBasedApp.ProjectDirective("CustomerScoring.Csv")).Append('\n');
        source.Append(FileBasedApp.ProjectDirective("CustomerScoring.Sql")).Append('\n');
        source.Append("#:property InvariantGlobalization=true\n");
        source.Append("#:property TreatWarningsAsErrors=true\n");
        foreach (string u in usings)
        {
            source.Append(u).Append('\n');
        }

        return source.Append(body).ToString();
    }

    /// <summary>The line the program prints before a page's output.</summary>
    public static string Marker(string name) => $"<<<<< docs/{name} >>>>>";

    /// <summary>Splits the program's standard output into each page's lines (trailing white space and blank lines at the end removed).</summary>
    public static Dictionary<string, List<string>> SplitOutput(string stdout)
    {
        var pages = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (string raw in stdout.ReplaceLineEndings("\n").Split('\n'))
        {
            Match m = MarkerLine().Match(raw);
            if (m.Success)
            {
                current = [];
                pages[m.Groups[1].Value] = current;
            }
            else
            {
                current?.Add(raw.TrimEnd());
            }
        }

        foreach (List<string> lines in pages.Values)
        {
            while (lines.Count > 0 && lines[^1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }
        }

        return pages;
    }

    [GeneratedRegex(@"^```([A-Za-z0-9_+-]*)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^using\s+(static\s+)?[A-Za-z_][\w.]*\s*;\s*$|^using\s+[A-Za-z_]\w*\s*=\s*[^;()]+;\s*$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^<<<<< docs/(\S+) >>>>>\s*$")]
    private static partial Regex MarkerLine();
}
