using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Tests.Binding;

public sealed class RouteBindingTests
{
    private const string Backend = "  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n";

    [Fact]
    public void Render_RouteAttached_AcceptedResolvedAndCounted()
    {
        var result = Render(Yaml.Gateway(Yaml.Http()), Yaml.Route("r", Yaml.Parent() + Backend));
        var parent = Assert.Single(Assert.Single(result.Status.Routes).Parents);
        Assert.Contains(parent.Conditions, c => c is { Type: "Accepted", Status: "True", Reason: "Accepted" });
        Assert.Contains(parent.Conditions, c => c is { Type: "ResolvedRefs", Status: "True" });
        Assert.Equal("gitgateway.dev/gateway-controller", parent.ControllerName);
        Assert.Equal(1, result.Status.Gateways[0].Listeners[0].AttachedRoutes);
        Assert.False(result.HasErrors);
    }

    [Theory]
    [InlineData(", sectionName: nope")]
    [InlineData(", port: 8080")]
    public void Render_ParentRefSelectsNoListener_NoMatchingParent(string extra)
    {
        var result = Render(Yaml.Gateway(Yaml.Http()), Yaml.Route("r", Yaml.Parent(extra: extra) + Backend));
        Assert.Equal("NoMatchingParent", Accepted(result).Reason);
        Assert.Contains(result.Diagnostics, d => d.Code == "NoMatchingParent");
        Assert.Empty(result.Plan.Listeners[0].VirtualHosts);
    }

    [Fact]
    public void Render_SameNamespaceListener_RejectsOtherNamespace()
    {
        var result = Render(Yaml.Gateway(Yaml.Http(from: "Same")), Yaml.Route("r", Yaml.Parent() + Backend));
        Assert.Equal("NotAllowedByListeners", Accepted(result).Reason);
        Assert.Equal(0, result.Status.Gateways[0].Listeners[0].AttachedRoutes);
    }

    [Theory]
    [InlineData("---\napiVersion: v1\nkind: Namespace\nmetadata: {name: app, labels: {access: gw}}\n", "True")]
    [InlineData("---\napiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: t}\nspec:\n  namespaces: [app]\n  namespaceLabels: {app: {access: gw}}\n", "True")]
    [InlineData("---\napiVersion: v1\nkind: Namespace\nmetadata: {name: app, labels: {access: other}}\n", "False")]
    public void Render_SelectorListener_UsesNamespaceOrTeamLabels(string labels, string accepted)
    {
        var l = "  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {access: gw}}}}}\n";
        var result = Render(Yaml.Gateway(l), Yaml.Route("r", Yaml.Parent() + Backend) + labels);
        Assert.Equal(accepted, Accepted(result).Status);
    }

    [Fact]
    public void Render_HostnamesDoNotIntersect_NoMatchingListenerHostname()
    {
        var route = Yaml.Route("r", Yaml.Parent() + "  hostnames: [b.example.com]\n" + Backend);
        var result = Render(Yaml.Gateway(Yaml.Http(hostname: "a.example.com")), route);
        Assert.Equal("NoMatchingListenerHostname", Accepted(result).Reason);
    }

    [Fact]
    public void Render_WildcardListener_KeepsRouteHostnamesInside()
    {
        var route = Yaml.Route("r", Yaml.Parent() + "  hostnames: [a.example.com, x.other.com, \"*.example.com\"]\n" + Backend);
        var result = Render(Yaml.Gateway(Yaml.Http(hostname: "*.example.com")), route);
        Assert.Equal(["a.example.com", "*.example.com"], result.Plan.Listeners[0].VirtualHosts.Select(v => v.Hostname));
    }

    [Fact]
    public void Render_TcpRouteOnHttpListener_NotAllowedByListeners()
    {
        var route = Yaml.Route("t", Yaml.Parent() + Backend, kind: "TCPRoute", version: "v1alpha2");
        Assert.Equal("NotAllowedByListeners", Accepted(Render(Yaml.Gateway(Yaml.Http()), route)).Reason);
    }

    [Fact]
    public void Render_InvalidRouteSpec_UnsupportedValueAndNotInPlan()
    {
        var route = Yaml.Route("r", Yaml.Parent() + "  rules:\n  - backendRefs: [{name: svc, port: 8080, weight: 2000000}]\n");
        var result = Render(Yaml.Gateway(Yaml.Http()), route);
        Assert.Equal("UnsupportedValue", Accepted(result).Reason);
        Assert.Empty(result.Plan.Listeners[0].VirtualHosts);
    }

