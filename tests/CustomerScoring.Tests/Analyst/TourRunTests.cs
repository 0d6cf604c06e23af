using CustomerScoring.Tests.Support;
using Xunit;

namespace CustomerScoring.Tests.Analyst;

/// <summary>
/// Runs tour.cs and the notebook (as a file-based app) with <c>dotnet run</c> on the bundled data and checks the exit code, the key
/// output lines and the charts. One class so the two runs, which build the same projects, never overlap.
/// </summary>
[Trait("Category", "Slow")]
[Collection(DotnetProcessGroup.Name)]
public class TourRunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void Tour_runs_from_the_repository_root_and_writes_its_charts()
    {
        string output = NewFolder("tour");
        try
        {
            (int exit, string stdout, string stderr) = DotnetRun(AnalystSamples.RepositoryRoot, "samples/analyst/tour.cs", output);
            AssertTourRan(exit, stdout, stderr, output);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Notebook_cells_run_as_a_file_based_app_from_the_notebook_folder()
    {
        string output = NewFolder("notebook");
        string appFolder = NewFolder("notebook-app");
        try
        {
            string app = Path.Combine(appFolder, "tour_notebook.cs");
            File.WriteAllText(app, AnalystSamples.NotebookToApp(File.ReadAllText(AnalystSamples.NotebookPath), AnalystSamples.RepositoryRoot));
            (int exit, string stdout, string stderr) = DotnetRun(AnalystSamples.AnalystFolder, app, output);
            AssertTourRan(exit, stdout, stderr, output);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
            Directory.Delete(appFolder, recursive: true);
        }
    }

    private static void AssertTourRan(int exit, string stdout, string stderr, string output)
    {
        Assert.True(exit == 0, $"exit code {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("6,919 lines read: 6,919 transactions of 2,357 customers, 0 rejected", stdout, StringComparison.Ordinal);
        Assert.Contains("CustomerSummaries: 2,357 customers, 6,919 transactions, revenue 244,091.94, observation end 1998-06-30", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\nPotential Loyalist +823 +34\.9%", stdout); // ties shared (the default binning); SQL NTILE gave 969
        Assert.Contains("top 20% hold 67.4% of value", stdout, StringComparison.Ordinal);
        // The CLV cells: the published BG/NBD fit on the CDNOW calibration, the holdout table and the tiers.
        Assert.Matches(@"r\s+0\.24\d+", stdout);
        Assert.Matches(@"alpha\s+4\.41\d+", stdout);
        Assert.Contains("total predicted", stdout, StringComparison.Ordinal);
        Assert.Matches(@"VIP\s+23\s+1\.0%", stdout);
        Assert.Contains("Customer 0509: VIP because clv_percentile", stdout, StringComparison.Ordinal);
        Assert.EndsWith("Tour complete.", stdout.TrimEnd(), StringComparison.Ordinal);
        foreach (string png in new[] { "rfm-segments.png", "rfm-recency-frequency.png", "lorenz-curve.png", "calibration-vs-holdout.png", "p-alive.png" })
        {
            string path = Path.Combine(output, png);
            Assert.Contains($"Wrote {path}", stdout, StringComparison.Ordinal);
            Assert.Equal((900, 600), Charts.PngImage.Size(File.ReadAllBytes(path)));
        }
    }

    private static string NewFolder(string name) =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "customerscoring-tests", name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    private static (int Exit, string Stdout, string Stderr) DotnetRun(string workingDirectory, string file, string outputFolder) =>
        DotnetCommand.Run(["run", file, "--", outputFolder], workingDirectory, Timeout);
}
