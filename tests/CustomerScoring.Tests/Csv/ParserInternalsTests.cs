using System.Globalization;
using System.Text;
using CustomerScoring.Csv;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Csv;

/// <summary>The fast number parser and the UTF-8 key table against .NET's double.Parse and Dictionary.</summary>
public class ParserInternalsTests
{
    private static readonly NumberFormatInfo Comma = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };

    private static void AssertSameAsDotnet(string text, NumberFormatInfo format)
    {
        bool expectedOk = double.TryParse(text, NumberStyles.Float, format, out double expected);
        bool ok = new DecimalParser(format).TryParse(Encoding.UTF8.GetBytes(text), out double actual);
        Assert.Equal(expectedOk, ok);
        if (ok)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("007.50")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("0.1")]
    [InlineData("0.3")]
    [InlineData("123456789012345")]
    [InlineData("1234567890123456789")]
    [InlineData("0.000000000000000000000000123")]
    [InlineData("9007199254740993")]
    [InlineData("1e5")]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    [InlineData("1,5")]
    [InlineData("+-1")]
    [InlineData("2.5 ")]
    public void Examples_parse_exactly_as_dotnet(string text) => AssertSameAsDotnet(text, NumberFormatInfo.InvariantInfo);

    [Property(MaxTest = 200)]
    public void Decimals_with_up_to_22_places_parse_bit_for_bit_as_dotnet(long mantissa, byte places, bool comma)
    {
        NumberFormatInfo format = comma ? Comma : NumberFormatInfo.InvariantInfo;
        string digits = Math.Abs(mantissa % 10_000_000_000_000_000).ToString(CultureInfo.InvariantCulture);
        int k = Math.Min(places % 23, digits.Length);
        string text = (mantissa < 0 ? "-" : "") + digits[..^k] + (k > 0 ? format.NumberDecimalSeparator + digits[^k..] : "");
        AssertSameAsDotnet(text, format);
    }

    [Property(MaxTest = 200)]
    public void Any_double_written_shortest_parses_back(double value)
    {
        AssertSameAsDotnet(value.ToString("R", CultureInfo.InvariantCulture), NumberFormatInfo.InvariantInfo);
        AssertSameAsDotnet(value.ToString("F4", CultureInfo.InvariantCulture), NumberFormatInfo.InvariantInfo);
    }

    [Property(MaxTest = 200)]
    public void Key_table_finds_what_a_dictionary_finds(string[] keys)
    {
        var table = new Utf8KeyTable();
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string key in keys.Select(k => k ?? "").Concat(Enumerable.Range(0, 3000).Select(i => (i % 3 == 0 ? "a-customer-id-longer-than-16-bytes-" : "k") + (i * 7 % 2000))))
        {
            byte[] bytes = Encoding.UTF8.GetBytes(key);
            int found = table.Find(bytes, out ulong hash);
            bool known = reference.TryGetValue(Encoding.UTF8.GetString(bytes), out int expected);
            Assert.Equal(known ? expected : -1, found);
            if (!known)
            {
                reference.Add(Encoding.UTF8.GetString(bytes), reference.Count);
                table.Add(bytes, hash, reference.Count - 1);
            }
        }

        Assert.Equal(reference.Count, table.Count);
    }
}
