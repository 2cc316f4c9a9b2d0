using System.Text.Json;
using GitGateway.Plan.Model;
using F = GitGateway.Plan.Serialization.PlanJsonFields;
using PlanVip = GitGateway.Plan.Model.Vip;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// Reads a plan by hand with a <see cref="Utf8JsonReader"/>, to the plan System.Text.Json reads from the same bytes
/// under <see cref="PlanJson.Canonical"/> (the tests' reference), and a <see cref="PlanJsonException"/> where that
/// refuses them. No metadata is built and nothing is compiled per type when a process first reads a plan: the generic
/// converters did that, and ran as tier-0 code for the whole of that first read. This file reads the plan's skeleton
/// (plan, listeners, virtual hosts, L4 routes, listener TLS); the route entries, filters and VIPs have their readers.
/// A member added to a record must be added to its reader: PlanReaderTests reads a plan with every member set.
/// </summary>
internal static class PlanReader
{
    /// <exception cref="PlanJsonException">The bytes are not a plan.</exception>
    public static RoutingPlan Read(ReadOnlySpan<byte> utf8Json, long maxBytes = PlanJson.DefaultMaxBytes) =>
        F.ReadDocument(utf8Json, ReadPlan, maxBytes);

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
            else if (reader.ValueTextEquals("vips"u8)) { vips = F.Array(ref reader, VipReader.Vip); }
            else if (reader.ValueTextEquals("vipPools"u8)) { vipPools = F.ArrayOrNull(ref reader, VipReader.Pool); }
            else { F.Skip(ref reader); }
        }

        return new RoutingPlan(schemaVersion!, source!, listeners, vips, vipPools);
    }

    internal static Listener? ReadListener(ref Utf8JsonReader reader)
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
            else if (reader.ValueTextEquals("tls"u8)) { tls = F.Object(ref reader, ReadTls, nullable: true); }
            else if (reader.ValueTextEquals("virtualHosts"u8)) { hosts = F.Array(ref reader, ReadVirtualHost); }
            else if (reader.ValueTextEquals("l4Routes"u8)) { l4Routes = F.Array(ref reader, ReadL4Route); }
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
            else if (reader.ValueTextEquals("routes"u8)) { routes = F.Array(ref reader, RouteEntryReader.Entry); }
            else { F.Skip(ref reader); }
        }

        return new VirtualHost(id!, hostname!, routes);
    }

    private static L4Route? ReadL4Route(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? id = null;
        ObjectRef? route = null;
        SourceMark? source = null;
        EquatableArray<string> hostnames = default;
        EquatableArray<Backend> backends = default;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("route"u8)) { route = F.Object(ref reader, F.ObjectRef, nullable: false); }
            else if (reader.ValueTextEquals("hostnames"u8)) { hostnames = F.Strings(ref reader); }
            else if (reader.ValueTextEquals("backends"u8)) { backends = F.Array(ref reader, RouteEntryReader.Backend); }
            else if (reader.ValueTextEquals("source"u8)) { source = F.Object(ref reader, F.SourceMark, nullable: false); }
            else { F.Skip(ref reader); }
        }

        return new L4Route(id!, route!, hostnames, backends, source!);
    }

    private static ListenerTls? ReadTls(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var mode = default(TlsMode);
        EquatableArray<CertificateRef> certificates = default;
        ClientValidation? client = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("mode"u8)) { mode = F.Enum<TlsMode>(ref reader); }
            else if (reader.ValueTextEquals("certificateRefs"u8)) { certificates = F.Array(ref reader, CertificateRef); }
            else if (reader.ValueTextEquals("clientValidation"u8)) { client = F.Object(ref reader, ReadClientValidation, nullable: true); }
            else { F.Skip(ref reader); }
        }

        return new ListenerTls(mode, certificates, client);
    }

    private static ClientValidation? ReadClientValidation(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        EquatableArray<CertificateRef> certificates = default;
        string? mode = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("caCertificateRefs"u8)) { certificates = F.Array(ref reader, CertificateRef); }
            else if (reader.ValueTextEquals("mode"u8)) { mode = F.String(ref reader, nullable: false); }
            else { F.Skip(ref reader); }
        }

        return new ClientValidation(certificates, mode!);
    }

    /// <summary>A certificate reference (listener TLS, client validation, upstream TLS).</summary>
    internal static CertificateRef? CertificateRef(ref Utf8JsonReader reader) =>
        F.ThreeStrings(ref reader, "kind"u8, "namespace"u8, "name"u8, static (kind, ns, name) => new CertificateRef(kind, ns, name));
}
