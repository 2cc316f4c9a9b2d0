using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Ingress;

/// <summary>
/// A Gateway converted routes attach to, with its HTTP and HTTPS listeners by name (a route that redirects plain
/// HTTP attaches to each by sectionName) and the HTTPS listeners' hostnames (to tell which TLS hosts it covers).
/// </summary>
internal sealed record IngressParent(string Namespace, string Name, IReadOnlyList<string> HttpSections, IReadOnlyList<(string Name, string? Hostname)> HttpsSections)
{
    /// <summary>Every Gateway with an HTTP or HTTPS listener, sorted by namespace/name.</summary>
    public static IReadOnlyList<IngressParent> From(IEnumerable<GatewayObject> gateways) =>
        [.. gateways
            .Select(g => new IngressParent(
                g.Namespace,
                g.Name,
                [.. g.Listeners.Where(l => l.Protocol == "HTTP").Select(l => l.Name)],
                [.. g.Listeners.Where(l => l.Protocol == "HTTPS").Select(l => (l.Name, l.Hostname))]))
            .Where(p => p.HttpSections.Count + p.HttpsSections.Count > 0)
            .OrderBy(p => p.Namespace, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal)];
}
