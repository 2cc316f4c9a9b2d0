using GitGateway.Plan;
using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>Concise builders for plan records, as the renderer would fill them.</summary>
internal static class Plans
{
    public static readonly SourceMark Mark = new("teams/t/routes/r.yaml", 1, 1);

    public static RoutingPlan Of(params Listener[] listeners) => new(RoutingPlan.CurrentSchemaVersion, "test", listeners, default);

    public static Listener Http(int port, params VirtualHost[] hosts) => Listener("http", port, ListenerProtocol.HTTP, null, null, hosts);

    public static Listener Listener(string name, int port, ListenerProtocol protocol, string? hostname, ListenerTls? tls, VirtualHost[] hosts, params L4Route[] l4) =>
        new($"gateway/infra/gw/listener/{name}", new ObjectRef("Gateway", "infra", "gw"), name, port, protocol, hostname, tls, hosts, l4, Mark);

    public static VirtualHost Host(string hostname, params RouteEntry[] entries) => new($"host/{hostname}", hostname, entries);

    public static RouteEntry Entry(string id, PathMatch path, params Backend[] backends) => Entry(id, new RouteMatch(path, null, default, default), default, backends);

    public static RouteEntry Entry(string id, RouteMatch match, EquatableArray<Filter> filters, params Backend[] backends) =>
        new($"httproute/infra/{id}/rule/0/match/0", new ObjectRef("HTTPRoute", "infra", id), null, match, filters, backends, null, null, null, default, Mark);

    public static PathMatch Prefix(string value) => new(MatchKind.PathPrefix, value);

    public static PathMatch Exact(string value) => new(MatchKind.Exact, value);

    public static PathMatch Regex(string value) => new(MatchKind.RegularExpression, value);

    public static Backend Service(string name, int weight = 1, string? appProtocol = null, string? unresolved = null, EquatableArray<Filter> filters = default) =>
        new($"Service/infra/{name}:8080", "Service", "infra", name, 8080, weight, appProtocol, filters, unresolved);

    public static L4Route L4(string id, string[] hostnames, params Backend[] backends) =>
        new($"tcproute/infra/{id}/rule/0", new ObjectRef("TCPRoute", "infra", id), hostnames, backends, Mark);
}
