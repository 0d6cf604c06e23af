using System.Globalization;
using System.Text;

namespace CustomerScoring.Sql;

/// <summary>What differs between the dialects: quoting, parameter markers, type names and date arithmetic.</summary>
internal sealed class Dialect
{
    private Dialect(SqlDialect kind, char quote, string parameterPrefix, string doubleType, string bigintType)
    {
        Kind = kind;
        Quote = quote;
        ParameterPrefix = parameterPrefix;
        DoubleType = doubleType;
        BigintType = bigintType;
    }

    public SqlDialect Kind { get; }

    public char Quote { get; }

    public string ParameterPrefix { get; }

    public string DoubleType { get; }

    public string BigintType { get; }

    /// <summary>The text type of the dialect.</summary>
    public string TextType => Kind switch
    {
        SqlDialect.PostgreSql => "TEXT",
        SqlDialect.Spark => "STRING",
        _ => "VARCHAR",
    };

    public static Dialect Of(SqlDialect dialect) => dialect switch
    {
        SqlDialect.DuckDb => new Dialect(dialect, '"', "$", "DOUBLE", "BIGINT"),
        SqlDialect.PostgreSql => new Dialect(dialect, '"', "@", "DOUBLE PRECISION", "BIGINT"),
        SqlDialect.Spark => new Dialect(dialect, '`', ":", "DOUBLE", "BIGINT"),
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Unknown SQL dialect."),
    };

    /// <summary>One identifier, quoted, the quote character doubled inside.</summary>
    public string Identifier(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("An identifier (table or column name) is empty.", nameof(name));
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The identifier '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character.", nameof(name));
        }

        string q = Quote.ToString();
        return q + name.Replace(q, q + q, StringComparison.Ordinal) + q;
    }

    /// <summary>A possibly qualified name (catalog.schema.table), each part quoted.</summary>
    public string QualifiedName(IReadOnlyList<string> parts)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('.');
            }

            sb.Append(Identifier(parts[i]));
        }

        return sb.ToString();
    }

    public string Parameter(string name) => ParameterPrefix + name;

    /// <summary>A date parameter used as a DATE value.</summary>
    public string DateParameter(string name) => $"CAST({Parameter(name)} AS DATE)";

    /// <summary>The calendar day of a timestamp (wall clock; no time zone conversion for TIMESTAMP without time zone).</summary>
    public static string DayOf(string timestamp) => $"CAST({timestamp} AS DATE)";

    /// <summary>The first day of the period holding <paramref name="day"/>: the day itself, or the Monday of its week.</summary>
    public string PeriodStart(string day, int periodDays) => periodDays == 1 ? day : Kind switch
    {
        // ISO weeks start on Monday in all three engines' date_trunc('week', ...).
        SqlDialect.DuckDb => $"CAST(date_trunc('week', {day}) AS DATE)",
        SqlDialect.PostgreSql => $"CAST(date_trunc('week', CAST({day} AS TIMESTAMP)) AS DATE)",
        _ => $"CAST(date_trunc('WEEK', {day}) AS DATE)",
    };

    /// <summary>Whole days from <paramref name="from"/> to <paramref name="to"/> (both DATE).</summary>
    public string DaysBetween(string from, string to) => Kind switch
    {
        SqlDialect.DuckDb => $"date_diff('day', {from}, {to})",
        SqlDialect.PostgreSql => $"({to} - {from})",
        _ => $"datediff({to}, {from})",
    };

    /// <summary>
    /// The exact type of amount sums: whole numbers of 2^-64 currency units (the in-memory <c>ExactSum</c>'s unit), up to
    /// 2^126 in magnitude: DuckDB's 128-bit HUGEINT, PostgreSQL's unbounded NUMERIC, Spark's DECIMAL(38, 0).
    /// </summary>
    public string UnitsType => Kind switch
    {
        SqlDialect.DuckDb => "HUGEINT",
        SqlDialect.PostgreSql => "NUMERIC",
        _ => "DECIMAL(38, 0)",
    };

    /// <summary>
    /// A DOUBLE rounded to the nearest whole number, ties to even (the in-memory rounding of an amount below 2^-12 to 2^-64
    /// units): DuckDB's round_even, PostgreSQL's round of a double precision (rint), Spark's bround.
    /// </summary>
    public string RoundHalfEven(string value) => Kind switch
    {
        SqlDialect.DuckDb => $"round_even({value}, 0)",
        SqlDialect.PostgreSql => $"round({value})",
        _ => $"bround({value}, 0)",
    };

    /// <summary>2^64 as a DOUBLE (exact): the number of units in one currency unit.</summary>
    public string UnitsPerCurrencyUnit => $"CAST(18446744073709551616 AS {DoubleType})";

    /// <summary>
    /// An exact sum of units converted into currency, rounded once to the nearest double: the decimal text of the whole
    /// number parsed as a double (correctly rounded in all three engines; PostgreSQL's NUMERIC cast does exactly that),
    /// then divided by 2^64 (exact).
    /// </summary>
    public string UnitsToDouble(string units) => Kind switch
    {
        SqlDialect.PostgreSql => $"CAST({units} AS {DoubleType}) / {UnitsPerCurrencyUnit}",
        _ => $"CAST(CAST({units} AS {TextType}) AS {DoubleType}) / {UnitsPerCurrencyUnit}",
    };

    /// <summary>Days converted into the time unit as a double: days / unit days (the in-memory engine's arithmetic).</summary>
    public string DaysToUnits(string days, int unitDays) =>
        unitDays == 1 ? $"CAST({days} AS {DoubleType})" : $"CAST({days} AS {DoubleType}) / {unitDays.ToString(CultureInfo.InvariantCulture)}";
}
