using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using M = GitGateway.Plan.Serialization.PlanJsonMembers;

namespace GitGateway.Plan.Diff;

/// <summary>
/// <see cref="JsonTreeDiff"/> walked over the plan's records instead of their JSON, with the same changes in the same
/// order: two equal values hold no change (records and <see cref="EquatableArray{T}"/> compare by value, and equal
/// values serialise to the same canonical JSON), so they are skipped without being serialised. The plan, its listeners
/// and their virtual hosts are walked by their members in the order the canonical writer writes them, and the arrays
/// of listeners, virtual hosts, routes, L4 routes and VIPs are matched by id; any other pair that differs is written
/// on its own by the plan's hand writer (<see cref="PlanWriter"/>, no reflection metadata) and handed to
/// <see cref="JsonTreeDiff"/>. A change to one route of 10,000 serialises that route, not both plans.
/// </summary>
/// <remarks>The canonical form omits nulls, so a member is written exactly when its value is not null.</remarks>
internal static class RecordTreeDiff
{
    private static readonly Member<VirtualHost>[] HostMembers =
    [
        new("id", h => h.Id, (w, h) => M.String(w, "id"u8, h.Id)),
        new("hostname", h => h.Hostname, (w, h) => M.String(w, "hostname"u8, h.Hostname)),
        new("routes", h => h.Routes, (w, h) => M.Array(w, "routes"u8, h.Routes, RouteEntryWriter.Entry),
            (p, a, b, c) => Keyed(p, a.Routes, b.Routes, r => r.Id, RouteEntryWriter.Entry, null, c)),
    ];

    private static readonly Member<Listener>[] ListenerMembers =
    [
        new("id", l => l.Id, (w, l) => M.String(w, "id"u8, l.Id)),
        new("gateway", l => l.Gateway, (w, l) => M.Object(w, "gateway"u8, l.Gateway, M.ObjectRef)),
        new("name", l => l.Name, (w, l) => M.String(w, "name"u8, l.Name)),
        new("port", l => l.Port, (w, l) => w.WriteNumber("port"u8, l.Port)),
        new("protocol", l => l.Protocol, (w, l) => M.Enum(w, "protocol"u8, l.Protocol)),
        new("hostname", l => l.Hostname, (w, l) => M.String(w, "hostname"u8, l.Hostname)),
        new("tls", l => l.Tls, (w, l) => M.Object(w, "tls"u8, l.Tls, PlanWriter.Tls)),
        new("virtualHosts", l => l.VirtualHosts, (w, l) => M.Array(w, "virtualHosts"u8, l.VirtualHosts, WriteHost),
            (p, a, b, c) => Keyed(p, a.VirtualHosts, b.VirtualHosts, h => h.Id, WriteHost, HostMembers, c)),
        new("l4Routes", l => l.L4Routes, (w, l) => M.Array(w, "l4Routes"u8, l.L4Routes, PlanWriter.L4Route),
            (p, a, b, c) => Keyed(p, a.L4Routes, b.L4Routes, r => r.Id, PlanWriter.L4Route, null, c)),
        new("source", l => l.Source, (w, l) => M.Object(w, "source"u8, l.Source, M.SourceMark)),
    ];

    // The revision ("source") always differs; it is not a change to traffic, so the plan's walk leaves it out.
    private static readonly Member<RoutingPlan>[] PlanMembers =
    [
        new("schemaVersion", p => p.SchemaVersion, (w, p) => M.String(w, "schemaVersion"u8, p.SchemaVersion)),
        new("listeners", p => p.Listeners, (w, p) => M.Array(w, "listeners"u8, p.Listeners, PlanWriter.Listener),
            (path, a, b, c) => Keyed(path, a.Listeners, b.Listeners, l => l.Id, PlanWriter.Listener, ListenerMembers, c)),
        new("vips", p => p.Vips, (w, p) => M.Array(w, "vips"u8, p.Vips, VipWriter.Vip),
            (path, a, b, c) => Keyed(path, a.Vips, b.Vips, v => v.Id, VipWriter.Vip, null, c)),
        new("vipPools", p => p.VipPools, (w, p) => M.Array(w, "vipPools"u8, p.VipPools, VipWriter.Pool)),
    ];

