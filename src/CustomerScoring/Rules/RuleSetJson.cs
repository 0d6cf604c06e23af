using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text;
using CustomerScoring.Profiles;

namespace CustomerScoring.Rules;

/// <summary>
/// Reads and writes rule files with <see cref="Utf8JsonReader"/>/<see cref="Utf8JsonWriter"/> (no reflection, AOT-safe).
/// Format:
/// <code>
/// {
///   "name": "value-tiers", "description": "...", "hitPolicy": "first" | "priority" | "collect", "default": "Bronze",
///   "loyalty": { "spendPerPoint": 10, "rounding": "down" | "up" | "nearest", "pointsPerCurrencyUnit": 100 },
///   "rules": [ { "name": "vip", "tier": "VIP", "when": "clv_percentile &gt;= 0.99", "priority": 0 } ]
/// }
/// </code>
/// Only "default" and "rules" are required ("default" is optional under collect: "Untagged"); a rule's name defaults to its
/// tier. Comments and trailing commas are allowed; unknown properties are errors (they are usually typos).
/// </summary>
internal static class RuleSetJson
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The largest rule file read (1 MiB): rule sets are small; a larger file is a mistake or an attack.</summary>
    public const int MaxFileBytes = 1 << 20;

    public static RuleSet Read(byte[] bytes)
    {
        if (bytes.Length > MaxFileBytes)
        {
            throw new RuleDefinitionException($"the rule file has {bytes.Length:N0} bytes; rule files may have at most {MaxFileBytes:N0}", null, null, -1, 0, 0);
        }

        ReadOnlySpan<byte> json = bytes;
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            RuleSet set = ReadRoot(ref reader, json);
            if (reader.Read())
            {
                throw At(json, reader.TokenStartIndex, "unexpected text after the rule set's closing brace");
            }

            return set;
        }
        catch (JsonException e)
        {
            throw new RuleDefinitionException($"malformed JSON: {e.Message}", null, null, -1, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, e);
        }
    }

    public static string Write(RuleSet set)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping: the file is for people to read and edit, so "<", ">", quotes and non-ASCII tier names stay as
        // written instead of \u003E, \u0022 or \u00DC (the default encoder escapes them for embedding in HTML).
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("name", set.Name);
            if (set.Description is not null)
            {
                w.WriteString("description", set.Description);
            }

            w.WriteString("hitPolicy", set.HitPolicy.ToString().ToLowerInvariant());
            w.WriteString("default", set.DefaultTier);
            if (set.Loyalty is { } l)
            {
                w.WriteStartObject("loyalty");
                w.WriteNumber("spendPerPoint", l.SpendPerPoint);
                w.WriteString("rounding", l.Rounding.ToString().ToLowerInvariant());
                w.WriteNumber("pointsPerCurrencyUnit", l.PointsPerCurrencyUnit);
                w.WriteEndObject();
            }

            w.WriteStartArray("rules");
            foreach (ITierRule rule in set.Rules)
            {
                if (rule is not ExpressionRule e)
                {
                    throw new InvalidOperationException($"Rule '{rule.Name}' is not an expression rule: typed and custom rules cannot be written to a rule file.");
                }

                w.WriteStartObject();
                w.WriteString("name", e.Name);
                w.WriteString("tier", e.Tier);
                w.WriteString("when", e.Condition);
                if (set.HitPolicy == HitPolicy.Priority || e.Priority != 0)
                {
                    w.WriteNumber("priority", e.Priority);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static RuleSet ReadRoot(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        Next(ref reader, json);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw At(json, reader.TokenStartIndex, "a rule file must be a JSON object with \"default\" and \"rules\"");
        }

        string? name = null;
        string? description = null;
        string? defaultTier = null;
        HitPolicy policy = HitPolicy.First;
        LoyaltyProgram? loyalty = null;
        List<PendingRule>? rules = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (NextProperty(ref reader, json, seen, "the rule set", out string property, out long at))
        {
            switch (property)
            {
                case "name":
                    name = ReadString(ref reader, json, property);
                    break;
                case "description":
                case "comment":
                    description = property == "description" ? ReadString(ref reader, json, property) : description;
                    reader.Skip();
                    break;
                case "default":
                    defaultTier = ReadString(ref reader, json, property);
                    break;
                case "hitPolicy":
                    string p = ReadString(ref reader, json, property);
                    policy = p.ToLowerInvariant() switch
                    {
                        "first" => HitPolicy.First,
                        "priority" => HitPolicy.Priority,
                        "collect" => HitPolicy.Collect,
                        _ => throw At(json, reader.TokenStartIndex, $"unknown hitPolicy \"{p}\"; use \"first\", \"priority\" or \"collect\""),
                    };
                    break;
                case "loyalty":
                    loyalty = ReadLoyalty(ref reader, json);
                    break;
                case "rules":
                    rules = ReadRules(ref reader, json);
                    break;
                default:
                    throw At(json, at, $"unknown property \"{property}\"; expected name, description, hitPolicy, default, loyalty or rules");
            }
        }

        if (rules is null)
        {
            throw At(json, 0, "missing \"rules\": an array of { \"tier\": ..., \"when\": ... }");
        }

        if (defaultTier is null)
        {
            if (policy != HitPolicy.Collect)
            {
                throw At(json, 0, "missing \"default\": the tier of customers no rule matches");
            }

            defaultTier = "Untagged";
        }

        var built = new List<ITierRule>(rules.Count);
        foreach (PendingRule r in rules)
        {
            built.Add(new ExpressionRule(r.Name, r.Tier, r.When, r.Priority, r.Line, r.Column));
        }

        return new RuleSet(name ?? "rules", built, defaultTier, policy, loyalty, description);
    }

    private static List<PendingRule> ReadRules(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw At(json, reader.TokenStartIndex, "\"rules\" must be an array of rule objects");
        }

        var rules = new List<PendingRule>();
        while (true)
        {
            Next(ref reader, json);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return rules;
            }

            long objectAt = reader.TokenStartIndex;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw At(json, objectAt, $"rules[{rules.Count}] must be an object with \"tier\" and \"when\"");
            }

            string? name = null;
            string? tier = null;
            string? when = null;
            long whenAt = 0;
            int priority = 0;
            var seenInRule = new HashSet<string>(StringComparer.Ordinal);
            while (NextProperty(ref reader, json, seenInRule, $"rules[{rules.Count}]", out string property, out long at))
            {
                switch (property)
                {
                    case "name":
                        name = ReadString(ref reader, json, property);
                        break;
                    case "tier":
                        tier = ReadString(ref reader, json, property);
                        break;
                    case "when":
                        whenAt = reader.TokenStartIndex;
                        when = ReadString(ref reader, json, property);
                        break;
                    case "priority":
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out priority))
                        {
                            throw At(json, reader.TokenStartIndex, $"\"priority\" of rules[{rules.Count}] must be a whole number");
                        }

                        break;
                    case "description":
                    case "comment":
                        reader.Skip();
                        break;
                    default:
                        throw At(json, at, $"unknown property \"{property}\" in rules[{rules.Count}]; expected name, tier, when, priority or description");
                }
            }

            if (string.IsNullOrWhiteSpace(tier))
            {
                throw At(json, objectAt, $"rules[{rules.Count}]{(name is null ? string.Empty : $" ('{name}')")} has no \"tier\"");
            }

            if (when is null)
            {
                throw At(json, objectAt, $"rule '{name ?? tier}' (rules[{rules.Count}]) has no \"when\" condition (write \"true\" for a rule that always applies)");
            }

            (int line, int column) = Position(json, whenAt);
            rules.Add(new PendingRule(name ?? tier, tier, when, priority, line, column));
        }
    }

    private static LoyaltyProgram ReadLoyalty(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        long objectAt = reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw At(json, objectAt, "\"loyalty\" must be an object with spendPerPoint, rounding and pointsPerCurrencyUnit");
        }

        double spendPerPoint = 10;
        double pointsPerUnit = 100;
        PointsRounding rounding = PointsRounding.Down;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (NextProperty(ref reader, json, seen, "loyalty", out string property, out long at))
        {
            switch (property)
            {
                case "spendPerPoint":
                    spendPerPoint = ReadPositive(ref reader, json, property);
                    break;
                case "pointsPerCurrencyUnit":
                    pointsPerUnit = ReadPositive(ref reader, json, property);
                    break;
                case "rounding":
                    string r = ReadString(ref reader, json, property);
                    rounding = r.ToLowerInvariant() switch
                    {
                        "down" => PointsRounding.Down,
                        "up" => PointsRounding.Up,
                        "nearest" => PointsRounding.Nearest,
                        _ => throw At(json, reader.TokenStartIndex, $"unknown rounding \"{r}\"; use \"down\", \"up\" or \"nearest\""),
                    };
                    break;
                case "comment":
                    reader.Skip();
                    break;
                default:
                    throw At(json, at, $"unknown property \"{property}\" in loyalty; expected spendPerPoint, rounding or pointsPerCurrencyUnit");
            }
        }

        return new LoyaltyProgram(spendPerPoint, rounding, pointsPerUnit);
    }

    private static double ReadPositive(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string property)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double v) || !double.IsFinite(v) || v <= 0)
        {
            throw At(json, reader.TokenStartIndex, $"\"{property}\" must be a positive number");
        }

        return v;
    }

    private static string ReadString(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string property)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw At(json, reader.TokenStartIndex, $"\"{property}\" must be a string");
        }

        return reader.GetString()!;
    }

    /// <summary>
    /// Moves to the next property of an object and on to its value; false at the object's end. A name already in
    /// <paramref name="seen"/> (the same object) is refused: JSON readers disagree on which duplicate wins, so none does.
    /// </summary>
    private static bool NextProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, HashSet<string> seen, string where, out string property, out long at)
    {
        Next(ref reader, json);
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            property = string.Empty;
            at = reader.TokenStartIndex;
            return false;
        }

        at = reader.TokenStartIndex;
        property = reader.GetString()!;
        if (!seen.Add(property))
        {
            throw At(json, at, $"\"{property}\" appears twice in {where}; keep one");
        }

        Next(ref reader, json);
        return true;
    }

    private static void Next(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (!reader.Read())
        {
            throw At(json, json.Length, "unexpected end of file");
        }
    }

    private static RuleDefinitionException At(ReadOnlySpan<byte> json, long offset, string reason)
    {
        (int line, int column) = Position(json, offset);
        return new RuleDefinitionException(reason, null, null, -1, line, column);
    }

    /// <summary>One-based line and column (in characters) of a byte offset.</summary>
    private static (int Line, int Column) Position(ReadOnlySpan<byte> json, long offset)
    {
        ReadOnlySpan<byte> before = json[..(int)Math.Min(offset, json.Length)];
        int line = before.Count((byte)'\n') + 1;
        int lineStart = before.LastIndexOf((byte)'\n') + 1;
        int column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        return (line, column);
    }

    private sealed record PendingRule(string Name, string Tier, string When, int Priority, int Line, int Column);
}
