namespace CustomerScoring.Csv;

/// <summary>
/// Normalizes customer ids written as whole numbers (<see cref="CsvIdFormat.Number"/>): an optional sign,
/// digits, and an optional '.' followed by zeros, to the digits without leading zeros ('-' kept, '+' dropped,
/// <c>-0</c> as <c>0</c>): <c>17850.0</c>, <c>+17850</c> and <c>017850</c> all give <c>17850</c>.
/// </summary>
internal static class NumericId
{
    /// <summary>Writes the normalized id into <paramref name="buffer"/> (at least as long as the id + 1); -1 when it is not a whole number.</summary>
    public static int Normalize(ReadOnlySpan<byte> id, Span<byte> buffer)
    {
        int i = 0;
        bool negative = false;
        if (id.Length > 0 && id[0] is (byte)'-' or (byte)'+')
        {
            negative = id[0] == '-';
            i = 1;
        }

        int start = i;
        while (i < id.Length && (uint)(id[i] - '0') <= 9)
        {
            i++;
        }

        int end = i;
        if (end == start)
        {
            return -1;
        }

        if (i < id.Length)
        {
            if (id[i] != '.')
            {
                return -1;
            }

            for (i++; i < id.Length; i++)
            {
                if (id[i] != '0')
                {
                    return -1;
                }
            }
        }

        while (start < end - 1 && id[start] == '0')
        {
            start++;
        }

        int n = 0;
        if (negative && !(end - start == 1 && id[start] == '0'))
        {
            buffer[n++] = (byte)'-';
        }

        id[start..end].CopyTo(buffer[n..]);
        return n + end - start;
    }
}
