using System.Text;
using GitGateway.Renderer.Rendering;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitGateway.Reconciler.Review.RoutingTests;

/// <summary>
/// Reads <c>teams/&lt;team&gt;/tests/*.yaml</c>: <c>kind: RoutingTest</c> with <c>spec.cases</c> (or a bare
/// <c>tests:</c> list) of <c>{name, request: {scheme?, host, path, method?, port?, headers?},
/// expect: {backend?, backends? (list, or map to weights), status?, redirect?, headers?}}</c>.
/// A file that cannot be read becomes a failed result at its line, so it shows in the comment and the check.
/// </summary>
internal static class RoutingTestLoader
{
    public static bool IsTestFile(string path)
    {
        var parts = path.Split('/');
        return parts.Length == 4 && parts[0] == "teams" && parts[2] == "tests"
            && (parts[3].EndsWith(".yaml", StringComparison.Ordinal) || parts[3].EndsWith(".yml", StringComparison.Ordinal));
    }

    public static (IReadOnlyList<RoutingTestCase> Cases, IReadOnlyList<RoutingTestResult> Errors) Load(IEnumerable<SourceFile> files)
    {
        var cases = new List<RoutingTestCase>();
        var errors = new List<RoutingTestResult>();
        foreach (var file in files.Where(f => IsTestFile(f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            try
            {
                var yaml = new YamlStream();
                yaml.Load(new StringReader(Encoding.UTF8.GetString(file.Content.Span)));
                if (yaml.Documents.Count == 0)
                {
                    continue;
                }

                if (yaml.Documents[0].RootNode is not YamlMappingNode root
                    || (Child(root, "tests") ?? (Child(root, "spec") is YamlMappingNode spec ? Child(spec, "cases") : null)) is not YamlSequenceNode tests)
                {
                    errors.Add(new RoutingTestResult(file.Path, 1, "(file)", false, "expected kind: RoutingTest with a 'spec.cases' list"));
                    continue;
                }

                foreach (var node in tests.Children)
                {
                    cases.Add(ReadCase(file.Path, node));
                }
            }
            catch (Exception ex) when (ex is YamlException or FormatException or InvalidCastException)
            {
                var line = ex is YamlException y ? (int)y.Start.Line : 1;
                errors.Add(new RoutingTestResult(file.Path, line, "(file)", false, "cannot read the test file: " + ex.Message));
            }
        }

        return (cases, errors);
    }

    private static RoutingTestCase ReadCase(string path, YamlNode node)
    {
        var line = (int)node.Start.Line;
        if (node is not YamlMappingNode test || Child(test, "request") is not YamlMappingNode req || Child(test, "expect") is not YamlMappingNode exp)
        {
            throw new YamlException(node.Start, node.End, "a test needs 'request' and 'expect' mappings");
        }

        var query = Map(req, "query") is { Count: > 0 } q
            ? "?" + string.Join('&', q.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)))
            : "";
        var request = new RoutingTestRequest(
            Scalar(req, "host") ?? Scalar(req, "sni") ?? throw new YamlException(req.Start, req.End, "request.host (or sni) is required"),
            (Scalar(req, "path") ?? "/") + query,
            Scalar(req, "method") ?? "GET",
            Int(req, "port"),
            Map(req, "headers") ?? new Dictionary<string, string>(),
            Scalar(req, "scheme") ?? "https",
            Scalar(req, "protocol"));
        var expect = new RoutingTestExpectation(
            Scalar(exp, "backend"),
            Backends(Child(exp, "backends")),
            Int(exp, "status"),
            Scalar(exp, "redirect"),
            Map(exp, "headers"));
        return new RoutingTestCase(path, line, Scalar(test, "name") ?? $"test at line {line}", request, expect);
    }

    private static Dictionary<string, int?>? Backends(YamlNode? node) => node switch
    {
        YamlSequenceNode list => list.Children.ToDictionary(c => ((YamlScalarNode)c).Value ?? "", _ => (int?)null, StringComparer.Ordinal),
        YamlMappingNode map => map.Children.ToDictionary(
            kv => ((YamlScalarNode)kv.Key).Value ?? "",
            kv => (int?)int.Parse(((YamlScalarNode)kv.Value).Value ?? "", System.Globalization.CultureInfo.InvariantCulture),
            StringComparer.Ordinal),
        _ => null,
    };

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

    private static int? Int(YamlMappingNode map, string key) =>
        Scalar(map, key) is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static Dictionary<string, string>? Map(YamlMappingNode map, string key) =>
        Child(map, key) is YamlMappingNode m
            ? m.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => ((YamlScalarNode)kv.Value).Value ?? "", StringComparer.OrdinalIgnoreCase)
            : null;
}
