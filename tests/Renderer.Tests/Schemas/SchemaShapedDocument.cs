using System.Globalization;
using System.Text;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Tests.Schemas;

/// <summary>
/// Random YAML (in its JSON form) shaped by a schema node, as a user would write it: property names as written (not
/// escaped), optional fields missing at random, explicit nulls, fields and map entries the schema leaves open, enum
/// values and strings the rules compare with, integers at their boundaries, numbers written as integers or
/// decimals, lists empty, short or at their maximum, and now and then a value of the wrong type.
/// </summary>
internal static class SchemaShapedDocument
{
    private static readonly string[] Strings =
    [
        "", "a", "/", "/a", "/a//b", "*", "*.example.com", "example.com", "10.0.0.1", "::1", "Exact", "PathPrefix",
        "RegularExpression", "Service", "HTTP", "HTTPS", "TLS", "GRPC", "CORS", "URLRewrite", "RequestHeaderModifier",
        "ResponseHeaderModifier", "RequestMirror", "ReplacePrefixMatch", "ReplaceFullPath", "gateway.networking.k8s.io",
        "Gateway", "x-a", "1s", "😀", "é",
    ];

    private static readonly string[] Integers = ["0", "1", "-1", "80", "443", "65535", "65536", "100", "9223372036854775807", "99999999999999999999"];

    /// <summary>Appends a value for <paramref name="node"/> to <paramref name="text"/>.</summary>
    public static void Write(StringBuilder text, SchemaNode node, Random random) => Write(text, node, random, 0);

    private static void Write(StringBuilder text, SchemaNode node, Random random, int depth)
    {
        if (random.Next(60) == 0)
        {
            text.Append(random.Next(3) switch { 0 => "null", 1 => "\"x\"", _ => "[]" });
            return;
        }

        switch (node.IntOrString ? (random.Next(2) == 0 ? "integer" : "string") : node.Type)
        {
            case "object":
                Object(text, node, random, depth);
                break;
            case "array":
                Array(text, node, random, depth);
                break;
            case "integer":
                text.Append(Integer(node, random));
                break;
            case "number":
                text.Append(random.Next(3) switch { 0 => "0", 1 => "1.5", _ => "-1" });
                break;
            case "boolean":
                text.Append(random.Next(2) == 0 ? "true" : "false");
                break;
            default:
                String(text, random.Next(3) == 0 && node.Enum is { Count: > 0 } values ? values[random.Next(values.Count)] : Strings[random.Next(Strings.Length)]);
                break;
        }
    }

    private static void Object(StringBuilder text, SchemaNode node, Random random, int depth)
    {
        text.Append('{');
        var first = true;
        foreach (var (name, property) in node.Properties ?? new Dictionary<string, SchemaNode>())
        {
            var present = node.Required.Contains(name) ? random.Next(30) != 0 : depth < 6 && random.Next(2) == 0;
            if (present || random.Next(15) == 0)
            {
                Key(text, name, ref first);
                if (present)
                {
                    Write(text, property, random, depth + 1);
                }
                else
                {
                    text.Append("null");
                }
            }
        }

        for (var i = node.AdditionalProperties is null && node.Properties is not null ? 0 : random.Next(3); i > 0; i--)
        {
            Key(text, $"k{i}-{Strings[random.Next(Strings.Length)]}", ref first);
            if (node.AdditionalProperties is { } values)
            {
                Write(text, values, random, depth + 1);
            }
            else
            {
                String(text, "v");
            }
        }

        text.Append('}');
    }

    private static void Array(StringBuilder text, SchemaNode node, Random random, int depth)
    {
        var max = Math.Min(node.MaxItems ?? 4, depth < 2 ? 17 : 3);
        var count = random.Next(5) switch { 0 => max, 1 => 1, _ => random.Next(Math.Min(4, max + 1)) };
        text.Append('[');
        for (var i = 0; i < count && node.Items is { } item; i++)
        {
            text.Append(i == 0 ? "" : ", ");
            Write(text, item, random, depth + 1);
        }

        text.Append(']');
    }

    private static string Integer(SchemaNode node, Random random) =>
        random.Next(3) == 0 && node.Minimum is { } min && node.Maximum is { } max && max - min is >= 0 and < int.MaxValue
            ? ((long)min + random.NextInt64((long)(max - min) + 1)).ToString(CultureInfo.InvariantCulture)
            : Integers[random.Next(Integers.Length)];

    private static void Key(StringBuilder text, string name, ref bool first)
    {
        text.Append(first ? "" : ", ");
        first = false;
        String(text, name);
        text.Append(": ");
    }

    // A double-quoted scalar: the pool holds no control characters, so only the quote and the backslash are escaped.
    private static void String(StringBuilder text, string value) =>
        text.Append('"').Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
}
