using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Manifests;

/// <summary>
/// Versions and groups from Gateway API v1.5 and v1.6: TLSRoute v1 is Standard, and the vendored CRD keeps
/// v1alpha2/v1alpha3 with "served: false" and "deprecated: true"; experimental kinds live in
/// gateway.networking.x-k8s.io with X-prefixed names (the vendored gateway.networking.x-k8s.io_* CRDs).
/// </summary>
public sealed class ApiVersionTests
{
    private const string Listener = "  - {name: tls, port: 443, protocol: TLS, tls: {mode: Passthrough}, allowedRoutes: {namespaces: {from: All}}}\n";
    private const string Route = "  parentRefs: [{name: gw, namespace: infra}]\n  hostnames: [a.example.com]\n  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n";

    [Theory]
    [InlineData("v1alpha2")]
    [InlineData("v1alpha3")]
    public void Render_TlsRouteOlderVersion_ReadWithDeprecationWarning(string version)
    {
        var result = Render(Yaml.Route("r", Route, kind: "TLSRoute", version: version));
        var warning = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.DeprecatedApiVersion);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("gateway.networking.k8s.io/v1", warning.Message, StringComparison.Ordinal);
        Assert.Equal(14, warning.Line);
        Assert.Contains(result.Status.Routes[0].Parents[0].Conditions, c => c is { Type: "Accepted", Status: "True" });
        Assert.Single(result.Plan.Listeners[0].L4Routes);
    }

    [Fact]
    public void Render_TlsRouteV1_ReadWithoutWarning()
    {
        var result = Render(Yaml.Route("r", Route, kind: "TLSRoute", version: "v1"));
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.DeprecatedApiVersion);
        Assert.Contains(result.Status.Routes[0].Parents[0].Conditions, c => c is { Type: "Accepted", Status: "True" });
    }

    [Theory]
    [InlineData("XBackendTrafficPolicy", "v1alpha1")]
    [InlineData("XMesh", "v1alpha1")]
    public void Render_ExperimentalKindInXGroup_KnownAndIgnoredWithoutDiagnostic(string kind, string version)
    {
        var doc = $"---\napiVersion: gateway.networking.x-k8s.io/{version}\nkind: {kind}\nmetadata: {{name: x, namespace: infra}}\nspec: {{}}\n";
        var result = Render(doc);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code is DiagnosticCodes.UnknownKind or DiagnosticCodes.UnsupportedApiVersion);
    }

    [Fact]
    public void Render_UnknownKindInXGroup_StillUnknown()
    {
        var result = Render("---\napiVersion: gateway.networking.x-k8s.io/v1alpha1\nkind: XNothing\nmetadata: {name: x, namespace: infra}\nspec: {}\n");
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.UnknownKind);
    }

    private static RenderResult Render(string doc) =>
        Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(Listener) + doc + Yaml.Service("svc")));
}
