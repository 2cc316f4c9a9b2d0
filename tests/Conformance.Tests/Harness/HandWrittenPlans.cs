using GitGateway.Plan.Model;

namespace GitGateway.Conformance.Tests.Harness;

/// <summary>
/// Plans written by hand for a few cases, so the harness's own mechanics (backends, proxy process, checks) are
/// tested independently of the renderer.
/// </summary>
internal static class HandWrittenPlans
{
    private static readonly SourceMark Mark = new("manifests/tests/httproute-simple-same-namespace.yaml", 1, 1);

    /// <summary>HTTPRouteSimpleSameNamespace: every request on same-namespace:80 goes to <paramref name="service"/>.</summary>
    public static RoutingPlan SimpleSameNamespace(string service = "infra-backend-v1")
    {
        var route = new ObjectRef("HTTPRoute", "gateway-conformance-infra", "gateway-conformance-infra-test");
        var entry = new RouteEntry(
            "httproute/gateway-conformance-infra/gateway-conformance-infra-test/rule/0/match/0",
            route,
            null,
            new RouteMatch(new PathMatch(MatchKind.PathPrefix, "/"), null, default, default),
            default,
            [new Backend($"Service/gateway-conformance-infra/{service}:8080", "Service", "gateway-conformance-infra", service, 8080, 1, null, default, null)],
            null,
            null,
            null,
            default,
            Mark);
        var listener = new Listener(
            "gateway/gateway-conformance-infra/same-namespace/listener/http",
            new ObjectRef("Gateway", "gateway-conformance-infra", "same-namespace"),
            "http",
            80,
            ListenerProtocol.HTTP,
            null,
            null,
            [new VirtualHost("gateway/gateway-conformance-infra/same-namespace/listener/http/host/*", "*", [entry])],
            default,
            Mark);
        return new RoutingPlan(RoutingPlan.CurrentSchemaVersion, "main@sha1:0000000000000000000000000000000000000000", [listener], default);
    }
}
