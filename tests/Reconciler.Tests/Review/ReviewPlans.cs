using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Status;

namespace GitGateway.Reconciler.Tests.Review;

/// <summary>Plans and render results built directly from the plan records, for review tests.</summary>
internal static class ReviewPlans
{
    public static readonly ObjectRef Gateway = new("Gateway", "gateway-system", "public");

    public static RoutingPlan PlanOf(params VirtualHost[] hosts) =>
        new(RoutingPlan.CurrentSchemaVersion, "main@sha1:base", [Listener(hosts)], default);

    public static Listener Listener(params VirtualHost[] hosts) => new(
        "gateway/gateway-system/public/listener/http",
        Gateway,
        "http",
        80,
        ListenerProtocol.HTTP,
        null,
        null,
        hosts,
        default,
        new SourceMark("platform/gateways/public.yaml", 8, 5));

    public static VirtualHost Host(string hostname, params RouteEntry[] entries) =>
        new($"gateway/gateway-system/public/listener/http/host/{hostname}", hostname, entries);

    public static RouteEntry Entry(
        string team,
        string route,
        string path,
        (string Name, int Weight)[] backends,
        int line = 10,
        int match = 0,
        EquatableArray<Filter> filters = default,
        EquatableArray<AppliedPolicy> policies = default,
        MatchKind kind = MatchKind.PathPrefix,
        EquatableArray<StringMatch> headers = default) => new(
        $"httproute/{team}/{route}/rule/0/match/{match}",
        new ObjectRef("HTTPRoute", team, route),
        null,
        new RouteMatch(new PathMatch(kind, path), null, headers, default),
        filters,
        backends.Select(b => Backend(team, b.Name, b.Weight)).ToEquatableArray(),
        null,
        null,
        null,
        policies,
        new SourceMark($"teams/{team}/routes/{route}.yaml", line, 7));

    public static Backend Backend(string ns, string name, int weight) =>
        new($"Service/{ns}/{name}:8080", "Service", ns, name, 8080, weight, null, default, null);

    public static AppliedPolicy Jwt(string team) => new(
        $"proxypolicy/{team}/jwt",
        PolicyType.JWT,
        PolicyOrigin.Route,
        false,
        new SourceMark($"teams/{team}/policies/jwt.yaml", 1, 1),
        Jwt: new JwtSettings("https://auth.example.com", ["store.example.com"], "https://auth.example.com/jwks", default));

    public static RenderResult Render(RoutingPlan plan, params Diagnostic[] diagnostics) =>
        new(plan, new RenderStatus([], [], []), diagnostics);

    public static RenderResult Render(RoutingPlan plan, RenderStatus status, params Diagnostic[] diagnostics) =>
        new(plan, status, diagnostics);

    public static RouteStatus NotAccepted(string team, string route, string reason, string message) => new(
        "HTTPRoute",
        team,
        route,
        [new RouteParentStatus(
            new ParentReference("gateway.networking.k8s.io", "Gateway", "gateway-system", "public", "https", null),
            RenderInput.DefaultControllerName,
            [new Condition("Accepted", "False", reason, message), new Condition("ResolvedRefs", "True", "ResolvedRefs", "")])]);
}
