namespace CustomerScoring.Csv;

/// <summary>A column of a <see cref="CsvTableWriter"/> table.</summary>
/// <param name="Name">The header name.</param>
/// <param name="Decimals">For numbers written as <see cref="double"/>: the fixed number of decimals (0..15), or
/// null (the default) for the shortest text that reads back as the same double.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CsvTableColumn(string Name, int? Decimals = null);
