using GitGateway.Plan.Model;

namespace GitGateway.Plan.Tests;

internal static class SamplePlans
{
    private static readonly SourceMark Mark = new("teams/store/routes/api.yaml", 3, 1);

    public static RoutingPlan Store(int v1Weight = 90, int v2Weight = 10, string source = "main@sha1:aaaa") =>
        new(RoutingPlan.CurrentSchemaVersion, source, [Listener(Entry(v1Weight, v2Weight))], [Vip()]);

    public static Listener Listener(params RouteEntry[] entries) => new(
        "gateway/gateway-system/public/listener/http",
        new ObjectRef("Gateway", "gateway-system", "public"),
        "http",
        80,
        ListenerProtocol.HTTP,
        null,
        null,
        [new VirtualHost("gateway/gateway-system/public/listener/http/host/store.example.com", "store.example.com", entries)],
        default,
        Mark);

    public static RouteEntry Entry(int v1Weight, int v2Weight, string id = "httproute/store/api/rule/0/match/0") => new(
        id,
        new ObjectRef("HTTPRoute", "store", "api"),
        null,
        new RouteMatch(new PathMatch(MatchKind.PathPrefix, "/api"), null, default, default),
        default,
        [Backend("store-api-v1", v1Weight), Backend("store-api-v2", v2Weight)],
        null,
        null,
        null,
        default,
        Mark);

    public static Backend Backend(string name, int weight) =>
        new($"Service/store/{name}:8080", "Service", "store", name, 8080, weight, null, default, null);

    public static Vip Vip() => new(
        "vip/public",
        "public",
        ["10.200.0.100/32"],
        "ipv4",
        "BGP",
        [80, 443],
        ["edge=true"],
        [new ObjectRef("Gateway", "gateway-system", "public")],
        new BgpSettings(64501, "10.0.0.1", 90, ["64501:100"], default, null, null, [new BgpPeer("peer/10.0.0.254", "10.0.0.254", 64500, 179, null)]),
        new BfdSettings(3, 300, 300),
        new SourceMark("platform/vips/public.yaml", 1, 1));
}
