using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Tests.Schemas;

public sealed class SchemaNodeTests
{
    [Fact]
    public void PatternRegex_TwoNodesWithOnePattern_OneMatcherThatMatches()
    {
        var first = new SchemaNode { Type = "string", Pattern = "^[a-z]+-shared$" };
        var second = new SchemaNode { Type = "string", Pattern = "^[a-z]+-shared$" };

        Assert.Same(first.PatternRegex, second.PatternRegex);
        Assert.Matches(second.PatternRegex!, "ab-shared");
        Assert.DoesNotMatch(second.PatternRegex!, "AB-shared");
    }

    [Fact]
    public void PatternRegex_HttpRouteSchema_OneMatcherPerDistinctPattern()
    {
        var nodes = new List<SchemaNode>();
        Collect(SchemaCatalog.Find(KnownKinds.GatewayGroup, "v1", "HTTPRoute")!, nodes);

        var patterns = nodes.Where(n => n.Pattern is not null).ToList();
        var matchers = patterns.Select(n => n.PatternRegex!).Distinct(ReferenceEqualityComparer.Instance).Count();

        Assert.True(patterns.Count > 2 * matchers, $"{patterns.Count} pattern nodes, {matchers} matchers");
        Assert.Equal(patterns.Select(n => n.Pattern).Distinct(StringComparer.Ordinal).Count(), matchers);
    }

    private static void Collect(SchemaNode node, List<SchemaNode> into)
    {
        into.Add(node);
        foreach (var child in (node.Properties?.Values ?? []).Append(node.Items).Append(node.AdditionalProperties).OfType<SchemaNode>())
        {
            Collect(child, into);
        }
    }
}
