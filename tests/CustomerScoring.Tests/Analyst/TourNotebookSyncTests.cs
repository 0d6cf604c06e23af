using System.Text.Json;
using Xunit;

namespace CustomerScoring.Tests.Analyst;

/// <summary>tour.ipynb holds exactly the cells of tour.cs, and its translation to a file-based app is what the slow tests run.</summary>
public class TourNotebookSyncTests
{
    [Fact]
    public void Notebook_code_cells_equal_the_tour_cells_apart_from_notebook_lines()
    {
        List<string> tour = AnalystSamples.TourCells(File.ReadAllText(AnalystSamples.TourPath));
        List<string> notebook = AnalystSamples.NotebookCodeCells(File.ReadAllText(AnalystSamples.NotebookPath))
            .Select(AnalystSamples.WithoutNotebookLines).ToList();

        Assert.True(tour.Count >= 6, $"tour.cs should have its setup, load, summary, RFM, chart and concentration cells; found {tour.Count}.");
        Assert.Equal(tour.Count, notebook.Count);
        for (int i = 0; i < tour.Count; i++)
        {
            Assert.Equal(tour[i], notebook[i]);
        }
    }

    [Fact]
    public void Notebook_is_nbformat_4_with_the_csharp_kernel_and_references_the_three_packages()
    {
        string ipynb = File.ReadAllText(AnalystSamples.NotebookPath);
        using JsonDocument doc = JsonDocument.Parse(ipynb);
        JsonElement root = doc.RootElement;
        Assert.Equal(4, root.GetProperty("nbformat").GetInt32());
        JsonElement kernel = root.GetProperty("metadata").GetProperty("kernelspec");
        Assert.Equal(".NET (C#)", kernel.GetProperty("display_name").GetString());
        Assert.Equal(".net-csharp", kernel.GetProperty("name").GetString());

        string first = AnalystSamples.NotebookCodeCells(ipynb)[0];
        string[] packages = first.Split('\n').Where(l => l.StartsWith("#r ", StringComparison.Ordinal)).Select(AnalystSamples.PackageOf).ToArray();
        Assert.Equal(["CustomerScoring", "CustomerScoring.Csv", "CustomerScoring.Charts"], packages);
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
    public void Translation_turns_nuget_references_into_project_directives_and_drops_notebook_only_lines()
    {
        const string ipynb = """
            {"cells": [
              {"cell_type": "markdown", "source": ["# title"]},
              {"cell_type": "code", "source": ["#r \"nuget: CustomerScoring.Csv, 0.1.0\"\n", "string[] args = []; // notebook only\n", "Console.WriteLine(1);"]},
              {"cell_type": "code", "source": "Console.WriteLine(2);"}
            ], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}
            """;

        string app = AnalystSamples.NotebookToApp(ipynb, "/repo");

        Assert.Equal("#:project /repo/src/CustomerScoring.Csv/CustomerScoring.Csv.csproj\n\nConsole.WriteLine(1);\n\nConsole.WriteLine(2);\n", app);
    }
}
