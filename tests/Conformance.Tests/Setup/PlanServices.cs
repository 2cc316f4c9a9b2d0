using GitGateway.Plan;
using GitGateway.Plan.Model;

namespace GitGateway.Conformance.Tests.Setup;

/// <summary>Every Service port a plan sends traffic to: route backends, per-backend filters and mirrors.</summary>
internal static class PlanServices
{
    public static IReadOnlySet<(string Namespace, string Name, int Port)> Referenced(RoutingPlan plan)
    {
        var set = new HashSet<(string, string, int)>();
        foreach (var listener in plan.Listeners)
        {
            foreach (var route in listener.VirtualHosts.SelectMany(v => v.Routes))
            {
                AddFilters(set, route.Filters);
                foreach (var backend in route.Backends)
                {
                    Add(set, backend);
                }
            }

            foreach (var backend in listener.L4Routes.SelectMany(r => r.Backends))
            {
                Add(set, backend);
            }
        }

        return set;
    }

    private static void Add(HashSet<(string, string, int)> set, Backend backend)
    {
        if (backend.Kind == "Service" && backend.Unresolved is null)
        {
            set.Add((backend.Namespace, backend.Name, backend.Port));
        }

        AddFilters(set, backend.Filters);
    }

    private static void AddFilters(HashSet<(string, string, int)> set, EquatableArray<Filter> filters)
    {
        foreach (var mirror in filters.Select(f => f.RequestMirror).OfType<MirrorFilter>())
        {
            Add(set, mirror.Backend);
        }
    }
}
