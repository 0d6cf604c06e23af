namespace CustomerScoring.Cli;

/// <summary>Input the command cannot use (a missing file, nothing to score): exit code <see cref="ExitCode.BadData"/>.</summary>
internal sealed class CliDataException(string message) : CustomerScoringException(FailureKind.BadData, message);
