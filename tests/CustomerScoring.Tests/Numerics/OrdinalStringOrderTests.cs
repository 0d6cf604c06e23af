using CustomerScoring.Numerics.Sorting;
using CustomerScoring.Transactions;
using Xunit;

namespace CustomerScoring.Tests.Numerics;

/// <summary>The radix order of strings against <see cref="string.CompareOrdinal(string, string)"/> sorting (the reference).</summary>
public class OrdinalStringOrderTests
{
    public static TheoryData<string> Kinds() => ["digits", "prefixes", "unicode", "zeros", "lengths", "long-prefix", "latin1", "mixed"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Order_is_the_ordinal_sort(string kind)
    {
        foreach (int n in new[] { 0, 1, 2, 3, 17, 1000, 5000 })
        {
            string[] keys = Keys(kind, n, new Random(n * 31 + kind.Length)).Distinct(StringComparer.Ordinal).ToArray();
            int[] order = OrdinalStringOrder.Order(keys);
            string[] expected = (string[])keys.Clone();
            Array.Sort(expected, string.CompareOrdinal);
            Assert.Equal(expected, order.Select(i => keys[i]).ToArray());
        }
    }

    [Fact]
    public void Key_map_ranks_match_ranks_from_a_comparison_sort()
    {
        var rng = new Random(12);
        var map = new CustomerKeyMap<string>();
        foreach (string key in Keys("mixed", 20_000, rng))
        {
            map.GetOrAdd(key);
        }

        string[] keys = [.. map.Keys];
        var positions = Enumerable.Range(0, keys.Length).ToArray();
        Array.Sort((string[])keys.Clone(), positions, StringComparer.Ordinal);
        var expected = new int[keys.Length];
        for (int k = 0; k < positions.Length; k++)
        {
            expected[positions[k]] = k;
        }

        Assert.Equal(expected, map.KeyRanks(StringComparer.Ordinal));
    }

    [Fact]
    public void Narrow_packing_is_used_only_when_every_unit_is_below_U0100_and_orders_like_the_strings()
    {
        Assert.True(OrdinalStringOrder.AllNarrow(["", "abc", "\0\u00FF", "12345678901"]));
        Assert.False(OrdinalStringOrder.AllNarrow(["abc", "x\u0100"]));
        string[] keys = ["", "\0", "a", "a\0", "a\0\0\0\0\0\0\0", "ab", "abcdefgh", "abcdefghi", "\u00FF", "\u0080", "\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF"];
        foreach (string a in keys)
        {
            foreach (string b in keys)
            {
                if (OrdinalStringOrder.PackNarrow(a, 0) < OrdinalStringOrder.PackNarrow(b, 0))
                {
                    Assert.True(string.CompareOrdinal(a, b) < 0, $"'{a}' < '{b}'");
                }
            }
        }
    }

    [Fact]
    public void Pack_orders_like_the_strings_it_packs()
    {
        string[] keys = ["", "\0", "a", "a\0", "a\0\0\0", "ab", "abcd", "abcde", "\uFFFF", "\uD800", "\uFFFF\uFFFF\uFFFF\uFFFF"];
        foreach (string a in keys)
        {
            foreach (string b in keys)
            {
                ulong pa = OrdinalStringOrder.Pack(a, 0);
                ulong pb = OrdinalStringOrder.Pack(b, 0);
                if (pa < pb)
                {
                    Assert.True(string.CompareOrdinal(a, b) < 0, $"'{a}' < '{b}'");
                }
            }
        }
    }

    private static IEnumerable<string> Keys(string kind, int n, Random rng)
    {
        for (int i = 0; i < n; i++)
        {
            yield return kind switch
            {
                "digits" => rng.Next(0, 10_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "prefixes" => "customer-" + rng.Next(0, 3) + "-" + rng.Next(0, 1000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
                "unicode" => Random(rng, "aé€\uD83D\uDE00\uFFFF\u00FF\u0100", rng.Next(0, 9)),
                "zeros" => Random(rng, "\0a", rng.Next(0, 10)),
                "lengths" => new string('x', rng.Next(0, 40)) + (rng.Next(2) == 0 ? "" : "y"),
                "long-prefix" => new string('p', 70 + rng.Next(0, 3)) + rng.Next(0, 500),
                "latin1" => Random(rng, "\0\u0001a\u007F\u0080\u00E9\u00FF", rng.Next(0, 19)), // every unit below U+0100: a byte each
                _ => Keys(new[] { "digits", "prefixes", "unicode", "zeros", "lengths", "long-prefix" }[rng.Next(6)], 1, rng).First(),
            };
        }
    }

    private static string Random(Random rng, string alphabet, int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = alphabet[rng.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
