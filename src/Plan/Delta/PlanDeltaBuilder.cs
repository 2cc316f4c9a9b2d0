using System.Collections.Immutable;
using GitGateway.Plan.Model;

namespace GitGateway.Plan.Delta;

/// <summary>
/// Writes a plan as a <see cref="PlanDelta"/> against a base plan: each virtual host's route entries become runs
/// copied from the base host of the same id on the same listener, and the entries the base does not have. A change
/// of one route in a host of thousands sends that route and a few spans.
/// </summary>
public static class PlanDeltaBuilder
{
    public static PlanDelta Build(RoutingPlan basePlan, string baseHash, RoutingPlan plan, string hash)
    {
        ArgumentNullException.ThrowIfNull(basePlan);
        ArgumentNullException.ThrowIfNull(plan);
        var baseHosts = new Dictionary<(string Listener, string Host), VirtualHost>();
        foreach (var listener in basePlan.Listeners)
        {
            foreach (var host in listener.VirtualHosts)
            {
                baseHosts.TryAdd((listener.Id, host.Id), host);
            }
        }

        var listeners = plan.Listeners
            .Select(l => new ListenerDelta(
                l with { VirtualHosts = default },
                new EquatableArray<HostDelta>([.. l.VirtualHosts.Select(h => Host(baseHosts.GetValueOrDefault((l.Id, h.Id)), h))])))
            .ToImmutableArray();
        return new PlanDelta(baseHash, hash, plan.Source, new EquatableArray<ListenerDelta>(listeners), plan.Vips, plan.VipPools);
    }

    private static HostDelta Host(VirtualHost? baseHost, VirtualHost host)
    {
        var spans = ImmutableArray.CreateBuilder<EntrySpan>();
        var added = ImmutableArray.CreateBuilder<RouteEntry>();
        var from = baseHost?.Routes.Items ?? [];
        var target = host.Routes.Items;
        var index = new Dictionary<RouteEntry, int>(EntriesById.Instance);
        for (var j = from.Length - 1; j >= 0; j--)
        {
            index[from[j]] = j; // the first of equal entries
        }

        var i = 0;
        while (i < target.Length)
        {
            if (!index.TryGetValue(target[i], out var j))
            {
                added.Add(target[i++]);
                continue;
            }

            Flush(spans, added);
            var count = 1;
            while (i + count < target.Length && j + count < from.Length && from[j + count].Equals(target[i + count]))
            {
                count++;
            }

            spans.Add(new EntrySpan(j, count));
            i += count;
        }

        Flush(spans, added);
        return new HostDelta(host.Id, host.Hostname, new EquatableArray<EntrySpan>(spans.ToImmutable()));
    }

    // Entries hashed by id and compared by value (the same object first): equal entries have equal ids, and hashing the
    // id alone spares hashing every member of thousands of entries on each publish.
    private sealed class EntriesById : IEqualityComparer<RouteEntry>
    {
        public static EntriesById Instance { get; } = new();

        public bool Equals(RouteEntry? x, RouteEntry? y) => ReferenceEquals(x, y) || (x is not null && x.Equals(y));

        public int GetHashCode(RouteEntry obj) => obj.Id is { } id ? StringComparer.Ordinal.GetHashCode(id) : 0;
    }

    private static void Flush(ImmutableArray<EntrySpan>.Builder spans, ImmutableArray<RouteEntry>.Builder added)
    {
        if (added.Count > 0)
        {
            spans.Add(new EntrySpan(Entries: new EquatableArray<RouteEntry>(added.ToImmutable())));
            added.Clear();
        }
    }
}
