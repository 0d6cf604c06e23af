namespace CustomerScoring.Cli;

/// <summary>One command-line option: its flag, the placeholder of its value (null for a switch), its help text and how it sets the options.</summary>
/// <param name="Name">The flag, e.g. <c>--input</c>.</param>
/// <param name="Value">The value's placeholder, e.g. <c>PATH</c>; null for a switch without a value.</param>
/// <param name="Help">One line of help, in the words of the flags.</param>
/// <param name="Apply">Sets the option's value; throws <see cref="UsageException"/> for a bad value.</param>
public sealed record CliOption(string Name, string? Value, string Help, Func<CliOptions, string, CliOptions> Apply);
