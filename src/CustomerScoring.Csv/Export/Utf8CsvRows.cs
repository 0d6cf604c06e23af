using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using CustomerScoring.Numerics;
using CustomerScoring.Numerics.Parallelism;
using CustomerScoring.Scorecard;
using CustomerScoring.Summaries;

namespace CustomerScoring.Csv;

/// <summary>
/// Writes scorecard rows as UTF-8 CSV straight from the column table: blocks of rows are formatted into byte buffers on
/// several threads and written in row order, with no string per cell. The bytes are those of <see cref="CsvTableWriter"/>
/// (CsvHelper with <c>WhenNeededOrWhitespace</c> quoting, invariant culture, CRLF, no byte order mark) for the same columns
/// and values: the same number and date formats, text quoted when it holds a comma, a quote or a line break or starts or
/// ends with a space or tab (inner quotes doubled), formulas neutralized by <see cref="SpreadsheetText"/>, NaN and
/// infinities written as empty fields.
/// </summary>
internal static class Utf8CsvRows
{
    /// <summary>Rows per block formatted by one thread.</summary>
    internal const int BlockRows = 8192;

    private static readonly SearchValues<byte> NeedsQuotes = SearchValues.Create(",\"\r\n"u8);

    /// <summary>Every character <see cref="char.IsControl(char)"/> is true for (C0 and C1 controls).</summary>
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    /// <summary>Writes the header and <paramref name="rowCount"/> rows of <paramref name="columns"/> to <paramref name="output"/>.</summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="columns">The columns, in order.</param>
    /// <param name="rowCount">The rows.</param>
    /// <param name="neutralizeFormulas">Whether text a spreadsheet would run as a formula is neutralized.</param>
    /// <param name="blockRows">Rows per block (tests use small blocks to make many waves).</param>
    public static void Write(Stream output, IReadOnlyList<ScorecardColumn> columns, int rowCount, bool neutralizeFormulas, int blockRows = BlockRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        ScorecardColumn[] cols = [.. columns];
        string[] formats = new string[cols.Length];
        int[] decimals = new int[cols.Length];
        for (int c = 0; c < cols.Length; c++)
        {
            decimals[c] = cols[c].Decimals ?? -1;
            formats[c] = cols[c].Decimals is { } d ? "F" + d.ToString(CultureInfo.InvariantCulture) : "R";
        }

        var header = new ByteBuffer(256);
        for (int c = 0; c < cols.Length; c++)
        {
            if (c > 0)
            {
                header.Add((byte)',');
            }

            WriteText(ref header, cols[c].Name);
        }

        header.AddNewLine();
        output.Write(header.Written);

        // Waves of several blocks per processor, so that no thread waits long for another at the end of a wave; while one
        // wave is formatted, the one before is written (two sets of buffers).
        int totalBlocks = (rowCount + blockRows - 1) / blockRows;
        int waveBlocks = Math.Max(1, Math.Min(totalBlocks, Environment.ProcessorCount > 1 ? WaveBlocksPerProcessor * Environment.ProcessorCount : 1));
        // About 8 bytes a cell, so that the buffers seldom grow (each growth copies and leaves garbage behind).
        int capacity = Math.Min(blockRows, BlockRows) * ((8 * cols.Length) + 2);
        ByteBuffer[][] sets = [NewBuffers(waveBlocks, capacity), NewBuffers(waveBlocks, capacity)];
        Task writing = Task.CompletedTask;
        int set = 0;
        try
        {
            for (int firstBlock = 0; firstBlock < totalBlocks; firstBlock += waveBlocks)
            {
                ByteBuffer[] buffers = sets[set];
                int blocks = Math.Min(waveBlocks, totalBlocks - firstBlock);
                int first = firstBlock * blockRows;
                void Format(int b)
                {
                    // On a local copy: the buffers' lengths share cache lines in the array, and every byte written moves one.
                    int lo = first + (b * blockRows);
                    ByteBuffer buffer = buffers[b];
                    FormatBlock(ref buffer, cols, formats, decimals, lo, Math.Min(rowCount, lo + blockRows), neutralizeFormulas);
                    buffers[b] = buffer;
                }

                if (blocks == 1)
                {
                    Format(0);
                }
                else
                {
                    ParallelWork.For(blocks, Format, CancellationToken.None);
                }

                ParallelWork.Wait(writing);
                writing = ParallelWork.Beside(() => WriteBlocks(output, buffers, blocks));
                set ^= 1;
            }
        }
        catch
        {
            ParallelWork.Abandon(writing); // the caller closes the stream: nothing may write to it any more
            throw;
        }

        ParallelWork.Wait(writing);
    }

