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
    [InlineData("99999999999999.9")] // 15 digits: the fast path's largest
    [InlineData("999999999999999.9")] // 16 digits
    [InlineData("000000000000001.5")] // 16 digits counting the leading zeros
    [InlineData("123456789012345678901234567890.5")] // more digits than a ulong holds
    [InlineData("-.5")]
    [InlineData("+5.")]
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

    [Property(MaxTest = 500)]
    public void Id_validation_answers_as_Utf8_IsValid(byte[] bytes, byte length)
    {
        byte[] id = bytes.Take(length % 24).ToArray();
        Assert.Equal(System.Text.Unicode.Utf8.IsValid(id), Utf8Ids.IsValid(id));
        byte[] ascii = id.Select(b => (byte)(b & 0x7F)).ToArray();
        Assert.True(Utf8Ids.IsValid(ascii));
    }

    [Fact]
    public void Id_validation_sees_a_non_ascii_byte_at_every_position_of_every_short_length()
    {
        // Every length the inline check covers and beyond, a byte of each UTF-8 role at each position: the two
        // overlapping loads must see every byte, and a lone or truncated sequence must still be refused.
        byte[][] inserts = [[0x80], [0xC2], [0xC2, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xFF]];
        for (int length = 0; length <= 20; length++)
        {
            byte[] plain = Enumerable.Range(0, length).Select(i => (byte)('0' + (i % 10))).ToArray();
            Assert.True(Utf8Ids.IsValid(plain));
            foreach (byte[] insert in inserts)
            {
                for (int at = 0; at + insert.Length <= length; at++)
                {
                    byte[] id = (byte[])plain.Clone();
                    insert.CopyTo(id, at);
                    Assert.Equal(System.Text.Unicode.Utf8.IsValid(id), Utf8Ids.IsValid(id));
                }
            }
        }
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

    /// <summary>Only the one canonical text of a whole number below the limit is found by value; every other text is hashed.</summary>
    [Theory]
    [InlineData("0", 0)]
    [InlineData("7", 7)]
    [InlineData("17850", 17850)]
    [InlineData("4194303", 4194303)]
    [InlineData("4194304", -1)]
    [InlineData("9999999", -1)]
    [InlineData("12345678", -1)]
    [InlineData("00", -1)]
    [InlineData("07", -1)]
    [InlineData("-7", -1)]
    [InlineData("+7", -1)]
    [InlineData("7.0", -1)]
    [InlineData("7a", -1)]
    [InlineData("\u0667", -1)]
    [InlineData("", -1)]
    public void Direct_customer_ids_are_canonical_small_whole_numbers(string id, int expected) =>
        Assert.Equal(expected, CustomerIdTable.DirectValue(Encoding.UTF8.GetBytes(id)));

    /// <summary>
    /// Ids found by value and ids hashed, in any mix, get the indices of a dictionary in order of first use, and the key
    /// map holds their text.
    /// </summary>
    [Property(MaxTest = 200)]
    public void Customer_id_table_numbers_customers_in_order_of_first_use(int[] draws)
    {
        var table = new CustomerIdTable();
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (int draw in draws)
        {
            int v = Math.Abs(draw % 5_000);
            string id = (draw & 3) switch
            {
                0 => v.ToString(CultureInfo.InvariantCulture),
                1 => "0" + v.ToString(CultureInfo.InvariantCulture),
                2 => (CustomerIdTable.DirectLimit - 2_500 + v).ToString(CultureInfo.InvariantCulture),
                _ => "c" + v.ToString(CultureInfo.InvariantCulture),
            };
            byte[] bytes = Encoding.UTF8.GetBytes(id);
            int index = table.Find(bytes, table.Start(bytes), out CustomerIdTable.NewId newId);
            if (index == -1)
            {
                index = table.Add(bytes, newId);
            }

            if (!reference.TryGetValue(id, out int expected))
            {
                expected = reference.Count;
                reference.Add(id, expected);
            }

            Assert.Equal(expected, index);
            Assert.Equal(id, table.Map.KeyOf(index));
        }

        Assert.Equal(reference.Count, table.Map.Count);
    }
}
