using System.Data.Common;
using System.Globalization;
using System.Text;

namespace CustomerScoring.Sql;

/// <summary>
/// A generated SQL statement and its parameter values: show <see cref="Text"/> to the user, or run it with
/// <see cref="CreateCommand"/>. Values (dates) are always parameters, never part of the text. Immutable.
/// </summary>
public sealed class SqlQuery
{
    internal SqlQuery(SqlDialect dialect, string text, IReadOnlyList<KeyValuePair<string, object>> parameters)
    {
        Dialect = dialect;
        Text = text;
        Parameters = parameters;
    }

    /// <summary>The dialect the text is written in.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The SQL text, with parameter markers (<c>$name</c>, <c>@name</c> or <c>:name</c> by dialect).</summary>
    public string Text { get; }

    /// <summary>The parameters by name (without marker) and value (dates as <see cref="DateOnly"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Parameters { get; }

    /// <summary>A command on <paramref name="connection"/> with the text and the parameters bound by name.</summary>
    /// <param name="connection">An open connection of the query's engine.</param>
    /// <returns>The command; the caller disposes it.</returns>
    public DbCommand CreateCommand(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        DbCommand command = connection.CreateCommand();
        try
        {
            command.CommandText = Text;
            command.CommandTimeout = 0;
            foreach (KeyValuePair<string, object> p in Parameters)
            {
                DbParameter parameter = command.CreateParameter();
                parameter.ParameterName = p.Key;
                parameter.Value = p.Value;
                command.Parameters.Add(parameter);
            }

            return command;
        }
        catch
        {
            command.Dispose();
            throw;
        }
    }

    /// <summary>The text followed by the parameter values as SQL comments: what <c>--show-sql</c> prints.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Text);
        foreach (KeyValuePair<string, object> p in Parameters)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n-- parameter {p.Key} = {(p.Value is DateOnly d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Convert.ToString(p.Value, CultureInfo.InvariantCulture))}");
        }

        return sb.ToString();
    }
}
