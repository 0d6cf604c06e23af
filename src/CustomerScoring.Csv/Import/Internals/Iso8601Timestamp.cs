using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace CustomerScoring.Csv;

/// <summary>
/// Parses ISO 8601 timestamps from UTF-8 without allocating: <c>yyyy-MM-dd</c>, optionally followed by
/// <c>T</c> or one space and <c>HH:mm</c>, <c>HH:mm:ss</c> or <c>HH:mm:ss.fffffff</c> (1 to 9 fraction digits,
/// '.' or ','; digits past the seventh are truncated to ticks), optionally followed by <c>Z</c> or an offset
/// <c>+hh:mm</c>, <c>+hhmm</c> or <c>+hh</c>. A value with a zone is converted to UTC (the wall-clock value
/// minus the offset); a value without one is kept as written. The result's kind is always Unspecified.
/// </summary>
internal static class Iso8601Timestamp
{
    /// <summary>ASCII '0' in every byte.</summary>
    private const ulong Zeros = 0x3030303030303030UL;

    /// <summary>Cumulative days before each month (index 0 to 12) of a common year and of a leap year.</summary>
    private static ReadOnlySpan<short> DaysToMonth365 => [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

    private static ReadOnlySpan<short> DaysToMonth366 => [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366];

    /// <summary>Parses one field.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out DateTime value)
    {
        LastDate none = default;
        return TryParse(s, ref none, out value);
    }

    /// <summary>Parses one field, with the date of the field before (files in time order repeat it line after line).</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, ref LastDate last, out DateTime value) =>
        ((s.Length == 19 && TryParseDateTime(s, ref last, out value)) || (s.Length == 10 && TryParseDate(s, out value)))
        || TryParseAny(s, out value);

    /// <summary>
    /// The date part of the last <c>yyyy-MM-dd HH:mm:ss</c> read and its day number: the same eight bytes "yyyy-MM-" and
    /// two bytes "dd" are the same valid date, so a repeated date is neither checked nor converted again. Default: none.
    /// </summary>
    internal struct LastDate
    {
        /// <summary>Bytes 0-7 ("yyyy-MM-"), little-endian; 0 (never a valid date's bytes) when there is none.</summary>
        public ulong Date;

        /// <summary>Bytes 8-9 ("dd").</summary>
        public ulong Day;

        /// <summary>Days from 0001-01-01.</summary>
        public long Days;
    }

    /// <summary><see cref="TryParseDateTime(ReadOnlySpan{byte}, ref LastDate, out DateTime)"/> without a date before.</summary>
    internal static bool TryParseDateTime(ReadOnlySpan<byte> s, out DateTime value)
    {
        LastDate none = default;
        return TryParseDateTime(s, ref none, out value);
    }

    /// <summary>
    /// The shape exports write most, <c>yyyy-MM-dd HH:mm:ss</c> (or with T), checked and converted eight bytes at a time;
    /// false for anything else (which <see cref="TryParseAny"/> then reads or rejects), never a different value. A date
    /// equal to <paramref name="last"/>'s is taken from it; another valid one is kept there.
    /// </summary>
    internal static bool TryParseDateTime(ReadOnlySpan<byte> s, ref LastDate last, out DateTime value)
    {
        // Bytes 0-7 "yyyy-MM-", 8-15 "dd HH:mm", 11-18 "HH:mm:ss" (little-endian: byte i is bits 8i..8i+7).
        ulong first = BinaryPrimitives.ReadUInt64LittleEndian(s);
        ulong middle = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]);
        ulong time = BinaryPrimitives.ReadUInt64LittleEndian(s[11..]);
        byte separator = s[10];
        value = default;
        if ((time & 0x0000FF0000FF0000UL) != 0x00003A00003A0000UL || separator is not ((byte)'T' or (byte)'t' or (byte)' '))
        {
            return false;
        }

        // Separators read as '0' so that the subtraction borrows only from a byte below '0', which fails the check.
        ulong timeDigits = (time & 0xFFFF00FFFF00FFFFUL) | 0x0000300000300000UL;
        if (!AllDigits(timeDigits))
        {
            return false;
        }

        ulong t = timeDigits - Zeros;
        int hour = (int)(Byte(t, 0) * 10 + Byte(t, 1)), minute = (int)(Byte(t, 3) * 10 + Byte(t, 4)), second = (int)(Byte(t, 6) * 10 + Byte(t, 7));
        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        ulong day = middle & 0xFFFFUL;
        long days;
        if (first == last.Date && day == last.Day)
        {
            days = last.Days;
        }
        else
        {
            ulong dateDigits = (first & 0x00FFFF00FFFFFFFFUL) | 0x3000003000000000UL;
            ulong dayDigits = day | (Zeros & ~0xFFFFUL);
            if ((first & 0xFF0000FF00000000UL) != 0x2D00002D00000000UL || !AllDigits(dateDigits) || !AllDigits(dayDigits)
                || !TryDays(dateDigits - Zeros, dayDigits - Zeros, out days))
            {
                return false;
            }

            last = new LastDate { Date = first, Day = day, Days = days };
        }

