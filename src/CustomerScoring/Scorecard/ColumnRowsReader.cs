namespace CustomerScoring.Scorecard;

/// <summary>
/// Reads the values of consecutive summary rows of a scorecard column at once: rows <paramref name="first"/> ..
/// <paramref name="first"/> + <c>values.Length</c> - 1 into <paramref name="values"/>. The form in which a column holds its
/// values, so that a writer reads a block of rows with one call (a copy from the result's array, or one typed loop) rather
/// than one delegate call per cell.
/// </summary>
/// <typeparam name="T">The column's value type; a missing number is NaN.</typeparam>
internal delegate void ColumnRowsReader<T>(int first, Span<T> values);
