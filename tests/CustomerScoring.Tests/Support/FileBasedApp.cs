namespace CustomerScoring.Tests.Support;

/// <summary>Runs C# source as a .NET 10 file-based app (<c>dotnet run app.cs</c>) against the repository's projects.</summary>
internal static class FileBasedApp
{
    /// <summary>The <c>#:project</c> directive for one of the repository's src projects.</summary>
    public static string ProjectDirective(string project) =>
        $"#:project {Path.Combine(DotnetCommand.RepositoryRoot, "src", project, project + ".csproj")}";

    /// <summary>Writes <paramref name="source"/> to a temporary folder and runs it; returns the exit code and all output.</summary>
    public static (int ExitCode, string Output) Run(string source, string workingDirectory, TimeSpan timeout)
    {
        var (code, output, error) = RunWithStreams(source, workingDirectory, timeout);
        return (code, output + error);
    }

    /// <summary>As <see cref="Run"/>, with standard output and standard error apart.</summary>
    public static (int ExitCode, string Output, string Error) RunWithStreams(string source, string workingDirectory, TimeSpan timeout)
    {
        string dir = Directory.CreateTempSubdirectory("cs-fba").FullName;
        try
        {
            string file = Path.Combine(dir, "app.cs");
            File.WriteAllText(file, source);
            return DotnetCommand.Run(["run", file], workingDirectory, timeout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
