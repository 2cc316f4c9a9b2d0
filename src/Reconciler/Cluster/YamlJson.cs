using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// The documents of a manifest file (YAML or JSON) as JSON objects, the way the API server would read them: plain
/// scalars typed by the YAML 1.2 core schema (null, booleans, integers, floats), quoted or tagged ones kept as
/// strings. The file comes from Git, so it is hostile: aliases that expand past <see cref="MaxNodes"/> nodes, or
/// nesting deeper than <see cref="MaxDepth"/>, make the whole file unreadable here rather than fill memory.
/// </summary>
internal static partial class YamlJson
{
    public const int MaxNodes = 100_000;

    public const int MaxDepth = 64;

    /// <summary>The documents that are mappings; null when the file does not parse or is over a limit.</summary>
    public static IReadOnlyList<JsonObject>? Documents(ReadOnlyMemory<byte> content)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(Encoding.UTF8.GetString(content.Span));
            stream.Load(reader);
        }
        catch (YamlException)
        {
            return null;
        }

        var budget = MaxNodes;
        var documents = new List<JsonObject>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode)
            {
                continue;
            }

            if (Convert(document.RootNode, 0, ref budget) is not JsonObject obj)
            {
                return null;
            }

            documents.Add(obj);
        }

        return documents;
    }

    /// <summary>One node as JSON; null (with the budget spent) when a limit is reached.</summary>
    private static JsonNode? Convert(YamlNode node, int depth, ref int budget)
    {
        if (--budget < 0 || depth > MaxDepth)
        {
            budget = -1;
            return null;
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? "";
                    var converted = Convert(value, depth + 1, ref budget);
                    if (budget < 0)
                    {
                        return null;
                    }

                    obj[name] = converted;
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    var converted = Convert(item, depth + 1, ref budget);
                    if (budget < 0)
                    {
                        return null;
                    }

                    array.Add(converted);
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return scalar.Tag.IsEmpty || scalar.Tag.Value == "tag:yaml.org,2002:str" ? JsonValue.Create(text) : Tagged(scalar.Tag.Value, text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => JsonValue.Create(i),
            _ when Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }

    private static JsonNode? Tagged(string tag, string text) => tag switch
    {
        "tag:yaml.org,2002:int" when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => JsonValue.Create(i),
        "tag:yaml.org,2002:bool" when bool.TryParse(text, out var b) => JsonValue.Create(b),
        "tag:yaml.org,2002:null" => null,
        _ => JsonValue.Create(text),
    };

    [GeneratedRegex("^[-+]?[0-9]+\\z")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z")]
    private static partial Regex Float();
}
