using System.Diagnostics;

namespace CustomerScoring.Tests.Support;

/// <summary>Runs the <c>dotnet</c> CLI as a child process, for tests of samples, the README and the benchmark gate.</summary>
internal static class DotnetCommand
{
    /// <summary>The repository root: the first parent of the test binaries that holds CustomerScoring.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The dotnet host that runs the tests (or the one on PATH).</summary>
    public static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Runs <c>dotnet args</c> in <paramref name="workingDirectory"/>; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Output, string Error) Run(IEnumerable<string> args, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    private static string FindRepositoryRoot()
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

/// <summary>
/// Tests that run dotnet child processes build the same projects; this collection keeps them from running at the
/// same time (which would race on the projects' obj folders).
/// </summary>
[Xunit.CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DotnetProcessGroup
{
    /// <summary>The collection name.</summary>
    public const string Name = "dotnet child processes";
}