    /// <summary>Blocks of rows per processor in one wave.</summary>
    private const int WaveBlocksPerProcessor = 2;

    private static ByteBuffer[] NewBuffers(int count, int capacity)
    {
        var buffers = new ByteBuffer[count];
        for (int b = 0; b < count; b++)
        {
            buffers[b] = new ByteBuffer(capacity);
        }

        return buffers;
    }

    private static void WriteBlocks(Stream output, ByteBuffer[] buffers, int blocks)
    {
        for (int b = 0; b < blocks; b++)
        {
            output.Write(buffers[b].Written);
        }
    }

    /// <summary>
    /// Formats rows <paramref name="lo"/> .. <paramref name="hi"/> - 1, a few hundred at a time: each column's values of
    /// those rows are read at once into small arrays (<see cref="BlockValues"/>), then the rows are formatted from them, cell
    /// by cell. The small arrays stay in the cache; formatting straight from two dozen result arrays (one stream each) did not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FormatBlock(ref ByteBuffer buffer, ScorecardColumn[] cols, string[] formats, int[] decimals, int lo, int hi, bool neutralize)
    {
        buffer.Clear();
        var caches = new TextCache?[cols.Length];
        var dates = new DateCache?[cols.Length];
        for (int c = 0; c < cols.Length; c++)
        {
            caches[c] = cols[c].Type == ScorecardColumnType.Text ? new TextCache() : null;
            dates[c] = cols[c].Type == ScorecardColumnType.Timestamp ? new DateCache() : null;
        }

        var values = new BlockValues(cols, Math.Min(ChunkRows, hi - lo));
        for (int first = lo; first < hi; first += ChunkRows)
        {
            int n = Math.Min(ChunkRows, hi - first);
            values.Read(cols, first, n);
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < cols.Length; c++)
                {
                    if (c > 0)
                    {
                        buffer.Add((byte)',');
                    }

                    switch (cols[c].Type)
                    {
                        case ScorecardColumnType.Text:
                            if (cols[c].Utf8Texts is not { } utf8)
                            {
                                WriteTextCell(ref buffer, values.Texts[c]![i], neutralize, caches[c]!);
                            }
                            else if (!TryWritePlain(ref buffer, utf8, first + i))
                            {
                                WriteTextCell(ref buffer, cols[c].TextAt(first + i), neutralize, caches[c]!);
                            }

                            break;
                        case ScorecardColumnType.WholeNumber:
                            WriteInt(ref buffer, values.WholeNumbers[c]![i]);
                            break;
                        case ScorecardColumnType.Number:
                            double v = values.Numbers[c]![i];
                            if (double.IsFinite(v))
                            {
                                WriteDouble(ref buffer, v, decimals[c], formats[c]);
                            }

                            break;
                        default:
                            WriteTimestamp(ref buffer, values.Timestamps[c]![i], dates[c]!);
                            break;
                    }
                }

                buffer.AddNewLine();
            }
        }
    }

    /// <summary>Rows whose values are read at once: a few dozen kilobytes for a scorecard's two dozen columns.</summary>
    private const int ChunkRows = 256;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteInt(ref ByteBuffer buffer, int value)
    {
        if ((uint)value < 10)
        {
            buffer.Add((byte)('0' + value)); // scores, classes, small counts
            return;
        }

        if (value < 0)
        {
            buffer.Add((byte)'-');
        }

        Span<byte> span = buffer.Reserve(10);
        buffer.Advance(WriteWhole(span, value < 0 ? (ulong)-(long)value : (ulong)value));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteDouble(ref ByteBuffer buffer, double value, int decimals, string format)
    {
        Span<byte> span = buffer.Reserve(64);
        if (decimals >= 0 && TryFormatFixed(value, decimals, span, out int written))
        {
            buffer.Advance(written);
            return;
        }

        if (!value.TryFormat(span, out int n, format, CultureInfo.InvariantCulture))
        {
            // Fixed decimals of a huge magnitude (up to about 330 digits).
            span = buffer.Reserve(400);
            value.TryFormat(span, out n, format, CultureInfo.InvariantCulture);
        }

        buffer.Advance(n);
    }

    /// <summary>
    /// The text of <c>value.ToString("F" + decimals, InvariantCulture)</c> for the usual magnitudes: the exact value of the
    /// double times 10^decimals, rounded to the nearest whole number (an exact half to the even one, as .NET rounds
    /// the exact digits), and a minus sign whenever the sign bit is set. False (nothing written) when the scaled value does not fit in
    /// 64 bits; the caller then formats it the ordinary way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryFormatFixed(double value, int decimals, Span<byte> to, out int written)
    {
        if ((uint)decimals <= 4 && to.Length >= SmallFixedRoom + 1 && BitConverter.IsLittleEndian)
        {
            // The scorecard's numbers: at most four decimals and a scaled value below 2^32, rounded as below (the product's
            // exact error decides a half), with the digits of WriteSmallFixed; in a small frame of its own, the wide
            // cases apart.
            double magnitude = Math.Abs(value);
            double scale = SmallScales[decimals];
            double product = magnitude * scale;
            if (product < 4294967295.0)
            {
                double error = Math.FusedMultiplyAdd(magnitude, scale, -product);
                double floor = Math.Floor(product);
                double rest = product - floor;
                uint scaled = (uint)floor;
                if (rest > 0.5 || (rest == 0.5 && (error > 0 || (error == 0 && (scaled & 1) != 0))))
                {
                    scaled++;
                }

                ref byte first = ref MemoryMarshal.GetReference(to);
                first = (byte)'-'; // kept only when the sign bit is set
                int sign = (int)((ulong)BitConverter.DoubleToInt64Bits(value) >> 63);
                written = sign + WriteSmallFixed(ref Unsafe.Add(ref first, sign), scaled, decimals);
                return true;
            }
        }

        return TryFormatFixedWide(value, decimals, to, out written);
    }

    /// <summary>10^0 .. 10^4, exact.</summary>
    private static ReadOnlySpan<double> SmallScales => [1.0, 10.0, 100.0, 1000.0, 10000.0];

    /// <summary><see cref="TryFormatFixed"/> for more than four decimals or scaled values of 2^32 and more.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryFormatFixedWide(double value, int decimals, Span<byte> to, out int written)
    {
        written = 0;
        long bits = BitConverter.DoubleToInt64Bits(value);
        int e = (int)((bits >> 52) & 0x7FF);
        ulong scaled;
        double magnitude = Math.Abs(value);
        double scale = DecimalDigits.ExactPowersOfTen[decimals];
        double product = magnitude * scale;
        if (product < 2251799813685248.0 /* 2^51 */)
        {
            // The usual case, without 128-bit arithmetic: 10^decimals is exact, and the product's rounding error is exact
            // too (a fused multiply-add), so the exact scaled value is product + error. Below 2^51 every half-integer is a
            // double, so the error (at most half an ulp) cannot carry the value across one: only an exact product at a
            // half needs the error's sign, and an exact half (error 0) rounds to the even neighbour.
            double error = Math.FusedMultiplyAdd(magnitude, scale, -product);
            double floor = Math.Floor(product);
            double rest = product - floor;
            scaled = (ulong)floor;
            if (rest > 0.5 || (rest == 0.5 && (error > 0 || (error == 0 && (scaled & 1) != 0))))
            {
                scaled++;
            }
        }
        else if (e == 0)
        {
            scaled = 0; // zero or subnormal: below 10^-300, zero at 15 decimals
        }
        else
        {
            if (e >= 1023 + 53)
            {
                return false;
            }

            ulong m = ((ulong)bits & ((1UL << 52) - 1)) | (1UL << 52);
            int shift = 1075 - e; // value = m / 2^shift, shift >= 0 here
            UInt128 n = (UInt128)m * DecimalDigits.PowersOfTen[decimals];
            UInt128 q;
            if (shift >= 128)
            {
                q = 0; // below 2^-75 times 10^15: rounds to zero
            }
            else
            {
                q = n >> shift;
                if (shift > 0 && ((n >> (shift - 1)) & 1) != 0)
                {
                    // At least a half: more rounds up, an exact half rounds to the even last digit (as .NET's digits do).
                    bool more = (n & ((UInt128.One << (shift - 1)) - 1)) != 0;
                    if (more || (q & 1) != 0)
                    {
                        q++;
                    }
                }
            }

            if (q > ulong.MaxValue)
            {
                return false;
            }

            scaled = (ulong)q;
        }

        int at = 0;
        if (bits < 0)
        {
            to[at++] = (byte)'-';
        }

        // The digits of the scaled value, written from the last one backwards straight into the output: <decimals> of
        // them after the point (with zeros before them as needed), then the whole part (at least one digit).
        int end = at + Math.Max(DecimalDigits.Count(scaled), decimals + 1) + (decimals > 0 ? 1 : 0);
        int pos = end;
        if (decimals > 0)
        {
            int left = decimals;
            for (; left >= 2; left -= 2)
            {
                ulong rest = scaled / 100;
                pos -= 2;
                Pair(to[pos..], (int)(scaled - (rest * 100)));
                scaled = rest;
            }

            if (left == 1)
            {
                ulong rest = scaled / 10;
                to[--pos] = (byte)('0' + (int)(scaled - (rest * 10)));
                scaled = rest;
            }

            to[--pos] = (byte)'.';
        }

        WriteDigitsBefore(to, pos, scaled);
        written = end;
        return true;
    }

    /// <summary>Bytes <see cref="WriteSmallFixed"/> may write (up to 10 digits, the point, 4 decimals, and stores of whole
    /// words past the last digit, which the caller's room absorbs and later bytes overwrite).</summary>
    private const int SmallFixedRoom = 24;

    /// <summary>
    /// The digits of a scaled value below 2^32 with at most four decimals (the scorecard's numbers), written without a
    /// data-dependent loop: a whole part below 10,000 (most values) is four digits from two table pairs, stored as one
    /// word and shifted to drop its leading zeros; the decimals are one or two pairs. Returns the bytes written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteSmallFixed(ref byte to, uint scaled, int decimals)
    {
        uint whole, fraction;
        switch (decimals)
        {
            case 0:
                whole = scaled;
                fraction = 0;
                break;
            case 1:
                whole = scaled / 10;
                fraction = scaled - (whole * 10);
                break;
            case 2:
                whole = scaled / 100;
                fraction = scaled - (whole * 100);
                break;
            case 3:
                whole = scaled / 1000;
                fraction = scaled - (whole * 1000);
                break;
            default:
                whole = scaled / 10_000;
                fraction = scaled - (whole * 10_000);
                break;
        }

        int n;
        if (whole < 10_000)
        {
            uint high = whole / 100;
            uint four = PairBits(high) | (PairBits(whole - (high * 100)) << 16); // the first digit in the lowest byte
            n = 1 + (whole >= 10 ? 1 : 0) + (whole >= 100 ? 1 : 0) + (whole >= 1000 ? 1 : 0);
            Unsafe.WriteUnaligned(ref to, four >> (8 * (4 - n)));
        }
        else
        {
            n = WriteWhole(MemoryMarshal.CreateSpan(ref to, 10), whole);
        }

        if (decimals == 0)
        {
            return n;
        }

        ref byte point = ref Unsafe.Add(ref to, n);
        point = (byte)'.';
        ref byte digits = ref Unsafe.Add(ref point, 1);
        switch (decimals)
        {
            case 1:
                digits = (byte)('0' + fraction);
                break;
            case 2:
                Unsafe.WriteUnaligned(ref digits, (ushort)PairBits(fraction));
                break;
            case 3:
                uint first = fraction / 100;
                digits = (byte)('0' + first);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref digits, 1), (ushort)PairBits(fraction - (first * 100)));
                break;
            default:
                uint upper = fraction / 100;
                Unsafe.WriteUnaligned(ref digits, PairBits(upper) | (PairBits(fraction - (upper * 100)) << 16));
                break;
        }

        return n + 1 + decimals;
    }

    /// <summary>The two digits of <paramref name="value"/> (below 100) as a little-endian 16-bit word, tens first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint PairBits(uint value) =>
        Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(DigitPairBytes), (nint)(2 * value)));

    /// <summary>"00" .. "99" as bytes in the assembly's data (no array, no bounds check).</summary>
    private static ReadOnlySpan<byte> DigitPairBytes =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    /// <summary><c>yyyy-MM-dd</c> at midnight, else <c>yyyy-MM-dd HH:mm:ss</c> and the fraction of a second when there is one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteTimestamp(ref ByteBuffer buffer, DateTime value, DateCache dates)
    {
        long ticks = value.Ticks;
        long ofDay = ticks % TimeSpan.TicksPerDay;
        if (ofDay % TimeSpan.TicksPerSecond != 0)
        {
            Span<byte> span = buffer.Reserve(40);
            value.TryFormat(span, out int n, "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            buffer.Advance(n);
            return;
        }

        Span<byte> d = buffer.Reserve(19);
        dates.Write(d, (int)(ticks / TimeSpan.TicksPerDay));
        if (ofDay == 0)
        {
            buffer.Advance(10);
            return;
        }

        int seconds = (int)(ofDay / TimeSpan.TicksPerSecond);
        int minutes = seconds / 60;
        d[10] = (byte)' ';
        Pair(d[11..], minutes / 60);
        d[13] = (byte)':';
        Pair(d[14..], minutes - (minutes / 60 * 60));
        d[16] = (byte)':';
        Pair(d[17..], seconds - (minutes * 60));
        buffer.Advance(19);
    }

    /// <summary>Two decimal digits of <paramref name="value"/> (0..99).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pair(Span<byte> to, int value) => MemoryMarshal.Write(to, (ushort)PairBits((uint)value));

    /// <summary>The decimal digits of <paramref name="value"/> (no sign, no separators, as invariant ToString()); returns their count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int WriteWhole(Span<byte> to, ulong value)
    {
        int count = DecimalDigits.Count(value);
        WriteDigitsBefore(to, count, value);
        return count;
    }

    /// <summary>Writes the decimal digits of <paramref name="value"/> so that they end just before <paramref name="end"/>,
    /// from the last one backwards, two at a time (at least one digit: "0" for zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteDigitsBefore(Span<byte> to, int end, ulong value)
    {
        int at = end;
        while (value >= 100)
        {
            ulong rest = value / 100;
            at -= 2;
            Pair(to[at..], (int)(value - (rest * 100)));
            value = rest;
        }

        if (value >= 10)
        {
            Pair(to[(at - 2)..], (int)value);
        }
        else
        {
            to[at - 1] = (byte)('0' + (int)value);
        }
    }

    /// <summary>
    /// A text cell: labels repeat (segments, tiers, classes, cells), so the bytes of a column's last texts are kept by
    /// reference in a small direct-mapped cache; other text is neutralized (when asked) and encoded. A column whose texts
    /// do not repeat (customer ids) turns its cache off after <see cref="TextCache.Trial"/> misses in a block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteTextCell(ref ByteBuffer buffer, string? text, bool neutralize, TextCache cache)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (cache.Off)
        {
            WriteText(ref buffer, neutralize ? Neutralize(text) : text);
            return;
        }

        int slot = RuntimeHelpers.GetHashCode(text) & (TextCache.Slots - 1);
        if (ReferenceEquals(cache.Texts[slot], text))
        {
            byte[] bytes = cache.Bytes[slot]!;
            bytes.CopyTo(buffer.Reserve(bytes.Length));
            buffer.Advance(bytes.Length);
            cache.Hits++;
            return;
        }

        int start = buffer.Length;
        WriteText(ref buffer, neutralize ? Neutralize(text) : text);
        if (text.Length <= 64)
        {
            cache.Texts[slot] = text;
            cache.Bytes[slot] = buffer.WrittenFrom(start).ToArray();
        }

        if (++cache.Misses >= TextCache.Trial && cache.Misses > cache.Hits)
        {
            cache.Off = true;
        }
    }

    /// <summary>
    /// Writes row <paramref name="row"/>'s text from its UTF-8 bytes when it has them and they are written as they are:
    /// printable ASCII without commas or quotes, neither starting with what a spreadsheet takes for a formula nor starting or
    /// ending with a space. False (nothing written) otherwise; the caller then writes the text's string.
    /// </summary>
    private static bool TryWritePlain(ref ByteBuffer buffer, IUtf8Texts utf8, int row)
    {
        int n = utf8.ByteCount(row);
        if (n <= 0)
        {
            return n == 0; // an empty text writes nothing, as an empty string does
        }

        Span<byte> to = buffer.Reserve(n);
        utf8.Write(row, to);
        Span<byte> text = to[..n];
        if (text[0] is (byte)' ' or (byte)'=' or (byte)'+' or (byte)'-' or (byte)'@' || text[^1] == (byte)' ' || text.IndexOfAny(NotPlain) >= 0)
        {
            return false;
        }

        buffer.Advance(n);
        return true;
    }

    /// <summary>The bytes a text is not written as it is with: outside printable ASCII, commas and quotes.</summary>
    private static readonly SearchValues<byte> NotPlain = SearchValues.Create(
        [.. Enumerable.Range(0, 256).Where(b => b < 0x20 || b > 0x7E || b == ',' || b == '"').Select(b => (byte)b)]);

    /// <summary><see cref="SpreadsheetText.Neutralize"/>, with a vectorized test for the usual text that it leaves alone.</summary>
    private static string Neutralize(string text) =>
        text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' || text.AsSpan().IndexOfAny(Controls) >= 0
            ? SpreadsheetText.Neutralize(text)!
            : text;

    /// <summary>Text as UTF-8 (lone surrogates as U+FFFD), quoted when CsvHelper's <c>WhenNeededOrWhitespace</c> quotes it; null as an empty field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteText(ref ByteBuffer buffer, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        Span<byte> span = buffer.Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        int n = Encoding.UTF8.GetBytes(text, span);
        Span<byte> field = span[..n];
        if (field.IndexOfAny(NeedsQuotes) < 0 && field[0] is not (byte)' ' and not (byte)'\t' && field[^1] is not (byte)' ' and not (byte)'\t')
        {
            buffer.Advance(n);
            return;
        }

        // Rare: quote, doubling inner quotes. Encode again into a temporary copy and write it out quoted.
        byte[] copy = field.ToArray();
        Span<byte> quoted = buffer.Reserve((2 * n) + 2);
        int at = 0;
        quoted[at++] = (byte)'"';
        foreach (byte b in copy)
        {
            quoted[at++] = b;
            if (b == (byte)'"')
            {
                quoted[at++] = b;
            }
        }

        quoted[at++] = (byte)'"';
        buffer.Advance(at);
    }

    /// <summary>
    /// The <c>yyyy-MM-dd</c> text of recent days, direct-mapped by day number (one per timestamp column and block): a
    /// scorecard's dates fall on a few hundred days, so a date is formatted once and copied after that.
    /// </summary>
    private sealed class DateCache
    {
        private const int Slots = 1024;

        private readonly int[] _days = new int[Slots];
        private readonly byte[] _text = new byte[Slots * 10];

        public DateCache() => _days.AsSpan().Fill(-1);

        /// <summary>Writes the date of day <paramref name="day"/> (days since 0001-01-01) to the first 10 bytes of <paramref name="to"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Write(Span<byte> to, int day)
        {
            int slot = day & (Slots - 1);
            Span<byte> text = _text.AsSpan(slot * 10, 10);
            if (_days[slot] != day)
            {
                new DateTime(day * TimeSpan.TicksPerDay).Deconstruct(out int year, out int month, out int dayOfMonth);
                Pair(text, year / 100);
                Pair(text[2..], year % 100);
                text[4] = (byte)'-';
                Pair(text[5..], month);
                text[7] = (byte)'-';
                Pair(text[8..], dayOfMonth);
                _days[slot] = day;
            }

            text.CopyTo(to);
        }
    }

    /// <summary>
    /// Some rows' values of every column, read with one call per column (a copy or a typed loop, see
    /// <see cref="ColumnRowsReader{T}"/>), indexed by column; the arrays of the other types are null.
    /// </summary>
    private sealed class BlockValues
    {
        public readonly string?[]?[] Texts;
        public readonly int[]?[] WholeNumbers;
        public readonly double[]?[] Numbers;
        public readonly DateTime[]?[] Timestamps;

        public BlockValues(ScorecardColumn[] cols, int capacity)
        {
            Texts = new string?[]?[cols.Length];
            WholeNumbers = new int[]?[cols.Length];
            Numbers = new double[]?[cols.Length];
            Timestamps = new DateTime[]?[cols.Length];
            for (int c = 0; c < cols.Length; c++)
            {
                switch (cols[c].Type)
                {
                    case ScorecardColumnType.Text:
                        Texts[c] = cols[c].Utf8Texts is null ? new string?[capacity] : null; // else written from the bytes
                        break;
                    case ScorecardColumnType.WholeNumber:
                        WholeNumbers[c] = new int[capacity];
                        break;
                    case ScorecardColumnType.Number:
                        Numbers[c] = new double[capacity];
                        break;
                    default:
                        Timestamps[c] = new DateTime[capacity];
                        break;
                }
            }
        }

        /// <summary>Reads rows <paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/> - 1.</summary>
        public void Read(ScorecardColumn[] cols, int first, int count)
        {
            for (int c = 0; c < cols.Length; c++)
            {
                switch (cols[c].Type)
                {
                    case ScorecardColumnType.Text:
                        if (Texts[c] is { } texts)
                        {
                            cols[c].ReadTexts(first, texts.AsSpan(0, count));
                        }

                        break;
                    case ScorecardColumnType.WholeNumber:
                        cols[c].ReadWholeNumbers(first, WholeNumbers[c].AsSpan(0, count));
                        break;
                    case ScorecardColumnType.Number:
                        cols[c].ReadNumbers(first, Numbers[c].AsSpan(0, count));
                        break;
                    default:
                        cols[c].ReadTimestamps(first, Timestamps[c].AsSpan(0, count));
                        break;
                }
            }
        }
    }

    /// <summary>The encoded fields of a column's recent texts, by reference (one per column, formatting thread and block).</summary>
    private sealed class TextCache
    {
        public const int Slots = 64;

        /// <summary>Misses after which a column whose misses outnumber its hits stops caching.</summary>
        public const int Trial = 256;

        public readonly string?[] Texts = new string?[Slots];
        public readonly byte[]?[] Bytes = new byte[]?[Slots];
        public int Hits;
        public int Misses;
        public bool Off;
    }

    /// <summary>A growable byte buffer kept between blocks.</summary>
    private struct ByteBuffer(int capacity)
    {
        private byte[] _bytes = new byte[capacity];
        private int _length;

        public readonly ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

        public readonly int Length => _length;

        public readonly ReadOnlySpan<byte> WrittenFrom(int start) => _bytes.AsSpan(start, _length - start);

        public void Clear() => _length = 0;

        public Span<byte> Reserve(int count)
        {
            if (_bytes.Length - _length < count)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + count));
            }

            return _bytes.AsSpan(_length);
        }

        public void Advance(int count) => _length += count;

        public void Add(byte b)
        {
            Reserve(1)[0] = b;
            _length++;
        }

        public void AddNewLine()
        {
            Span<byte> span = Reserve(2);
            span[0] = (byte)'\r';
            span[1] = (byte)'\n';
            _length += 2;
        }
    }
}
