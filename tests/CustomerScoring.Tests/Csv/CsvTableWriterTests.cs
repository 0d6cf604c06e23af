using System.Globalization;
using System.Text;
using CsvHelper;
using CustomerScoring.Csv;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Csv;

public class CsvTableWriterTests
{
    private static string WriteTable(CsvTableColumn[] columns, Action<CsvTableWriter> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var table = new CsvTableWriter(text, columns, leaveOpen: true))
        {
            rows(table);
        }

        return text.ToString();
    }

    [Fact]
    public void Writes_header_and_values_in_invariant_iso_form()
    {
        string csv = WriteTable(
            [new("id"), new("n"), new("big"), new("total", Decimals: 2), new("mean"), new("first"), new("at")],
            t =>
            {
                t.Write("alice").Write(3).Write(12345678901L).Write(1234.5).Write(0.1).Write(new DateOnly(2026, 1, 5)).Write(new DateTime(2026, 1, 5)).EndRow();
                t.Write("b").Write(-1).Write(0L).Write(-0.004).Write(1e-20).Write(new DateOnly(1997, 12, 31)).Write(new DateTime(2026, 1, 5, 13, 4, 5, 250)).EndRow();
            });
        Assert.Equal(
            "id,n,big,total,mean,first,at\r\n" +
            "alice,3,12345678901,1234.50,0.1,2026-01-05,2026-01-05\r\n" +
            "b,-1,0,-0.00,1E-20,1997-12-31,2026-01-05 13:04:05.25\r\n",
            csv);
    }

    [Fact]
    public void Strings_are_quoted_only_when_rfc_4180_needs_it()
    {
        string csv = WriteTable([new("s")], t =>
        {
            foreach (string? s in new[] { "plain", "a,b", "say \"hi\"", "two\nlines", null, " padded " })
            {
                t.Write(s).EndRow();
            }
        });
        Assert.Equal("s\r\nplain\r\n\"a,b\"\r\n\"say \"\"hi\"\"\"\r\n\"two\nlines\"\r\n\"\"\r\n\" padded \"\r\n", csv);
    }

    [Fact]
    public void Rows_must_have_one_value_per_column()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using var table = new CsvTableWriter(text, [new("a"), new("b")]);
        table.Write(1);
        var tooFew = Assert.Throws<InvalidOperationException>(table.EndRow);
        Assert.Contains("'b'", tooFew.Message, StringComparison.Ordinal);
        table.Write(2).EndRow();
        Assert.Throws<InvalidOperationException>(() => table.Write(1).Write(2).Write(3));
        Assert.Equal(1, table.RowCount);
    }

    [Fact]
    public void Bad_column_definitions_are_refused()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Assert.Throws<ArgumentException>(() => new CsvTableWriter(text, []));
        Assert.Throws<ArgumentException>(() => new CsvTableWriter(text, [new("x", Decimals: 16)]));
        Assert.Throws<ArgumentException>(() => new CsvTableWriter(text, [new("")]));
    }

    /// <summary>Any strings and doubles written come back unchanged through CsvHelper's reader (an independent parser).</summary>
    [Property(MaxTest = 200)]
    public void Round_trips_through_csvhelper(string?[] names, double[] values, int[] days)
    {
        int n = Math.Min(names.Length, Math.Min(values.Length, days.Length));
        var expected = new List<(string, double, DateOnly)>();
        string csv = WriteTable([new("name"), new("value"), new("day")], t =>
        {
            t.NeutralizeFormulas = false; // text exactly as given (neutralization has its own test below)
            for (int i = 0; i < n; i++)
            {
                // CsvHelper's writer replaces invalid UTF-16 (lone surrogates) with U+FFFD; keep valid text.
                string name = new((names[i] ?? "").Where(c => !char.IsSurrogate(c)).ToArray());
                var day = DateOnly.FromDayNumber(Math.Abs(days[i] % 3_000_000));
                double value = double.IsFinite(values[i]) ? values[i] : 0; // non-finite values are never written (below)
                t.Write(name).Write(value).Write(day).EndRow();
                expected.Add((name, value, day));
            }
        });

        using CsvReader reader = CsvReader.Create(Encoding.UTF8.GetBytes(csv), CsvReaderOptions.Default with { Separator = ',', SkipEmptyLines = false });
        var actual = new List<(string, double, DateOnly)>();
        while (reader.Read())
        {
            actual.Add((reader.GetString(0),
                double.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        Assert.Equal(["name", "value", "day"], reader.Headers);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Formulas_are_neutralized_and_non_finite_numbers_left_empty()
    {
        string csv = WriteTable([new("id"), new("value")], t =>
        {
            foreach (string id in (string[])["=1+1", "+49 30", "-5", "@SUM(A1)", "\tx", "plain", "a\u001b[31mred"])
            {
                t.Write(id).Write(double.NaN).EndRow();
            }

            t.Write("inf").Write(double.PositiveInfinity).EndRow();
        });
        string[] lines = csv.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("'=1+1,", lines[1]);
        Assert.Equal("'+49 30,", lines[2]);
        Assert.Equal("'-5,", lines[3]);
        Assert.Equal("'@SUM(A1),", lines[4]);
        Assert.Equal("'\tx,", lines[5]);
        Assert.Equal("plain,", lines[6]);
        Assert.Equal("a\\u001B[31mred,", lines[7]);
        Assert.Equal("inf,", lines[8]);
    }

    /// <summary>A table written by the writer reads back through the transaction reader.</summary>
    [Fact]
    public void Round_trips_through_the_transaction_reader()
    {
        using var stream = new MemoryStream();
        using (var table = new CsvTableWriter(stream, [new("customer_id"), new("timestamp"), new("amount", Decimals: 2)], leaveOpen: true))
        {
            table.Write("x,1").Write(new DateTime(2026, 3, 1, 9, 30, 0)).Write(19.999).EndRow();
            table.Write("y").Write(new DateTime(2026, 3, 2)).Write(-3.0).EndRow();
        }

        stream.Position = 0;
        CsvImportResult result = TransactionCsvReader.Read(stream);
        Assert.Equal(
            [("x,1", new DateTime(2026, 3, 1, 9, 30, 0), 20.0), ("y", new DateTime(2026, 3, 2), -3.0)],
            CsvText.Rows(result.Transactions).Select(r => (r.Customer, r.Time, r.Amount)));
    }
}
