using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// Checks the routing test files (<c>teams/&lt;team&gt;/tests/*.yaml</c>) against the RoutingTest schema. They
/// are not manifests (the review runs them), but a misspelt field there would make a test that checks nothing.
/// </summary>
internal static class RoutingTestSchema
{
    private static readonly Lazy<SchemaNode> Bare = new(() => new SchemaNode
    {
        Type = "object",
        Properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal) { ["tests"] = Cases() },
    });

    /// <summary>Checks every document of <paramref name="file"/>.</summary>
    public static void Check(SourceFile file, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(file);
        foreach (var root in YamlDocumentReader.Read(file.Path, file.Content, diagnostics))
        {
            if (root is YamlMapping map && map.Get("apiVersion") is null && map.Get("kind") is null && map.Get("tests") is not null)
            {
                // The older form: a bare `tests:` list.
                SchemaValidator.Validate(map, Bare.Value, "RoutingTest", diagnostics);
            }
            else if (root is YamlMapping { } test && (test.Get("apiVersion") as YamlScalar)?.Value is "gitgateway.dev/v1alpha1"
                && (test.Get("kind") as YamlScalar)?.Value == "RoutingTest")
            {
                SchemaValidator.Validate(test, Full(), "RoutingTest", diagnostics);
            }
            else
            {
                diagnostics.Error(DiagnosticCodes.UnknownKind, root.Mark, "a routing test file holds apiVersion gitgateway.dev/v1alpha1, kind RoutingTest, with spec.cases");
            }
        }
    }

    private static SchemaNode Full() => SchemaCatalog.Find(KnownKinds.OwnGroup, "v1alpha1", "RoutingTest")!;

    private static SchemaNode Cases() => Full().Properties!["spec"].Properties!["cases"];
}
