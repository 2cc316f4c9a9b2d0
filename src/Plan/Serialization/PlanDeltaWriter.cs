using System.Text.Json;
using GitGateway.Plan.Delta;
using M = GitGateway.Plan.Serialization.PlanJsonMembers;

namespace GitGateway.Plan.Serialization;

/// <summary>Writes a plan delta with the plan's own record writers, to the bytes System.Text.Json writes for it.</summary>
internal static class PlanDeltaWriter
{
    public static void Write(Utf8JsonWriter writer, PlanDelta delta) => M.Value(writer, delta, Delta);

    private static void Delta(Utf8JsonWriter writer, PlanDelta delta)
    {
        M.String(writer, "baseHash"u8, delta.BaseHash);
        M.String(writer, "hash"u8, delta.Hash);
        M.String(writer, "source"u8, delta.Source);
        M.Array(writer, "listeners"u8, delta.Listeners, ListenerDelta);
        M.Array(writer, "vips"u8, delta.Vips, VipWriter.Vip);
        M.Array(writer, "vipPools"u8, delta.VipPools, VipWriter.Pool);
    }

    private static void ListenerDelta(Utf8JsonWriter writer, ListenerDelta delta)
    {
        M.Object(writer, "listener"u8, delta.Listener, PlanWriter.Listener);
        M.Array(writer, "virtualHosts"u8, delta.VirtualHosts, HostDelta);
    }

    private static void HostDelta(Utf8JsonWriter writer, HostDelta delta)
    {
        M.String(writer, "id"u8, delta.Id);
        M.String(writer, "hostname"u8, delta.Hostname);
        M.Array(writer, "spans"u8, delta.Spans, Span);
    }

    private static void Span(Utf8JsonWriter writer, EntrySpan span)
    {
        writer.WriteNumber("from"u8, span.From);
        writer.WriteNumber("count"u8, span.Count);
        M.Array(writer, "entries"u8, span.Entries, RouteEntryWriter.Entry);
    }
}
