using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitGateway.Reconciler.Serve;

/// <summary>
/// Where each field of the serve config is written (line, column), by path such as
/// <c>repositories[1].github.tokenFile</c>, so a problem is reported at its line, or at its parent's when the field
/// is missing.
/// </summary>
internal sealed partial class ServeConfigMarks
{
    private readonly Dictionary<string, (long Line, long Column)> _marks = new(StringComparer.Ordinal);

    public static ServeConfigMarks Empty { get; } = new();

    public static ServeConfigMarks Read(string text)
    {
        var marks = new ServeConfigMarks();
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        if (yaml.Documents.Count > 0)
        {
            marks.Walk(yaml.Documents[0].RootNode, "");
        }

        return marks;
    }

    /// <summary>The line and column of <paramref name="path"/>, else of its nearest parent that is written, else 1:1.</summary>
    public (long Line, long Column) Find(string path)
    {
        while (path.Length > 0)
        {
            if (_marks.TryGetValue(path, out var mark))
            {
                return mark;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut < 0 ? "" : path[..cut];
        }

        return (1, 1);
    }

    /// <summary>A YAML error without YamlDotNet's position prefix and type names.</summary>
    public static string Describe(YamlException ex)
    {
        switch (ex.InnerException)
        {
            case InvalidCastException cast when CastTarget().Match(cast.Message) is { Success: true } target:
                return $"expected {Kind(target.Groups[1].Value)} here";
            case FormatException format:
                return "not a valid value here: " + format.Message;
        }

        var message = (ex.InnerException as YamlException ?? ex).Message;
        message = PositionPrefix().Replace(message, "");
        var unknown = UnknownProperty().Match(message);
        if (unknown.Success)
        {
            return $"unknown field '{unknown.Groups[1].Value}'";
        }

        var wrongType = WrongType().Match(message);
        return wrongType.Success ? $"expected {Kind(wrongType.Groups[1].Value)} here" : message.Trim();
    }

    private static string Kind(string type) => type switch
    {
        "System.String" => "a single value",
        "System.Int64" or "System.Int32" => "a number",
        _ when type.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "a list",
        _ => "a mapping of fields",
    };

    private void Walk(YamlNode node, string path)
    {
        if (node is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                var child = (path.Length == 0 ? "" : path + ".") + ((key as YamlScalarNode)?.Value ?? "?");
                _marks.TryAdd(child, (key.Start.Line, key.Start.Column));
                Walk(value, child);
            }
        }
        else if (node is YamlSequenceNode list)
        {
            for (var i = 0; i < list.Children.Count; i++)
            {
                var child = $"{path}[{i}]";
                _marks.TryAdd(child, (list.Children[i].Start.Line, list.Children[i].Start.Column));
                Walk(list.Children[i], child);
            }
        }
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();

    [GeneratedRegex(@"deserialize the node into type ([^,\[]+)")]
    private static partial Regex WrongType();

    [GeneratedRegex(@"to '([^'\[`]+)")]
    private static partial Regex CastTarget();

    [GeneratedRegex(@"Property '([^']*)' not found on type")]
    private static partial Regex UnknownProperty();
}
