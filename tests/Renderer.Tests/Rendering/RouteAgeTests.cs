using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Rendering;

/// <summary>
/// Gateway API keeps the oldest route where routes tie (creationTimestamp, then namespace/name); the renderer takes
/// ages as an optional input (from Git history) and, without them, says where the name alone decided.
/// </summary>
public sealed class RouteAgeTests
{
    private const string TcpListener = "  - {name: tcp, port: 9310, protocol: TCP, allowedRoutes: {namespaces: {from: All}}}\n";

    private static readonly string TcpRoutes =
        Yaml.Route("tcproute-attach-older", Yaml.Parent() + "  rules:\n  - backendRefs: [{name: one, port: 3000}]\n", kind: "TCPRoute", version: "v1alpha2")
        + Yaml.Route("tcproute-attach-newer", Yaml.Parent() + "  rules:\n  - backendRefs: [{name: two, port: 3000}]\n", kind: "TCPRoute", version: "v1alpha2")
        + Yaml.Service("one", port: 3000) + Yaml.Service("two", port: 3000);

    [Fact]
    public void Render_TwoTcpRoutesWithAges_OldestServesFirst()
    {
        var result = Render(TcpRoutes, Ages(("TCPRoute/app/tcproute-attach-older", 1), ("TCPRoute/app/tcproute-attach-newer", 2)));

        Assert.Equal(["tcproute-attach-older", "tcproute-attach-newer"], result.Plan.Listeners[0].L4Routes.Select(r => r.Route.Name));
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.RouteAgeUnknown);
    }

    [Fact]
    public void Render_TwoTcpRoutesOfOneCommit_FirstByNameServes()
    {
        var result = Render(TcpRoutes, Ages(("TCPRoute/app/tcproute-attach-older", 3), ("TCPRoute/app/tcproute-attach-newer", 3)));

        Assert.Equal("tcproute-attach-newer", result.Plan.Listeners[0].L4Routes[0].Route.Name);
    }

    [Fact]
    public void Render_TwoTcpRoutesWithoutHistory_FirstByNameServesAndWarningSaysSo()
    {
        var result = Render(TcpRoutes, ages: null);

        Assert.Equal("tcproute-attach-newer", result.Plan.Listeners[0].L4Routes[0].Route.Name);
        var warning = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.RouteAgeUnknown);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("app/tcproute-attach-newer serves as the first by namespace/name", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TiedHttpMatchesWithAges_OlderRouteFirstThenName()
    {
        var rule = Yaml.Parent() + "  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n";
        var docs = Yaml.Gateway(Yaml.Http()) + Yaml.Route("alpha", rule) + Yaml.Route("beta", rule) + Yaml.Route("gamma", rule) + Yaml.Service("svc");
        var result = Render(docs, Ages(("HTTPRoute/app/alpha", 5), ("HTTPRoute/app/beta", 2), ("HTTPRoute/app/gamma", 5)));

        Assert.Equal(["beta", "alpha", "gamma"], result.Plan.Listeners[0].VirtualHosts.Single().Routes.Select(e => e.Route.Name));
    }

    [Fact]
    public void Render_RouteMissingFromAges_IsNewest()
    {
        var result = Render(TcpRoutes, Ages(("TCPRoute/app/tcproute-attach-older", 7)));

        Assert.Equal("tcproute-attach-older", result.Plan.Listeners[0].L4Routes[0].Route.Name);
    }

    private static ObjectAges Ages(params (string Key, long Rank)[] ranks) =>
        new(ranks.ToDictionary(r => r.Key, r => r.Rank, StringComparer.Ordinal), "test history");

    private static RenderResult Render(string docs, ObjectAges? ages)
    {
        var text = Yaml.Class + (docs.Contains("kind: Gateway\n", StringComparison.Ordinal) ? "" : Yaml.Gateway(TcpListener)) + docs;
        var result = PlanRenderer.Render(new RenderInput([Files.Of("a.yaml", text)], "test") { Ages = ages });
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        return result;
    }
}
