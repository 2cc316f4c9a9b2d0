using System.Text.Json;
using GitGateway.Plan.Delta;
using GitGateway.Plan.Model;
using F = GitGateway.Plan.Serialization.PlanJsonFields;
using PlanVip = GitGateway.Plan.Model.Vip;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// Reads a plan delta (what the control plane sends a node that holds the base plan) with the plan's own record readers,
/// to what System.Text.Json reads under <see cref="PlanJson.Canonical"/>, or a <see cref="PlanJsonException"/>.
/// </summary>
internal static class PlanDeltaReader
{
    /// <exception cref="PlanJsonException">The bytes are not a plan delta.</exception>
    public static PlanDelta Read(ReadOnlySpan<byte> utf8Json, long maxBytes = PlanJson.DefaultMaxBytes) =>
        F.ReadDocument(utf8Json, ReadDelta, maxBytes);

    private static PlanDelta? ReadDelta(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? baseHash = null, hash = null, source = null;
        EquatableArray<ListenerDelta> listeners = default;
        EquatableArray<PlanVip> vips = default;
        EquatableArray<VipPool>? vipPools = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("baseHash"u8)) { baseHash = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("hash"u8)) { hash = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("source"u8)) { source = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("listeners"u8)) { listeners = F.Array(ref reader, ReadListenerDelta); }
            else if (reader.ValueTextEquals("vips"u8)) { vips = F.Array(ref reader, VipReader.Vip); }
            else if (reader.ValueTextEquals("vipPools"u8)) { vipPools = F.ArrayOrNull(ref reader, VipReader.Pool); }
            else { F.Skip(ref reader); }
        }

        return new PlanDelta(baseHash!, hash!, source!, listeners, vips, vipPools);
    }

    private static ListenerDelta? ReadListenerDelta(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        Listener? listener = null;
        EquatableArray<HostDelta> hosts = default;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("listener"u8)) { listener = F.Object(ref reader, PlanReader.ReadListener, nullable: false); }
            else if (reader.ValueTextEquals("virtualHosts"u8)) { hosts = F.Array(ref reader, ReadHostDelta); }
            else { F.Skip(ref reader); }
        }

        return new ListenerDelta(listener!, hosts);
    }

    private static HostDelta? ReadHostDelta(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? id = null, hostname = null;
        EquatableArray<EntrySpan> spans = default;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("hostname"u8)) { hostname = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("spans"u8)) { spans = F.Array(ref reader, ReadSpan); }
            else { F.Skip(ref reader); }
        }

        return new HostDelta(id!, hostname!, spans);
    }

    private static EntrySpan? ReadSpan(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var (from, count) = (0, 0);
        EquatableArray<RouteEntry>? entries = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("from"u8)) { from = F.Int(ref reader); }
            else if (reader.ValueTextEquals("count"u8)) { count = F.Int(ref reader); }
            else if (reader.ValueTextEquals("entries"u8)) { entries = F.ArrayOrNull(ref reader, RouteEntryReader.Entry); }
            else { F.Skip(ref reader); }
        }

        return new EntrySpan(from, count, entries);
    }
}
