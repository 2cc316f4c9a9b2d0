using System.Text.Json;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using F = GitGateway.Proxy.Sync.PlanJsonFields;
using PlanVip = GitGateway.Plan.Model.Vip;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// Reads a plan as <see cref="PlanJson.Parse(ReadOnlySpan{byte})"/> does, to the same plan for the same bytes and a
/// <see cref="JsonException"/> where that throws, but walks the records a plan holds by the thousand (listener, virtual
/// host, route entry, match, backend, policy, object and source references) by hand with a <see cref="Utf8JsonReader"/>.
/// System.Text.Json's generic converters over those records are compiled when a node first parses a plan and run as
/// tier-0 code for the whole of that parse, the largest share of a node's CPU to ready (bench/node/README.md). The
/// records a plan holds few of (TLS, filters, L4 routes, VIPs, timeouts, retry, policy settings) are still read by
/// System.Text.Json, so a member added to one of them needs nothing here; a member added to a record read here must be
/// added here (PlanReaderTests checks every constructor parameter has a reader).
/// </summary>
internal static class PlanReader
{
    /// <exception cref="JsonException">The bytes are not a plan.</exception>
    public static RoutingPlan Read(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, F.ReaderOptions);
        try
        {
            reader.Read();
            var plan = ReadPlan(ref reader) ?? throw new JsonException("The plan is null.");

            // Anything but white space after the plan makes the reader throw, as it does for the serializer.
            return reader.Read() ? throw new JsonException("more than one value") : plan;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // A string or a member name that does not decode: the serializer refuses it with a JsonException too.
            throw new JsonException(e.Message, e);
        }
    }

    /// <summary>The members each record read here takes, by JSON name (for the test that keeps this in step with the model).</summary>
    internal static IReadOnlyDictionary<Type, string[]> Members { get; } = new Dictionary<Type, string[]>
    {
        [typeof(RoutingPlan)] = ["schemaVersion", "source", "listeners", "vips", "vipPools"],
        [typeof(Listener)] = ["id", "gateway", "name", "port", "protocol", "hostname", "tls", "virtualHosts", "l4Routes", "source"],
        [typeof(VirtualHost)] = ["id", "hostname", "routes"],
        [typeof(RouteEntry)] = ["id", "route", "ruleName", "match", "filters", "backends", "directResponse", "timeouts", "retry", "policies", "source"],
        [typeof(RouteMatch)] = ["path", "method", "headers", "queryParams"],
        [typeof(PathMatch)] = ["type", "value"],
        [typeof(StringMatch)] = ["type", "name", "value"],
        [typeof(Backend)] = ["id", "kind", "namespace", "name", "port", "weight", "appProtocol", "filters", "unresolved", "tls"],
        [typeof(AppliedPolicy)] = ["id", "type", "origin", "enforced", "source", "rateLimit", "jwt", "waf", "cors", "ipFilter"],
        [typeof(ObjectRef)] = ["kind", "namespace", "name"],
        [typeof(SourceMark)] = ["file", "line", "column"],
    };

    private static RoutingPlan? ReadPlan(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? schemaVersion = null, source = null;
        EquatableArray<Listener> listeners = default;
        EquatableArray<PlanVip> vips = default;
        EquatableArray<VipPool>? vipPools = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("schemaVersion"u8)) { schemaVersion = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("source"u8)) { source = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("listeners"u8)) { listeners = F.Array(ref reader, ReadListener); }
            else if (reader.ValueTextEquals("vips"u8)) { vips = F.ArrayBySerializer<PlanVip>(ref reader); }
            else if (reader.ValueTextEquals("vipPools"u8)) { vipPools = F.BySerializer<EquatableArray<VipPool>?>(ref reader, nullable: true); }
            else { F.Skip(ref reader); }
        }

        return new RoutingPlan(schemaVersion!, source!, listeners, vips, vipPools);
    }

    private static Listener? ReadListener(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? id = null, name = null, hostname = null;
        ObjectRef? gateway = null;
        SourceMark? source = null;
        var (port, protocol) = (0, default(ListenerProtocol));
        ListenerTls? tls = null;
        EquatableArray<VirtualHost> hosts = default;
        EquatableArray<L4Route> l4Routes = default;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("gateway"u8)) { gateway = F.Object(ref reader, F.ObjectRef, nullable: false); }
            else if (reader.ValueTextEquals("name"u8)) { name = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("port"u8)) { port = F.Int(ref reader); }
            else if (reader.ValueTextEquals("protocol"u8)) { protocol = F.Enum<ListenerProtocol>(ref reader); }
            else if (reader.ValueTextEquals("hostname"u8)) { hostname = F.String(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("tls"u8)) { tls = F.BySerializer<ListenerTls>(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("virtualHosts"u8)) { hosts = F.Array(ref reader, ReadVirtualHost); }
            else if (reader.ValueTextEquals("l4Routes"u8)) { l4Routes = F.ArrayBySerializer<L4Route>(ref reader); }
            else if (reader.ValueTextEquals("source"u8)) { source = F.Object(ref reader, F.SourceMark, nullable: false); }
            else { F.Skip(ref reader); }
        }

        return new Listener(id!, gateway!, name!, port, protocol, hostname, tls, hosts, l4Routes, source!);
    }

    private static VirtualHost? ReadVirtualHost(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? id = null, hostname = null;
        EquatableArray<RouteEntry> routes = default;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("hostname"u8)) { hostname = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("routes"u8)) { routes = F.Array(ref reader, ReadRouteEntry); }
            else { F.Skip(ref reader); }
        }

        return new VirtualHost(id!, hostname!, routes);
    }

    private static RouteEntry? ReadRouteEntry(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? id = null, ruleName = null;
        ObjectRef? route = null;
        RouteMatch? match = null;
        SourceMark? source = null;
        EquatableArray<Filter> filters = default;
        EquatableArray<Backend> backends = default;
        EquatableArray<AppliedPolicy> policies = default;
        var (direct, timeouts, retry) = ((DirectResponse?)null, (RouteTimeouts?)null, (RetryPolicy?)null);
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("route"u8)) { route = F.Object(ref reader, F.ObjectRef, nullable: false); }
            else if (reader.ValueTextEquals("ruleName"u8)) { ruleName = F.String(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("match"u8)) { match = F.Object(ref reader, ReadRouteMatch, nullable: false); }
            else if (reader.ValueTextEquals("filters"u8)) { filters = F.ArrayBySerializer<Filter>(ref reader); }
            else if (reader.ValueTextEquals("backends"u8)) { backends = F.Array(ref reader, ReadBackend); }
            else if (reader.ValueTextEquals("directResponse"u8)) { direct = F.BySerializer<DirectResponse>(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("timeouts"u8)) { timeouts = F.BySerializer<RouteTimeouts>(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("retry"u8)) { retry = F.BySerializer<RetryPolicy>(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("policies"u8)) { policies = F.Array(ref reader, ReadPolicy); }
            else if (reader.ValueTextEquals("source"u8)) { source = F.Object(ref reader, F.SourceMark, nullable: false); }
            else { F.Skip(ref reader); }
        }

        return new RouteEntry(id!, route!, ruleName, match!, filters, backends, direct, timeouts, retry, policies, source!);
    }

    private static RouteMatch? ReadRouteMatch(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        PathMatch? path = null;
        string? method = null;
        EquatableArray<StringMatch> headers = default, queryParams = default;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("path"u8)) { path = F.Object(ref reader, ReadPathMatch, nullable: false); }
            else if (reader.ValueTextEquals("method"u8)) { method = F.String(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("headers"u8)) { headers = F.Array(ref reader, ReadStringMatch); }
            else if (reader.ValueTextEquals("queryParams"u8)) { queryParams = F.Array(ref reader, ReadStringMatch); }
            else { F.Skip(ref reader); }
        }

        return new RouteMatch(path!, method, headers, queryParams);
    }

    private static PathMatch? ReadPathMatch(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var type = default(MatchKind);
        string? value = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("type"u8)) { type = F.Enum<MatchKind>(ref reader); }
            else if (reader.ValueTextEquals("value"u8)) { value = F.String(ref reader, nullable: false); }
            else { F.Skip(ref reader); }
        }

        return new PathMatch(type, value!);
    }

    private static StringMatch? ReadStringMatch(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var type = default(MatchKind);
        string? name = null, value = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("type"u8)) { type = F.Enum<MatchKind>(ref reader); }
            else if (reader.ValueTextEquals("name"u8)) { name = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("value"u8)) { value = F.String(ref reader, nullable: false); }
            else { F.Skip(ref reader); }
        }

        return new StringMatch(type, name!, value!);
    }

    private static Backend? ReadBackend(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? id = null, kind = null, ns = null, name = null, appProtocol = null, unresolved = null;
        var (port, weight) = (0, 0);
        EquatableArray<Filter> filters = default;
        UpstreamTls? tls = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("kind"u8)) { kind = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("namespace"u8)) { ns = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("name"u8)) { name = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("port"u8)) { port = F.Int(ref reader); }
            else if (reader.ValueTextEquals("weight"u8)) { weight = F.Int(ref reader); }
            else if (reader.ValueTextEquals("appProtocol"u8)) { appProtocol = F.String(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("filters"u8)) { filters = F.ArrayBySerializer<Filter>(ref reader); }
            else if (reader.ValueTextEquals("unresolved"u8)) { unresolved = F.String(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("tls"u8)) { tls = F.BySerializer<UpstreamTls>(ref reader, nullable: true); }
            else { F.Skip(ref reader); }
        }

        return new Backend(id!, kind!, ns!, name!, port, weight, appProtocol, filters, unresolved, tls);
    }

    private static AppliedPolicy? ReadPolicy(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? id = null;
        var (type, origin, enforced) = (default(PolicyType), default(PolicyOrigin), false);
        SourceMark? source = null;
        var (rateLimit, jwt, waf) = ((RateLimitSettings?)null, (JwtSettings?)null, (WafSettings?)null);
        var (cors, ipFilter) = ((CorsFilter?)null, (IpFilterSettings?)null);
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("type"u8)) { type = F.Enum<PolicyType>(ref reader); }
            else if (reader.ValueTextEquals("origin"u8)) { origin = F.Enum<PolicyOrigin>(ref reader); }
            else if (reader.ValueTextEquals("enforced"u8)) { enforced = F.Bool(ref reader); }
            else if (reader.ValueTextEquals("source"u8)) { source = F.Object(ref reader, F.SourceMark, nullable: false); }
            else if (reader.ValueTextEquals("rateLimit"u8)) { rateLimit = F.BySerializer<RateLimitSettings>(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("jwt"u8)) { jwt = F.BySerializer<JwtSettings>(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("waf"u8)) { waf = F.BySerializer<WafSettings>(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("cors"u8)) { cors = F.BySerializer<CorsFilter>(ref reader, nullable: true); }
            else if (reader.ValueTextEquals("ipFilter"u8)) { ipFilter = F.BySerializer<IpFilterSettings>(ref reader, nullable: true); }
            else { F.Skip(ref reader); }
        }

        return new AppliedPolicy(id!, type, origin, enforced, source!, rateLimit, jwt, waf, cors, ipFilter);
    }
}
