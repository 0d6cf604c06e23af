using System.Globalization;
using System.Text;
using CustomerScoring.Csv;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Csv;

/// <summary>The direct UTF-8 timestamp parser against .NET's DateTime.TryParseExact as the reference.</summary>
public class TimestampFormatTests
{
    private static readonly string[] DirectFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyyMMdd", "M/d/yyyy H:mm", "d.M.yyyy", "yyyy-MM-ddTHH:mm:ss.fff", "dd/MM/yyyy HH:mm"];

    private static bool Reference(string text, string format, out DateTime value) =>
        DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    [Fact]
    public void Numeric_formats_are_parsed_directly_and_names_fall_back()
    {
        Assert.All(DirectFormats, f => Assert.True(TimestampFormat.Compile(f).IsDirect, f));
        Assert.False(TimestampFormat.Compile("dd-MMM-yyyy").IsDirect);
        Assert.False(TimestampFormat.Compile("M/d/yyyy h:mm tt").IsDirect);
    }

    [Property(MaxTest = 200)]
    public void Formatted_timestamps_parse_back_as_dotnet_parses_them(long ticks, byte formatChoice)
    {
        var time = new DateTime((long)((ulong)ticks % (ulong)DateTime.MaxValue.Ticks));
        string format = DirectFormats[formatChoice % DirectFormats.Length];
        string text = time.ToString(format, CultureInfo.InvariantCulture);
        bool ok = TimestampFormat.Compile(format).TryParse(Encoding.UTF8.GetBytes(text), out DateTime parsed);
        Assert.True(Reference(text, format, out DateTime expected));
        Assert.True(ok, text);
        Assert.Equal(expected, parsed);
    }

    /// <summary>Mutated strings (a character replaced, dropped or doubled) must be accepted or refused exactly as .NET does.</summary>
    [Property(MaxTest = 200)]
    public void Mutated_timestamps_are_accepted_or_refused_as_dotnet_does(long ticks, byte formatChoice, byte position, byte replacement, byte kind)
    {
        var time = new DateTime((long)((ulong)ticks % (ulong)DateTime.MaxValue.Ticks));
        string format = DirectFormats[formatChoice % DirectFormats.Length];
        string text = time.ToString(format, CultureInfo.InvariantCulture);
        int at = position % text.Length;
        char c = "0123456789 -/:.Tx"[replacement % 17];
        text = (kind % 3) switch
        {
            0 => text[..at] + c + text[(at + 1)..],
            1 => text[..at] + text[(at + 1)..],
            _ => text[..at] + text[at] + text[at..],
        };

        bool expectedOk = Reference(text, format, out DateTime expected);
        bool ok = TimestampFormat.Compile(format).TryParse(Encoding.UTF8.GetBytes(text), out DateTime parsed);
        Assert.Equal(expectedOk, ok);
        if (ok)
        {
            Assert.Equal(expected, parsed);
        }
    }

    [Theory]
    [InlineData("yyyy-MM-dd", "2024-02-29", true)]
    [InlineData("yyyy-MM-dd", "2023-02-29", false)]
    [InlineData("yyyy-MM-dd", "2023-2-28", false)]
    [InlineData("yyyy-MM-dd", "2023-02-28 ", false)]
    [InlineData("M/d/yyyy H:mm", "12/1/2010 8:26", true)]
    [InlineData("M/d/yyyy H:mm", "12/1/2010 24:00", false)]
    [InlineData("yyyyMMdd", "19970101", true)]
    [InlineData("yyyyMMdd", "1997011", false)]
    [InlineData("dd-MMM-yyyy", "05-Jan-2026", true)]
    [InlineData("dd-MMM-yyyy", "05-Jab-2026", false)]
    public void Examples_agree_with_dotnet(string format, string text, bool valid)
    {
        bool ok = TimestampFormat.Compile(format).TryParse(Encoding.UTF8.GetBytes(text), out DateTime parsed);
        Assert.Equal(valid, ok);
        Assert.Equal(valid, Reference(text, format, out DateTime expected));
        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void Fallback_converts_offsets_to_utc_wall_clock()
    {
        Assert.True(TimestampFormat.Compile("yyyy-MM-ddTHH:mm:sszzz").TryParse("2026-01-05T10:00:00+02:00"u8, out DateTime parsed));
        Assert.Equal(new DateTime(2026, 1, 5, 8, 0, 0), parsed);
        Assert.Equal(DateTimeKind.Unspecified, parsed.Kind);
    }
}
