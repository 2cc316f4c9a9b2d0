using System.Text;

namespace GitGateway.Renderer.Tests.Manifests;

/// <summary>
/// Writes manifest-shaped YAML from a seed in every style a manifest may take: block and flow collections, sequences
/// indented or not, plain and quoted scalars, comments, blank lines and document markers, and now and then what a
/// manifest should not hold (anchors, tags, block scalars, escapes, duplicate keys, empty values, odd indentation),
/// except for even seeds.
/// </summary>
internal static class GeneratedYaml
{
    private const string Letters = "ab1:#-/ .'\"";
    private static readonly string[] Keys = ["apiVersion", "kind", "metadata", "name", "spec", "rules", "path", "value", "type", "a.b/c-d", "x_y", "on", "null", "80"];
    private static readonly string[] OddKeys = ["\"q\"", "'q'", "? k", "k k", "-k", "k:x", "k ", "&a k", "!t k"];
    private static readonly string[] Plain = ["x", "/r1/api", "true", "8080", "~", "null", "a b", "http://h:80/p", "b:c", "it's", "a#b", "^/r(1|2)/.*$", "x]", "a,b", "v{1}", "1.5e3", "0x1F", "=x"];
    private static readonly string[] Odd = ["*.example.com", "-1", "- x", "a: b", "", "!t x", "&a x", "*a", "|\n  block", ">\n  folded", "%x", "@x", "`x", "'a''b'", "\"a\\\"b\"", "\"multi\n  line\"", "x\n  more", "é", "\"tab\tx\"", "\"\\x41\"", "\"\\t\"", "\"a\\ b\"", "?x", ":x", "x :"];
    private static readonly string[] Quoted = ["\"team000.example.com\"", "'single'", "\"\"", "''", "\"a # b\"", "\"{x}\"", "'[y]'", "\"a: b\"", "\"^v2(\\\\.[0-9]+)?$\"", "\"a\\/b\\\\\"", "\"q\\\"q\""];

    /// <summary>The YAML text for <paramref name="seed"/>.</summary>
    public static string Write(int seed)
    {
        var random = new Dice(seed, clean: seed % 2 == 0);
        var text = new StringBuilder();
        var docs = 1 + random.Next(3);
        for (var d = 0; d < docs; d++)
        {
            if (d > 0 || random.Next(3) == 0)
            {
                text.Append(random.Next(8) == 0 ? "--- # doc\n" : "---\n");
            }

            Noise(random, text, 0);
            Mapping(random, text, 0, 0, inline: false);
        }

        return random.Next(10) == 0 ? text.ToString().TrimEnd('\n') : text.ToString();
    }

    private static void Mapping(Dice random, StringBuilder text, int indent, int depth, bool inline)
    {
        var count = 1 + random.Next(depth == 0 ? 5 : 4);
        var first = random.Next(Keys.Length);
        for (var i = 0; i < count; i++)
        {
            if (i > 0 || !inline)
            {
                text.Append(' ', Math.Max(0, indent + (random.Rare(40) ? random.Next(3) - 1 : 0)));
            }

            text.Append(random.Rare(30) ? OddKeys[random.Next(OddKeys.Length)] : Key(random, first + i)).Append(':');
            Value(random, text, indent, depth);
            Noise(random, text, indent);
        }
    }

    private static void Value(Dice random, StringBuilder text, int indent, int depth)
    {
        switch (depth > 4 ? random.Next(2) : random.Next(5))
        {
            case 0:
                text.Append(' ').Append(Scalar(random, flow: false)).Append(Comment(random)).Append('\n');
                break;
            case 1:
                text.Append(' ').Append(Flow(random, depth)).Append(Comment(random)).Append('\n');
                break;
            case 2:
                text.Append(Comment(random)).Append('\n');
                Mapping(random, text, indent + 2 + (random.Next(4) == 0 ? 2 : 0), depth + 1, inline: false);
                break;
            default:
                text.Append(Comment(random)).Append('\n');
                Sequence(random, text, random.Next(2) == 0 ? indent : indent + 2, depth + 1);
                break;
        }
    }

