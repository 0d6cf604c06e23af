namespace CustomerScoring.Scorecard;

/// <summary>
/// Reads the values of consecutive summary rows of a scorecard column at once: rows <paramref name="first"/> ..
/// <paramref name="first"/> + <c>values.Length</c> - 1 into <paramref name="values"/>. The form in which a column holds its
/// values, so that a writer reads a block of rows with one call (a copy from the result's array, or one typed loop) rather
/// than one delegate call per cell.
/// </summary>
/// <typeparam name="T">The column's value type; a missing number is NaN.</typeparam>
internal delegate void ColumnRowsReader<T>(int first, Span<T> values);

/// <summary>
/// Fills <paramref name="values"/> with the numbers whose invariant decimal texts are a text column's values for rows
/// <paramref name="first"/> .. <paramref name="first"/> + values.Length - 1, or returns false when some of them is not such a
/// text (then the caller reads the texts): how a writer formats numeric customer ids without making their strings.
/// </summary>
internal delegate bool DecimalTextsReader(int first, Span<int> values);
