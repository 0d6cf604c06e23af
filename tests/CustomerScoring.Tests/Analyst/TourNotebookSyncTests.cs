using System.Text.Json;
using Xunit;

namespace CustomerScoring.Tests.Analyst;

/// <summary>tour.ipynb holds exactly the cells of tour.cs, and its translation to a file-based app is what the slow tests run.</summary>
public class TourNotebookSyncTests
{
    [Fact]
    public void Notebook_code_cells_after_the_packages_cell_equal_the_tour_cells_apart_from_notebook_lines()
    {
        List<string> tour = AnalystSamples.TourCells(File.ReadAllText(AnalystSamples.TourPath));
        List<string> notebookCells = AnalystSamples.NotebookTourCells(File.ReadAllText(AnalystSamples.NotebookPath));
        List<string> notebook = notebookCells.Select(AnalystSamples.AsTourCell).ToList();

        Assert.True(tour.Count >= 6, $"tour.cs should have its setup, load, summary, RFM, chart and concentration cells; found {tour.Count}.");
        Assert.Equal(tour.Count, notebook.Count);
        for (int i = 0; i < tour.Count; i++)
        {
            Assert.Equal(tour[i], notebook[i]);
        }

        // The notebook shows results rich: summaries, tables and each of the five charts go through display(...).
        string[] displayed = notebookCells.SelectMany(c => c.Split('\n')).Select(l => l.Trim()).Where(l => l.StartsWith("display(", StringComparison.Ordinal)).ToArray();
        Assert.Contains("display(summaries);", displayed);
        Assert.Contains("display(CustomerTables.RfmSegments(rfm, summaries));", displayed);
        foreach (string chart in new[] { "segments", "heatmap", "lorenz", "holdout", "alive" })
        {
            Assert.Contains(displayed, l => l.StartsWith($"display({chart});", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Notebook_is_nbformat_4_with_the_csharp_kernel_and_unique_cell_ids()
    {
        string ipynb = File.ReadAllText(AnalystSamples.NotebookPath);
        using JsonDocument doc = JsonDocument.Parse(ipynb);
        JsonElement root = doc.RootElement;
        Assert.Equal(4, root.GetProperty("nbformat").GetInt32());
        Assert.True(root.GetProperty("nbformat_minor").GetInt32() >= 5, "cell ids need nbformat 4.5");
        JsonElement kernel = root.GetProperty("metadata").GetProperty("kernelspec");
        Assert.Equal(".NET (C#)", kernel.GetProperty("display_name").GetString());
        Assert.Equal(".net-csharp", kernel.GetProperty("name").GetString());

        List<string?> ids = AnalystSamples.CellIds(ipynb);
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id), "every cell needs an id"));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Packages_cell_sets_the_local_feed_references_the_tour_projects_and_the_display_package_and_registers_display()
    {
        string ipynb = File.ReadAllText(AnalystSamples.NotebookPath);
        string[] lines = AnalystSamples.NotebookCodeCells(ipynb)[0].Split('\n');

        // One package source line, which CI (.ci/notebook.sh) points at its fresh pack; the newest version, prereleases included.
        Assert.Single(lines, l => l.StartsWith("#i \"nuget: ", StringComparison.Ordinal));
        string[] references = lines.Where(l => l.StartsWith("#r ", StringComparison.Ordinal)).ToArray();
        Assert.All(references, r => Assert.EndsWith(", *-*\"", r, StringComparison.Ordinal));
        Assert.Equal(["CustomerScoring", "CustomerScoring.Csv", "CustomerScoring.Charts", AnalystSamples.NotebookDisplayPackage], references.Select(AnalystSamples.PackageOf));
        Assert.Contains("NotebookDisplay.Register();", lines);

        // The same libraries as tour.cs's project directives.
        string[] tourProjects = File.ReadAllLines(AnalystSamples.TourPath).Where(l => l.StartsWith("#:project ", StringComparison.Ordinal))
            .Select(l => Path.GetFileNameWithoutExtension(l["#:project ".Length..])).ToArray();
        Assert.Equal(tourProjects, AnalystSamples.PackagesOf(string.Join('\n', lines)).Where(p => p != AnalystSamples.NotebookDisplayPackage));
    }

    [Fact]
    public void Tour_references_the_three_projects_with_relative_project_directives()
    {
        string[] directives = File.ReadAllLines(AnalystSamples.TourPath).Where(l => l.StartsWith("#:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            [
                "#:project ../../src/CustomerScoring/CustomerScoring.csproj",
                "#:project ../../src/CustomerScoring.Csv/CustomerScoring.Csv.csproj",
                "#:project ../../src/CustomerScoring.Charts/CustomerScoring.Charts.csproj",
            ],
            directives);
        foreach (string d in directives)
        {
            Assert.True(File.Exists(Path.Combine(AnalystSamples.AnalystFolder, d["#:project ".Length..])), $"{d} points at no file.");
        }
    }

    [Fact]
    public void Translation_turns_nuget_references_into_project_directives_and_notebook_lines_back_into_tour_lines()
    {
        const string ipynb = """
            {"cells": [
              {"cell_type": "markdown", "source": ["# title"]},
              {"cell_type": "code", "source": ["#i \"nuget: /feed\"\n", "#r \"nuget: CustomerScoring.Csv, *-*\"\n", "#r \"nuget: CustomerScoring.Interactive, *-*\"\n", "NotebookDisplay.Register();"]},
              {"cell_type": "code", "source": ["string[] args = []; // notebook only\n", "Console.WriteLine(1);\n", "{\n", "    display(x); // notebook only: inline\n", "    display(y);\n", "}"]},
              {"cell_type": "code", "source": "Console.WriteLine(2);"}
            ], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}
            """;

        string app = AnalystSamples.NotebookToApp(ipynb, "/repo");

        Assert.Equal(
            "#:project /repo/src/CustomerScoring.Csv/CustomerScoring.Csv.csproj\n\nConsole.WriteLine(1);\n{\n    Console.WriteLine(y);\n}\n\nConsole.WriteLine(2);\n",
            app);
    }
}
