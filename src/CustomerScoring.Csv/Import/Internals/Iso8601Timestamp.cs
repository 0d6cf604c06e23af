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
    /// <summary>Parses one field.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out DateTime value)
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
