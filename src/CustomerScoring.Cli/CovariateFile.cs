using System.Globalization;
using System.Text;
using CustomerScoring.Clv;
using CustomerScoring.Csv;
using CustomerScoring.Transactions;

namespace CustomerScoring.Cli;

/// <summary>
/// The <c>--covariates</c> file: a CSV with a header line, one row per customer, keyed by the column named like
/// <c>--customer-column</c> (the first column with <c>--no-header</c>), in the input's delimiter. A column whose every value
/// is a number is numeric; any other is categorical, expanded to 0/1 indicators against a reference level (the most
/// frequent level, ties to the first in ordinal order, or the one given as <c>column:level</c>). Every customer of the input
/// needs a row (the first missing id is named); rows of other customers are ignored and counted.
/// </summary>
internal static class CovariateFile
{
    /// <summary>The covariates, one row per customer index of <paramref name="customers"/>, and how they were read.</summary>
    public static (CustomerCovariates Covariates, CovariateFileReport Report) Read(string path, CliOptions options, CsvImportOptions format, CustomerKeyMap<string> customers)
    {
        if (!File.Exists(path))
        {
            throw new CliDataException($"--covariates file '{path}' was not found.");
        }

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        string? headerLine = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(headerLine))
        {
            throw new CliDataException($"--covariates file '{path}' is empty; it needs a header line naming its columns.");
        }

        string[] header = Split(headerLine, options.Delimiter);
        int idColumn = options.HasHeader ? Array.IndexOf(header, options.CustomerColumn) : 0;
        if (idColumn < 0)
        {
            throw new CliDataException($"--covariates file '{path}' has no column '{options.CustomerColumn}' (the --customer-column) to find customers by; its columns are {string.Join(", ", header)}.");
        }

        var wanted = new List<(string Name, int Column, string? Reference)>();
        foreach (string spec in options.CovariateColumns ?? [.. header.Where((_, j) => j != idColumn)])
        {
            int colon = spec.IndexOf(':', StringComparison.Ordinal);
            string name = colon < 0 ? spec : spec[..colon];
            int column = Array.IndexOf(header, name);
            if (column < 0 || column == idColumn)
            {
                throw new UsageException(column < 0
                    ? $"--covariate-columns: '{name}' is not a column of '{path}'; its columns are {string.Join(", ", header)}."
                    : $"--covariate-columns: '{name}' is the customer id column, not a covariate.");
            }

            wanted.Add((name, column, colon < 0 ? null : spec[(colon + 1)..]));
        }

        if (wanted.Count == 0)
        {
            throw new CliDataException($"--covariates file '{path}' has no column besides the customer id.");
        }

        var values = new string[wanted.Count][];
        for (int k = 0; k < wanted.Count; k++)
        {
            values[k] = new string[customers.Count];
        }

        var seen = new bool[customers.Count];
        int lineNumber = 1, ignored = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = Split(line, options.Delimiter);
            if (fields.Length != header.Length)
            {
                throw new CliDataException(string.Create(CultureInfo.InvariantCulture,
                    $"--covariates file '{path}' line {lineNumber} has {fields.Length} fields but the header has {header.Length}."));
            }

            string id = format.NormalizeCustomerId(fields[idColumn]) ?? fields[idColumn];
            if (!customers.TryGetIndex(id, out int index))
            {
                ignored++;
                continue;
            }

            if (seen[index])
            {
                throw new CliDataException(string.Create(CultureInfo.InvariantCulture,
                    $"--covariates file '{path}' line {lineNumber}: customer '{TextReport.Printable(id)}' has a second row; give one row per customer."));
            }

