using System.Globalization;
using System.Text;
using CustomerScoring.Clv;

namespace CustomerScoring.Cli;

/// <summary>
/// The <c>--retention</c> file: a CSV with a header line, in the <c>--delimiter</c>, in one of two layouts told apart by
/// its columns (names case-insensitive, other columns ignored):
/// <list type="bullet">
/// <item>survivor counts: <c>period,active</c>: the members still active after <c>period</c> periods, period 0 (the
/// cohort's size), 1, 2, ... in order; an optional <c>cohort</c> column holds several cohorts (each from period 0),
/// fitted together, each last count right-censored;</item>
/// <item>individual members: <c>member_id</c> (or the <c>--customer-column</c> name), <c>periods</c> and <c>active</c>: a
/// member who left (active 0) left in period <c>periods</c> (1 = did not renew after the first); an active member (1) has
/// completed <c>periods</c> periods and is right-censored.</item>
/// </list>
/// A malformed file is bad data (exit 1), named by line and column.
/// </summary>
internal static class RetentionFile
{
    /// <summary>Reads and checks the file.</summary>
    public static RetentionInput Read(string path, CliOptions options)
    {
        if (!File.Exists(path))
        {
            throw new CliDataException($"--retention file '{path}' was not found.");
        }

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        string? headerLine = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(headerLine))
        {
            throw new CliDataException($"--retention file '{path}' is empty; it needs a header line: period,active (survivor counts) or member_id,periods,active (one row per member).");
        }

        string[] header = [.. CovariateFile.Split(headerLine, options.Delimiter).Select(h => h.Trim())];
        int Column(string name) => Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        int id = Column("member_id") is >= 0 and var m ? m : Column(options.CustomerColumn);
        int active = Column("active");
        var rows = new List<(int Line, string[] Fields)>();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            string[] fields = CovariateFile.Split(line, options.Delimiter);
            if (fields.Length != header.Length)
            {
                throw new CliDataException(string.Create(CultureInfo.InvariantCulture,
                    $"--retention file '{path}' line {lineNumber} has {fields.Length} fields but the header has {header.Length}."));
            }

