using GitGateway.Plan.Model;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// The OverlappingTLSConfig listener condition: "Controllers MUST detect the presence of overlapping hostnames",
/// "This condition MUST be set on all Listeners with overlapping TLS config" and "MUST NOT be set when it is
/// False" (https://gateway-api.sigs.k8s.io/reference/spec/#listenerconditiontype). Two served TLS-based listeners
/// (HTTPS, TLS) on one port overlap when a wildcard of one covers the other's hostname (*.example.com and
/// foo.example.com, or *.example.com and *.foo.example.com). Equal hostnames are a HostnameConflict instead, and a
/// listener without a hostname is the fallback chosen only when no other matches, so it overlaps nothing. The
/// condition only informs: both listeners keep serving.
/// </summary>
internal static class TlsHostnameOverlap
{
    /// <summary>Adds the condition to every listener of <paramref name="listeners"/> that overlaps another.</summary>
    public static void Mark(IReadOnlyList<BoundListener> listeners)
    {
        var tls = listeners.Where(l => l.Accepted && l.Protocol is ListenerProtocol.HTTPS or ListenerProtocol.TLS && l.Spec.Hostname is not null).ToList();
        foreach (var l in tls)
        {
            var others = tls.Where(o => o != l && o.Spec.Port == l.Spec.Port && Overlap(l.Spec.Hostname!, o.Spec.Hostname!)).ToList();
            if (others.Count > 0)
            {
                l.Conditions.Add(Conditions.True("OverlappingTLSConfig", "OverlappingHostnames",
                    $"hostname '{l.Spec.Hostname}' overlaps {string.Join(", ", others.Select(o => $"'{o.Spec.Hostname}' of listener '{o.Spec.Name}'"))} on port {l.Spec.Port}: "
                    + "a client may reuse one connection for both (HTTP/2 coalescing) and reach a listener it did not pick by SNI"));
                l.Conditions.Sort((a, b) => string.CompareOrdinal(a.Type, b.Type));
            }
        }
    }

    private static bool Overlap(string a, string b) => a != b && (Covers(a, b) || Covers(b, a));

    // "*.example.com" covers "foo.example.com", "a.b.example.com" and "*.foo.example.com".
    private static bool Covers(string wildcard, string other) =>
        wildcard.StartsWith("*.", StringComparison.Ordinal) && other.EndsWith(wildcard[1..], StringComparison.Ordinal);
}
