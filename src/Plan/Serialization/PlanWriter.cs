using System.Text.Json;
using GitGateway.Plan.Delta;
using GitGateway.Plan.Model;
using M = GitGateway.Plan.Serialization.PlanJsonMembers;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// Writes a plan by hand with a <see cref="Utf8JsonWriter"/>, to the bytes System.Text.Json writes under
/// <see cref="PlanJson.Canonical"/> (the tests' reference): members in declaration order, nulls left out, arrays always
/// written, enums by name. No metadata is built and nothing is compiled per type when a process first writes a plan.
/// This file writes the plan's skeleton (plan, listeners, virtual hosts, L4 routes, listener TLS); the route entries,
/// filters, policy settings and VIPs have their writers. PlanReaderTests compares the bytes, with every member set.
/// </summary>
internal static class PlanWriter
{
    public static void Write(Utf8JsonWriter writer, RoutingPlan plan) => M.Value(writer, plan, Plan);

    /// <summary>The same bytes, each route entry copied from <paramref name="entries"/> when it holds that entry's bytes.</summary>
    public static void Write(Utf8JsonWriter writer, RoutingPlan plan, RouteEntryBytes entries) =>
        M.Value(writer, plan, (w, p) => Plan(w, p, (w2, l) => Listener(w2, l, entries)));

    private static void Plan(Utf8JsonWriter writer, RoutingPlan plan) => Plan(writer, plan, Listener);

    private static void Plan(Utf8JsonWriter writer, RoutingPlan plan, Action<Utf8JsonWriter, Listener> listener)
    {
        M.String(writer, "schemaVersion"u8, plan.SchemaVersion);
        M.String(writer, "source"u8, plan.Source);
        M.Array(writer, "listeners"u8, plan.Listeners, listener);
        M.Array(writer, "vips"u8, plan.Vips, VipWriter.Vip);
        M.Array(writer, "vipPools"u8, plan.VipPools, VipWriter.Pool);
    }

    internal static void Listener(Utf8JsonWriter writer, Listener listener) => Listener(writer, listener, null);

    private static void Listener(Utf8JsonWriter writer, Listener listener, RouteEntryBytes? entries)
    {
        M.String(writer, "id"u8, listener.Id);
        M.Object(writer, "gateway"u8, listener.Gateway, M.ObjectRef);
        M.String(writer, "name"u8, listener.Name);
        writer.WriteNumber("port"u8, listener.Port);
        M.Enum(writer, "protocol"u8, listener.Protocol);
        M.String(writer, "hostname"u8, listener.Hostname);
        M.Object(writer, "tls"u8, listener.Tls, Tls);
        M.Array(writer, "virtualHosts"u8, listener.VirtualHosts, (w, h) => VirtualHost(w, h, entries));
        M.Array(writer, "l4Routes"u8, listener.L4Routes, L4Route);
        M.Object(writer, "source"u8, listener.Source, M.SourceMark);
    }

    private static void VirtualHost(Utf8JsonWriter writer, VirtualHost host, RouteEntryBytes? entries)
    {
        M.String(writer, "id"u8, host.Id);
        M.String(writer, "hostname"u8, host.Hostname);
        if (entries is null)
        {
            M.Array(writer, "routes"u8, host.Routes, RouteEntryWriter.Entry);
            return;
        }

        writer.WriteStartArray("routes"u8);
        foreach (var entry in host.Routes)
        {
            entries.Write(writer, entry);
            if (writer.BytesPending > M.FlushThreshold)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
    }

    internal static void L4Route(Utf8JsonWriter writer, L4Route route)
    {
        M.String(writer, "id"u8, route.Id);
        M.Object(writer, "route"u8, route.Route, M.ObjectRef);
        M.Strings(writer, "hostnames"u8, route.Hostnames);
        M.Array(writer, "backends"u8, route.Backends, RouteEntryWriter.Backend);
        M.Object(writer, "source"u8, route.Source, M.SourceMark);
    }

    internal static void Tls(Utf8JsonWriter writer, ListenerTls tls)
    {
        M.Enum(writer, "mode"u8, tls.Mode);
        M.Array(writer, "certificateRefs"u8, tls.CertificateRefs, CertificateRef);
        M.Object(writer, "clientValidation"u8, tls.ClientValidation, ClientValidation);
    }

    private static void ClientValidation(Utf8JsonWriter writer, ClientValidation validation)
    {
        M.Array(writer, "caCertificateRefs"u8, validation.CaCertificateRefs, CertificateRef);
        M.String(writer, "mode"u8, validation.Mode);
    }

    internal static void CertificateRef(Utf8JsonWriter writer, CertificateRef reference)
    {
        M.String(writer, "kind"u8, reference.Kind);
        M.String(writer, "namespace"u8, reference.Namespace);
        M.String(writer, "name"u8, reference.Name);
    }
}
