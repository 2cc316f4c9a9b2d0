using GitGateway.Plan;
using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// A route entry seen from a client: the hostname (or L4 listener) it serves and its match, which is the key a
/// traffic change is reported under; the Gateway is kept for the blast radius.
/// </summary>
internal sealed record KeyedEntry(string Key, string Host, ObjectRef Gateway, ObjectRef Route, string Target, object Comparable, RouteEntry? Http, L4Route? L4)
{
    private static readonly SourceMark NoMark = new("", 0, 0);

    /// <summary>Every entry of a plan by key; the first listener wins when several serve the same host and match.</summary>
    public static SortedDictionary<string, KeyedEntry> Index(RoutingPlan? plan)
    {
        var index = new SortedDictionary<string, KeyedEntry>(StringComparer.Ordinal);
        if (plan is null)
        {
            return index;
        }

        foreach (var listener in plan.Listeners)
        {
            foreach (var host in listener.VirtualHosts)
            {
                foreach (var entry in host.Routes)
                {
                    var key = $"{host.Hostname} {EntryText.Match(entry.Match)}";
                    // Source marks move when a file is reformatted; that is not a change to traffic.
                    var comparable = entry with { Id = "", Source = NoMark, Policies = entry.Policies.Select(p => p with { Source = NoMark }).ToEquatableArray() };
                    index.TryAdd(key, new KeyedEntry(key, host.Hostname, listener.Gateway, entry.Route, EntryText.Target(entry), comparable, entry, null));
                }
            }

            foreach (var route in listener.L4Routes)
            {
                var host = route.Hostnames.Count == 0 ? $"{listener.Protocol} :{listener.Port}" : string.Join(",", route.Hostnames);
                var key = $"{host} {route.Route}";
                var comparable = route with { Id = "", Source = NoMark };
                index.TryAdd(key, new KeyedEntry(key, host, listener.Gateway, route.Route, EntryText.Shares(route.Backends), comparable, null, route));
            }
        }

        return index;
    }
}