            seen[index] = true;
            for (int k = 0; k < wanted.Count; k++)
            {
                values[k][index] = fields[wanted[k].Column].Trim();
            }
        }

        int missing = seen.Count(s => !s);
        if (missing > 0)
        {
            string first = customers.KeyOf(Array.IndexOf(seen, false));
            throw new CliDataException(string.Create(CultureInfo.InvariantCulture,
                $"--covariates file '{path}' has no row for customer '{TextReport.Printable(first)}' ({missing:N0} of {customers.Count:N0} customers of the input have none); every customer of the input needs a row."));
        }

        return Expand(path, wanted, values, customers, format.NumberFormat, ignored);
    }

    private static (CustomerCovariates, CovariateFileReport) Expand(
        string path, List<(string Name, int Column, string? Reference)> wanted, string[][] values, CustomerKeyMap<string> customers, IFormatProvider numbers, int ignored)
    {
        var names = new List<string>();
        var columns = new List<double[]>();
        var described = new List<string>();
        for (int k = 0; k < wanted.Count; k++)
        {
            var (name, _, reference) = wanted[k];
            string[] text = values[k];
            double[]? numeric = reference is null ? Numeric(text, numbers) : null;
            if (numeric is not null)
            {
                int empty = Array.FindIndex(text, t => t.Length == 0);
                if (empty >= 0)
                {
                    throw new CliDataException($"--covariates file '{path}': numeric column '{name}' is empty for customer '{TextReport.Printable(customers.KeyOf(empty))}'; give every customer a value.");
                }

                if (numeric.All(v => v == numeric[0]))
                {
                    throw new CliDataException($"--covariates file '{path}': column '{name}' has the same value for every customer; its coefficient cannot be estimated. Leave it out with --covariate-columns.");
                }

                names.Add(name);
                columns.Add(numeric);
                described.Add($"{name} (numeric)");
                continue;
            }

            var counts = text.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            if (counts.Count < 2)
            {
                throw new CliDataException($"--covariates file '{path}': column '{name}' has the single level '{text[0]}' for every customer; its coefficient cannot be estimated. Leave it out with --covariate-columns.");
            }

            string level = reference ?? counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
            if (!counts.ContainsKey(level))
            {
                throw new UsageException($"--covariate-columns: the reference level '{level}' does not occur in column '{name}' (levels: {string.Join(", ", counts.Keys.Order(StringComparer.Ordinal))}).");
            }

            CustomerCovariates indicators = CustomerCovariates.Categorical(name, text, level);
            for (int j = 0; j < indicators.Names.Count; j++)
            {
                var column = new double[text.Length];
                for (int i = 0; i < column.Length; i++)
                {
                    column[i] = indicators[i, j];
                }

                names.Add(indicators.Names[j]);
                columns.Add(column);
            }

            described.Add($"{name} (categorical, reference level '{level}')");
        }

        return (CustomerCovariates.FromColumns(names, columns), new CovariateFileReport(path, described, ignored));
    }

    /// <summary>The values as numbers when every non-empty one is a finite number (and one is not empty); otherwise null.</summary>
    private static double[]? Numeric(string[] text, IFormatProvider numbers)
    {
        var result = new double[text.Length];
        bool any = false;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i].Length == 0)
            {
                continue;
            }

            if (!double.TryParse(text[i], NumberStyles.Float, numbers, out result[i]) || !double.IsFinite(result[i]))
            {
                return null;
            }

            any = true;
        }

        return any ? result : null;
    }

    /// <summary>Splits one line into fields: the delimiter outside double quotes; "" inside quotes is a quote.</summary>
    internal static string[] Split(string line, CsvDelimiter delimiter)
    {
        if (delimiter == CsvDelimiter.Whitespace)
        {
            return line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        }

        char separator = delimiter switch { CsvDelimiter.Semicolon => ';', CsvDelimiter.Tab => '\t', _ => ',' };
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString().TrimEnd('\r'));
        return [.. fields];
    }
}

/// <summary>How the covariates file was read: its path, each column with its kind (and reference level), rows ignored.</summary>
/// <param name="Path">The file.</param>
/// <param name="Columns">One description per column used, e.g. "channel (categorical, reference level 'web')".</param>
/// <param name="IgnoredRows">Rows of customers that are not in the input.</param>
internal sealed record CovariateFileReport(string Path, IReadOnlyList<string> Columns, int IgnoredRows);
