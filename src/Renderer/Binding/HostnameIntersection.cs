using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// Listener ∩ route hostnames, as the Gateway API defines it
/// (https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec, field hostnames): a route hostname is kept
/// when it equals the listener's, when it lies inside a wildcard listener hostname, or, for a wildcard route
/// hostname, when the listener hostname lies inside it (then the listener hostname is the effective one).
/// </summary>
internal static class HostnameIntersection
{
    /// <summary>The effective hostnames; <c>*</c> stands for any. Empty when they do not intersect.</summary>
    public static IReadOnlyList<string> Intersect(string? listenerHostname, IReadOnlyList<string> routeHostnames)
    {
        ArgumentNullException.ThrowIfNull(routeHostnames);
        if (routeHostnames.Count == 0)
        {
            return [listenerHostname ?? "*"];
        }

        if (listenerHostname is null)
        {
            return routeHostnames;
        }

        // First occurrences in the route's order; a route has a few hostnames, so a scan beats a set.
        var result = new List<string>(routeHostnames.Count);
        foreach (var h in routeHostnames)
        {
            var effective = Hostnames.IsWithin(h, listenerHostname) ? h : Hostnames.IsWithin(listenerHostname, h) ? listenerHostname : null;
            if (effective is not null && !result.Contains(effective))
            {
                result.Add(effective);
            }
        }

        return result;
    }
}
