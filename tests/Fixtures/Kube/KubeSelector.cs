using System.Text.Json.Nodes;

namespace GitGateway.Fixtures.Kube;

/// <summary>
/// The equality-based label and field selectors of list and watch (<c>a=b,c!=d</c>; fields <c>metadata.name</c> and
/// <c>metadata.namespace</c>), enough for the clients under test.
/// </summary>
internal sealed class KubeSelector
{
    private readonly (string Key, string Value, bool Equal)[] _labels;
    private readonly (string Key, string Value, bool Equal)[] _fields;

    public KubeSelector(string? labels, string? fields)
    {
        _labels = Parse(labels);
        _fields = Parse(fields);
    }

    public bool Matches(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject;
        var labels = metadata?["labels"] as JsonObject;
        foreach (var (key, value, equal) in _labels)
        {
            var actual = labels?[key]?.GetValue<string>();
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        foreach (var (key, value, equal) in _fields)
        {
            var actual = key switch
            {
                "metadata.name" => metadata?["name"]?.GetValue<string>(),
                "metadata.namespace" => metadata?["namespace"]?.GetValue<string>(),
                _ => null,
            };
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }

    private static (string, string, bool)[] Parse(string? selector) =>
        string.IsNullOrEmpty(selector)
            ? []
            : [.. selector.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(term =>
            {
                var negated = term.Contains("!=", StringComparison.Ordinal);
                var parts = term.Split(negated ? "!=" : term.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
                return (parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : "", !negated);
            })];
}
