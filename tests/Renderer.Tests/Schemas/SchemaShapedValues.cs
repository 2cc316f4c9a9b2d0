using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Tests.Schemas;

/// <summary>
/// Random CEL values shaped by a schema node, for comparing evaluators: optional fields missing at random, defaults
/// filled in or not, enum values and a pool of strings the rules compare with (empty, paths, hostnames, IPs, unicode
/// with and without surrogate pairs), integers at their boundaries, lists empty, short or at their maximum, and now
/// and then a value of the wrong type.
/// </summary>
internal static class SchemaShapedValues
{
    private static readonly string[] Strings =
    [
        "", "a", "b", "/", "//", "/a", "/a/b", "/a//b", "/a/./b", "/a/../b", "/..", "/.", "/a%2fb", "/a%2Fb", "/a#b", "a/b",
        "*", "*.example.com", "*.", "example.com", "Example.com", "a.b", "-a", "10.0.0.1", "010.0.0.1", "256.0.0.1", "::1",
        "fe80::1%eth0", "Exact", "PathPrefix", "RegularExpression", "Service", "Terminate", "Passthrough", "HTTP", "HTTPS",
        "TLS", "TCP", "UDP", "GRPC", "Hostname", "IPAddress", "URI", "Cookie", "Header", "Permanent", "Session",
        "ReplacePrefixMatch", "ReplaceFullPath", "CORS", "RequestRedirect", "URLRewrite", "RequestHeaderModifier",
        "ResponseHeaderModifier", "RequestMirror", "ExtensionRef", "ExternalAuth", "gateway.networking.k8s.io", "Gateway",
        "é", "日本", "😀", "/😀", "a\u200db", "\u00e9xample.com", "example.com/a", "x/y/z", "0s", "1s", "10ms",
        "spiffe://a/b", "https://example.com", new string('a', 253) + "/b", "_a.b", ".a",
    ];

    private static readonly long[] Integers = [0, 1, -1, 2, 80, 128, 129, 443, 65535, 65536, long.MaxValue, long.MinValue, 100, 1000];

    /// <summary>A value for <paramref name="node"/>.</summary>
    public static object? Value(SchemaNode node, Random random) => Value(node, random, 0);

    private static object? Value(SchemaNode node, Random random, int depth)
    {
        if (random.Next(40) == 0)
        {
            return WrongType(random);
        }

        if (node.IntOrString)
        {
            return random.Next(2) == 0 ? Integer(node, random) : Text(node, random);
        }

        return node.Type switch
        {
            "object" => Object(node, random, depth),
            "array" => Array(node, random, depth),
            "integer" => Integer(node, random),
            "number" => random.Next(3) switch { 0 => 0.0, 1 => 1.5, _ => -1.0 },
            "boolean" => random.Next(2) == 0,
            _ => Text(node, random),
        };
    }

    private static Dictionary<string, object?> Object(SchemaNode node, Random random, int depth)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, property) in node.Properties ?? new Dictionary<string, SchemaNode>())
        {
            var present = node.Required.Contains(name) ? random.Next(20) != 0 : depth < 6 && random.Next(2) == 0;
            if (present && Value(property, random, depth + 1) is { } value)
            {
                fields[CelValues.PropertyName(name)] = value;
            }
            else if (property.Default is { } fallback && random.Next(2) == 0 && CelValues.Typed(fallback, property) is { } typed)
            {
                fields[CelValues.PropertyName(name)] = typed;
            }
        }

        if (node.AdditionalProperties is { } values)
        {
            for (var i = random.Next(4); i > 0; i--)
            {
                fields[Pick(Strings, random)] = Value(values, random, depth + 1) ?? "v";
            }
        }

        return fields;
    }

    private static List<object?> Array(SchemaNode node, Random random, int depth)
    {
        var max = Math.Min(node.MaxItems ?? 4, depth < 2 ? 17 : 3);
        var count = random.Next(5) switch
        {
            0 => max,
            1 => 1,
            _ => random.Next(Math.Min(4, max + 1)),
        };
        var items = new List<object?>(count);
        for (var i = 0; i < count && node.Items is { } item; i++)
        {
            items.Add(Value(item, random, depth + 1) ?? "x");
        }

        return items;
    }

    private static long Integer(SchemaNode node, Random random) => random.Next(3) == 0 && node.Minimum is { } min && node.Maximum is { } max && max - min is >= 0 and < int.MaxValue
        ? (long)min + random.NextInt64((long)(max - min) + 1)
        : Pick(Integers, random);

    private static string Text(SchemaNode node, Random random) => random.Next(5) switch
    {
        0 or 1 when node.Enum is { Count: > 0 } values => values[random.Next(values.Count)],
        4 => Unicode(random),
        _ => Pick(Strings, random),
    };

    private static string Unicode(Random random)
    {
        var text = new System.Text.StringBuilder();
        for (var i = random.Next(8); i > 0; i--)
        {
            text.Append(random.Next(6) switch
            {
                0 => "😀",
                1 => (char)random.Next(0x80, 0x3000),
                2 => '/',
                3 => '.',
                _ => (char)random.Next('a', 'z' + 1),
            });
        }

        return text.ToString();
    }

    private static object WrongType(Random random) => random.Next(5) switch
    {
        0 => 1L,
        1 => "x",
        2 => true,
        3 => new List<object?>(),
        _ => new Dictionary<string, object?>(StringComparer.Ordinal),
    };

    private static T Pick<T>(T[] values, Random random) => values[random.Next(values.Length)];
}