        value = new DateTime((days * TimeSpan.TicksPerDay) + (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute) + (second * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary><c>yyyy-MM-dd</c> alone, as <see cref="TryParseDateTime(ReadOnlySpan{byte}, ref LastDate, out DateTime)"/> reads it.</summary>
    internal static bool TryParseDate(ReadOnlySpan<byte> s, out DateTime value)
    {
        ulong first = BinaryPrimitives.ReadUInt64LittleEndian(s);
        ulong dayDigits = (ulong)BinaryPrimitives.ReadUInt16LittleEndian(s[8..]) | (Zeros & ~0xFFFFUL);
        ulong dateDigits = (first & 0x00FFFF00FFFFFFFFUL) | 0x3000003000000000UL;
        if ((first & 0xFF0000FF00000000UL) != 0x2D00002D00000000UL || !AllDigits(dateDigits) || !AllDigits(dayDigits)
            || !TryDays(dateDigits - Zeros, dayDigits - Zeros, out long days))
        {
            value = default;
            return false;
        }

        value = new DateTime(days * TimeSpan.TicksPerDay);
        return true;
    }

    /// <summary>Whether every byte is an ASCII digit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AllDigits(ulong v)
    {
        ulong t = v - Zeros;
        return ((t | (t + 0x7676767676767676UL)) & 0x8080808080808080UL) == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Byte(ulong v, int i) => (v >> (8 * i)) & 0xFF;

    /// <summary>
    /// Days from 0001-01-01 to the date whose digit values are in <paramref name="d"/> (bytes 0-3 year, 5-6 month) and
    /// <paramref name="dd"/> (bytes 0-1 day); false for year 0, a month outside 1-12 or a day the month does not have.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryDays(ulong d, ulong dd, out long days)
    {
        int year = (int)((Byte(d, 0) * 1000) + (Byte(d, 1) * 100) + (Byte(d, 2) * 10) + Byte(d, 3));
        int month = (int)((Byte(d, 5) * 10) + Byte(d, 6));
        int day = (int)((Byte(dd, 0) * 10) + Byte(dd, 1));
        days = 0;
        if (year < 1 || (uint)(month - 1) > 11 || day < 1)
        {
            return false;
        }

        ReadOnlySpan<short> toMonth = DateTime.IsLeapYear(year) ? DaysToMonth366 : DaysToMonth365;
        if (day > toMonth[month] - toMonth[month - 1])
        {
            return false;
        }

        int y = year - 1;
        days = (y * 365L) + (y / 4) - (y / 100) + (y / 400) + toMonth[month - 1] + day - 1;
        return true;
    }

    /// <summary>Parses one field of any of the accepted shapes.</summary>
    internal static bool TryParseAny(ReadOnlySpan<byte> s, out DateTime value)
    {
        value = default;
        if (s.Length < 10 || s[4] != '-' || s[7] != '-'
            || !Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        long ticks = new DateTime(year, month, day).Ticks;
        int pos = 10;
        if (pos == s.Length)
        {
            value = new DateTime(ticks);
            return true;
        }

        if (s[pos] is not ((byte)'T' or (byte)'t' or (byte)' ') || s.Length < pos + 6 || s[pos + 3] != ':'
            || !Digits(s, pos + 1, 2, out int hour) || !Digits(s, pos + 4, 2, out int minute) || hour > 23 || minute > 59)
        {
            return false;
        }

        ticks += (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute);
        pos += 6;
        if (pos < s.Length && s[pos] == ':')
        {
            if (!Digits(s, pos + 1, 2, out int second) || second > 59)
            {
                return false;
            }

            ticks += second * TimeSpan.TicksPerSecond;
            pos += 3;
            if (pos < s.Length && s[pos] is (byte)'.' or (byte)',')
            {
                pos++;
                int digits = 0;
                long fraction = 0;
                while (pos < s.Length && (uint)(s[pos] - '0') <= 9)
                {
                    if (digits < 7)
                    {
                        fraction = (fraction * 10) + (s[pos] - '0');
                    }

                    digits++;
                    pos++;
                }

                if (digits is < 1 or > 9)
                {
                    return false;
                }

                for (int k = digits; k < 7; k++)
                {
                    fraction *= 10;
                }

                ticks += fraction;
            }
        }

        if (pos < s.Length)
        {
            if (s[pos] is (byte)'Z' or (byte)'z')
            {
                pos++;
            }
            else if (s[pos] is (byte)'+' or (byte)'-')
            {
                int sign = s[pos] == '-' ? -1 : 1;
                int offsetMinutes = 0;
                if (!Digits(s, pos + 1, 2, out int offsetHours) || offsetHours > 18)
                {
                    return false;
                }

                pos += 3;
                if (pos < s.Length)
                {
                    if (s[pos] == ':')
                    {
                        pos++;
                    }

                    if (!Digits(s, pos, 2, out offsetMinutes) || offsetMinutes > 59)
                    {
                        return false;
                    }

                    pos += 2;
                }

                ticks -= sign * ((offsetHours * TimeSpan.TicksPerHour) + (offsetMinutes * TimeSpan.TicksPerMinute));
            }
            else
            {
                return false;
            }
        }

        if (pos != s.Length || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTime(ticks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int number)
    {
        number = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (int i = start; i < start + count; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9)
            {
                return false;
            }

            number = (number * 10) + (int)d;
        }

        return true;
    }
}
