using GitGateway.Plan.Model;
using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// What the last render through it bound, kept for the next one: each route's binding (its resolved rules, parent
/// statuses, attachments, the diagnostics binding it gave) and its entries on each listener. A render reuses them for
/// the routes whose typed object is the same one (the same blob, read through the same <see cref="ManifestCache"/>)
/// when everything a binding reads besides the route is the same too (<see cref="ReuseKey"/>: every Gateway,
/// ListenerSet, Service, ReferenceGrant, Namespace, policy and TLS object, the layout's files, the controller name);
/// anything else is bound afresh, so the plan is the one a cold render gives. Shared by renders on several threads:
/// each takes the last render's memo and leaves its own.
/// </summary>
public sealed class RenderReuse
{
    private Memo? _last;
    private long _reused;
    private long _bound;

    /// <summary>How many routes had their binding and entries taken from the render before.</summary>
    public long Reused => Interlocked.Read(ref _reused);

    /// <summary>How many routes were bound afresh.</summary>
    public long Bound => Interlocked.Read(ref _bound);

    /// <summary>Lets go of what the last render kept.</summary>
    public void Clear() => Volatile.Write(ref _last, null);

    /// <summary>The last render's memo when it was made under <paramref name="key"/>, else null.</summary>
    internal Memo? Take(ReuseKey key) => Volatile.Read(ref _last) is { } last && last.Key.Equals(key) ? last : null;

    /// <summary>Keeps <paramref name="memo"/> for the next render and counts what this one reused.</summary>
    internal void Keep(Memo memo, int reused, int bound)
    {
        Interlocked.Add(ref _reused, reused);
        Interlocked.Add(ref _bound, bound);
        Volatile.Write(ref _last, memo);
    }

    /// <summary>One render's bindings and entries, by the route's typed object (by reference) and the listener's id.</summary>
    internal sealed class Memo(ReuseKey key)
    {
        public ReuseKey Key { get; } = key;

        public Dictionary<RouteObject, RouteMemo> Routes { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>Each route's entries on a listener, by the listener's id, then by the route (by reference).</summary>
        public Dictionary<string, Dictionary<RouteObject, List<BuiltEntry>>> Entries { get; } = new(StringComparer.Ordinal);

        /// <summary>The routes' entries on the listener <paramref name="id"/>, made empty when it has none yet.</summary>
        public Dictionary<RouteObject, List<BuiltEntry>> EntriesOn(string id)
        {
            if (!Entries.TryGetValue(id, out var routes))
            {
                Entries[id] = routes = new(ReferenceEqualityComparer.Instance);
            }

            return routes;
        }

        /// <summary>
        /// The ids of every listener a route could attach to in that render: each memo of <see cref="Routes"/> names
        /// only these (bound on them, or replayed because they held its listeners).
        /// </summary>
        public IReadOnlyCollection<string>? Listeners { get; set; }

        /// <summary>The routes in the order they were bound (<see cref="OrderReuse"/> starts the next render's order from it).</summary>
        public List<RouteObject>? RouteOrder { get; set; }

        /// <summary>Each virtual host's entries in precedence order, by the host's id.</summary>
        public Dictionary<string, List<BuiltEntry>> Hosts { get; } = new(StringComparer.Ordinal);
    }
}
