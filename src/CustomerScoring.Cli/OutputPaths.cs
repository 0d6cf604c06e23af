using CustomerScoring.Csv;

namespace CustomerScoring.Cli;

/// <summary>
/// Output files are never the input, never each other, and never left half-written: each is written to a temporary file
/// beside it and renamed over the target only when complete (a device or pipe is written in place).
/// </summary>
internal static class OutputPaths
{
    /// <summary>Refuses outputs that resolve (through links) to the input or to one another.</summary>
    public static void CheckDistinct(string? input, params (string Flag, string? Path)[] outputs)
    {
        string? inputPath = input is null ? null : Resolve(input);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (flag, path) in outputs)
        {
            if (path is null)
            {
                continue;
            }

            string resolved = Resolve(path);
            if (resolved == inputPath)
            {
                throw new CliOutputException($"{flag} '{path}' is the input file; refusing to overwrite it.");
            }

            if (seen.TryGetValue(resolved, out string? other))
            {
                throw new CliOutputException($"{flag} '{path}' is the same file as {other}; give each output its own path.");
            }

            seen[resolved] = flag;
        }
    }

    /// <summary>
    /// Writes through <paramref name="write"/> to a temporary file beside <paramref name="path"/>, then renames it; a device or
    /// pipe (<c>/dev/null</c>, a named pipe) is written in place instead (see <see cref="SpecialFile"/>).
    /// </summary>
    public static void WriteAtomically(string path, string flag, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new CliOutputException($"{flag} '{path}' is a folder; give a file path.");
        }

        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new CliOutputException($"the folder of {flag} '{path}' does not exist.");
        }

        bool inPlace = SpecialFile.Is(full);
        string target = inPlace ? full : Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(target);
            if (!inPlace)
            {
                File.Move(target, full, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliOutputException($"{flag} '{path}' could not be written: {e.Message}");
        }
        finally
        {
            if (!inPlace && File.Exists(target))
            {
                File.Delete(target);
            }
        }
    }

    /// <summary>The full path with symbolic links of the file (and of its folder) followed.</summary>
    private static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        var file = new FileInfo(full);
        if (file.Exists && file.LinkTarget is not null && file.ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            full = target.FullName;
        }

        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && Directory.Exists(folder))
        {
            var dir = new DirectoryInfo(folder);
            if (dir.LinkTarget is not null && dir.ResolveLinkTarget(returnFinalTarget: true) is { } dirTarget)
            {
                full = Path.Combine(dirTarget.FullName, Path.GetFileName(full));
            }
        }

        return full;
    }
}

/// <summary>An output that cannot or must not be written: exit code <see cref="ExitCode.OutputFailed"/>.</summary>
internal sealed class CliOutputException(string message) : CustomerScoringException(FailureKind.OutputFailed, message);
