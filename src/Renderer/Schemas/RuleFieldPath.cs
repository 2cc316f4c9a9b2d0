using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// Finds the node a CEL rule's <c>fieldPath</c> names (<c>.spec.port</c>, <c>.items[0]</c>, <c>['a.b']</c>,
/// relative to the node carrying the rule), so its finding points at that line; the carrying node when the path
/// leads nowhere written.
/// </summary>
internal static class RuleFieldPath
{
    /// <summary>The node at <paramref name="fieldPath"/> below <paramref name="self"/>, or <paramref name="self"/>.</summary>
    public static YamlNode Find(YamlNode self, string fieldPath)
    {
        ArgumentNullException.ThrowIfNull(fieldPath);
        YamlNode? node = self;
        var rest = fieldPath.AsSpan();
        while (!rest.IsEmpty && node is not null)
        {
            if (rest[0] == '.')
            {
                var end = rest[1..].IndexOfAny('.', '[');
                var name = end < 0 ? rest[1..] : rest[1..(end + 1)];
                node = (node as YamlMapping)?.Get(name.ToString());
                rest = end < 0 ? [] : rest[(end + 1)..];
            }
            else if (rest[0] == '[' && rest.IndexOf(']') is > 0 and var close)
            {
                var inner = rest[1..close].Trim("'\"").ToString();
                node = int.TryParse(inner, out var index)
                    ? (node as YamlSequence)?.Items.ElementAtOrDefault(index)
                    : (node as YamlMapping)?.Get(inner);
                rest = rest[(close + 1)..];
            }
            else
            {
                return self;
            }
        }

        return node ?? self;
    }
}
