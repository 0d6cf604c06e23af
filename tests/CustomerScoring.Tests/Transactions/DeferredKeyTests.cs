using System.Globalization;
using System.Text;
using CustomerScoring.Csv;
using CustomerScoring.Scorecard;
using CustomerScoring.Tests.Csv;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Transactions;

/// <summary>
/// String keys that a reader adds without their strings (ids of one to seven digits without a leading zero as numbers, other
/// ids as UTF-8 bytes; the map makes their strings on first use) behave as the strings of the file: the keys, the lookups,
/// the key order that ties are broken by, and the scorecard's customer_id cells, against strings made directly.
/// </summary>
public class DeferredKeyTests
{
    [Fact]
    public void Ids_read_from_a_file_are_its_texts_whether_numbers_or_not()
    {
        string[] ids = ["7", "0", "10", "100", "9", "1234567", "12345678", "007", "-5", "x1", "99", "0100", "4194303", "4194304", "5",
            "José", "日本", "\U0001F600x", "a,b", "q\"t", "a b", "=1", "\uE000", "Ωmega-long-customer-id-beyond-eight-bytes"];
        var csv = new StringBuilder("customer_id,timestamp,amount\n");
        foreach (string id in ids.Concat(ids.Reverse()))
        {
            csv.Append(id.Contains(',') || id.Contains('"') ? "\"" + id.Replace("\"", "\"\"") + "\"" : id).Append(",2024-01-02,3.5\n");
        }

        CustomerKeyMap<string> map = CsvText.Read(csv.ToString()).Transactions.Customers;
        Assert.Equal(ids.Length, map.Count);
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.Equal(ids[i], map.KeyOf(i));
        }

