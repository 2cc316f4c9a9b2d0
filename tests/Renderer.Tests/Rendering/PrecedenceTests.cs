using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Rendering;

public sealed class PrecedenceTests
{
    [Fact]
    public void Render_MixedMatches_OrderedByGatewayApiPrecedence()
    {
        var spec = Yaml.Parent() + """
              rules:
              - matches: [{path: {type: PathPrefix, value: /}}]
                backendRefs: [{name: svc, port: 8080}]
              - matches: [{path: {type: PathPrefix, value: /api}}]
                backendRefs: [{name: svc, port: 8080}]
              - matches: [{path: {type: Exact, value: /api/x}}]
                backendRefs: [{name: svc, port: 8080}]
              - matches: [{path: {type: RegularExpression, value: "/api/[0-9]+"}}]
                backendRefs: [{name: svc, port: 8080}]
              - matches: [{path: {type: PathPrefix, value: /api}, method: GET}]
                backendRefs: [{name: svc, port: 8080}]
              - matches: [{path: {type: PathPrefix, value: /api}, headers: [{name: a, value: "1"}, {name: b, value: "2"}]}]
                backendRefs: [{name: svc, port: 8080}]
              - matches: [{path: {type: PathPrefix, value: /api}, headers: [{name: a, value: "1"}]}]
                backendRefs: [{name: svc, port: 8080}]
              - matches: [{path: {type: PathPrefix, value: /api}, queryParams: [{name: q, value: "1"}]}]
                backendRefs: [{name: svc, port: 8080}]

            """;
        var entries = Entries(Yaml.Route("r", spec));
        Assert.Equal([2, 3, 4, 5, 6, 7, 1, 0], entries.Select(e => RuleIndex(e.Id)));
    }

    [Fact]
    public void Render_TiedMatchesAcrossRoutes_OrderedByNamespaceThenName()
    {
        var rule = Yaml.Parent() + "  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n";
        var entries = Entries(Yaml.Route("zeta", rule, ns: "app") + Yaml.Route("alpha", rule, ns: "zz") + Yaml.Route("beta", rule, ns: "app") + Yaml.Service("svc", "zz"));
        Assert.Equal(["app/beta", "app/zeta", "zz/alpha"], entries.Select(e => $"{e.Route.Namespace}/{e.Route.Name}"));
    }

    [Fact]
    public void Render_VirtualHosts_MostSpecificFirst()
    {
        var spec = Yaml.Parent() + "  hostnames: [\"*.example.com\", a.example.com, \"*.b.example.com\"]\n  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n";
        var any = Yaml.Route("any", Yaml.Parent() + "  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n");
        var result = Render(Yaml.Route("r", spec) + any);
        Assert.Equal(["a.example.com", "*.b.example.com", "*.example.com", "*"], result.Plan.Listeners[0].VirtualHosts.Select(v => v.Hostname));
    }

    [Fact]
    public void Render_GrpcMethodMatches_BecomePathMatches()
    {
        var spec = Yaml.Parent() + """
              rules:
              - matches:
                - method: {service: pkg.Svc, method: Get}
                - method: {service: pkg.Svc}
                - method: {type: RegularExpression, service: "pkg\\..*", method: "Get.*"}
                backendRefs: [{name: svc, port: 8080}]

            """;
        var paths = Entries(Yaml.Route("g", spec, kind: "GRPCRoute")).Select(e => (e.Match.Path.Type, e.Match.Path.Value)).ToList();
        Assert.Contains((MatchKind.Exact, "/pkg.Svc/Get"), paths);
        Assert.Contains((MatchKind.PathPrefix, "/pkg.Svc"), paths);
        Assert.Contains((MatchKind.RegularExpression, "/pkg\\..*/Get.*"), paths);
    }

    [Fact]
    public void Render_FiltersTimeoutsRetry_RenderedIntoEntry()
    {
        var spec = Yaml.Parent() + """
              rules:
              - filters:
                - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-A, value: "1"}], remove: [X-B]}}
                - {type: RequestMirror, requestMirror: {backendRef: {name: svc, port: 8080}, percent: 25}}
                - {type: URLRewrite, urlRewrite: {hostname: internal.example.com, path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}}}
                timeouts: {request: 10s, backendRequest: 1500ms}
                retry: {codes: [503, 502], attempts: 3, backoff: 100ms}
                backendRefs: [{name: svc, port: 8080}]

            """;
        var e = Assert.Single(Entries(Yaml.Route("r", spec)));
        Assert.Equal([FilterType.RequestHeaderModifier, FilterType.RequestMirror, FilterType.URLRewrite], e.Filters.Select(f => f.Type));
        Assert.Equal(25, e.Filters[1].RequestMirror!.Numerator);
        Assert.Equal(new RouteTimeouts(10_000, 1_500), e.Timeouts);
        Assert.Equal(new RetryPolicy(3, [502, 503], true, 100, null), e.Retry);
    }

    [Fact]
    public void Render_RedirectRule_HasNoBackendsAndNoDirectResponse()
    {
        var spec = Yaml.Parent() + "  rules:\n  - filters: [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]\n";
        var e = Assert.Single(Entries(Yaml.Route("r", spec)));
        Assert.Empty(e.Backends);
        Assert.Null(e.DirectResponse);
        Assert.Equal(301, e.Filters[0].RequestRedirect!.StatusCode);
    }

    [Fact]
    public void Render_SameInputInAnyFileOrder_ByteIdenticalPlan()
    {
        var files = new[]
        {
            ("b.yaml", Yaml.Route("r2", Yaml.Parent() + "  hostnames: [b.example.com]\n  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n")),
            ("a.yaml", Yaml.Class + Yaml.Service("svc") + Yaml.Gateway(Yaml.Http() + Yaml.Http("h2", 8080))),
            ("c.yaml", Yaml.Route("r1", Yaml.Parent() + "  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n")),
        };
        var one = PlanJson.ToCanonicalBytes(Files.Render(files).Plan);
        var two = PlanJson.ToCanonicalBytes(Files.Render([.. files.Reverse()]).Plan);
        Assert.Equal(one, two);
        Assert.Equal([80, 8080], Files.Render(files).Plan.Listeners.Select(l => l.Port));
    }

    private static int RuleIndex(string id) => int.Parse(id.Split('/')[4], System.Globalization.CultureInfo.InvariantCulture);

    private static RenderResult Render(string docs) =>
        Files.Render(("a.yaml", Yaml.Class + Yaml.Service("svc") + Yaml.Gateway(Yaml.Http()) + docs));

    private static List<RouteEntry> Entries(string docs)
    {
        var result = Render(docs);
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        return result.Plan.Listeners[0].VirtualHosts.Single().Routes.ToList();
    }
}
