using GitGateway.Plan.Model;
using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// Says when the name alone chose which L4 route serves: on a TCP or UDP listener (or for one TLS hostname) only
/// the first route serves, and Gateway API picks the oldest. Rendered without Git history (a working tree, a
/// directory) the ages are unknown, so the first by namespace/name serves here while a commit may pick another.
/// </summary>
internal static class L4Shadowing
{
    public static void ReportNameTies(RenderContext c, BoundListener l, IReadOnlyList<L4Route> ordered)
    {
        var first = new Dictionary<string, ObjectRef>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in ordered)
        {
            IEnumerable<string> hosts = route.Hostnames.IsEmpty ? ["*"] : route.Hostnames;
            foreach (var host in hosts)
            {
                if (!first.TryGetValue(host, out var winner))
                {
                    first[host] = route.Route;
                    continue;
                }

                if (winner != route.Route && reported.Add(route.Route.Namespace + "/" + route.Route.Name))
                {
                    c.Diagnostics.Warning(DiagnosticCodes.RouteAgeUnknown, route.Source,
                        $"{route.Route.Kind} {route.Route.Namespace}/{route.Route.Name} and {winner.Namespace}/{winner.Name} both attach to listener {l.Id}"
                        + (host == "*" ? "" : $" for {host}") + $" and only one serves: rendered without Git history, ages are unknown and {winner.Namespace}/{winner.Name} "
                        + "serves as the first by namespace/name; rendered from a commit, the oldest route (the one introduced by the earliest commit) serves");
                }
            }
        }
    }
}