        Assert.Equal(ids, map.Keys);
        Assert.Equal(3, map.IndexOf("100"));
        Assert.Equal(16, map.IndexOf("日本"));
        Assert.False(map.TryGetIndex("1000", out _));
        Assert.Equal(ids.Length, map.GetOrAdd("1000"));
        Assert.Equal("1000", map.Keys[^1]);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 3)]
    [InlineData(3, 40)]
    public void Key_ranks_of_numeric_ids_are_their_ordinal_text_order(int seed, int stringKeys)
    {
        // Numbers of every length, many prefixes of others (7, 70, 700, ...); then with some keys added as strings, which
        // the map ranks through their strings.
        var random = new Random(seed);
        var numbers = new HashSet<int>();
        while (numbers.Count < 5000)
        {
            int digits = random.Next(1, 8);
            int value = random.Next((int)Math.Pow(10, digits - 1), (int)Math.Pow(10, digits));
            numbers.Add(digits == 1 && random.Next(10) == 0 ? 0 : value);
            numbers.Add(value / 10 * 10);
        }

        var map = new CustomerKeyMap<string>(StringComparer.Ordinal);
        var texts = new List<string>();
        int added = 0;
        foreach (int n in numbers)
        {
            if (added++ % 100 == 50 && stringKeys-- > 0)
            {
                string text = "k" + n.ToString(CultureInfo.InvariantCulture);
                map.AddNew(text);
                texts.Add(text);
            }

            map.AddNumber(n);
            texts.Add(n.ToString(CultureInfo.InvariantCulture));
        }

        int[] expected = Ranks(texts);
        Assert.Equal(expected, map.KeyRanks(StringComparer.Ordinal));
        Assert.Equal(texts, map.Keys);
    }

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, true)]
    public void Key_ranks_of_byte_ids_are_their_ordinal_text_order(int seed, bool beyondBmp)
    {
        // Ids kept as UTF-8: long shared prefixes (runs sorted by their next eight bytes, and past the radix's 64 bytes by
        // comparisons), prefixes of one another, a real 0 character, non-ASCII characters up to U+FFFF (same byte and UTF-16
        // order) and, in one case, characters beyond it (UTF-16 order differs: the map ranks through strings), with numbers.
        var random = new Random(seed);
        string[] stems = ["CUST-", "CUSTOMER-00", "é", "\uE000", "\uFFFD", "a", "", "z\0", new string('p', 70)];
        var texts = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var map = new CustomerKeyMap<string>(StringComparer.Ordinal);
        while (texts.Count < 6000)
        {
            string text = random.Next(5) == 0
                ? random.Next(100_000).ToString(CultureInfo.InvariantCulture)
                : stems[random.Next(stems.Length)] + random.Next(random.Next(2) == 0 ? 10 : 100_000).ToString(CultureInfo.InvariantCulture)
                  + random.Next(6) switch { 0 => "ä", 1 => "\uFFFD", 2 when beyondBmp => "\U0001F600", _ => "" };
            if (!seen.Add(text))
            {
                continue;
            }

            texts.Add(text);
            if (text.Length > 0 && text[0] != '0' && text.Length < 8 && text.All(char.IsAsciiDigit))
            {
                map.AddNumber(int.Parse(text, CultureInfo.InvariantCulture));
            }
            else
            {
                map.AddUtf8(Encoding.UTF8.GetBytes(text));
            }
        }

        Assert.Equal(Ranks(texts), map.KeyRanks(StringComparer.Ordinal));
        Assert.Equal(texts, map.Keys);
        Assert.Equal(Ranks(texts), map.KeyRanks(StringComparer.Ordinal)); // through the strings now made, too
    }

    [Fact]
    public void Keys_are_made_once_whichever_threads_ask()
    {
        var map = new CustomerKeyMap<string>(StringComparer.Ordinal);
        for (int n = 0; n < 200_000; n++)
        {
            map.AddNumber(n * 7);
        }

        var first = new string[map.Count];
        Parallel.For(0, map.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => first[i] = map.KeyOf(i));
        Parallel.For(0, map.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => Assert.Equal((i * 7).ToString(CultureInfo.InvariantCulture), map.KeyOf(i)));
        IReadOnlyList<string> keys = map.Keys;
        int same = 0;
        for (int i = 0; i < map.Count; i++)
        {
            Assert.Same(keys[i], map.KeyOf(i)); // kept: later calls give the kept string
            same += ReferenceEquals(first[i], keys[i]) ? 1 : 0;
        }

        Assert.True(same > map.Count / 2, $"only {same} of the first strings were kept");
        Assert.Equal(1234, map.IndexOf("8638"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Scorecard_ids_written_from_numbers_and_bytes_are_the_ids_written_as_text(int blockRows)
    {
        // Ids written straight from their numbers or bytes, and ids that need quotes, neutralizing or are not ASCII (written
        // from their strings), in the same blocks or not, depending on the block size: the bytes of the cell-by-cell writer,
        // which takes every id as a string.
        var csv = new StringBuilder("customer_id,timestamp,amount\n");
        var random = new Random(5);
        for (int r = 0; r < 3000; r++)
        {
            int c = random.Next(400);
            string id = c switch
            {
                < 300 => (c * 37).ToString(CultureInfo.InvariantCulture),
                < 350 => "0" + c.ToString(CultureInfo.InvariantCulture),
                < 370 => "c" + c.ToString(CultureInfo.InvariantCulture),
                < 375 => "\"a," + c.ToString(CultureInfo.InvariantCulture) + "\"",
                < 380 => "\"q\"\"" + c.ToString(CultureInfo.InvariantCulture) + "\"",
                < 385 => "é" + c.ToString(CultureInfo.InvariantCulture),
                < 388 => "\"x " + c.ToString(CultureInfo.InvariantCulture) + " \"",
                < 390 => "-x" + c.ToString(CultureInfo.InvariantCulture),
                _ => "=" + c.ToString(CultureInfo.InvariantCulture),
            };
            csv.Append(CultureInfo.InvariantCulture, $"{id},2024-{1 + random.Next(12):00}-{1 + random.Next(28):00},{random.Next(1, 500)}.25\n");
        }

        CustomerTransactions<string> data = CsvText.Read(csv.ToString()).Transactions;
        CustomerScorecard<string> card = CustomerScorecard.Build(data, new ScorecardOptions { AnalysisDate = new DateOnly(2025, 1, 1) });
        using var reference = new MemoryStream();
        new ScorecardCsvWriter<string>(card).WriteByTable(reference);
        using var blocks = new MemoryStream();
        Utf8CsvRows.Write(blocks, ScorecardColumns.Of(card), card.Count, neutralizeFormulas: true, blockRows);
        string text = Encoding.UTF8.GetString(blocks.ToArray());
        Assert.Equal(Encoding.UTF8.GetString(reference.ToArray()), text);
        Assert.Contains("\n'=39", text, StringComparison.Ordinal);
        Assert.Contains("\n03", text, StringComparison.Ordinal);
        Assert.Contains("\n\"a,37", text, StringComparison.Ordinal);
        Assert.Contains("\né38", text, StringComparison.Ordinal);
    }

    private static int[] Ranks(List<string> texts)
    {
        int[] order = Enumerable.Range(0, texts.Count).ToArray();
        Array.Sort(order, (a, b) => string.CompareOrdinal(texts[a], texts[b]));
        var ranks = new int[texts.Count];
        for (int k = 0; k < order.Length; k++)
        {
            ranks[order[k]] = k;
        }

        return ranks;
    }
}