    private static void Sequence(Dice random, StringBuilder text, int indent, int depth)
    {
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            text.Append(' ', indent).Append('-');
            switch (random.Next(depth > 4 ? 2 : 4))
            {
                case 0:
                    text.Append(' ').Append(Scalar(random, flow: false)).Append(Comment(random)).Append('\n');
                    break;
                case 1:
                    text.Append(' ').Append(Flow(random, depth)).Append('\n');
                    break;
                case 2:
                    text.Append(' ', 1 + (random.Next(5) == 0 ? 2 : 0));
                    Mapping(random, text, text.Length - LineStart(text), depth + 1, inline: true);
                    break;
                default:
                    text.Append(Comment(random)).Append('\n');
                    Mapping(random, text, indent + 2, depth + 1, inline: false);
                    break;
            }

            Noise(random, text, indent);
        }
    }

    private static string Flow(Dice random, int depth)
    {
        var map = random.Next(2) == 0;
        var count = random.Next(8) == 0 ? 0 : 1 + random.Next(4);
        var first = random.Next(Keys.Length);
        var items = Enumerable.Range(0, count).Select(i =>
        {
            var value = depth < 6 && random.Next(4) == 0 ? Flow(random, depth + 1) : Scalar(random, flow: true);
            return map ? Key(random, first + i) + (random.Rare(20) ? ":" : ": ") + value : value;
        });
        var sep = random.Next(4) == 0 ? " , " : ", ";
        var body = string.Join(sep, items) + (random.Rare(20) ? "," : "");
        var pad = random.Next(4) == 0 ? " " : "";
        return (map ? "{" : "[") + pad + body + pad + (random.Rare(30) ? "\n" : "") + (map ? "}" : "]");
    }

    // A clean mapping's keys are distinct; another's may repeat.
    private static string Key(Dice random, int i) => random.Clean ? Keys[i % Keys.Length] : Keys[random.Next(Keys.Length)];

    private static string Scalar(Dice random, bool flow) => (random.Clean ? 1 + random.Next(11) : random.Next(12)) switch
    {
        0 => Odd[random.Next(Odd.Length)],
        1 or 2 => Quoted[random.Next(Quoted.Length)],
        3 when !random.Clean => new string([.. Enumerable.Range(0, 1 + random.Next(6)).Select(_ => Letters[random.Next(Letters.Length)])]).Trim(),
        _ when !flow => Plain[random.Next(Plain.Length)],
        _ => FlowPlain(random, Plain[random.Next(Plain.Length)]),
    };

    // In a flow, ',' ']' end a plain scalar; a clean one also holds no ':' or '{' (which the subset leaves to the parser).
    private static string FlowPlain(Dice random, string plain) => plain.Replace("]", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal) switch
    {
        var p when random.Clean && (p.Contains(':', StringComparison.Ordinal) || p.Contains('{', StringComparison.Ordinal)) => "x",
        var p => p,
    };

    private static string Comment(Dice random) => random.Next(8) switch
    {
        0 => " # note: x",
        1 => " #",
        2 when !random.Clean => "#x",
        _ => "",
    };

    private static void Noise(Dice random, StringBuilder text, int indent)
    {
        switch (random.Next(12))
        {
            case 0:
                text.Append('\n');
                break;
            case 1:
                text.Append(' ', random.Next(2) == 0 ? indent : random.Next(6)).Append("# comment\n");
                break;
            case 2:
                text.Append("   \n");
                break;
        }
    }

    private static int LineStart(StringBuilder text)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] == '\n')
            {
                return i + 1;
            }
        }

        return 0;
    }

    // A seeded random source; a clean one never writes what a manifest should not hold.
    private sealed class Dice(int seed, bool clean) : Random(seed)
    {
        public bool Clean => clean;

        public bool Rare(int oneIn) => !clean && Next(oneIn) == 0;
    }
}