    /// <summary>The changes between two plans, their revisions (<c>source</c>) left out.</summary>
    public static void ComparePlans(RoutingPlan a, RoutingPlan b, List<PlanChange> changes) => CompareObjects([], "", a, b, PlanMembers, changes);

    // As JsonTreeDiff.CompareObjects: the members b writes in order, then those only a writes.
    private static void CompareObjects<T>(List<string> path, string field, T a, T b, Member<T>[] members, List<PlanChange> changes)
    {
        foreach (var m in members)
        {
            if (m.Get(b) is { } bValue)
            {
                Compare(path, JsonTreeDiff.Join(field, m.Name), a, b, m, m.Get(a), bValue, changes);
            }
        }

        foreach (var m in members)
        {
            if (m.Get(b) is null && m.Get(a) is { } aValue)
            {
                Compare(path, JsonTreeDiff.Join(field, m.Name), a, b, m, aValue, null, changes);
            }
        }
    }

    private static void Compare<T>(List<string> path, string field, T a, T b, Member<T> m, object? aValue, object? bValue, List<PlanChange> changes)
    {
        if (Equals(aValue, bValue) || (aValue is not null && bValue is not null && m.Walk?.Invoke(path, a, b, changes) is true))
        {
            return;
        }

        JsonTreeDiff.Compare(path, field, aValue is null ? null : NodeOf(a, m), bValue is null ? null : NodeOf(b, m), changes);
    }

    // As JsonTreeDiff.CompareKeyedArrays, comparing only the items that differ; false (nothing compared) unless every item has an id.
    private static bool Keyed<TItem>(
        List<string> path, EquatableArray<TItem> a, EquatableArray<TItem> b, Func<TItem, string?> id, Action<Utf8JsonWriter, TItem> write,
        Member<TItem>[]? members, List<PlanChange> changes)
        where TItem : class
    {
        if (a.Any(item => item is null || id(item) is null) || b.Any(item => item is null || id(item) is null))
        {
            return false;
        }

        var before = new Dictionary<string, TItem>(StringComparer.Ordinal);
        foreach (var item in a)
        {
            before.TryAdd(id(item)!, item);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in b)
        {
            var key = id(item)!;
            seen.Add(key);
            if (!before.TryGetValue(key, out var old))
            {
                changes.Add(new PlanChange(ChangeKind.Added, [.. path, key], null, null, Parse(w => M.Value(w, item, write)).ToJsonString()));
            }
            else if (!Equals(old, item))
            {
                CompareItems(new List<string>(path) { key }, old, item, write, members, changes);
            }
        }

        foreach (var (key, old) in before)
        {
            if (!seen.Contains(key))
            {
                changes.Add(new PlanChange(ChangeKind.Removed, [.. path, key], null, Parse(w => M.Value(w, old, write)).ToJsonString(), null));
            }
        }

        return true;
    }

    private static void CompareItems<TItem>(List<string> path, TItem a, TItem b, Action<Utf8JsonWriter, TItem> write, Member<TItem>[]? members, List<PlanChange> changes)
        where TItem : class
    {
        if (members is not null)
        {
            CompareObjects(path, "", a, b, members, changes);
        }
        else
        {
            JsonTreeDiff.CompareObjects(path, "", Parse(w => M.Value(w, a, write)).AsObject(), Parse(w => M.Value(w, b, write)).AsObject(), changes);
        }
    }

    // A virtual host as the canonical writer writes it: its members in order.
    private static void WriteHost(Utf8JsonWriter writer, VirtualHost host)
    {
        foreach (var m in HostMembers)
        {
            m.Write(writer, host);
        }
    }

    // The member's value as the canonical writer writes it, read back as a node.
    private static JsonNode? NodeOf<T>(T owner, Member<T> m) =>
        Parse(w =>
        {
            w.WriteStartObject();
            m.Write(w, owner);
            w.WriteEndObject();
        }).AsObject()[m.Name];

    private static JsonNode Parse(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, M.Options(indented: false)))
        {
            write(writer);
        }

        return JsonNode.Parse(buffer.WrittenSpan)!;
    }

    /// <summary>A member of a record as the canonical form writes it; <see cref="Walk"/> compares two differing non-null values itself (false: leave them to the JSON diff).</summary>
    private sealed record Member<T>(string Name, Func<T, object?> Get, Action<Utf8JsonWriter, T> Write, Func<List<string>, T, T, List<PlanChange>, bool>? Walk = null);
}
