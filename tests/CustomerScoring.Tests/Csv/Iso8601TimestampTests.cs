using System.Globalization;
using System.Text;
using CustomerScoring.Csv;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Csv;

/// <summary>
/// The eight-bytes-at-a-time path of the ISO timestamp parser (<c>yyyy-MM-dd HH:mm:ss</c> and <c>yyyy-MM-dd</c>) against
/// .NET's <see cref="DateTime.TryParseExact(string, string, IFormatProvider, DateTimeStyles, out DateTime)"/> and the
/// general parser, over dates that exist and dates that do not (month 13, day 31 of a 30-day month, 29 February of
/// century years), and texts with one byte changed to its neighbours of '0'..'9' (borrows and carries of the byte checks).
/// </summary>
public sealed class Iso8601TimestampTests
{
    private static readonly string[] Formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd't'HH:mm:ss", "yyyy-MM-dd"];

    private static Gen<string> Texts =>
        from year in Gen.Frequency((3, Gen.Choose(1, 9999)), (1, Gen.Elements(0, 1, 1600, 1700, 1900, 2000, 2023, 2024, 2100, 9999)))
        from month in Gen.Frequency((5, Gen.Choose(1, 12)), (1, Gen.Elements(0, 2, 13, 19, 99)))
        from day in Gen.Frequency((5, Gen.Choose(1, 28)), (2, Gen.Choose(28, 31)), (1, Gen.Elements(0, 32, 39, 99)))
        from hour in Gen.Frequency((5, Gen.Choose(0, 23)), (1, Gen.Elements(24, 29, 99)))
        from minute in Gen.Frequency((5, Gen.Choose(0, 59)), (1, Gen.Elements(60, 99)))
        from second in Gen.Frequency((5, Gen.Choose(0, 59)), (1, Gen.Elements(60, 99)))
        from separator in Gen.Elements(" ", "T", "t", "x", "_")
        from withTime in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from change in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, 18)))
        from replacement in Gen.Elements('/', ':', '0', '9', '-', ' ', 'a', '\u00ff')
        let text = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}") + (withTime ? string.Create(CultureInfo.InvariantCulture, $"{separator}{hour:D2}:{minute:D2}:{second:D2}") : "")
        select change < 0 || change >= text.Length ? text : text[..change] + replacement + text[(change + 1)..];

    [Property(MaxTest = 3000)]
    public Property Fast_path_reads_what_dotnet_reads_exactly_and_nothing_else() =>
        Prop.ForAll(Arb.From(Texts), text =>
        {
            byte[] bytes = Encoding.Latin1.GetBytes(text);
            bool dotnet = DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime expected)
                && text.All(c => c < 128);
            bool fast = bytes.Length == 19 ? Iso8601Timestamp.TryParseDateTime(bytes, out DateTime actual)
                : bytes.Length == 10 ? Iso8601Timestamp.TryParseDate(bytes, out actual)
                : (actual = default) != default;
            bool general = Iso8601Timestamp.TryParseAny(bytes, out DateTime generalValue);
            return (fast == dotnet && (!fast || actual.Ticks == expected.Ticks)).Label($"'{text}': fast {fast} {actual:o} vs .NET {dotnet} {expected:o}")
                .And((!fast || (general && generalValue.Ticks == actual.Ticks)).Label("the general parser agrees"))
                .And((!dotnet || Iso8601Timestamp.TryParse(bytes, out DateTime any) && any.Ticks == expected.Ticks).Label("TryParse reads it"));
        });

    /// <summary>
    /// Read in sequence with the date of the field before (as a reader does), every text gives what it gives alone: the
    /// texts come from a few dates, valid and not, each with times valid and not and with a byte changed, so the date
    /// before repeats often, is followed by its own date with a bad time or separator, and by invalid dates.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property A_sequence_with_the_date_before_reads_as_each_text_alone() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Texts, 40)), seeds =>
        {
            string[] dates = ["2024-02-29", "2023-02-29", "2024-03-01", "1900-02-29", "2024-13-01"];
            string[] texts = seeds.Select((t, i) => t.Length == 19 && i % 3 != 0 ? dates[i % dates.Length] + t[10..] : t).ToArray();
            Iso8601Timestamp.LastDate last = default;
            foreach (string text in texts)
            {
                byte[] bytes = Encoding.Latin1.GetBytes(text);
                bool alone = Iso8601Timestamp.TryParse(bytes, out DateTime expected);
                bool inSequence = Iso8601Timestamp.TryParse(bytes, ref last, out DateTime actual);
                if (alone != inSequence || actual.Ticks != expected.Ticks)
                {
                    return false.Label($"'{text}': in sequence {inSequence} {actual:o}, alone {alone} {expected:o}");
                }
            }

            return true.ToProperty();
        });

    [Theory]
    [InlineData("2024-02-29 23:59:59", true)]
    [InlineData("2023-02-29 00:00:00", false)]
    [InlineData("1900-02-29", false)]
    [InlineData("2000-02-29", true)]
    [InlineData("0001-01-01 00:00:00", true)]
    [InlineData("9999-12-31T23:59:59", true)]
    [InlineData("0000-01-01", false)]
    [InlineData("2024-04-31", false)]
    [InlineData("2024-13-01", false)]
    [InlineData("2024-1/-01", false)]
    [InlineData("2024-01-01 24:00:00", false)]
    [InlineData("2024-01-01 23:60:00", false)]
    [InlineData("2024-01-01 23:59:60", false)]
    [InlineData("2024-01-01 23-59-59", false)]
    public void Examples(string text, bool valid)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        bool fast = text.Length == 19 ? Iso8601Timestamp.TryParseDateTime(bytes, out DateTime value) : Iso8601Timestamp.TryParseDate(bytes, out value);
        Assert.Equal(valid, fast);
        if (valid)
        {
            Assert.Equal(DateTime.ParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None), value);
        }
    }
}
