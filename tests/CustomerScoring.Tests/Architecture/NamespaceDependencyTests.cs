using System.Text.RegularExpressions;
using CustomerScoring.Tests.Support;
using Xunit;

namespace CustomerScoring.Tests.Architecture;

/// <summary>
/// The data flows one way (DESIGN.md): transactions, summaries, then the stages, then profiles, rules, tiers and the
/// scorecard; <c>Numerics</c> knows nothing of the domain. Every namespace of the core may use only the namespaces listed
/// here; a wrong-way <c>using</c> (or fully qualified reference) fails this test and names the file.
/// </summary>
public sealed partial class NamespaceDependencyTests
{
    private static readonly string[] NumericsAll = ["Numerics", "Numerics.Sorting", "Numerics.Functions", "Numerics.Optimization", "Numerics.Parallelism"];

    /// <summary>Namespace (below <c>CustomerScoring</c>) to the namespaces it may use.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        [""] = [],
        ["Numerics"] = NumericsAll,
        ["Numerics.Sorting"] = NumericsAll,
        ["Numerics.Functions"] = NumericsAll,
        ["Numerics.Optimization"] = NumericsAll,
        ["Numerics.Parallelism"] = NumericsAll,
        ["Transactions"] = [.. NumericsAll],
        ["Summaries"] = ["Transactions", .. NumericsAll],
        ["Rfm"] = ["Summaries", "Transactions", .. NumericsAll],
        ["Clv"] = ["Summaries", "Transactions", .. NumericsAll],
        ["Concentration"] = ["Summaries", "Transactions", .. NumericsAll],
        ["Cohorts"] = ["Summaries", "Transactions", .. NumericsAll],
        ["Profiles"] = ["Summaries", "Transactions", "Rfm", "Concentration", .. NumericsAll],
        ["Rules"] = ["Profiles", .. NumericsAll],
        ["Tiers"] = ["Rules", "Profiles", "Summaries", "Rfm", "Concentration", .. NumericsAll],
        ["Scorecard"] = ["Tiers", "Rules", "Profiles", "Clv", "Concentration", "Rfm", "Summaries", "Transactions", .. NumericsAll],
    };

    [GeneratedRegex(@"^namespace\s+CustomerScoring(?:\.([\w.]+))?\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"(?<![\w.])CustomerScoring\.([A-Z]\w*(?:\.[A-Z]\w*)?)")]
    private static partial Regex Reference();

    [Fact]
    public void Core_namespaces_depend_only_on_allowed_namespaces()
    {
        string core = Path.Combine(DotnetCommand.RepositoryRoot, "src", "CustomerScoring");
        var violations = new List<string>();
        int files = 0;
        foreach (string file in Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            files++;
            string text = File.ReadAllText(file);
            Match ns = NamespaceLine().Match(text);
            Assert.True(ns.Success, $"{file} declares no CustomerScoring namespace");
            string own = ns.Groups[1].Value;
            Assert.True(Allowed.ContainsKey(own), $"{file}: namespace CustomerScoring.{own} is not in the dependency table; add it with its allowed arrows");

            // The folder is the namespace.
            string folder = Path.GetRelativePath(core, Path.GetDirectoryName(file)!).Replace(Path.DirectorySeparatorChar, '.');
            Assert.True(folder == own || (folder == "." && own.Length == 0), $"{file}: namespace CustomerScoring.{own} does not match its folder {folder}");

            string code = string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("namespace", StringComparison.Ordinal)));
            foreach (Match m in Reference().Matches(code))
            {
                string target = Resolve(m.Groups[1].Value);
                if (target.Length > 0 && target != own && !Allowed[own].Contains(target))
                {
                    violations.Add($"{Path.GetRelativePath(core, file)}: CustomerScoring.{own} -> CustomerScoring.{target}");
                }
            }
        }

        Assert.True(files > 50, "the core's sources were not found");
        Assert.True(violations.Count == 0, "Wrong-way dependencies:\n" + string.Join('\n', violations.Distinct()));
    }

    [Fact]
    public void The_checker_catches_a_wrong_way_reference()
    {
        // The same resolution as above, on a hand-made case: Numerics may not use Clv; Clv may use Numerics.Functions.
        Assert.DoesNotContain(Resolve("Clv.ClvFitException"), Allowed["Numerics"]);
        Assert.Contains(Resolve("Numerics.Functions"), Allowed["Clv"]);
        Assert.DoesNotContain(Resolve("Scorecard"), Allowed["Tiers"]);
    }

    /// <summary>The namespace a reference names: the longest known namespace that prefixes it.</summary>
    private static string Resolve(string reference)
    {
        string[] parts = reference.Split('.');
        if (parts.Length > 1 && Allowed.ContainsKey(parts[0] + "." + parts[1]))
        {
            return parts[0] + "." + parts[1];
        }

        // A type of the root namespace (CustomerScoringException, FailureKind) is open to every stage.
        return Allowed.ContainsKey(parts[0]) ? parts[0] : string.Empty;
    }
}
