using System.Text;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// Blanks the <c>description:</c> text of a vendored CRD before it is parsed. Descriptions are about two thirds of
/// the Gateway API CRDs' bytes and the schema reader never reads them, yet every one was scanned as YAML in every
/// process that met the kind. A description whose value is on its own line is a key named <c>description</c> (a
/// property of that name, as in GatewayClass) and is kept; so is one that opens a flow collection. Blanked lines
/// stay as empty lines, so every other node keeps its line and column. The input is our own vendored file, and
/// <c>CrdDescriptionsTests</c> holds every embedded CRD read both ways to the same schema.
/// </summary>
internal static class CrdDescriptions
{
    private const string Key = "description:";

    /// <summary>The CRD text with the lines of every scalar description made empty.</summary>
    public static string Blank(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        var output = new StringBuilder(text.Length);
        var blankDeeperThan = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var indent = line.Length - line.TrimStart(' ').Length;
            var content = line.AsSpan(indent).TrimEnd('\r');
            if (blankDeeperThan >= 0 && (content.IsEmpty || indent > blankDeeperThan))
            {
                // A line of the description's scalar: a continuation is indented deeper than its key.
                line = "";
            }
            else
            {
                blankDeeperThan = IsScalarDescription(content) ? indent : -1;
                line = blankDeeperThan >= 0 ? "" : line;
            }

            output.Append(line);
            if (i < lines.Length - 1)
            {
                output.Append('\n');
            }
        }

        return output.ToString();
    }

    // "description: text", "description: |-" or "description: 'text": a scalar value on the key's own line.
    private static bool IsScalarDescription(ReadOnlySpan<char> content)
    {
        if (!content.StartsWith(Key, StringComparison.Ordinal) || content.Length == Key.Length || content[Key.Length] != ' ')
        {
            return false;
        }

        var value = content[Key.Length..].TrimStart(' ');
        return !value.IsEmpty && value[0] is not ('{' or '[' or '#' or '&' or '*' or '!');
    }
}
