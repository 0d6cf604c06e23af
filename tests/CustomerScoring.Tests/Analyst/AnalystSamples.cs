using CustomerScoring.Tests.Support;
using System.Text;
using System.Text.Json;

namespace CustomerScoring.Tests.Analyst;

/// <summary>
/// The analyst samples: samples/analyst/tour.cs split into its "// %%" cells, tour.ipynb's code cells, and the notebook turned
/// into a file-based app (<c>#r "nuget: CustomerScoring..."</c> lines become <c>#:project</c> directives for the repository's projects).
/// The notebook's first code cell is its packages cell (package source, references, display registration), which tour.cs has as
/// <c>#:project</c> directives instead; every later code cell is a tour.cs cell, with two differences that
/// <see cref="AsTourCell"/> undoes: lines marked <see cref="NotebookOnlyMarker"/>, and <c>display(x);</c> where tour.cs prints
/// <c>Console.WriteLine(x);</c> (the notebook shows the result as an HTML table).
/// </summary>
internal static class AnalystSamples
{
    /// <summary>A line with this comment exists only in the notebook (it stands in for what a file-based app has).</summary>
    public const string NotebookOnlyMarker = "// notebook only";

    /// <summary>The notebook-only package: rich display in the .NET Interactive kernel; a file-based app has no use for it.</summary>
    public const string NotebookDisplayPackage = "CustomerScoring.Interactive";

    private const string Display = "display(";

    public static string RepositoryRoot => DotnetCommand.RepositoryRoot;

    public static string AnalystFolder => Path.Combine(RepositoryRoot, "samples", "analyst");

    public static string TourPath => Path.Combine(AnalystFolder, "tour.cs");

    public static string NotebookPath => Path.Combine(AnalystFolder, "tour.ipynb");

    /// <summary>The code of each cell of tour.cs: the lines after each "// %%" marker line, blank lines at either end removed.</summary>
    public static List<string> TourCells(string tourSource)
    {
        var cells = new List<List<string>>();
        foreach (string line in SplitLines(tourSource))
        {
            if (line.StartsWith("// %%", StringComparison.Ordinal))
            {
                cells.Add([]);
            }
            else if (cells.Count > 0)
            {
                cells[^1].Add(line);
            }
        }

        return cells.Select(Join).ToList();
    }

    /// <summary>The source of each code cell of a notebook (nbformat 4), in order.</summary>
    public static List<string> NotebookCodeCells(string ipynb)
    {
        using JsonDocument doc = JsonDocument.Parse(ipynb);
        return doc.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => c.GetProperty("source") is { ValueKind: JsonValueKind.Array } s
                ? string.Concat(s.EnumerateArray().Select(l => l.GetString()))
                : c.GetProperty("source").GetString() ?? string.Empty)
            .ToList();
    }

    /// <summary>The notebook's code cells after its packages cell: the ones that correspond to tour.cs cells.</summary>
    public static List<string> NotebookTourCells(string ipynb) => NotebookCodeCells(ipynb).Skip(1).ToList();

    /// <summary>
    /// A notebook cell as it would read in tour.cs: without notebook-only lines, and with each <c>display(x);</c> line (its
    /// indentation kept) as <c>Console.WriteLine(x);</c>.
    /// </summary>
    public static string AsTourCell(string cell) =>
        Join(SplitLines(cell)
            .Where(l => !l.Contains(NotebookOnlyMarker, StringComparison.Ordinal))
            .Select(l => l.TrimStart().StartsWith(Display, StringComparison.Ordinal)
                ? l[..(l.Length - l.TrimStart().Length)] + "Console.WriteLine(" + l.TrimStart()[Display.Length..]
                : l)
            .ToList());

    /// <summary>
    /// The notebook as a file-based app: one <c>#:project</c> directive per <c>#r "nuget: Package, version"</c> line of the
    /// packages cell, pointing at src/Package/Package.csproj of <paramref name="repositoryRoot"/> (the notebook-only display
    /// package left out), then every later code cell as <see cref="AsTourCell"/> reads it. The rest of the packages cell (package
    /// source, display registration) is for the kernel only.
    /// </summary>
    public static string NotebookToApp(string ipynb, string repositoryRoot)
    {
        var app = new StringBuilder();
        foreach (string package in PackagesOf(NotebookCodeCells(ipynb)[0]).Where(p => p != NotebookDisplayPackage))
        {
            string project = Path.Combine(repositoryRoot, "src", package, package + ".csproj");
            app.Append("#:project ").Append(project).Append('\n');
        }

        foreach (string cell in NotebookTourCells(ipynb))
        {
            app.Append('\n').Append(AsTourCell(cell)).Append('\n');
        }

        return app.ToString();
    }

    /// <summary>The packages of the <c>#r "nuget: ..."</c> lines of a cell, in order.</summary>
    public static string[] PackagesOf(string cell) =>
        SplitLines(cell).Where(l => l.StartsWith("#r ", StringComparison.Ordinal)).Select(PackageOf).ToArray();

    /// <summary>The ids of all cells (null where a cell has none).</summary>
    public static List<string?> CellIds(string ipynb)
    {
        using JsonDocument doc = JsonDocument.Parse(ipynb);
        return doc.RootElement.GetProperty("cells").EnumerateArray()
            .Select(c => c.TryGetProperty("id", out JsonElement id) ? id.GetString() : null)
            .ToList();
    }

    /// <summary>"CustomerScoring.Csv" from <c>#r "nuget: CustomerScoring.Csv, 0.1.0"</c>.</summary>
    public static string PackageOf(string referenceLine)
    {
        const string prefix = "#r \"nuget:";
        if (!referenceLine.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new FormatException($"Not a NuGet reference: {referenceLine}");
        }

        string spec = referenceLine[prefix.Length..].Trim().TrimEnd('"');
        return spec.Split(',')[0].Trim();
    }

    private static List<string> SplitLines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();

    private static string Join(List<string> lines)
    {
        int start = lines.FindIndex(l => l.Trim().Length > 0);
        int end = lines.FindLastIndex(l => l.Trim().Length > 0);
        return start < 0 ? string.Empty : string.Join('\n', lines.GetRange(start, end - start + 1));
    }
}