            rows.Add((lineNumber, fields));
        }

        if (id >= 0 && Column("periods") is >= 0 and var periods && active >= 0)
        {
            return Members(path, rows, id, periods, active);
        }

        if (Column("period") is >= 0 and var period && active >= 0)
        {
            return Survivors(path, rows, period, active, Column("cohort"));
        }

        throw new CliDataException($"--retention file '{path}' has the columns {string.Join(", ", header)}; it needs period,active (a cohort's members still active after each period, optionally with a cohort column) or member_id,periods,active (one row per member: periods completed, or the period they left in; active 1 or 0).");
    }

    private static RetentionInput Survivors(string path, List<(int Line, string[] Fields)> rows, int periodColumn, int activeColumn, int cohortColumn)
    {
        var cohorts = new List<(string Name, List<double> Counts)>();
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, fields) in rows)
        {
            string name = cohortColumn >= 0 ? fields[cohortColumn].Trim() : string.Empty;
            long period = WholeNumber(path, line, "period", fields[periodColumn]);
            long count = WholeNumber(path, line, "active", fields[activeColumn]);
            if (!byName.TryGetValue(name, out int c))
            {
                c = cohorts.Count;
                byName[name] = c;
                cohorts.Add((name, []));
            }

            List<double> counts = cohorts[c].Counts;
            string which = cohortColumn >= 0 ? $" of cohort '{TextReport.Printable(name)}'" : string.Empty;
            if (period != counts.Count)
            {
                throw new CliDataException(string.Create(CultureInfo.InvariantCulture,
                    $"--retention file '{path}' line {line}: period {period}{which} where period {counts.Count} was expected; give periods 0, 1, 2, ... in order, with no gaps."));
            }

            if (period == 0 && count == 0)
            {
                throw new CliDataException(string.Create(CultureInfo.InvariantCulture,
                    $"--retention file '{path}' line {line}: the cohort{which} has 0 members at period 0; give the number of members who joined."));
            }

            if (period > 0 && count > counts[^1])
            {
                throw new CliDataException(string.Create(CultureInfo.InvariantCulture,
                    $"--retention file '{path}' line {line}: {count} members active after period {period}{which}, more than the {counts[^1]} after period {period - 1}; survivor counts cannot increase (count the members of the cohort still active, not new members)."));
            }

            counts.Add(count);
        }

        if (cohorts.Count == 0)
        {
            throw new CliDataException($"--retention file '{path}' has no rows after its header.");
        }

        RetentionData? data = null;
        foreach (var (name, counts) in cohorts)
        {
            if (counts.Count < 2)
            {
                string which = cohortColumn >= 0 ? $"cohort '{TextReport.Printable(name)}'" : "the cohort";
                throw new CliDataException($"--retention file '{path}': {which} has only period 0; give at least period 1 too (the members still active after it).");
            }

            RetentionData one = RetentionData.FromSurvivors([.. counts]);
            data = data is null ? one : data.Combine(one);
        }

        return new RetentionInput(path, data!, cohorts.Count, null);
    }

    private static RetentionInput Members(string path, List<(int Line, string[] Fields)> rows, int idColumn, int periodsColumn, int activeColumn)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new List<RetentionMember>();
        foreach (var (line, fields) in rows)
        {
            string id = fields[idColumn].Trim();
            if (id.Length == 0)
            {
                throw new CliDataException(string.Create(CultureInfo.InvariantCulture, $"--retention file '{path}' line {line}: the member id is empty."));
            }

            if (seen.TryGetValue(id, out int first))
            {
                throw new CliDataException(string.Create(CultureInfo.InvariantCulture,
                    $"--retention file '{path}' line {line}: member '{TextReport.Printable(id)}' has a second row (the first is line {first}); give one row per member."));
            }

            seen[id] = line;
            long periods = WholeNumber(path, line, "periods", fields[periodsColumn]);
            string flag = fields[activeColumn].Trim().ToLowerInvariant();
            bool isActive = flag switch
            {
                "1" or "true" or "yes" => true,
                "0" or "false" or "no" => false,
                _ => throw new CliDataException(string.Create(CultureInfo.InvariantCulture,
                    $"--retention file '{path}' line {line}: active is '{TextReport.Printable(fields[activeColumn])}'; give 1 (still a member) or 0 (left).")),
            };
            if (!isActive && periods < 1)
            {
                throw new CliDataException(string.Create(CultureInfo.InvariantCulture,
                    $"--retention file '{path}' line {line}: member '{TextReport.Printable(id)}' left (active 0) in period 0; a member who left did so in period 1 or later."));
            }

            if (periods > MaxPeriods)
            {
                throw new CliDataException(string.Create(CultureInfo.InvariantCulture,
                    $"--retention file '{path}' line {line}: periods {periods} is more than {MaxPeriods}."));
            }

            members.Add(new RetentionMember(id, (int)periods, isActive));
        }

        if (members.Count == 0)
        {
            throw new CliDataException($"--retention file '{path}' has no rows after its header.");
        }

        RetentionData data = RetentionData.FromDurations([.. members.Select(m => m.Periods)], [.. members.Select(m => !m.Active)]);
        return new RetentionInput(path, data, 0, members);
    }

    /// <summary>The longest duration accepted, in periods.</summary>
    internal const int MaxPeriods = 10_000;

    private static long WholeNumber(string path, int line, string column, string text) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value <= 1_000_000_000_000
            ? value
            : throw new CliDataException(string.Create(CultureInfo.InvariantCulture,
                $"--retention file '{path}' line {line}: {column} is '{TextReport.Printable(text)}'; give a whole number >= 0."));
}

/// <summary>What the --retention file held.</summary>
/// <param name="Path">The file.</param>
/// <param name="Data">The churned and censored members.</param>
/// <param name="Cohorts">Cohorts of survivor counts; 0 for individual members.</param>
/// <param name="Members">The members in file order, or null for survivor counts.</param>
internal sealed record RetentionInput(string Path, RetentionData Data, int Cohorts, IReadOnlyList<RetentionMember>? Members);

/// <summary>One member of an individual-level --retention file.</summary>
/// <param name="Id">The member id.</param>
/// <param name="Periods">Periods completed (active) or the period the member left in.</param>
/// <param name="Active">True when still a member (right-censored).</param>
internal sealed record RetentionMember(string Id, int Periods, bool Active);
