using System.Diagnostics;

namespace CustomerScoring.Tests.Support;

/// <summary>Runs C# source as a .NET 10 file-based app (<c>dotnet run app.cs</c>) against the repository's projects.</summary>
internal static class FileBasedApp
{
    /// <summary>The repository root: the first parent of the test binaries that holds CustomerScoring.sln.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CustomerScoring.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("CustomerScoring.sln was not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The <c>#:project</c> directive for one of the repository's src projects.</summary>
    public static string ProjectDirective(string project) =>
        $"#:project {Path.Combine(RepositoryRoot, "src", project, project + ".csproj")}";

    /// <summary>Writes <paramref name="source"/> to a temporary folder and runs it; returns the exit code and the output.</summary>
    public static (int ExitCode, string Output) Run(string source, string workingDirectory, TimeSpan timeout)
    {
        string dir = Directory.CreateTempSubdirectory("cs-fba").FullName;
        try
        {
            string file = Path.Combine(dir, "app.cs");
            File.WriteAllText(file, source);
            var start = new ProcessStartInfo("dotnet", ["run", file])
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"timed out after {timeout}\n{output.Result}\n{error.Result}");
            }

            return (process.ExitCode, output.Result + error.Result);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>
/// Tests that run file-based apps build the same src projects; this collection keeps them from running at
/// the same time (which would race on the projects' obj folders).
/// </summary>
[Xunit.CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FileBasedAppGroup
{
    /// <summary>The collection name.</summary>
    public const string Name = "File-based apps";
}