    [Fact]
    public void Render_MissingService_BackendNotFoundAnd500()
    {
        var route = Yaml.Route("r", Yaml.Parent() + "  rules:\n  - backendRefs: [{name: missing, port: 8080}]\n");
        var result = Render(Yaml.Gateway(Yaml.Http()), route);
        Assert.Equal("BackendNotFound", Resolved(result).Reason);
        Assert.Equal("True", Accepted(result).Status);
        var entry = result.Plan.Listeners[0].VirtualHosts[0].Routes[0];
        Assert.Equal(500, entry.DirectResponse!.StatusCode);
    }

    [Fact]
    public void Render_PartlyInvalidBackends_KeepWeightShareAsUnresolved()
    {
        var route = Yaml.Route("r", Yaml.Parent() + "  rules:\n  - backendRefs: [{name: svc, port: 8080, weight: 3}, {name: missing, port: 8080, weight: 1}]\n");
        var entry = Render(Yaml.Gateway(Yaml.Http()), route).Plan.Listeners[0].VirtualHosts[0].Routes[0];
        Assert.Null(entry.DirectResponse);
        Assert.Equal([(3, (string?)null), (1, "BackendNotFound")], entry.Backends.Select(b => (b.Weight, b.Unresolved)));
    }

    [Fact]
    public void Render_WrongServicePort_BackendNotFound()
    {
        var route = Yaml.Route("r", Yaml.Parent() + "  rules:\n  - backendRefs: [{name: svc, port: 9999}]\n");
        Assert.Equal("BackendNotFound", Resolved(Render(Yaml.Gateway(Yaml.Http()), route)).Reason);
    }

    [Fact]
    public void Render_NonServiceBackend_InvalidKind()
    {
        var route = Yaml.Route("r", Yaml.Parent() + "  rules:\n  - backendRefs: [{group: example.com, kind: Bucket, name: b}]\n");
        Assert.Equal("InvalidKind", Resolved(Render(Yaml.Gateway(Yaml.Http()), route)).Reason);
    }

    [Fact]
    public void Render_CrossNamespaceBackend_NeedsReferenceGrant()
    {
        var route = Yaml.Route("r", Yaml.Parent() + "  rules:\n  - backendRefs: [{name: other, namespace: far, port: 8080}]\n");
        var svc = Yaml.Service("other", "far");
        Assert.Equal("RefNotPermitted", Resolved(Render(Yaml.Gateway(Yaml.Http()), route + svc)).Reason);
        var grant = "---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: far}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: app}]\n  to: [{group: \"\", kind: Service, name: other}]\n";
        Assert.Equal("True", Resolved(Render(Yaml.Gateway(Yaml.Http()), route + svc + grant)).Status);
    }

    [Fact]
    public void Render_TeamServiceCatalogue_ResolvesBackend()
    {
        var team = "---\napiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: t}\nspec:\n  namespaces: [app]\n  services: [{name: cat, ports: [9000]}]\n";
        var route = Yaml.Route("r", Yaml.Parent() + "  rules:\n  - backendRefs: [{name: cat, port: 9000}]\n");
        Assert.Equal("True", Resolved(Render(Yaml.Gateway(Yaml.Http()), route + team)).Status);
    }

    [Fact]
    public void Render_RouteToMissingGateway_WarnsAndHasNoStatus()
    {
        var result = Render(Yaml.Gateway(Yaml.Http()), Yaml.Route("r", Yaml.Parent("nope") + Backend));
        Assert.Empty(result.Status.Routes);
        Assert.Contains(result.Diagnostics, d => d.Code == "NoMatchingParent");
    }

    private static RenderResult Render(params string[] docs) =>
        Files.Render(("a.yaml", Yaml.Class + Yaml.Service("svc") + string.Concat(docs)));

    private static Condition Accepted(RenderResult r) => r.Status.Routes[0].Parents[0].Conditions.Single(c => c.Type == "Accepted");

    private static Condition Resolved(RenderResult r) => r.Status.Routes[0].Parents[0].Conditions.Single(c => c.Type == "ResolvedRefs");
}
