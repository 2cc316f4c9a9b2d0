using System.Globalization;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Tests.Schemas;

/// <summary>
/// Every CEL rule of every CRD the renderer embeds must compile and give a bool for an example value of its node:
/// a rule the library cannot evaluate is skipped silently at render time, so this is where such a gap shows.
/// The examples are made from the schema: once with every field written, once with only the required ones (the
/// defaults filled in as the API server does).
/// </summary>
public sealed class CelRuleCoverageTests
{
    // Candidate strings for a pattern-bound field: the first that fits is the example value.
    private static readonly string[] Candidates = ["a", "1s", "/", "example.com", "a.b", "*.example.com", "10.0.0.1", "https://example.com", "Service"];

    public static TheoryData<string> CrdFiles()
    {
        var data = new TheoryData<string>();
        foreach (var name in typeof(SchemaCatalog).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("crds/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    // The required-only example of a TLS listener (mode defaults to Terminate, no certificateRefs) is itself invalid:
    // the API server's evaluation of this rule fails on the missing key too, so "not evaluated" is the right answer.
    private const string TerminateNeedsCertificates = "self.mode == 'Terminate' ? size(self.certificateRefs) > 0 || size(self.options) > 0 : true";

    [Theory]
    [MemberData(nameof(CrdFiles))]
    public void VendoredRules_AllCompileAndEvaluateToABool(string resource)
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var kind in SchemaReader.Read(resource, Read(resource)))
        {
            foreach (var (version, root) in kind.Versions)
            {
                Walk(root, $"{kind.Kind}/{version}", (path, node) =>
                {
                    foreach (var rule in node.Rules.Where(r => !r.IsTransitionRule))
                    {
                        count++;
                        foreach (var (label, value) in new[] { ("full", Example(node, full: true)), ("required", Example(node, full: false)) })
                        {
                            if (!CelRuleEvaluator.Compiles(rule)
                                || (CelRuleEvaluator.Evaluate(rule, value!) is null && !(label == "required" && rule.Rule == TerminateNeedsCertificates)))
                            {
                                failures.Add($"{path} ({label} example): {rule.Rule}");
                            }
                        }
                    }
                });
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        if (!resource.Contains("referencegrants", StringComparison.Ordinal) && !resource.Contains("gatewayclasses", StringComparison.Ordinal)
            && !resource.Contains("vap_", StringComparison.Ordinal))
        {
            Assert.NotEqual(0, count);
        }
    }

    [Fact]
    public void VendoredRules_TransitionRulesAreTheOnlySkipped()
    {
        var rules = CrdFiles().Select(r => (string)r.Data).SelectMany(r => SchemaReader.Read(r, Read(r)))
            .SelectMany(k => k.Versions.Values).SelectMany(AllRules).ToList();

        Assert.True(rules.Count > 300, $"only {rules.Count} rules were read");
        Assert.All(rules.Where(r => r.IsTransitionRule), r => Assert.Equal("self == oldSelf", r.Rule));
    }

    private static IEnumerable<SchemaRule> AllRules(SchemaNode node)
    {
        var result = new List<SchemaRule>();
        Walk(node, "", (_, n) => result.AddRange(n.Rules));
        return result;
    }

    internal static void Walk(SchemaNode node, string path, Action<string, SchemaNode> visit)
    {
        visit(path, node);
        foreach (var (name, child) in node.Properties ?? new Dictionary<string, SchemaNode>())
        {
            Walk(child, $"{path}.{name}", visit);
        }

        if (node.Items is { } items)
        {
            Walk(items, path + "[]", visit);
        }

        if (node.AdditionalProperties is { } values)
        {
            Walk(values, path + "{}", visit);
        }
    }

    private static object? Example(SchemaNode node, bool full)
    {
        if (node.Default is { } d)
        {
            return CelValues.Typed(d, node);
        }

        if (node.IntOrString)
        {
            return 1L;
        }

        switch (node.Type)
        {
            case "object":
                var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (name, child) in node.Properties ?? new Dictionary<string, SchemaNode>())
                {
                    if ((full || node.Required.Contains(name) || child.Default is not null) && Example(child, full) is { } v)
                    {
                        fields[CelValues.PropertyName(name)] = v;
                    }
                }

                if (node.AdditionalProperties is { } values && Example(values, full) is { } entry)
                {
                    fields["example.com/a"] = entry;
                }

                return fields;
            case "array":
                return node.Items is { } items && Example(items, full) is { } item ? new List<object?> { item } : new List<object?>();
            case "integer":
                return (long)Math.Max(node.Minimum ?? 1, 1);
            case "number":
                return (double)(node.Minimum ?? 1);
            case "boolean":
                return false;
            case "string":
                return node.Enum?[0] ?? Candidates.FirstOrDefault(c => node.PatternRegex?.IsMatch(c) != false && c.Length >= (node.MinLength ?? 0)) ?? "a";
            default:
                return "a";
        }
    }

    internal static ReadOnlyMemory<byte> Read(string resource)
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
